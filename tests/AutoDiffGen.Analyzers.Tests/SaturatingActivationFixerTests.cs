using System.Threading.Tasks;
using VerifyCS = AutoDiffGen.Analyzers.Tests.Verifier;

namespace AutoDiffGen.Analyzers.Tests;

public class SaturatingActivationFixerTests
{
    private static Task Verify(string before, string after, string key) =>
        VerifyCS.CodeFixAsync<SaturatingActivationAnalyzer, SaturatingActivationFixer>(before, after, key);

    private const string LoopBefore = """
        using System;
        using AutoDiffGen;

        public static class Net
        {
            public static double F(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < w.Length; l++)
                {
                    h = [|Activations.Tanh(w[l] * h)|];
                }
                return h;
            }
        }
        """;

    [Fact]
    public Task Use_relu_renames_the_scalar_call_keeping_arguments() => Verify(LoopBefore, """
        using System;
        using AutoDiffGen;

        public static class Net
        {
            public static double F(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < w.Length; l++)
                {
                    h = Activations.Relu(w[l] * h);
                }
                return h;
            }
        }
        """, SaturatingActivationFixer.UseReluKey);

    [Fact]
    public Task Use_leaky_relu_renames_the_scalar_call_keeping_arguments() => Verify(LoopBefore, """
        using System;
        using AutoDiffGen;

        public static class Net
        {
            public static double F(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < w.Length; l++)
                {
                    h = Activations.LeakyRelu(w[l] * h);
                }
                return h;
            }
        }
        """, SaturatingActivationFixer.UseLeakyReluKey);

    [Fact]
    public Task Add_skip_connection_adds_the_carried_value() => Verify(LoopBefore, """
        using System;
        using AutoDiffGen;

        public static class Net
        {
            public static double F(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < w.Length; l++)
                {
                    h = h + Activations.Tanh(w[l] * h);
                }
                return h;
            }
        }
        """, SaturatingActivationFixer.AddSkipConnectionKey);

    [Fact]
    public Task Add_skip_connection_parenthesizes_a_lower_precedence_right_side() => Verify("""
        using System;

        public static class Net
        {
            public static double F(double[] w, double x, bool flip)
            {
                double h = x;
                for (int l = 0; l < w.Length; l++)
                {
                    h = flip ? -[|Math.Tanh(w[l] * h)|] : Math.Tanh(w[l] * h);
                }
                return h;
            }
        }
        """, """
        using System;

        public static class Net
        {
            public static double F(double[] w, double x, bool flip)
            {
                double h = x;
                for (int l = 0; l < w.Length; l++)
                {
                    h = h + (flip ? -Math.Tanh(w[l] * h) : Math.Tanh(w[l] * h));
                }
                return h;
            }
        }
        """, SaturatingActivationFixer.AddSkipConnectionKey);

    [Fact]
    public Task Use_relu_rewrites_the_span_form() => Verify("""
        using System;
        using AutoDiffGen;

        public static class Net
        {
            public static void F(ReadOnlySpan<double> x, Span<double> a, Span<double> b)
            {
                [|Activations.Sigmoid(x, a)|];
                Activations.Tanh(a, b);
                Activations.Tanh(b, a);
                Activations.Tanh(a, b);
            }
        }
        """, """
        using System;
        using AutoDiffGen;

        public static class Net
        {
            public static void F(ReadOnlySpan<double> x, Span<double> a, Span<double> b)
            {
                Activations.Relu(x, a);
                Activations.Tanh(a, b);
                Activations.Tanh(b, a);
                Activations.Tanh(a, b);
            }
        }
        """, SaturatingActivationFixer.UseReluKey);

    [Fact]
    public Task Use_leaky_relu_rewrites_the_span_form() => Verify("""
        using System;
        using AutoDiffGen;

        public static class Net
        {
            public static void F(ReadOnlySpan<double> w, Span<double> h, Span<double> z, int layers)
            {
                for (int l = 0; l < layers; l++)
                {
                    [|Activations.Tanh(z, h)|];
                    h.CopyTo(z);
                }
            }
        }
        """, """
        using System;
        using AutoDiffGen;

        public static class Net
        {
            public static void F(ReadOnlySpan<double> w, Span<double> h, Span<double> z, int layers)
            {
                for (int l = 0; l < layers; l++)
                {
                    Activations.LeakyRelu(z, h);
                    h.CopyTo(z);
                }
            }
        }
        """, SaturatingActivationFixer.UseLeakyReluKey);

    [Fact]
    public Task Use_relu_replaces_math_tanh_and_adds_the_using() => Verify("""
        using System;

        public static class Net
        {
            public static float F(float[] w, float x)
            {
                float h = x;
                for (int l = 0; l < w.Length; l++) h = [|MathF.Tanh(w[l] * h)|];
                return h;
            }
        }
        """, """
        using System;
        using AutoDiffGen;

        public static class Net
        {
            public static float F(float[] w, float x)
            {
                float h = x;
                for (int l = 0; l < w.Length; l++) h = Activations.Relu(w[l] * h);
                return h;
            }
        }
        """, SaturatingActivationFixer.UseReluKey);

    [Fact]
    public Task Use_leaky_relu_replaces_the_hand_written_logistic() => Verify("""
        using AutoDiffGen;

        public static class Net
        {
            public static double F(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < w.Length; l++) h = [|1.0 / (1.0 + System.Math.Exp(-(w[l] * h)))|];
                return h;
            }
        }
        """, """
        using AutoDiffGen;

        public static class Net
        {
            public static double F(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < w.Length; l++) h = Activations.LeakyRelu(w[l] * h);
                return h;
            }
        }
        """, SaturatingActivationFixer.UseLeakyReluKey);

    [Fact]
    public Task Fix_all_rewrites_every_stack_in_the_document() => Verify("""
        using System;
        using AutoDiffGen;

        public static class Net
        {
            public static double F(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < w.Length; l++) h = [|Activations.Tanh(w[l] * h)|];
                double y = x;
                for (int l = 0; l < w.Length; l++) y = [|Math.Tanh(w[l] * y)|];
                return h + y;
            }

            public static double G(double a, double b, double c, double x) =>
                Activations.Tanh(c * Activations.Tanh(b * Activations.Tanh(a * [|Activations.Sigmoid(x)|])));
        }
        """, """
        using System;
        using AutoDiffGen;

        public static class Net
        {
            public static double F(double[] w, double x)
            {
                double h = x;
                for (int l = 0; l < w.Length; l++) h = Activations.Relu(w[l] * h);
                double y = x;
                for (int l = 0; l < w.Length; l++) y = Activations.Relu(w[l] * y);
                return h + y;
            }

            public static double G(double a, double b, double c, double x) =>
                Activations.Tanh(c * Activations.Tanh(b * Activations.Tanh(a * Activations.Relu(x))));
        }
        """, SaturatingActivationFixer.UseReluKey);
}
