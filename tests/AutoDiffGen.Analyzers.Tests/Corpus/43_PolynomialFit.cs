// Least-squares polynomial fit with Horner's rule: a loop, multiplications, no activations, no recurrence of weights.
using System;
using AutoDiffGen;

public static partial class Polynomial
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> coefficients, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys)
    {
        double total = 0;
        for (int n = 0; n < xs.Length; n++)
        {
            double p = 0;
            for (int k = coefficients.Length - 1; k >= 0; k--) p = p * xs[n] + coefficients[k];
            total += (p - ys[n]) * (p - ys[n]);
        }
        return total;
    }

    public static double[] Fit(double[] xs, double[] ys, int degree)
    {
        var c = new double[degree + 1];
        var g = new double[c.Length];
        var adam = new Adam(c.Length, learningRate: 0.05);
        for (int it = 0; it < 500; it++)
        {
            LossGradient(c, xs, ys, g);
            adam.Step(c, g);
        }
        return c;
    }
}
