// Logistic regression: one sigmoid, a loop over the features and the samples, no recurrence.
using System;
using AutoDiffGen;

public static partial class Logistic
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, double bias, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys)
    {
        int features = w.Length;
        double total = 0;
        for (int n = 0; n < ys.Length; n++)
        {
            double z = bias;
            for (int j = 0; j < features; j++) z += w[j] * xs[n * features + j];
            double p = Activations.Sigmoid(z);
            total -= ys[n] * Math.Log(p + 1e-12) + (1 - ys[n]) * Math.Log(1 - p + 1e-12);
        }
        return total / ys.Length;
    }
}

public static class LogisticFit
{
    public static double[] Fit(double[] xs, double[] ys, int features)
    {
        var w = new double[features];
        var g = new double[features];
        double b = 0;
        for (int it = 0; it < 300; it++)
        {
            Logistic.LossGradient(w, b, xs, ys, g, out double gb);
            for (int j = 0; j < features; j++) w[j] -= 0.5 * g[j];
            b -= 0.5 * gb;
        }
        return w;
    }
}
