// Minibatch training of a deep GELU net with DenseBatch and per-layer weight slices.
using System;
using AutoDiffGen;

public static partial class BatchedMlp
{
    public const int Width = 16, Depth = 12, Batch = 4;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] ReadOnlySpan<double> x, ReadOnlySpan<int> labels)
    {
        Span<double> h = stackalloc double[Batch * Width];
        Span<double> z = stackalloc double[Batch * Width];
        x.CopyTo(h);
        for (int l = 0; l < Depth; l++)
        {
            Linear.DenseBatch(w.Slice(l * Width * Width, Width * Width), b.Slice(l * Width, Width), h, z, Batch);
            Activations.Gelu(z, h);
        }
        return Losses.SoftmaxCrossEntropy(h, labels);
    }
}

public static class BatchedTraining
{
    public static void Train(double[] x, int[] labels, int steps)
    {
        var rng = new Random(12);
        var w = new double[BatchedMlp.Depth * BatchedMlp.Width * BatchedMlp.Width];
        var b = new double[BatchedMlp.Depth * BatchedMlp.Width];
        Init.HeNormal(w, BatchedMlp.Width, rng);
        var gw = new double[w.Length];
        var gb = new double[b.Length];
        var opt = new Adam(w.Length + b.Length);
        for (int s = 0; s < steps; s++)
        {
            BatchedMlp.LossGradient(w, b, x, labels, gw, gb);
            opt.Step([w, b], [gw, gb]);
        }
    }
}
