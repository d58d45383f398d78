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
}
