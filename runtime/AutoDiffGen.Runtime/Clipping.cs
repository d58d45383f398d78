using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

/// <summary>
/// Gradient clipping with PyTorch's semantics (<c>clip_grad_value_</c>, <c>clip_grad_norm_</c>), in place and without
/// allocation. Norm clipping scales by <c>min(1, maxNorm / (norm + 1e-6))</c>. When the norm is NaN or ±∞ nothing is
/// scaled and the norm is returned (check it with <see cref="double.IsFinite"/>), or, with <c>errorIfNonfinite: true</c>,
/// a <see cref="NonFiniteGradientException"/> is thrown.
/// </summary>
public static class Clipping
{
    /// <summary>Clamps every element to <c>[−limit, limit]</c>. NaN elements stay NaN (as PyTorch's clamp).</summary>
    /// <param name="grad">The gradient, modified in place.</param>
    /// <param name="limit">The largest magnitude kept; must be ≥ 0.</param>
    public static void ClipByValue(Span<double> grad, double limit) => ClipByValueCore(grad, limit);

    /// <inheritdoc cref="ClipByValue(Span{double}, double)"/>
    public static void ClipByValue(Span<float> grad, float limit) => ClipByValueCore(grad, limit);

    /// <summary>
    /// Rescales <paramref name="grad"/> so its Euclidean norm is at most <paramref name="maxNorm"/>: with
    /// <c>n = ‖grad‖₂</c>, multiplies by <c>maxNorm / (n + 1e-6)</c> when that is below 1.
    /// </summary>
    /// <param name="grad">The gradient, modified in place.</param>
    /// <param name="maxNorm">The largest norm kept; must be ≥ 0.</param>
    /// <param name="errorIfNonfinite">Throw <see cref="NonFiniteGradientException"/> instead of returning a NaN/∞ norm.</param>
    /// <returns>The norm before clipping.</returns>
    public static double ClipByNorm(Span<double> grad, double maxNorm, bool errorIfNonfinite = false)
    {
        CheckMax(maxNorm);
        double norm = Math.Sqrt(SumOfSquares(grad));
        Scale(grad, Coefficient(norm, maxNorm, errorIfNonfinite));
        return norm;
    }

    /// <inheritdoc cref="ClipByNorm(Span{double}, double, bool)"/>
    public static float ClipByNorm(Span<float> grad, float maxNorm, bool errorIfNonfinite = false)
    {
        CheckMax(maxNorm);
        double norm = Math.Sqrt(SumOfSquares(grad));
        Scale(grad, Coefficient(norm, maxNorm, errorIfNonfinite));
        return (float)norm;
    }

    /// <summary>
    /// Clips several gradient buffers together (PyTorch <c>clip_grad_norm_</c> over all parameters): with the total norm
    /// <c>n = √(Σ_k ‖g_k‖₂²)</c>, multiplies every buffer by <c>maxNorm / (n + 1e-6)</c> when that is below 1.
    /// <c>Clipping.ClipByGlobalNorm([g1, g2], 1.0)</c> allocates nothing.
    /// </summary>
    /// <remarks>
    /// Only array buffers are taken: with a <c>ReadOnlySpan&lt;Memory&lt;T&gt;&gt;</c> overload beside these, the C# 13/14 compiler
    /// lowers the collection expression <c>[g1, g2]</c> to a heap allocation. Gradients in one flat buffer go to <see cref="ClipByNorm(Span{double}, double, bool)"/>.
    /// </remarks>
    /// <param name="gradients">The gradient buffers, modified in place.</param>
    /// <param name="maxNorm">The largest total norm kept; must be ≥ 0.</param>
    /// <param name="errorIfNonfinite">Throw <see cref="NonFiniteGradientException"/> instead of returning a NaN/∞ norm.</param>
    /// <returns>The total norm before clipping.</returns>
    public static double ClipByGlobalNorm(ReadOnlySpan<double[]> gradients, double maxNorm, bool errorIfNonfinite = false)
    {
        CheckMax(maxNorm);
        double sum = 0;
        foreach (double[] g in gradients) sum += SumOfSquares((ReadOnlySpan<double>)g);
        double norm = Math.Sqrt(sum);
        double c = Coefficient(norm, maxNorm, errorIfNonfinite);
        foreach (double[] g in gradients) Scale((Span<double>)g, c);
        return norm;
    }

    /// <inheritdoc cref="ClipByGlobalNorm(ReadOnlySpan{double[]}, double, bool)"/>
    public static float ClipByGlobalNorm(ReadOnlySpan<float[]> gradients, float maxNorm, bool errorIfNonfinite = false)
    {
        CheckMax(maxNorm);
        double sum = 0;
        foreach (float[] g in gradients) sum += SumOfSquares((ReadOnlySpan<float>)g);
        double norm = Math.Sqrt(sum);
        double c = Coefficient(norm, maxNorm, errorIfNonfinite);
        foreach (float[] g in gradients) Scale((Span<float>)g, c);
        return (float)norm;
    }

    private static void CheckMax(double maxNorm)
    {
        if (!(maxNorm >= 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be a non-negative number.");
    }

    // 1 means "leave as is": either the norm is within bounds or it is not finite (reported, never spread).
    private static double Coefficient(double norm, double maxNorm, bool errorIfNonfinite)
    {
        if (!double.IsFinite(norm))
        {
            if (errorIfNonfinite) throw new NonFiniteGradientException(norm);
            return 1.0;
        }
        return Math.Min(1.0, maxNorm / (norm + 1e-6));
    }

    // Σ g² accumulated in double, so float gradients up to float.MaxValue do not overflow the norm.
    private static double SumOfSquares(ReadOnlySpan<double> g) => TensorPrimitives.SumOfSquares(g);

    private static double SumOfSquares(ReadOnlySpan<float> g)
    {
        double sum = 0;
        for (int i = 0; i < g.Length; i++) sum += (double)g[i] * g[i];
        return sum;
    }

    private static void Scale(Span<double> g, double c)
    {
        if (c < 1.0) TensorPrimitives.Multiply(g, c, g);
    }

    private static void Scale(Span<float> g, double c)
    {
        if (c < 1.0) TensorPrimitives.Multiply(g, (float)c, g);
    }

    private static void ClipByValueCore<T>(Span<T> grad, T limit) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(limit >= T.Zero)) throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be a non-negative number.");
        T low = -limit;
        int i = 0;
        if (Simd.IsAccelerated)
        {
            Vector256<T> hi = Vector256.Create(limit), lo = Vector256.Create(low);
            for (; i <= grad.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                Vector256<T> g = Simd.Load(grad, i);
                // Comparisons are false for NaN, so NaN lanes pass through.
                g = Simd.Select(Vector256.GreaterThan(g, hi), hi, Simd.Select(Vector256.LessThan(g, lo), lo, g));
                Simd.Store(g, grad, i);
            }
        }
        for (; i < grad.Length; i++)
        {
            T g = grad[i];
            grad[i] = g > limit ? limit : g < low ? low : g;
        }
    }
}
