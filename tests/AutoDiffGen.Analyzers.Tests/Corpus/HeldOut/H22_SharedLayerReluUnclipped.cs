// ALBERT-style weight sharing: one ReLU layer applied eight times to its own output, trained with plain SGD.
using System;
using AutoDiffGen;

public static partial class SharedStack
{
    public const int Width = 12;
    public const int Repeats = 8;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> readout,
        [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double y)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> z = stackalloc double[Width];
        x.CopyTo(h);
        for (int r = 0; r < Repeats; r++)
        {
            Linear.Dense(w, b, h, z);
            Activations.Relu(z, h);
        }
        double p = Vectors.Dot(readout, h);
        return (p - y) * (p - y);
    }
}

public static class Program
{
    public static void Main()
    {
        var rng = new Random(37);
        var w = new double[SharedStack.Width * SharedStack.Width];
        var b = new double[SharedStack.Width];
        var readout = new double[SharedStack.Width];
        Init.HeNormal(w, SharedStack.Width, rng);
        Init.GlorotUniform(readout, SharedStack.Width, 1, rng);
        var gw = new double[w.Length];
        var gb = new double[b.Length];
        var gr = new double[readout.Length];
        var x = new double[SharedStack.Width];
        for (int step = 0; step < 200; step++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble();
            double loss = SharedStack.LossGradient(w, b, readout, x, x[0], gw, gb, gr);
            for (int i = 0; i < w.Length; i++) w[i] -= 0.01 * gw[i]; // expect: ADG1003
            for (int i = 0; i < b.Length; i++) { b[i] -= 0.01 * gb[i]; readout[i] -= 0.01 * gr[i]; }
            if (step % 50 == 0) Console.WriteLine(loss);
        }
    }
}
