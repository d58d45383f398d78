// A five-layer SiLU (swish) MLP with per-layer slices of one parameter vector, each slice Glorot-initialized in a loop.
using System;
using AutoDiffGen;

public static partial class SwishMlp
{
    public const int Width = 16;
    public const int Depth = 5;
    public const int Stride = Width * Width + Width;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> p, ReadOnlySpan<double> head, [NoDerivative] ReadOnlySpan<double> x, int label)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> z = stackalloc double[Width];
        Span<double> logits = stackalloc double[4];
        x.CopyTo(h);
        for (int l = 0; l < Depth; l++)
        {
            Linear.Dense(p.Slice(l * Stride, Width * Width), p.Slice(l * Stride + Width * Width, Width), h, z);
            Activations.Silu(z, h);
        }
        Linear.Dense(head.Slice(0, 4 * Width), head.Slice(4 * Width, 4), h, logits);
        return Losses.SoftmaxCrossEntropy(logits, label);
    }
}

public static class Program
{
    public static void Main()
    {
        var rng = new Random(23);
        var p = new double[SwishMlp.Depth * SwishMlp.Stride];
        var head = new double[4 * SwishMlp.Width + 4];
        for (int l = 0; l < SwishMlp.Depth; l++)
        {
            Init.GlorotUniform(p.AsSpan(l * SwishMlp.Stride, SwishMlp.Width * SwishMlp.Width), SwishMlp.Width, SwishMlp.Width, rng); // expect: ADG1002
        }
        Init.GlorotUniform(head.AsSpan(0, 4 * SwishMlp.Width), SwishMlp.Width, 4, rng);
        var gp = new double[p.Length];
        var gh = new double[head.Length];
        var adamP = new Adam(p.Length, learningRate: 1e-3);
        var adamH = new Adam(head.Length, learningRate: 1e-3);
        var x = new double[SwishMlp.Width];
        for (int step = 0; step < 200; step++)
        {
            int label = rng.Next(4);
            for (int i = 0; i < x.Length; i++) x[i] = (i % 4 == label ? 1 : 0) + 0.2 * rng.NextDouble();
            double loss = SwishMlp.LossGradient(p, head, x, label, gp, gh);
            adamP.Step(p, gp);
            adamH.Step(head, gh);
            if (step % 50 == 0) Console.WriteLine(loss);
        }
    }
}
