// Binary classifier: ReLU hidden layer with Glorot weights, a sigmoid output unit.
using System;
using AutoDiffGen;

public static partial class BinaryNet
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, double b2,
        [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double label)
    {
        Span<double> z = stackalloc double[b1.Length];
        Span<double> a = stackalloc double[b1.Length];
        Linear.Dense(w1, b1, x, z);
        Activations.Relu(z, a);
        double p = Activations.Sigmoid(Vectors.Dot(w2, a) + b2);
        return -(label * Math.Log(p + 1e-12) + (1 - label) * Math.Log(1 - p + 1e-12));
    }
}

public static class BinaryTraining
{
    public static double Run(double[][] xs, double[] labels, int hidden)
    {
        var rng = new Random(2);
        int inputs = xs[0].Length;
        var w1 = new double[hidden * inputs];
        var b1 = new double[hidden];
        var w2 = new double[hidden];
        double b2 = 0;
        Init.GlorotNormal(w1, inputs, hidden, rng); // expect: ADG1002
        Init.GlorotNormal(w2, hidden, 1, rng);
        double[] g1 = new double[w1.Length], gb = new double[hidden], g2 = new double[hidden];
        double loss = 0;
        for (int epoch = 0; epoch < 50; epoch++)
        {
            for (int n = 0; n < xs.Length; n++)
            {
                loss = BinaryNet.LossGradient(w1, b1, w2, b2, xs[n], labels[n], g1, gb, g2, out double gb2);
                for (int i = 0; i < w1.Length; i++) w1[i] -= 0.05 * g1[i];
                for (int i = 0; i < hidden; i++) { b1[i] -= 0.05 * gb[i]; w2[i] -= 0.05 * g2[i]; }
                b2 -= 0.05 * gb2;
            }
        }
        return loss;
    }
}
