// Leaky-ReLU regression net initialized with LeCun normal (copied from a SELU example).
using System;
using AutoDiffGen;

public static partial class LeakyNet
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, ReadOnlySpan<double> b2,
        ReadOnlySpan<double> wOut, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double y)
    {
        Span<double> z1 = stackalloc double[b1.Length];
        Span<double> h1 = stackalloc double[b1.Length];
        Span<double> z2 = stackalloc double[b2.Length];
        Span<double> h2 = stackalloc double[b2.Length];
        Linear.Dense(w1, b1, x, z1);
        Activations.LeakyRelu(z1, h1, 0.1);
        Linear.Dense(w2, b2, h1, z2);
        Activations.LeakyRelu(z2, h2, 0.1);
        double p = Vectors.Dot(wOut, h2);
        return (p - y) * (p - y);
    }
}

public static class Program
{
    public static void Main()
    {
        const int inputs = 5, hidden = 24;
        var rng = new Random(13);
        var w1 = new double[hidden * inputs];
        var w2 = new double[hidden * hidden];
        var wOut = new double[hidden];
        var b1 = new double[hidden];
        var b2 = new double[hidden];
        Init.LeCunNormal(w1, inputs, rng); // expect: ADG1002
        Init.LeCunNormal(w2, hidden, rng); // expect: ADG1002
        Init.LeCunNormal(wOut, hidden, rng);
        double[] g1 = new double[w1.Length], gb1 = new double[hidden], g2 = new double[w2.Length], gb2 = new double[hidden], go = new double[hidden];
        var sgd = new Sgd(w1.Length, learningRate: 0.01);
        var x = new double[inputs];
        for (int step = 0; step < 300; step++)
        {
            for (int i = 0; i < inputs; i++) x[i] = rng.NextDouble();
            double loss = LeakyNet.LossGradient(w1, b1, w2, b2, wOut, x, x[0] - x[1], g1, gb1, g2, gb2, go);
            sgd.Step(w1, g1);
            for (int i = 0; i < w2.Length; i++) w2[i] -= 0.01 * g2[i];
            for (int i = 0; i < hidden; i++) { b1[i] -= 0.01 * gb1[i]; b2[i] -= 0.01 * gb2[i]; wOut[i] -= 0.01 * go[i]; }
            if (step % 100 == 0) Console.WriteLine(loss);
        }
    }
}
