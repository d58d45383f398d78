// Two stacked scalar tanh RNN layers over time; every gradient is clipped by its norm.
using System;
using AutoDiffGen;

public static partial class StackedRnn
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] double target)
    {
        double h1 = 0, h2 = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            h1 = Math.Tanh(w[0] * h1 + w[1] * xs[t]); // expect: ADG1001
            h2 = Math.Tanh(w[2] * h2 + w[3] * h1);
        }
        return (w[4] * h2 - target) * (w[4] * h2 - target);
    }
}

public static class StackedRnnTraining
{
    public static double Train(double[][] xs, double[] ys)
    {
        double[] w = { 0.5, 0.5, 0.5, 0.5, 1.0 };
        var g = new double[w.Length];
        double loss = 0;
        for (int epoch = 0; epoch < 40; epoch++)
        {
            for (int n = 0; n < xs.Length; n++)
            {
                loss = StackedRnn.LossGradient(w, xs[n], ys[n], g);
                Clipping.ClipByNorm(g, 1.0);
                for (int i = 0; i < w.Length; i++) w[i] -= 0.05 * g[i];
            }
        }
        return loss;
    }
}
