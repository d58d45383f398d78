// A ReLU RNN (as in the Gradient Clinic) trained with momentum SGD and no clipping: exploding-gradient risk.
using System;
using AutoDiffGen;

public static partial class ReluRnn
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> u, ReadOnlySpan<double> b, ReadOnlySpan<double> v,
        [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] double target)
    {
        int n = b.Length;
        Span<double> h = stackalloc double[n];
        Span<double> z = stackalloc double[n];
        h.Clear();
        for (int t = 0; t < xs.Length; t++)
        {
            Linear.Dense(w, b, h, z);
            for (int i = 0; i < n; i++) z[i] += u[i] * xs[t];
            Activations.Relu(z, h);
        }
        double y = Vectors.Dot(v, h);
        return (y - target) * (y - target);
    }
}

public static class ReluRnnTraining
{
    public static double Train(double[][] sequences, double[] targets, int hidden)
    {
        var rng = new Random(3);
        var w = new double[hidden * hidden];
        var u = new double[hidden];
        var b = new double[hidden];
        var v = new double[hidden];
        Init.HeNormal(w, hidden, rng);
        double[] gw = new double[w.Length], gu = new double[hidden], gb = new double[hidden], gv = new double[hidden];
        var sgd = new Sgd(w.Length + 3 * hidden, learningRate: 0.01, momentum: 0.9);
        double loss = 0;
        for (int epoch = 0; epoch < 10; epoch++)
        {
            for (int n = 0; n < sequences.Length; n++)
            {
                loss = ReluRnn.LossGradient(w, u, b, v, sequences[n], targets[n], gw, gu, gb, gv);
                sgd.Step([w, u, b, v], [gw, gu, gb, gv]); // expect: ADG1003
            }
        }
        return loss;
    }
}
