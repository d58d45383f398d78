using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = AutoDiffGen.Analyzers.Tests.Verifier;

namespace AutoDiffGen.Analyzers.Tests;

public class SaturatingActivationAnalyzerTests
{
    private static Task Verify(string body, string? editorConfig = null, params DiagnosticResult[] expected) =>
        VerifyCS.AnalyzerAsync<SaturatingActivationAnalyzer>(Wrap(body), editorConfig, expected);

    internal static string Wrap(string body) => $$"""
        using System;
        using AutoDiffGen;

        public static class Net
        {
            static void Dense(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y)
            {
                for (int j = 0; j < y.Length; j++) { double s = 0; for (int k = 0; k < x.Length; k++) s += w[j * x.Length + k] * x[k]; y[j] = s; }
            }

        {{body}}
        }
        """;

    [Fact]
    public Task Loop_with_constant_trip_count_at_least_threshold_is_reported() => Verify("""
            static double F(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < 8; l++)
                {
                    h = [|Activations.Tanh(w[l] * h)|];
                }
                return h;
            }
        """);

    [Fact]
    public Task Loop_with_trip_count_equal_to_threshold_is_reported() => Verify("""
            static double F(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < 4; l++) h = [|Activations.Sigmoid(w[l] * h)|];
                return h;
            }
        """);

    [Fact]
    public Task Loop_with_inclusive_and_descending_bounds_counts_iterations() => Verify("""
            static double F(double[] w, double x)
            {
                double h = x;
                for (int l = 3; l >= 0; l--) h = [|Math.Tanh(w[l] * h)|];
                for (int l = 1; l <= 3; l++) x = Math.Tanh(w[l] * x);
                return h + x;
            }
        """);

    [Fact]
    public Task Loop_with_unknown_trip_count_is_reported() => Verify("""
            static double F(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < w.Length; l++)
                {
                    h = [|Activations.Tanh(w[l] * h)|];
                }
                return h;
            }
        """);

    [Fact]
    public Task Rnn_step_over_time_in_while_and_foreach_loops_is_reported() => Verify("""
            static double Rnn(double wh, double wx, double[] xs)
            {
                double h = 0;
                int t = 0;
                while (t < xs.Length)
                {
                    h = [|Math.Tanh(wh * h + wx * xs[t])|];
                    t++;
                }
                return h;
            }

            static float RnnF(float wh, float wx, float[] xs)
            {
                float h = 0;
                foreach (var x in xs)
                {
                    h = [|MathF.Tanh(wh * h + wx * x)|];
                }
                return h;
            }
        """);

    [Fact]
    public Task Loop_with_small_constant_trip_count_is_not_reported() => Verify("""
            static double F(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < 3; l++)
                {
                    h = Activations.Tanh(w[l] * h);
                }
                return h;
            }
        """);

    [Fact]
    public Task Small_loop_that_continues_a_chain_is_counted_with_the_chain() => Verify("""
            static double F(double[] w, double x)
            {
                double h = [|Activations.Tanh(w[0] * x)|];
                h = Activations.Tanh(w[1] * h);
                for (int l = 2; l < 4; l++)
                {
                    h = Activations.Tanh(w[l] * h);
                }
                return h;
            }
        """);

    [Fact]
    public Task Residual_loop_forms_are_not_reported() => Verify("""
            static double Plus(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < w.Length; l++) h = h + Activations.Tanh(w[l] * h);
                return h;
            }

            static double PlusAssign(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < w.Length; l++) h += Activations.Tanh(w[l] * h);
                return h;
            }

            static double ViaTemporary(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < w.Length; l++)
                {
                    double a = Math.Tanh(w[l] * h);
                    h = a + h;
                }
                return h;
            }
        """);

    [Fact]
    public Task Loop_that_does_not_carry_the_activation_is_not_reported() => Verify("""
            static double F(double[] w, double[] xs, double[] y)
            {
                double last = 0;
                for (int t = 0; t < xs.Length; t++)
                {
                    y[t] = Activations.Tanh(w[t] * xs[t]);
                    last = Activations.Sigmoid(xs[t]);
                }
                return last;
            }
        """);

    [Fact]
    public Task Lstm_cell_state_is_an_additive_path_and_is_not_reported() => Verify("""
            static double Lstm(double wf, double wi, double wg, double wo, double[] xs)
            {
                double h = 0, c = 0;
                for (int t = 0; t < xs.Length; t++)
                {
                    double f = Activations.Sigmoid(wf * h + xs[t]);
                    double i = Activations.Sigmoid(wi * h + xs[t]);
                    double g = Math.Tanh(wg * h + xs[t]);
                    double o = Activations.Sigmoid(wo * h + xs[t]);
                    c = f * c + i * g;
                    h = o * Math.Tanh(c);
                }
                return h;
            }
        """);

    [Fact]
    public Task Span_form_in_a_loop_through_a_dense_layer_is_reported() => Verify("""
            static void Deep(ReadOnlySpan<double> w, Span<double> h, int layers)
            {
                Span<double> z = stackalloc double[h.Length];
                for (int l = 0; l < layers; l++)
                {
                    Dense(w, h, z);
                    [|Activations.Sigmoid(z, h)|];
                }
            }
        """);

    [Fact]
    public Task Straight_line_chain_of_threshold_applications_is_reported_once_on_the_first() => Verify("""
            static double F(double a, double b, double c, double d, double e, double x)
            {
                double h1 = [|Activations.Tanh(a * x)|];
                double h2 = Activations.Tanh(b * h1);
                double h3 = Activations.Tanh(c * h2);
                double h4 = Activations.Tanh(d * h3);
                double h5 = Activations.Tanh(e * h4);
                return h5;
            }
        """);

    [Fact]
    public Task Straight_line_chain_below_threshold_is_not_reported() => Verify("""
            static double F(double a, double b, double c, double x)
            {
                double h1 = Activations.Tanh(a * x);
                double h2 = Activations.Sigmoid(b * h1);
                double h3 = Math.Tanh(c * h2);
                return h3;
            }
        """);

    [Fact]
    public Task Nested_calls_are_reported_on_the_innermost_application() => Verify("""
            static double F(double x) => Activations.Tanh(Activations.Tanh(Math.Tanh([|Activations.Sigmoid(x)|])));
        """);

    [Fact]
    public Task Hand_written_logistic_counts_as_saturating() => Verify("""
            static double F(double a, double b, double c, double d, double x)
            {
                double h1 = [|1 / (1 + Math.Exp(-(a * x)))|];
                double h2 = 1.0 / (1.0 + Math.Exp(-(b * h1)));
                double h3 = 1 / (Math.Exp(-(c * h2)) + 1);
                return 1 / (1 + Math.Exp(-(d * h3)));
            }
        """);

    [Fact]
    public Task Span_form_chain_is_reported() => Verify("""
            static void F(ReadOnlySpan<double> x, Span<double> a, Span<double> b)
            {
                [|Activations.Tanh(x, a)|];
                Activations.Tanh(a, b);
                Activations.Tanh(b, a);
                Activations.Sigmoid(a, b);
            }
        """);

    [Fact]
    public Task Straight_line_residual_chain_is_not_reported() => Verify("""
            static double F(double a, double b, double c, double d, double x)
            {
                double h1 = Activations.Tanh(a * x);
                double h2 = h1 + Activations.Tanh(b * h1);
                double h3 = h2 + Activations.Tanh(c * h2);
                double h4 = h3 + Activations.Tanh(d * h3);
                return h4;
            }
        """);

    [Fact]
    public Task Relu_stacks_are_not_reported() => Verify("""
            static double Chain(double a, double b, double c, double d, double e, double x)
            {
                return Activations.Relu(e * Activations.Relu(d * Activations.LeakyRelu(c * Activations.Relu(b * Activations.Relu(a * x)))));
            }

            static double Loop(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < w.Length; l++) h = Activations.Relu(w[l] * h);
                return h;
            }
        """);

    [Fact]
    public Task Data_branches_keep_the_shorter_path_and_setting_branches_the_longer() => Verify("""
            static double Data(double a, double b, double c, double d, double x)
            {
                double h = Activations.Tanh(a * x);
                if (x > 0) h = h + Activations.Tanh(b * h); else h = Activations.Tanh(b * h);
                h = Activations.Tanh(c * h);
                return Activations.Tanh(d * h);
            }

            static double Setting(double a, double b, double c, double d, double x, bool residual)
            {
                double h = [|Activations.Tanh(a * x)|];
                if (residual) h = h + Activations.Tanh(b * h); else h = Activations.Tanh(b * h);
                h = Activations.Tanh(c * h);
                return Activations.Tanh(d * h);
            }
        """);

    [Fact]
    public Task Local_functions_and_lambdas_are_analyzed() => Verify("""
            static double F(double[] w, double x)
            {
                Func<double, double> f = v => Activations.Tanh(Activations.Tanh(Activations.Tanh([|Activations.Tanh(v)|])));
                return Deep(x) + f(x);

                double Deep(double h)
                {
                    for (int l = 0; l < w.Length; l++) h = [|Math.Tanh(w[l] * h)|];
                    return h;
                }
            }
        """);

    [Fact]
    public Task Editorconfig_lowers_the_threshold() => Verify("""
            static double F(double[] w, double a, double b, double x)
            {
                double h = [|Activations.Tanh(a * x)|];
                double y = Activations.Tanh(b * h);
                for (int l = 0; l < 2; l++) x = [|Activations.Sigmoid(w[l] * x)|];
                return y + x;
            }
        """, "autodiffgen.saturating_stack_depth = 2");

    [Fact]
    public Task Editorconfig_raises_the_threshold() => Verify("""
            static double F(double[] w, double a, double b, double c, double d, double e, double x)
            {
                double y = Activations.Tanh(e * Activations.Tanh(d * Activations.Tanh(c * Activations.Tanh(b * Activations.Tanh(a * x)))));
                for (int l = 0; l < 5; l++) x = Activations.Sigmoid(w[l] * x);
                double z = w[0];
                for (int l = 0; l < 6; l++) z = [|Activations.Sigmoid(w[l] * z)|];
                return y + x + z;
            }
        """, "autodiffgen.saturating_stack_depth = 6");

    [Fact]
    public Task Invalid_editorconfig_value_falls_back_to_the_default() => Verify("""
            static double F(double a, double b, double c, double x)
            {
                return Activations.Tanh(c * Activations.Tanh(b * Activations.Tanh(a * x)));
            }
        """, "autodiffgen.saturating_stack_depth = deep");

    [Fact]
    public Task Messages_name_the_call_and_the_stack() => Verify("""
            static double Chain(double x) => Activations.Tanh(Activations.Tanh(Activations.Tanh({|#0:Activations.Sigmoid(x)|})));

            static double Loop(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < 10; l++) h = {|#1:Activations.Tanh(w[l] * h)|};
                for (int l = 0; l < w.Length; l++) x = {|#2:Math.Tanh(w[l] * x)|};
                return h + x;
            }
        """, null,
        VerifyCS.Diagnostic(RuleIdentifiers.SaturatingActivationInDeepStack).WithLocation(0)
            .WithArguments("'Activations.Sigmoid'", "4 times in a chain", "0.25"),
        VerifyCS.Diagnostic(RuleIdentifiers.SaturatingActivationInDeepStack).WithLocation(1)
            .WithArguments("'Activations.Tanh'", "10 times (once per iteration of a loop of 10 iterations that carries 'h' through it)", "1"),
        VerifyCS.Diagnostic(RuleIdentifiers.SaturatingActivationInDeepStack).WithLocation(2)
            .WithArguments("'Math.Tanh'", "once per iteration of a loop whose trip count is known only at run time and that carries 'x' through it", "1"));

    [Fact]
    public Task Messages_state_the_real_depth_of_a_long_chain_and_of_a_helper() => Verify("""
            static double Eight(double x) => Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh(Math.Tanh({|#0:Math.Tanh(x)|})))))));

            static double Layer(double w, double x) => Math.Tanh(w * x);

            static double Stack(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < 6; l++) h = {|#1:Layer(w[l], h)|};
                return h;
            }
        """, null,
        VerifyCS.Diagnostic(RuleIdentifiers.SaturatingActivationInDeepStack).WithLocation(0)
            .WithArguments("'Math.Tanh'", "8 times in a chain", "1"),
        VerifyCS.Diagnostic(RuleIdentifiers.SaturatingActivationInDeepStack).WithLocation(1)
            .WithArguments("'Layer' (Math.Tanh)", "6 times (once per iteration of a loop of 6 iterations that carries 'h' through it)", "1"));

    [Fact]
    public Task Normalization_before_each_activation_and_relu_choices_are_not_reported() => Verify("""
            static void Normalized(ReadOnlySpan<double> w, Span<double> h, Span<double> z, Span<double> n, ReadOnlySpan<double> g, ReadOnlySpan<double> b, int layers)
            {
                for (int l = 0; l < layers; l++)
                {
                    Dense(w, h, z);
                    Normalization.LayerNorm(z, g, b, n);
                    Activations.Tanh(n, h);
                }
            }

            static double Chosen(double[] w, double x, bool leaky)
            {
                Func<double, double> act = leaky ? v => Activations.LeakyRelu(v) : Activations.Relu;
                for (int l = 0; l < w.Length; l++) x = act(w[l] * x);
                return x;
            }
        """);

    [Fact]
    public Task Delegates_and_generic_math_that_can_saturate_are_reported() => Verify("""
            static double Chosen(double[] w, double x, bool smooth)
            {
                Func<double, double> act = smooth ? Math.Tanh : Activations.Relu;
                for (int l = 0; l < w.Length; l++) x = {|#0:act(w[l] * x)|};
                return x;
            }

            static T Generic<T>(T[] w, T x) where T : System.Numerics.IFloatingPointIeee754<T>
            {
                for (int l = 0; l < w.Length; l++) x = {|#1:T.Tanh(w[l] * x)|};
                return x;
            }
        """, null,
        VerifyCS.Diagnostic(RuleIdentifiers.SaturatingActivationInDeepStack).WithLocation(0)
            .WithArguments("'act' (can be Math.Tanh)", "once per iteration of a loop whose trip count is known only at run time and that carries 'x' through it", "1"),
        VerifyCS.Diagnostic(RuleIdentifiers.SaturatingActivationInDeepStack).WithLocation(1)
            .WithArguments("'T.Tanh'", "once per iteration of a loop whose trip count is known only at run time and that carries 'x' through it", "1"));
}
