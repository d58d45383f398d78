// A layer helper (dense + tanh) called once per layer from a loop.
using System;
using AutoDiffGen;

public static partial class HelperNet
{
    public const int Width = 8;

    [Differentiable]
    public static void TanhLayer(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y)
    {
        Span<double> z = stackalloc double[y.Length];
        Linear.Dense(w, b, x, z);
        Activations.Tanh(z, y);
    }

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> weights, ReadOnlySpan<double> biases, [NoDerivative] ReadOnlySpan<double> x, int label, int depth)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> next = stackalloc double[Width];
        x.CopyTo(h);
        for (int l = 0; l < depth; l++)
        {
            TanhLayer(weights.Slice(l * Width * Width, Width * Width), biases.Slice(l * Width, Width), h, next); // expect: ADG1001
            next.CopyTo(h);
        }
        return Losses.SoftmaxCrossEntropy(h, label);
    }
}

public sealed class Classifier
{
    private readonly double[] _w, _b, _gw, _gb;
    private readonly Adam _adamW, _adamB;
    private readonly int _depth;

    public Classifier(int depth, int seed)
    {
        _depth = depth;
        var rng = new Random(seed);
        _w = new double[depth * HelperNet.Width * HelperNet.Width];
        _b = new double[depth * HelperNet.Width];
        Init.GlorotNormal(_w, HelperNet.Width, HelperNet.Width, rng);
        _gw = new double[_w.Length];
        _gb = new double[_b.Length];
        _adamW = new Adam(_w.Length, learningRate: 1e-3);
        _adamB = new Adam(_b.Length, learningRate: 1e-3);
    }

    public double Step(double[] x, int label)
    {
        double loss = HelperNet.LossGradient(_w, _b, x, label, _depth, _gw, _gb);
        _adamW.Step(_w, _gw);
        _adamB.Step(_b, _gb);
        return loss;
    }
}
