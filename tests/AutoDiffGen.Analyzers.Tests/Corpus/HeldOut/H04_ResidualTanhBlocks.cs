// A ten-block residual tanh network; each block lives in a helper of its own class (x + tanh(W x + b)).
using System;
using AutoDiffGen;

public static partial class Blocks
{
    [Differentiable]
    public static void Residual(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y)
    {
        Span<double> z = stackalloc double[x.Length];
        Linear.Dense(w, b, x, z);
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] + Math.Tanh(z[i]);
        }
    }
}

public static partial class ResNet
{
    public const int Width = 6;
    public const int Depth = 10;
    public const int Block = Width * Width + Width;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> next = stackalloc double[Width];
        x.CopyTo(h);
        for (int d = 0; d < Depth; d++)
        {
            var block = p.Slice(d * Block, Block);
            Blocks.Residual(block.Slice(0, Width * Width), block.Slice(Width * Width, Width), h, next);
            next.CopyTo(h);
        }
        return Losses.MeanSquaredError(h, y);
    }
}

public static class Program
{
    public static void Main()
    {
        var rng = new Random(11);
        var p = new double[ResNet.Depth * ResNet.Block];
        for (int d = 0; d < ResNet.Depth; d++)
            Init.GlorotNormal(p.AsSpan(d * ResNet.Block, ResNet.Width * ResNet.Width), ResNet.Width, ResNet.Width, rng);
        var g = new double[p.Length];
        var adam = new Adam(p.Length, learningRate: 0.01);
        var x = new double[ResNet.Width];
        var y = new double[ResNet.Width];
        for (int step = 0; step < 100; step++)
        {
            for (int i = 0; i < ResNet.Width; i++) { x[i] = rng.NextDouble() * 2 - 1; y[i] = x[(i + 1) % ResNet.Width]; }
            double loss = ResNet.LossGradient(p, x, y, g);
            adam.Step(p, g);
            if (step % 25 == 0) Console.WriteLine(loss);
        }
    }
}
