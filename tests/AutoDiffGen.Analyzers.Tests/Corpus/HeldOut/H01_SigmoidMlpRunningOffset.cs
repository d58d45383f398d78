// Six-layer sigmoid MLP on a flat parameter vector; each layer's slice is found with a running offset, as one does when
// the layer sizes differ. Trained with SGD on a toy regression.
using System;
using AutoDiffGen;

public static partial class SigmoidMlp
{
    public const int Width = 8;
    public const int Layers = 6;
    public const int LayerSize = Width * Width + Width;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> target)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> z = stackalloc double[Width];
        x.CopyTo(h);
        int offset = 0;
        for (int l = 0; l < Layers; l++)
        {
            Linear.Dense(p.Slice(offset, Width * Width), p.Slice(offset + Width * Width, Width), h, z);
            Activations.Sigmoid(z, h); // expect: ADG1001
            offset += LayerSize;
        }
        return Losses.MeanSquaredError(h, target);
    }
}

public static class Program
{
    public static void Main()
    {
        var rng = new Random(1);
        var p = new double[SigmoidMlp.Layers * SigmoidMlp.LayerSize];
        for (int l = 0; l < SigmoidMlp.Layers; l++)
        {
            Init.GlorotUniform(p.AsSpan(l * SigmoidMlp.LayerSize, SigmoidMlp.Width * SigmoidMlp.Width), SigmoidMlp.Width, SigmoidMlp.Width, rng);
        }
        var grad = new double[p.Length];
        var x = new double[SigmoidMlp.Width];
        var y = new double[SigmoidMlp.Width];
        for (int step = 0; step < 200; step++)
        {
            for (int i = 0; i < x.Length; i++) { x[i] = rng.NextDouble(); y[i] = 1 - x[i]; }
            double loss = SigmoidMlp.LossGradient(p, x, y, grad);
            for (int i = 0; i < p.Length; i++) p[i] -= 0.5 * grad[i];
            if (step % 50 == 0) Console.WriteLine($"{step}: {loss}");
        }
    }
}
