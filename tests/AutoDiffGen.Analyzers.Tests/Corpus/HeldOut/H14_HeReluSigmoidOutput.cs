// Binary classifier: three ReLU hidden layers with He init and a sigmoid output layer with Glorot init. Healthy.
using System;
using AutoDiffGen;

public static partial class Classifier
{
    public const int In = 6;
    public const int Hidden = 32;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, ReadOnlySpan<double> b2,
        ReadOnlySpan<double> w3, ReadOnlySpan<double> b3, ReadOnlySpan<double> w4, ReadOnlySpan<double> b4,
        [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double label)
    {
        Span<double> z = stackalloc double[Hidden];
        Span<double> h1 = stackalloc double[Hidden];
        Span<double> h2 = stackalloc double[Hidden];
        Span<double> h3 = stackalloc double[Hidden];
        Span<double> o = stackalloc double[1];
        Linear.Dense(w1, b1, x, z);
        Activations.Relu(z, h1);
        Linear.Dense(w2, b2, h1, z);
        Activations.Relu(z, h2);
        Linear.Dense(w3, b3, h2, z);
        Activations.Relu(z, h3);
        Linear.Dense(w4, b4, h3, o);
        double p = Activations.Sigmoid(o[0]);
        return -(label * Math.Log(p + 1e-12) + (1 - label) * Math.Log(1 - p + 1e-12));
    }
}

public static class Program
{
    public static void Main()
    {
        var rng = new Random(21);
        double[] w1 = new double[Classifier.Hidden * Classifier.In], w2 = new double[Classifier.Hidden * Classifier.Hidden];
        double[] w3 = new double[Classifier.Hidden * Classifier.Hidden], w4 = new double[Classifier.Hidden];
        double[] b1 = new double[Classifier.Hidden], b2 = new double[Classifier.Hidden], b3 = new double[Classifier.Hidden], b4 = new double[1];
        Init.HeNormal(w1, Classifier.In, rng);
        Init.HeNormal(w2, Classifier.Hidden, rng);
        Init.HeNormal(w3, Classifier.Hidden, rng);
        Init.GlorotUniform(w4, Classifier.Hidden, 1, rng);
        var ps = new[] { w1, b1, w2, b2, w3, b3, w4, b4 };
        var gs = new double[ps.Length][];
        for (int i = 0; i < ps.Length; i++) gs[i] = new double[ps[i].Length];
        var adam = new Adam(w1.Length + w2.Length + w3.Length + w4.Length + 3 * Classifier.Hidden + 1, learningRate: 1e-3);
        var x = new double[Classifier.In];
        for (int step = 0; step < 200; step++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble() * 2 - 1;
            double label = x[0] * x[1] > 0 ? 1 : 0;
            double loss = Classifier.LossGradient(w1, b1, w2, b2, w3, b3, w4, b4, x, label, gs[0], gs[1], gs[2], gs[3], gs[4], gs[5], gs[6], gs[7]);
            adam.Step(ps, gs);
            if (step % 50 == 0) Console.WriteLine(loss);
        }
    }
}
