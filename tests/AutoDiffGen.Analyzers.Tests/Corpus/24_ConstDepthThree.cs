// A constant depth of three sigmoid layers: shallow enough.
using System;
using AutoDiffGen;

public static partial class ThreeLayers
{
    private const int Depth = 3;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, [NoDerivative] double x, [NoDerivative] double y)
    {
        double a = x;
        for (int l = 0; l < Depth; l++) a = Activations.Sigmoid(w[l] * a + 0.1);
        return (a - y) * (a - y);
    }

    public static double Train()
    {
        double[] w = { 0.5, 0.5, 0.5 };
        double[] g = new double[3];
        double loss = 0;
        for (int i = 0; i < 100; i++)
        {
            loss = LossGradient(w, 1.0, 0.3, g);
            for (int k = 0; k < 3; k++) w[k] -= 0.2 * g[k];
        }
        return loss;
    }
}
