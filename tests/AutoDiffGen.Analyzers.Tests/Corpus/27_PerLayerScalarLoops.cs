// A feed-forward net written with scalar loops: each layer reads its own block of the flat weight vector.
using System;
using AutoDiffGen;

public static partial class ScalarMlp
{
    public const int N = 6, Depth = 8;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y)
    {
        Span<double> h = stackalloc double[N];
        Span<double> next = stackalloc double[N];
        x.CopyTo(h);
        for (int l = 0; l < Depth; l++)
        {
            for (int i = 0; i < N; i++)
            {
                double s = 0;
                for (int j = 0; j < N; j++) s += w[(l * N + i) * N + j] * h[j];
                next[i] = Activations.LeakyRelu(s);
            }
            next.CopyTo(h);
        }
        return Losses.MeanSquaredError(h, y);
    }
}

public static class ScalarMlpTraining
{
    public static double Train(double[][] xs, double[][] ys)
    {
        var rng = new Random(8);
        var w = new double[ScalarMlp.Depth * ScalarMlp.N * ScalarMlp.N];
        for (int l = 0; l < ScalarMlp.Depth; l++)
            Init.HeUniform(w.AsSpan(l * ScalarMlp.N * ScalarMlp.N, ScalarMlp.N * ScalarMlp.N), ScalarMlp.N, rng);
        var g = new double[w.Length];
        double loss = 0;
        for (int epoch = 0; epoch < 30; epoch++)
            for (int n = 0; n < xs.Length; n++)
            {
                loss = ScalarMlp.LossGradient(w, xs[n], ys[n], g);
                for (int i = 0; i < w.Length; i++) w[i] -= 0.01 * g[i];
            }
        return loss;
    }
}
