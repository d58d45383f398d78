using System;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>
    /// Computes the exact GELU, gelu(x) = x·Φ(x) = ½·x·erfc(−x/√2) (PyTorch <c>gelu</c>, <c>approximate="none"</c>), where Φ
    /// is the standard normal distribution function.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <remarks>erfc is evaluated to about 1e-16 relative error, so very negative x keeps full relative accuracy.</remarks>
    public static double Gelu(double x) => 0.5 * x * ScalarMath.Erfc(-x * ScalarMath.InvSqrt2);

    /// <summary>
    /// Pullback of <see cref="Gelu(double)"/>: returns gelu(x) and adds <c>seed · (Φ(x) + x·φ(x))</c> into
    /// <paramref name="dX"/>, with φ(x) = e^(−x²/2)/√(2π).
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Gelu))]
    public static double GeluBackward(double x, double seed, ref double dX)
    {
        double y = GeluWithDerivative(x, out double derivative);
        dX += seed * derivative;
        return y;
    }

    /// <inheritdoc cref="Gelu(double)"/>
    public static float Gelu(float x) => (float)Gelu((double)x);

    /// <inheritdoc cref="GeluBackward(double, double, ref double)"/>
    [DerivativeOf(nameof(Gelu))]
    public static float GeluBackward(float x, float seed, ref float dX)
    {
        float y = (float)GeluWithDerivative(x, out double derivative);
        dX += seed * (float)derivative;
        return y;
    }

    /// <summary>
    /// Computes <c>y[i] = gelu(x[i])</c> with the exact GELU <c>½·x·erfc(−x/√2)</c>. erf has no vector primitive in .NET, so this
    /// runs the accurate scalar erf per element.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Gelu(ReadOnlySpan<double> x, Span<double> y)
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        for (int i = 0; i < x.Length; i++) y[i] = Gelu(x[i]);
    }

    /// <summary>
    /// Pullback of <see cref="Gelu(ReadOnlySpan{double}, Span{double})"/>: writes <c>y</c> and adds
    /// <c>dY[i] · (Φ(x[i]) + x[i]·φ(x[i]))</c> into <paramref name="dX"/> (skipped when empty).
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Gelu))]
    public static void GeluBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX)
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        if (dX.IsEmpty)
        {
            Gelu(x, y);
            return;
        }
        Check.SameLength(x.Length, dX.Length, nameof(dX));
        for (int i = 0; i < x.Length; i++)
        {
            double v = GeluWithDerivative(x[i], out double derivative);
            dX[i] += dY[i] * derivative;
            y[i] = v;
        }
    }

    /// <inheritdoc cref="Gelu(ReadOnlySpan{double}, Span{double})"/>
    public static void Gelu(ReadOnlySpan<float> x, Span<float> y)
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        for (int i = 0; i < x.Length; i++) y[i] = Gelu(x[i]);
    }

    /// <inheritdoc cref="GeluBackward(ReadOnlySpan{double}, Span{double}, ReadOnlySpan{double}, Span{double})"/>
    [DerivativeOf(nameof(Gelu))]
    public static void GeluBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX)
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        if (dX.IsEmpty)
        {
            Gelu(x, y);
            return;
        }
        Check.SameLength(x.Length, dX.Length, nameof(dX));
        for (int i = 0; i < x.Length; i++)
        {
            float v = (float)GeluWithDerivative(x[i], out double derivative);
            dX[i] += dY[i] * (float)derivative;
            y[i] = v;
        }
    }

    private static double GeluWithDerivative(double x, out double derivative)
    {
        double cdf = 0.5 * ScalarMath.Erfc(-x * ScalarMath.InvSqrt2);
        derivative = cdf + x * ScalarMath.InvSqrt2Pi * Math.Exp(-0.5 * x * x);
        return x * cdf;
    }
}
