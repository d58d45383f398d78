using System.Threading.Tasks;
using VerifyCS = AutoDiffGen.Analyzers.Tests.Verifier;

namespace AutoDiffGen.Analyzers.Tests;

public class UnclippedRecurrentGradientTests
{
    /// <summary>
    /// A recurrent model and, beside it, methods with the shape the generator emits for it
    /// (<c>LossGradient</c>, <c>LossBackward</c>); the analyzer only reads their signatures.
    /// </summary>
    private const string Model = """
        using System;
        using AutoDiffGen;

        public static partial class Rnn
        {
            [Differentiable]
            public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> xs)
            {
                double h = 0;
                for (int t = 0; t < xs.Length; t++) h = Math.Tanh(w[0] * h + w[1] * xs[t]);
                return h * h;
            }

            public static double LossGradient(ReadOnlySpan<double> w, ReadOnlySpan<double> xs, Span<double> dW) => 0;

            public static double LossBackward(ReadOnlySpan<double> w, ReadOnlySpan<double> xs, double seed, Span<double> dW) => 0;

            [Differentiable]
            public static void Cell(ReadOnlySpan<double> w, Span<double> h, int steps)
            {
                Span<double> z = stackalloc double[h.Length];
                for (int t = 0; t < steps; t++)
                {
                    Dense(w, h, z);
                    Activations.Tanh(z, h);
                }
            }

            public static void CellBackward(ReadOnlySpan<double> w, Span<double> h, int steps, ReadOnlySpan<double> dH, Span<double> dW) { }

            [Differentiable]
            public static float Dot(ReadOnlySpan<float> w, ReadOnlySpan<float> x)
            {
                float s = 0;
                for (int i = 0; i < x.Length; i++) s += w[i] * x[i];
                return s;
            }

            public static float DotGradient(ReadOnlySpan<float> w, ReadOnlySpan<float> x, Span<float> dW) => 0;

            [Differentiable]
            public static float Decay(ReadOnlySpan<float> w, ReadOnlySpan<float> xs)
            {
                float h = 0;
                foreach (var x in xs) h *= w[0] + x;
                return h;
            }

            public static float DecayGradient(ReadOnlySpan<float> w, ReadOnlySpan<float> xs, Span<float> dW) => 0;

            [Differentiable]
            public static double Seq(ReadOnlySpan<double> w, ReadOnlySpan<double> u, ReadOnlySpan<double> xs)
            {
                double h = 0;
                for (int t = 0; t < xs.Length; t++) h = Math.Tanh(w[0] * h + u[0] * xs[t]);
                return h;
            }

            public static double SeqGradient(ReadOnlySpan<double> w, ReadOnlySpan<double> u, ReadOnlySpan<double> xs, Span<double> dW, Span<double> dU) => 0;

            public static double Scan(ReadOnlySpan<double> w, ReadOnlySpan<double> xs)
            {
                double h = 1;
                foreach (var x in xs) h = h * w[0] + x;
                return h;
            }

            [DerivativeOf(nameof(Scan))]
            public static double ScanPullback(ReadOnlySpan<double> w, ReadOnlySpan<double> xs, double seed, Span<double> dW) => 0;

            public static void Dense(ReadOnlySpan<double> w, ReadOnlySpan<double> x, Span<double> y) { }
        }

        public sealed class Sgd
        {
            public void Step(Span<double> w, ReadOnlySpan<double> g) { }
        }

        """;

    private static Task Analyze(string training) =>
        VerifyCS.AnalyzerAsync<UnclippedRecurrentGradientAnalyzer>(Model + training);

    private static Task Fix(string before, string after, string key = UnclippedRecurrentGradientFixer.ClipByNormKey) =>
        VerifyCS.CodeFixAsync<UnclippedRecurrentGradientAnalyzer, UnclippedRecurrentGradientFixer>(Model + before, Model + after, key);

    [Fact]
    public Task Element_update_after_a_recurrent_gradient_is_reported() => Analyze("""
        public static class Train
        {
            public static void Run(double[] w, double[] xs, double lr)
            {
                var gW = new double[w.Length];
                for (int epoch = 0; epoch < 100; epoch++)
                {
                    Rnn.LossGradient(w, xs, gW);
                    for (int i = 0; i < w.Length; i++) [|w[i] -= lr * gW[i]|];
                }
            }
        }
        """);

    [Fact]
    public Task Explicit_update_backward_call_and_optimizer_step_are_reported() => Analyze("""
        public static class Train
        {
            public static void Explicit(double[] w, double[] xs, double lr)
            {
                Span<double> g = stackalloc double[w.Length];
                Rnn.LossBackward(w, xs, 1.0, g);
                for (int i = 0; i < w.Length; i++) [|w[i] = w[i] - lr * g[i]|];
            }

            public static void Optimizer(double[] w, double[] h, Sgd sgd)
            {
                var g = new double[w.Length];
                Rnn.CellBackward(w, h, 10, h, g);
                [|sgd.Step(w, g)|];
            }

            public static void Multiplicative(float[] w, float[] xs, float lr)
            {
                var g = new float[w.Length];
                Rnn.DecayGradient(w, xs, g);
                for (int i = 0; i < w.Length; i++) [|w[i] += -lr * g[i]|];
            }
        }
        """);

    [Fact]
    public Task Hand_written_derivative_of_a_recurrence_is_reported() => Analyze("""
        public static class Train
        {
            public static void Run(double[] w, double[] xs, double lr)
            {
                var g = new double[w.Length];
                Rnn.ScanPullback(w, xs, 1.0, g);
                for (int i = 0; i < w.Length; i++) [|w[i] -= lr * g[i]|];
            }
        }
        """);

    [Fact]
    public Task Clipping_between_gradient_and_update_is_not_reported() => Analyze("""
        public static class Train
        {
            public static void Run(double[] w, double[] xs, double lr)
            {
                var gW = new double[w.Length];
                Rnn.LossGradient(w, xs, gW);
                Clipping.ClipByNorm(gW.AsSpan(), 5.0);
                for (int i = 0; i < w.Length; i++) w[i] -= lr * gW[i];

                Rnn.LossGradient(w, xs, gW);
                Clipping.ClipByGlobalNorm([gW], 1.0);
                for (int i = 0; i < w.Length; i++) w[i] -= lr * gW[i];

                Rnn.LossGradient(w, xs, gW);
                Clipping.ClipByValue(gW.AsSpan(), 0.5);
                for (int i = 0; i < w.Length; i++) w[i] -= lr * gW[i];
            }
        }
        """);

    [Fact]
    public Task Clipping_before_the_gradient_call_does_not_count() => Analyze("""
        public static class Train
        {
            public static void Run(double[] w, double[] xs, double lr)
            {
                var gW = new double[w.Length];
                Clipping.ClipByNorm(gW.AsSpan(), 5.0);
                Rnn.LossGradient(w, xs, gW);
                for (int i = 0; i < w.Length; i++) [|w[i] -= lr * gW[i]|];
            }
        }
        """);

    [Fact]
    public Task Non_recurrent_gradients_and_non_updates_are_not_reported() => Analyze("""
        public static class Train
        {
            public static void Run(float[] w, float[] x, float lr, double[] v, double[] xs)
            {
                var g = new float[w.Length];
                Rnn.DotGradient(w, x, g);
                for (int i = 0; i < w.Length; i++) w[i] -= lr * g[i];

                var gv = new double[v.Length];
                Rnn.LossGradient(v, xs, gv);
                double norm = 0;
                for (int i = 0; i < gv.Length; i++) norm += gv[i] * gv[i];
                Console.WriteLine(norm);
            }
        }
        """);

    [Fact]
    public Task Layers_that_each_declare_a_sum_of_the_same_name_are_not_a_recurrence() => Analyze("""
        public static partial class Packed
        {
            // Two layers in one parameter vector, each summing into its own `a`: the second layer's `a` reads the first
            // layer's output, which the first layer's `a` produced; by name alone that is a cycle through the weights.
            [Differentiable]
            public static double Loss(ReadOnlySpan<double> p, ReadOnlySpan<double> xs, int n)
            {
                Span<double> h1 = stackalloc double[4];
                Span<double> h2 = stackalloc double[4];
                double total = 0;
                for (int s = 0; s < n; s++)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        double a = p[j];
                        for (int k = 0; k < 4; k++) a += p[4 + j * 4 + k] * xs[s * 4 + k];
                        h1[j] = Math.Tanh(a);
                    }
                    for (int j = 0; j < 4; j++)
                    {
                        double a = p[20 + j];
                        for (int k = 0; k < 4; k++) a += p[24 + j * 4 + k] * h1[k];
                        h2[j] = Math.Max(a, 0.0);
                    }
                    total += h2[0] * h2[1];
                }
                return total / n;
            }

            public static double LossGradient(ReadOnlySpan<double> p, ReadOnlySpan<double> xs, int n, Span<double> dP) => 0;

            [Differentiable]
            public static double Recurrent(ReadOnlySpan<double> p, ReadOnlySpan<double> xs, int n)
            {
                Span<double> h = stackalloc double[4];
                Span<double> next = stackalloc double[4];
                for (int s = 0; s < n; s++)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        double a = p[j];
                        for (int k = 0; k < 4; k++) a += p[4 + j * 4 + k] * h[k];
                        next[j] = Math.Tanh(a + xs[s]);
                    }
                    for (int j = 0; j < 4; j++)
                    {
                        double a = next[j];
                        h[j] = a;
                    }
                }
                return h[0];
            }

            public static double RecurrentGradient(ReadOnlySpan<double> p, ReadOnlySpan<double> xs, int n, Span<double> dP) => 0;
        }

        public static class Train
        {
            public static void Run(double[] p, double[] xs, double lr)
            {
                var g = new double[p.Length];
                Packed.LossGradient(p, xs, 8, g);
                for (int i = 0; i < p.Length; i++) p[i] -= lr * g[i];

                Packed.RecurrentGradient(p, xs, 8, g);
                for (int i = 0; i < p.Length; i++) [|p[i] -= lr * g[i]|];
            }
        }
        """);

    [Fact]
    public Task Clip_by_norm_is_inserted_after_the_gradient_statement() => Fix("""
        public static class Train
        {
            public static void Run(double[] w, double[] xs, double lr)
            {
                var gW = new double[w.Length];
                for (int epoch = 0; epoch < 100; epoch++)
                {
                    double loss = Rnn.LossGradient(w, xs, gW);
                    for (int i = 0; i < w.Length; i++) [|w[i] -= lr * gW[i]|];
                }
            }
        }
        """, """
        public static class Train
        {
            public static void Run(double[] w, double[] xs, double lr)
            {
                var gW = new double[w.Length];
                for (int epoch = 0; epoch < 100; epoch++)
                {
                    double loss = Rnn.LossGradient(w, xs, gW);
                    Clipping.ClipByNorm(gW, 1.0);
                    for (int i = 0; i < w.Length; i++) w[i] -= lr * gW[i];
                }
            }
        }
        """);

    [Fact]
    public Task Clip_by_norm_keeps_a_span_as_is_and_uses_a_float_limit() => Fix("""
        public static class Train
        {
            public static void Run(float[] w, float[] xs, float lr)
            {
                Span<float> g = stackalloc float[w.Length];
                Rnn.DecayGradient(w, xs, g);
                for (int i = 0; i < w.Length; i++) [|w[i] -= lr * g[i]|];
            }
        }
        """, """
        public static class Train
        {
            public static void Run(float[] w, float[] xs, float lr)
            {
                Span<float> g = stackalloc float[w.Length];
                Rnn.DecayGradient(w, xs, g);
                Clipping.ClipByNorm(g, 1.0f);
                for (int i = 0; i < w.Length; i++) w[i] -= lr * g[i];
            }
        }
        """);

    [Fact]
    public Task Fix_all_clips_every_gradient() => Fix("""
        public static class Train
        {
            public static void Run(double[] w, double[] v, double[] xs, double[] h, Sgd sgd, double lr)
            {
                var gW = new double[w.Length];
                var gV = new double[v.Length];
                Rnn.LossGradient(w, xs, gW);
                Rnn.CellBackward(v, h, 5, h, gV);
                for (int i = 0; i < w.Length; i++) [|w[i] -= lr * gW[i]|];
                [|sgd.Step(v, gV)|];
            }
        }
        """, """
        public static class Train
        {
            public static void Run(double[] w, double[] v, double[] xs, double[] h, Sgd sgd, double lr)
            {
                var gW = new double[w.Length];
                var gV = new double[v.Length];
                Rnn.LossGradient(w, xs, gW);
                Clipping.ClipByNorm(gW, 1.0);
                Rnn.CellBackward(v, h, 5, h, gV);
                Clipping.ClipByNorm(gV, 1.0);
                for (int i = 0; i < w.Length; i++) w[i] -= lr * gW[i];
                sgd.Step(v, gV);
            }
        }
        """);

    [Fact]
    public Task Clip_by_global_norm_clips_all_gradient_arrays_of_the_call_once() => Fix("""
        public static class Train
        {
            public static void Run(double[] w, double[] u, double[] xs, double lr)
            {
                var gW = new double[w.Length];
                var gU = new double[u.Length];
                Rnn.SeqGradient(w, u, xs, gW, gU);
                for (int i = 0; i < w.Length; i++) [|w[i] -= lr * gW[i]|];
                for (int i = 0; i < u.Length; i++) u[i] -= lr * gU[i];
            }
        }
        """, """
        public static class Train
        {
            public static void Run(double[] w, double[] u, double[] xs, double lr)
            {
                var gW = new double[w.Length];
                var gU = new double[u.Length];
                Rnn.SeqGradient(w, u, xs, gW, gU);
                Clipping.ClipByGlobalNorm([gW, gU], 1.0);
                for (int i = 0; i < w.Length; i++) w[i] -= lr * gW[i];
                for (int i = 0; i < u.Length; i++) u[i] -= lr * gU[i];
            }
        }
        """, UnclippedRecurrentGradientFixer.ClipByGlobalNormKey);
}
