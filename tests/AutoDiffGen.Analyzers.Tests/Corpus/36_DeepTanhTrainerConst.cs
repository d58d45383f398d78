// A trainer class holding buffers as fields; the model is a const-depth tanh loop over per-layer weights.
using System;
using AutoDiffGen;

public static partial class SixLayerTanh
{
    private const int Layers = 6;

    [Differentiable]
    public static double Forward(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] double x)
    {
        double h = x;
        for (int l = 0; l < Layers; l++)
            h = Activations.Tanh(w[l] * h + b[l]); // expect: ADG1001
        return h;
    }

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys)
    {
        double total = 0;
        for (int n = 0; n < xs.Length; n++)
        {
            double d = Forward(w, b, xs[n]) - ys[n];
            total += d * d;
        }
        return total / xs.Length;
    }
}

public sealed class CurveFitter
{
    private readonly double[] _w = { 1, 1, 1, 1, 1, 1 };
    private readonly double[] _b = new double[6];
    private readonly double[] _gw = new double[6];
    private readonly double[] _gb = new double[6];
    private readonly Adam _adam = new(12, learningRate: 0.01);

    public double Epoch(double[] xs, double[] ys)
    {
        double loss = SixLayerTanh.LossGradient(_w, _b, xs, ys, _gw, _gb);
        _adam.Step([_w, _b], [_gw, _gb]);
        return loss;
    }
}
