// Leaky ReLU hidden layers initialized with Glorot in a setup method.
using System;
using AutoDiffGen;

public static partial class LeakyNet
{
    public const int Width = 24;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, ReadOnlySpan<double> b2,
        ReadOnlySpan<double> wOut, ReadOnlySpan<double> bOut, [NoDerivative] ReadOnlySpan<double> x, int label)
    {
        Span<double> z = stackalloc double[Width];
        Span<double> h1 = stackalloc double[Width];
        Span<double> h2 = stackalloc double[Width];
        Span<double> logits = stackalloc double[4];
        Linear.Dense(w1, b1, x, z);
        Activations.LeakyRelu(z, h1, 0.2);
        Linear.Dense(w2, b2, h1, z);
        Activations.LeakyRelu(z, h2, 0.2);
        Linear.Dense(wOut, bOut, h2, logits);
        return Losses.SoftmaxCrossEntropy(logits, label);
    }
}

public static class LeakySetup
{
    public static double[][] CreateParameters(int inputs, Random rng)
    {
        var w1 = new double[LeakyNet.Width * inputs];
        var w2 = new double[LeakyNet.Width * LeakyNet.Width];
        var wOut = new double[4 * LeakyNet.Width];
        Init.GlorotUniform(w1, inputs, LeakyNet.Width, rng); // expect: ADG1002
        Init.GlorotUniform(w2, LeakyNet.Width, LeakyNet.Width, rng); // expect: ADG1002
        Init.GlorotUniform(wOut, LeakyNet.Width, 4, rng);
        return new[] { w1, new double[LeakyNet.Width], w2, new double[LeakyNet.Width], wOut, new double[4] };
    }

    public static double Step(double[][] p, double[][] g, double[] x, int label)
    {
        double loss = LeakyNet.LossGradient(p[0], p[1], p[2], p[3], p[4], p[5], x, label, g[0], g[1], g[2], g[3], g[4], g[5]);
        for (int k = 0; k < p.Length; k++)
            for (int i = 0; i < p[k].Length; i++) p[k][i] -= 0.01 * g[k][i];
        return loss;
    }
}
