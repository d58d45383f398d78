// The activation is a hyperparameter chosen from the command line; the layer helper switches on it.
using System;
using AutoDiffGen;

public static class Act
{
    public const int Relu = 0, Tanh = 1, Sigmoid = 2;
}

public static partial class ConfigurableNet
{
    [Differentiable]
    public static double Activate(double z, int act) => act switch
    {
        Act.Tanh => Math.Tanh(z),
        Act.Sigmoid => Activations.Sigmoid(z),
        _ => Activations.Relu(z),
    };

    [Differentiable]
    public static double Forward(ReadOnlySpan<double> w, [NoDerivative] double x, int act, int layers)
    {
        double h = x;
        for (int l = 0; l < layers; l++)
        {
            h = Activate(w[2 * l] * h + w[2 * l + 1], act); // expect: ADG1001
        }
        return h;
    }

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, [NoDerivative] double x, [NoDerivative] double y, int act, int layers)
    {
        double d = Forward(w, x, act, layers) - y;
        return d * d;
    }
}

public static class HyperparameterSweep
{
    public static double Run(int act, int layers)
    {
        var w = new double[2 * layers];
        var rng = new Random(4);
        for (int i = 0; i < w.Length; i += 2) w[i] = rng.NextDouble() + 0.5;
        var g = new double[w.Length];
        double loss = 0;
        for (int step = 0; step < 200; step++)
        {
            loss = ConfigurableNet.LossGradient(w, 0.3, 0.7, act, layers, g);
            for (int i = 0; i < w.Length; i++) w[i] -= 0.1 * g[i];
        }
        return loss;
    }
}
