// ELU layers with He initialization: consistent.
using System;
using AutoDiffGen;

public static partial class EluNet
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w1, ReadOnlySpan<double> w2, ReadOnlySpan<double> b, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double y)
    {
        Span<double> z = stackalloc double[b.Length];
        Span<double> h = stackalloc double[b.Length];
        Linear.Dense(w1, b, x, z);
        Activations.Elu(z, h);
        double p = Vectors.Dot(w2, h);
        return (p - y) * (p - y);
    }

    public static void Train(double[][] xs, double[] ys, int hidden, Random rng)
    {
        var w1 = new double[hidden * xs[0].Length];
        var w2 = new double[hidden];
        var b = new double[hidden];
        Init.HeNormal(w1, xs[0].Length, rng);
        Init.GlorotNormal(w2, hidden, 1, rng);
        double[] g1 = new double[w1.Length], g2 = new double[hidden], gb = new double[hidden];
        for (int n = 0; n < xs.Length; n++)
        {
            LossGradient(w1, w2, b, xs[n], ys[n], g1, g2, gb);
            for (int i = 0; i < w1.Length; i++) w1[i] -= 0.01 * g1[i];
            for (int i = 0; i < hidden; i++) { w2[i] -= 0.01 * g2[i]; b[i] -= 0.01 * gb[i]; }
        }
    }
}
