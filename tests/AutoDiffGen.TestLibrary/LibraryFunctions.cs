using System;

namespace AutoDiffGen.TestLibrary;

/// <summary>Differentiable functions compiled in their own assembly.</summary>
public static partial class LibraryFunctions
{
    /// <summary>softplus(x) = log(1 + eˣ), written stably.</summary>
    [Differentiable]
    public static double SoftPlus(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));

    /// <summary>A weighted sum of squares over a span.</summary>
    [Differentiable]
    public static double WeightedSquares(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < w.Length; i++) sum += w[i] * w[i] * x[i];
        return sum;
    }

    /// <summary>y = tanh(x) elementwise: a layer with a span output.</summary>
    [Differentiable]
    public static void TanhLayer(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = Math.Tanh(x[i]);
    }

    /// <summary>The cube, with a hand-written derivative.</summary>
    public static double Cube(double x) => x * x * x;

    /// <summary>d/dx x³ = 3x².</summary>
    [DerivativeOf(nameof(Cube))]
    public static double CubeBackward(double x, double seed, ref double dX)
    {
        dX += seed * 3 * x * x;
        return x * x * x;
    }
}
