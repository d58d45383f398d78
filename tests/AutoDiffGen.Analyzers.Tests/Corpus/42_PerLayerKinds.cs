// Each layer's activation comes from a config array (like a model zoo's YAML); some configs use tanh.
using System;
using AutoDiffGen;

public static partial class ZooNet
{
    public const int Relu = 0, Tanh = 1, Gelu = 2;

    [Differentiable]
    public static void Activate(ReadOnlySpan<double> z, Span<double> h, int kind)
    {
        switch (kind)
        {
            case Tanh:
                Activations.Tanh(z, h);
                break;
            case Gelu:
                Activations.Gelu(z, h);
                break;
            default:
                Activations.Relu(z, h);
                break;
        }
    }

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] ReadOnlySpan<double> x, int label, ReadOnlySpan<int> kinds, int width)
    {
        Span<double> h = stackalloc double[width];
        Span<double> z = stackalloc double[width];
        x.CopyTo(h);
        for (int l = 0; l < kinds.Length; l++)
        {
            Linear.Dense(w.Slice(l * width * width, width * width), b.Slice(l * width, width), h, z);
            Activate(z, h, kinds[l]); // expect: ADG1001
        }
        return Losses.SoftmaxCrossEntropy(h, label);
    }
}

public static class Zoo
{
    public static double Train(int[] kinds, int width, double[] x, int label)
    {
        var rng = new Random(15);
        var w = new double[kinds.Length * width * width];
        var b = new double[kinds.Length * width];
        for (int l = 0; l < kinds.Length; l++)
        {
            var slice = w.AsSpan(l * width * width, width * width);
            if (kinds[l] == ZooNet.Tanh) Init.GlorotUniform(slice, width, width, rng);
            else Init.HeUniform(slice, width, rng);
        }
        var gw = new double[w.Length];
        var gb = new double[b.Length];
        double loss = 0;
        for (int s = 0; s < 20; s++)
        {
            loss = ZooNet.LossGradient(w, b, x, label, kinds, width, gw, gb);
            for (int i = 0; i < w.Length; i++) w[i] -= 0.01 * gw[i];
        }
        return loss;
    }
}
