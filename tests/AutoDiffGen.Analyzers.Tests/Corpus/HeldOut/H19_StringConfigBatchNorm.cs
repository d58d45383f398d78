// Activation chosen by a string setting, but every layer batch-normalizes its pre-activation first.
using System;
using AutoDiffGen;

public static partial class BnNet
{
    public const int Batch = 16;
    public const int Width = 8;
    public const int Depth = 12;
    public const int PerLayer = Width * Width + 3 * Width;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y, bool useTanh)
    {
        Span<double> h = stackalloc double[Batch * Width];
        Span<double> z = stackalloc double[Batch * Width];
        Span<double> zn = stackalloc double[Batch * Width];
        x.CopyTo(h);
        for (int l = 0; l < Depth; l++)
        {
            var layer = p.Slice(l * PerLayer, PerLayer);
            Linear.DenseBatch(layer.Slice(0, Width * Width), layer.Slice(Width * Width, Width), h, z, Batch);
            Normalization.BatchNormTraining(z, layer.Slice(Width * Width + Width, Width), layer.Slice(Width * Width + 2 * Width, Width), zn);
            if (useTanh) Activations.Tanh(zn, h);
            else Activations.Sigmoid(zn, h);
        }
        return Losses.MeanSquaredError(h, y);
    }
}

public static class Program
{
    public static void Main(string[] args)
    {
        string activation = args.Length > 0 ? args[0] : "tanh";
        var rng = new Random(19);
        var p = new double[BnNet.Depth * BnNet.PerLayer];
        for (int l = 0; l < BnNet.Depth; l++)
        {
            var layer = p.AsSpan(l * BnNet.PerLayer, BnNet.PerLayer);
            Init.GlorotUniform(layer.Slice(0, BnNet.Width * BnNet.Width), BnNet.Width, BnNet.Width, rng);
            layer.Slice(BnNet.Width * BnNet.Width + BnNet.Width, BnNet.Width).Fill(1);
        }
        var g = new double[p.Length];
        var x = new double[BnNet.Batch * BnNet.Width];
        var y = new double[x.Length];
        for (int step = 0; step < 100; step++)
        {
            for (int i = 0; i < x.Length; i++) { x[i] = rng.NextDouble(); y[i] = 0.5 * x[i]; }
            double loss = BnNet.LossGradient(p, x, y, activation == "tanh", g);
            for (int i = 0; i < p.Length; i++) p[i] -= 0.1 * g[i];
            if (step % 25 == 0) Console.WriteLine(loss);
        }
    }
}
