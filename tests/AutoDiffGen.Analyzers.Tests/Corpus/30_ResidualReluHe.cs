// A ResNet-style MLP: ReLU blocks with He initialization and identity shortcuts.
using System;
using AutoDiffGen;

public static partial class ResMlp
{
    public const int Width = 16;

    [Differentiable]
    public static void Block(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y)
    {
        Span<double> z = stackalloc double[y.Length];
        Span<double> a = stackalloc double[y.Length];
        Linear.Dense(w, b, x, z);
        Activations.Relu(z, a);
        for (int i = 0; i < y.Length; i++) y[i] = x[i] + a[i];
    }

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] ReadOnlySpan<double> x, int label, int blocks)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> next = stackalloc double[Width];
        x.CopyTo(h);
        for (int k = 0; k < blocks; k++)
        {
            Block(w.Slice(k * Width * Width, Width * Width), b.Slice(k * Width, Width), h, next);
            next.CopyTo(h);
        }
        return Losses.SoftmaxCrossEntropy(h, label);
    }
}

public static class ResMlpTraining
{
    public static void Train(double[][] xs, int[] labels, int blocks)
    {
        var rng = new Random(6);
        var w = new double[blocks * ResMlp.Width * ResMlp.Width];
        var b = new double[blocks * ResMlp.Width];
        for (int k = 0; k < blocks; k++) Init.HeUniform(w.AsSpan(k * ResMlp.Width * ResMlp.Width, ResMlp.Width * ResMlp.Width), ResMlp.Width, rng);
        var gw = new double[w.Length];
        var gb = new double[b.Length];
        var sgd = new Sgd(w.Length + b.Length, learningRate: 0.01, momentum: 0.9, nesterov: true);
        for (int n = 0; n < xs.Length; n++)
        {
            ResMlp.LossGradient(w, b, xs[n], labels[n], blocks, gw, gb);
            sgd.Step([w, b], [gw, gb]);
        }
    }
}
