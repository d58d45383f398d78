// Six tanh layers written out by hand, the way a small experiment often starts.
using System;
using AutoDiffGen;

public static partial class Unrolled
{
    [Differentiable]
    public static double Predict(ReadOnlySpan<double> w, [NoDerivative] double x)
    {
        double h1 = Math.Tanh(w[0] * x + w[1]); // expect: ADG1001
        double h2 = Math.Tanh(w[2] * h1 + w[3]);
        double h3 = Math.Tanh(w[4] * h2 + w[5]);
        double h4 = Math.Tanh(w[6] * h3 + w[7]);
        double h5 = Math.Tanh(w[8] * h4 + w[9]);
        double h6 = Math.Tanh(w[10] * h5 + w[11]);
        return w[12] * h6 + w[13];
    }

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, [NoDerivative] double x, [NoDerivative] double y)
    {
        double d = Predict(w, x) - y;
        return d * d;
    }
}

public static class Program
{
    public static double Fit(double[] xs, double[] ys)
    {
        var rng = new Random(3);
        double[] w = new double[14];
        for (int i = 0; i < w.Length; i++) w[i] = rng.NextDouble() - 0.5;
        double[] g = new double[w.Length];
        double total = 0;
        for (int step = 0; step < 500; step++)
        {
            total = 0;
            for (int n = 0; n < xs.Length; n++)
            {
                total += Unrolled.LossGradient(w, xs[n], ys[n], g);
                for (int i = 0; i < w.Length; i++) w[i] -= 0.05 * g[i];
            }
        }
        return total;
    }
}
