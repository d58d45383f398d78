// A five-level nested expression with double.Tanh (the .NET 7+ spelling).
using System;
using AutoDiffGen;

public static partial class Nested
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> a, [NoDerivative] double x, [NoDerivative] double y)
    {
        double p = double.Tanh(a[4] * double.Tanh(a[3] * double.Tanh(a[2] * double.Tanh(a[1] * double.Tanh(a[0] * x))))); // expect: ADG1001
        return (p - y) * (p - y);
    }
}

public static class NestedFit
{
    public static double Run()
    {
        double[] a = { 1, 1, 1, 1, 1 };
        double[] g = new double[5];
        double loss = 0;
        for (int i = 0; i < 100; i++)
        {
            loss = Nested.LossGradient(a, 0.5, 0.2, g);
            for (int k = 0; k < 5; k++) a[k] -= 0.1 * g[k];
        }
        return loss;
    }
}
