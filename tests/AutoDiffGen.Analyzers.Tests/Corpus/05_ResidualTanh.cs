// A residual tanh network: every block adds its output to the stream, so the gradient has an identity path.
using System;
using AutoDiffGen;

public static partial class ResidualTanh
{
    public const int Width = 16, Blocks = 12;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> z = stackalloc double[Width];
        Span<double> a = stackalloc double[Width];
        x.CopyTo(h);
        for (int block = 0; block < Blocks; block++)
        {
            Linear.Dense(w.Slice(block * Width * Width, Width * Width), b.Slice(block * Width, Width), h, z);
            Activations.Tanh(z, a);
            for (int i = 0; i < Width; i++) h[i] = h[i] + a[i];
        }
        return Losses.MeanSquaredError(h, y);
    }
}

public static class ResidualTraining
{
    public static void Run(double[][] xs, double[][] ys)
    {
        var rng = new Random(11);
        var w = new double[ResidualTanh.Blocks * ResidualTanh.Width * ResidualTanh.Width];
        var b = new double[ResidualTanh.Blocks * ResidualTanh.Width];
        Init.GlorotUniform(w, ResidualTanh.Width, ResidualTanh.Width, rng, gain: 0.5);
        var gw = new double[w.Length];
        var gb = new double[b.Length];
        for (int epoch = 0; epoch < 10; epoch++)
            for (int n = 0; n < xs.Length; n++)
            {
                ResidualTanh.LossGradient(w, b, xs[n], ys[n], gw, gb);
                for (int i = 0; i < w.Length; i++) w[i] -= 0.01 * gw[i];
                for (int i = 0; i < b.Length; i++) b[i] -= 0.01 * gb[i];
            }
    }
}
