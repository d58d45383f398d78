// A 20-layer ReLU MLP with He initialization trained with Adam: healthy, nothing to report.
using System;
using AutoDiffGen;

public static partial class DeepRelu
{
    public const int Width = 32, Depth = 20;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] ReadOnlySpan<double> x, int label)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> z = stackalloc double[Width];
        x.CopyTo(h);
        for (int layer = 0; layer < Depth; layer++)
        {
            Linear.Dense(w.Slice(layer * Width * Width, Width * Width), b.Slice(layer * Width, Width), h, z);
            Activations.Relu(z, h);
        }
        return Losses.SoftmaxCrossEntropy(h.Slice(0, 10), label);
    }
}

public sealed class ReluTrainer
{
    private readonly double[] _w = new double[DeepRelu.Depth * DeepRelu.Width * DeepRelu.Width];
    private readonly double[] _b = new double[DeepRelu.Depth * DeepRelu.Width];
    private readonly double[] _dw, _db;
    private readonly Adam _optimizer;

    public ReluTrainer(Random rng)
    {
        for (int l = 0; l < DeepRelu.Depth; l++)
            Init.HeNormal(_w.AsSpan(l * DeepRelu.Width * DeepRelu.Width, DeepRelu.Width * DeepRelu.Width), DeepRelu.Width, rng);
        _dw = new double[_w.Length];
        _db = new double[_b.Length];
        _optimizer = new Adam(_w.Length + _b.Length, learningRate: 1e-3);
    }

    public double Epoch(double[][] xs, int[] labels)
    {
        double total = 0;
        for (int n = 0; n < xs.Length; n++)
        {
            total += DeepRelu.LossGradient(_w, _b, xs[n], labels[n], _dw, _db);
            _optimizer.Step([_w, _b], [_dw, _db]);
        }
        return total / xs.Length;
    }
}
