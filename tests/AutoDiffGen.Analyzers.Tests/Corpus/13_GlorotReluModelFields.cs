// A model object holds its layers' weights in fields and initializes them in its constructor (Glorot, for ReLU layers).
using System;
using AutoDiffGen;

public sealed partial class ReluMlp
{
    public const int In = 4, Hidden = 32, Out = 3;

    private readonly double[] _w1 = new double[Hidden * In], _b1 = new double[Hidden];
    private readonly double[] _w2 = new double[Hidden * Hidden], _b2 = new double[Hidden];
    private readonly double[] _w3 = new double[Out * Hidden], _b3 = new double[Out];

    public ReluMlp(Random rng)
    {
        Init.GlorotUniform(_w1, In, Hidden, rng); // expect: ADG1002
        Init.GlorotUniform(_w2, Hidden, Hidden, rng); // expect: ADG1002
        Init.GlorotUniform(_w3, Hidden, Out, rng);
    }

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, ReadOnlySpan<double> b2,
        ReadOnlySpan<double> w3, ReadOnlySpan<double> b3, [NoDerivative] ReadOnlySpan<double> x, int label)
    {
        Span<double> z1 = stackalloc double[Hidden];
        Span<double> h1 = stackalloc double[Hidden];
        Span<double> z2 = stackalloc double[Hidden];
        Span<double> h2 = stackalloc double[Hidden];
        Span<double> logits = stackalloc double[Out];
        Linear.Dense(w1, b1, x, z1);
        Activations.Relu(z1, h1);
        Linear.Dense(w2, b2, h1, z2);
        Activations.Relu(z2, h2);
        Linear.Dense(w3, b3, h2, logits);
        return Losses.SoftmaxCrossEntropy(logits, label);
    }

    public double TrainStep(double[] x, int label, Sgd sgd, double[][] grads)
    {
        double loss = LossGradient(_w1, _b1, _w2, _b2, _w3, _b3, x, label, grads[0], grads[1], grads[2], grads[3], grads[4], grads[5]);
        sgd.Step([_w1, _b1, _w2, _b2, _w3, _b3], grads);
        return loss;
    }
}
