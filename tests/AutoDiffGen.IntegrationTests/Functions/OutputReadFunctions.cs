using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>Layers that read their output after writing it (write-first outputs).</summary>
public static partial class OutputReadFunctions
{
    /// <summary>Softmax computed in place in the output: exponentials first, then normalized.</summary>
    [Differentiable]
    public static void SoftmaxInPlace(ReadOnlySpan<double> x, Span<double> y)
    {
        double max = x[0];
        for (int i = 1; i < x.Length; i++) max = Math.Max(max, x[i]);
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = Math.Exp(x[i] - max);
            sum += y[i];
        }
        for (int i = 0; i < y.Length; i++) y[i] /= sum;
    }

    /// <summary>A residual layer that accumulates into its output after initializing it with CopyTo.</summary>
    [Differentiable]
    public static void Residual(ReadOnlySpan<double> x, double w, Span<double> y)
    {
        x.CopyTo(y);
        for (int i = 0; i < y.Length; i++) y[i] += Math.Tanh(w * y[i]);
    }

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> x, double w, [NoDerivative] ReadOnlySpan<double> target)
    {
        Span<double> r = stackalloc double[x.Length];
        Span<double> p = stackalloc double[x.Length];
        Residual(x, w, r);
        SoftmaxInPlace(r, p);
        double loss = 0;
        for (int i = 0; i < p.Length; i++) loss -= target[i] * Math.Log(p[i]);
        return loss;
    }
}
