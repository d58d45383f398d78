// Three nested sigmoids: below the default depth.
using System;
using AutoDiffGen;

public static partial class SmallChain
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, [NoDerivative] double x, [NoDerivative] double y)
    {
        double p = Activations.Sigmoid(w[2] * Activations.Sigmoid(w[1] * Activations.Sigmoid(w[0] * x)));
        return (p - y) * (p - y);
    }

    public static void Fit(double[] w)
    {
        var g = new double[3];
        for (int i = 0; i < 50; i++)
        {
            LossGradient(w, 1, 0, g);
            for (int k = 0; k < 3; k++) w[k] -= 0.5 * g[k];
        }
    }
}
