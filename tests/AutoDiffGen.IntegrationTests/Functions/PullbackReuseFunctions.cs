using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>Library layers whose pullbacks reuse the forward's outputs, and one whose output is overwritten before the reverse sweep.</summary>
public static partial class PullbackReuseFunctions
{
    /// <summary>Dense → tanh → dense → dot, three layers deep: every Dense and the Dot reuse what the forward computed.</summary>
    [Differentiable]
    public static double Reused(ReadOnlySpan<double> w, ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[4];
        Span<double> y = stackalloc double[4];
        x.CopyTo(h);
        for (int l = 0; l < 3; l++)
        {
            Linear.Dense(w.Slice(16 * l, 16), ReadOnlySpan<double>.Empty, h, y);
            Activations.Tanh(y, h);
        }
        return Vectors.Dot(h, y);
    }

    /// <summary>The layer's output is overwritten after its only reader, so its pullback computes it again.</summary>
    [Differentiable]
    public static double Recomputed(ReadOnlySpan<double> w, ReadOnlySpan<double> x)
    {
        Span<double> y = stackalloc double[3];
        Linear.Dense(w, ReadOnlySpan<double>.Empty, x, y);
        double s = y[0] + y[1] - y[2];
        y.Fill(2.0);
        return s * s + y[0] * x[0];
    }

    /// <summary>
    /// A first layer whose weights and bias receive their gradient from its pullback alone (the input has none), then
    /// tanh and a dot product: the gradient method calls the writing pullback for w1 and b1 (w1: 3 × 4, b1: 3, w2: 3, x: 4).
    /// </summary>
    [Differentiable]
    public static double Written(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[3];
        Span<double> y = stackalloc double[3];
        Linear.Dense(w1, b1, x, h);
        Activations.Tanh(h, y);
        return Vectors.Dot(w2, y);
    }

    /// <summary>The same over a batch of two rows (x: 2 × 4; DenseBatch's writing pullback continues the sum over the second row).</summary>
    [Differentiable]
    public static double WrittenBatch(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[6];
        Span<double> y = stackalloc double[6];
        Linear.DenseBatch(w1, b1, x, h, 2);
        Activations.Tanh(h, y);
        return Vectors.Dot(w2, y);
    }

    /// <summary>½ (w · x − t)²: the dot product's pullback writes dW.</summary>
    [Differentiable]
    public static double DotWritten(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double t)
    {
        double r = Vectors.Dot(w, x) - t;
        return 0.5 * r * r;
    }
}
