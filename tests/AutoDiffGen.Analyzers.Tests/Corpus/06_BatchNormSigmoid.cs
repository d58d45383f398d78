// Ten sigmoid layers with batch normalization before every activation: the normalization is the cure.
using System;
using AutoDiffGen;

public static partial class NormalizedSigmoidNet
{
    public const int Width = 16, Depth = 10, Batch = 8;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta,
        [NoDerivative] ReadOnlySpan<double> x, ReadOnlySpan<int> labels)
    {
        Span<double> h = stackalloc double[Batch * Width];
        Span<double> z = stackalloc double[Batch * Width];
        Span<double> n = stackalloc double[Batch * Width];
        x.CopyTo(h);
        for (int l = 0; l < Depth; l++)
        {
            Linear.DenseBatch(w.Slice(l * Width * Width, Width * Width), b.Slice(l * Width, Width), h, z, Batch);
            Normalization.BatchNormTraining(z, gamma.Slice(l * Width, Width), beta.Slice(l * Width, Width), n);
            Activations.Sigmoid(n, h);
        }
        return Losses.SoftmaxCrossEntropy(h, labels);
    }
}

public static class NormalizedTraining
{
    public static void Train(double[] x, int[] labels, int steps)
    {
        var rng = new Random(5);
        var w = new double[NormalizedSigmoidNet.Depth * NormalizedSigmoidNet.Width * NormalizedSigmoidNet.Width];
        var b = new double[NormalizedSigmoidNet.Depth * NormalizedSigmoidNet.Width];
        var gamma = new double[b.Length];
        var beta = new double[b.Length];
        Array.Fill(gamma, 1.0);
        Init.GlorotUniform(w, NormalizedSigmoidNet.Width, NormalizedSigmoidNet.Width, rng);
        double[] gw = new double[w.Length], gb = new double[b.Length], gg = new double[gamma.Length], gbeta = new double[beta.Length];
        var opt = new Sgd(w.Length + b.Length + gamma.Length + beta.Length, learningRate: 0.05, momentum: 0.9);
        for (int s = 0; s < steps; s++)
        {
            NormalizedSigmoidNet.LossGradient(w, b, gamma, beta, x, labels, gw, gb, gg, gbeta);
            opt.Step([w, b, gamma, beta], [gw, gb, gg, gbeta]);
        }
    }
}
