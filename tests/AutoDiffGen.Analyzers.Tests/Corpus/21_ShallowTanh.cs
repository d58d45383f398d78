// Two tanh layers: shallow, Glorot initialized, nothing to report.
using System;
using AutoDiffGen;

public static partial class Shallow
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w1, ReadOnlySpan<double> w2, [NoDerivative] ReadOnlySpan<double> x, int label)
    {
        Span<double> z = stackalloc double[8];
        Span<double> h = stackalloc double[8];
        Span<double> z2 = stackalloc double[8];
        Span<double> h2 = stackalloc double[8];
        Span<double> bias = stackalloc double[8];
        bias.Clear();
        Linear.Dense(w1, bias, x, z);
        Activations.Tanh(z, h);
        Linear.Dense(w2, bias, h, z2);
        Activations.Tanh(z2, h2);
        return Losses.SoftmaxCrossEntropy(h2.Slice(0, 2), label);
    }
}

public static class ShallowTraining
{
    public static void Run(double[][] xs, int[] labels)
    {
        var rng = new Random(1);
        var w1 = new double[8 * xs[0].Length];
        var w2 = new double[64];
        Init.GlorotUniform(w1, xs[0].Length, 8, rng);
        Init.GlorotUniform(w2, 8, 8, rng);
        var g1 = new double[w1.Length];
        var g2 = new double[w2.Length];
        var sgd = new Sgd(w1.Length + w2.Length, learningRate: 0.1);
        for (int n = 0; n < xs.Length; n++)
        {
            Shallow.LossGradient(w1, w2, xs[n], labels[n], g1, g2);
            sgd.Step([w1, w2], [g1, g2]);
        }
    }
}
