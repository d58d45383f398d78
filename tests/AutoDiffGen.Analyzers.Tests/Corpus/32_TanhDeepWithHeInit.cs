// A deep tanh net in a trainer class that uses He initialization: two problems at once.
using System;
using AutoDiffGen;

public static partial class DeepTanh
{
    public const int Width = 10, Depth = 8;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> weights, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> z = stackalloc double[Width];
        Span<double> zero = stackalloc double[Width];
        zero.Clear();
        x.CopyTo(h);
        for (int l = 0; l < Depth; l++)
        {
            Linear.Dense(weights.Slice(l * Width * Width, Width * Width), zero, h, z);
            Activations.Tanh(z, h); // expect: ADG1001
        }
        return Losses.MeanSquaredError(h, y);
    }
}

public sealed class DeepTanhTrainer
{
    private readonly double[] _weights = new double[DeepTanh.Depth * DeepTanh.Width * DeepTanh.Width];
    private readonly double[] _gradient = new double[DeepTanh.Depth * DeepTanh.Width * DeepTanh.Width];

    public DeepTanhTrainer(Random rng)
    {
        Init.HeNormal(_weights, DeepTanh.Width, rng); // expect: ADG1002
    }

    public double Step(double[] x, double[] y, double lr)
    {
        double loss = DeepTanh.LossGradient(_weights, x, y, _gradient);
        for (int i = 0; i < _weights.Length; i++) _weights[i] -= lr * _gradient[i];
        return loss;
    }
}
