// A self-normalizing net: SELU with LeCun normal initialization, as the SELU paper prescribes.
using System;
using AutoDiffGen;

public static partial class SeluNet
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y, int depth, int width)
    {
        Span<double> h = stackalloc double[width];
        Span<double> z = stackalloc double[width];
        Span<double> bias = stackalloc double[width];
        bias.Clear();
        x.CopyTo(h);
        for (int l = 0; l < depth; l++)
        {
            Linear.Dense(w.Slice(l * width * width, width * width), bias, h, z);
            Activations.Selu(z, h);
        }
        return Losses.MeanSquaredError(h, y);
    }

    public static void Train(double[][] xs, double[][] ys, int depth, int width)
    {
        var rng = new Random(14);
        var w = new double[depth * width * width];
        Init.LeCunNormal(w, width, rng);
        var g = new double[w.Length];
        var opt = new Sgd(w.Length, learningRate: 0.01);
        for (int n = 0; n < xs.Length; n++)
        {
            LossGradient(w, xs[n], ys[n], depth, width, g);
            opt.Step(w, g);
        }
    }
}
