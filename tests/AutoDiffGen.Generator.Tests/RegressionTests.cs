using System.Linq;
using Microsoft.CodeAnalysis;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests;

/// <summary>Inputs that once produced wrong or uncompilable output, each with the outcome it must have now.</summary>
public class RegressionTests
{
    private static string Snippet(string members) => InStaticClass(members);

    [Fact]
    public void Unlowerable_expression_is_reported_not_silently_dropped()
    {
        // Once: the Length of an array creation lowered to nothing, with no diagnostic, and the value became 0.
        Run run = RunGenerator(Compile(Snippet("[Differentiable] public static double F(double x) => x * new double[] { 1, 2 }.Length;")));
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "ADG0002" && d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Keyword_parameter_names_are_escaped()
    {
        Run run = Generate(Snippet("[Differentiable] public static double F(double @in, double @double) { double @base = @in * @double; return @base * @base; }"));
        string source = run.Sources.Single().SourceText.ToString();
        Assert.Contains("double @in", source);
        Assert.Contains("out double dIn", source);
    }

    [Fact]
    public void Kept_throw_compiles_without_usings_in_the_generated_file()
    {
        Run run = Generate(Snippet("[Differentiable] public static double F(double x, int n) { if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), $\"n was {n}\"); return x * n; }"));
        Assert.Contains("throw new global::System.ArgumentOutOfRangeException(nameof(n), $\"n was {n}\");", run.Sources.Single().SourceText.ToString());
    }

    [Fact]
    public void Throw_using_a_local_is_reported()
    {
        Run run = RunGenerator(Compile(Snippet("[Differentiable] public static double F(double x) { int k = 3; if (x < 0) throw new ArgumentException(k.ToString()); return x * k; }")));
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "ADG0001");
    }

    [Theory]
    [InlineData("y[1] = y[0] * 2; y[0] = x[0] * x[0];")]
    [InlineData("if (x[0] > 0) x.CopyTo(y); for (int i = 0; i < y.Length; i++) y[i] = y[i] * x[i];")]
    [InlineData("for (int i = 0; i < x.Length; i++) if (x[i] > 0) y[i] = x[i];")]
    public void Output_read_before_it_is_written_is_in_out_not_an_error(string body)
    {
        // Once ADG0011 ("an output is read before it is known to be written"); now y's incoming contents are an input,
        // and its backward hands back their adjoint in a writable seed.
        Run run = Generate(Snippet($"[Differentiable] public static void F(ReadOnlySpan<double> x, Span<double> y) {{ {body} }}"));
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id.StartsWith("ADG", System.StringComparison.Ordinal));
        string source = run.Sources.Single().SourceText.ToString();
        Assert.Contains("FBackward(global::System.ReadOnlySpan<double> x, global::System.Span<double> y, global::System.Span<double> dY, global::System.Span<double> dX)", source);
        Assert.Contains("<c>y</c> is in-out", source);
    }

    [Fact]
    public void Output_written_in_full_before_it_is_read_keeps_a_read_only_seed()
    {
        Run run = Generate(Snippet("[Differentiable] public static void F(ReadOnlySpan<double> x, Span<double> y) { int n = y.Length; for (int i = 0; i < n; i++) y[i] = x[i] * x[i]; y[1] = y[0] * 2; }"));
        Assert.Contains("global::System.Span<double> y, global::System.ReadOnlySpan<double> dY,", run.Sources.Single().SourceText.ToString());
    }

    [Fact]
    public void Output_read_after_its_write_is_differentiated()
    {
        Run run = Generate(Snippet("[Differentiable] public static void F(ReadOnlySpan<double> x, Span<double> y) { y[0] = x[0] * x[0]; y[1] = y[0] * 2; }"));
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id.StartsWith("ADG", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Call_without_derivative_whose_result_is_overwritten_before_use_is_no_error()
    {
        // Flow-sensitive activity: the value of NoRule(x) never reaches the output.
        Run run = Generate(Snippet("public static double NoRule(double x) => x;\n[Differentiable] public static double F(double x) { double y = NoRule(x); y = x * x; return y; }"));
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "ADG0003");
    }

    [Theory]
    [InlineData("[Differentiable] public static double F(double p) => Math.Max(p, p) + Math.Min(p, p);")]
    [InlineData("[Differentiable] public static double F(double a, double b) => (+a) > a ? a : b;")]
    public void Self_comparisons_in_generated_code_raise_no_warning(string method)
    {
        // Generate asserts no warning inside generated files; a project with TreatWarningsAsErrors must build.
        Run run = Generate(Snippet(method));
        Assert.Single(run.Sources);
    }

    [Fact]
    public void Caller_of_a_rejected_callee_reports_ADG0014_at_the_call_and_generates_nothing()
    {
        Run run = RunGenerator(Compile(Snippet(
            "[Differentiable] public static double G(double x) { Func<double, double> f = z => z * x; return f(x); }\n" +
            "[Differentiable] public static double F(double x) => G(x) * 2.0;\n" +
            "[Differentiable] public static double H(double x) => F(x) + 1;\n" +
            "[Differentiable] public static double Unrelated(double x) => x * x;")));
        Assert.Null(run.Exception);
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "ADG0002");
        var adg0014 = run.GeneratorDiagnostics.Where(d => d.Id == "ADG0014").ToList();
        Assert.Equal(2, adg0014.Count); // F, and transitively H
        Assert.Contains(adg0014, d => d.GetMessage().Contains("'F' calls 'P.G'"));
        Assert.Single(run.Sources); // only Unrelated
        Assert.True(run.OutputErrors.All(e => e.Location.SourceTree is null || !run.Sources.Select(s => s.SyntaxTree).Contains(e.Location.SourceTree)), Describe(run.OutputErrors));
    }

    [Fact]
    public void Method_whose_body_does_not_compile_generates_nothing()
    {
        Run run = RunGenerator(Compile(Snippet("[Differentiable] public static double F(double a, double b) { double v = a > b; return v * a; }")));
        Assert.Null(run.Exception);
        Assert.Empty(run.Sources);
        Assert.True(run.DiagnosticsInGeneratedCode.Count == 0);
    }

    [Fact]
    public void Assignment_without_a_target_is_left_to_the_compiler()
    {
        // Once: a NullReferenceException inside the generator (ADG0012) on this broken statement.
        Run run = RunGenerator(Compile(Snippet("[Differentiable] public static double F(double a) { double v = a;  = a * 2.0; return v; }")));
        Assert.Null(run.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "ADG0012");
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Attribute_on_the_defining_part_of_a_partial_method_differentiates_the_implementation()
    {
        Run run = Generate(Snippet("[Differentiable] public static partial double F(double x);\npublic static partial double F(double x) => x * x;"));
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id.StartsWith("ADG", System.StringComparison.Ordinal));
        Assert.Contains("FGradient", run.Sources.Single().SourceText.ToString());
    }

    [Fact]
    public void Constant_span_argument_of_a_callee_gets_no_tangent_in_forward_over_reverse()
    {
        // Once: the Hessian-vector product's forward-over-reverse sweep passed `vData`, a tangent of the [NoDerivative] span
        // nothing declares, to the callee's BackwardTangent: the pullback call was taken to write every span it is given.
        Run run = Generate(Snippet(
            "[Differentiable(Derivatives.Hessian)] public static double F(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> data) { Span<double> y = stackalloc double[2]; G(w, data, y); return y[0] * y[1]; }\n" +
            "[Differentiable] public static void G(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y) { y[0] = w[0] * x[0]; y[1] = w[1] * x[1] * x[0]; }"));
        Assert.DoesNotContain("vData", string.Concat(run.Sources.Select(s => s.SourceText.ToString())));
    }

    [Fact]
    public void A_string_carried_across_iterations_of_a_checkpointed_loop_is_ADG0016_not_broken_code()
    {
        // A snapshot keeps numbers, spans and enums on the tape; a string local read before it is written in an iteration
        // would need one too.
        Run run = Generate(Snippet("""
            [Differentiable(Checkpoints = 2)]
            public static double F(double x)
            {
                string label = "a";
                double s = x;
                for (int i = 0; i < 5; i++)
                {
                    s = label == "a" ? s * x : s + x;
                    label = label == "a" ? "b" : "a";
                }
                return s;
            }
            """));
        Diagnostic error = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "ADG0016");
        Assert.Contains("asks for Checkpoints = 2, which it cannot have: 'label' is carried from one iteration to the next of the loop at line", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
    }
}
