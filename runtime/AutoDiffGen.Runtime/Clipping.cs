using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

/// <summary>
/// Gradient clipping with PyTorch's semantics (<c>clip_grad_value_</c>, <c>clip_grad_norm_</c>), in place and without
/// allocation, generic over the floating-point type. Norm clipping scales by <c>min(1, maxNorm / (norm + 1e-6))</c>; norms
/// are accumulated in double (float gradients up to <see cref="float.MaxValue"/> do not overflow them). When the norm is NaN
/// or ±∞ nothing is scaled and the norm is returned (check it with <see cref="double.IsFinite"/>), or, with
/// <c>errorIfNonfinite: true</c>, a <see cref="NonFiniteGradientException"/> is thrown.
/// </summary>
public static class Clipping
{
    /// <summary>Clamps every element to <c>[−limit, limit]</c>: <c>g ← min(max(g, −limit), limit)</c>. NaN elements stay NaN (as PyTorch's clamp).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="grad">The gradient, modified in place.</param>
    /// <param name="limit">The largest magnitude kept; must be ≥ 0.</param>
    public static void ClipByValue<T>(Span<T> grad, T limit) where T : IFloatingPointIeee754<T>
    {
        if (!(limit >= T.Zero)) throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be a non-negative number.");
        Rows.Run(new Clamp<T>(limit), grad, default, default, grad, default, default);
    }

    /// <summary>
    /// Rescales <paramref name="grad"/> so its Euclidean norm is at most <paramref name="maxNorm"/>: with
    /// <c>n = ‖grad‖₂ = √(Σᵢ gᵢ²)</c>, multiplies by <c>maxNorm / (n + 1e-6)</c> when that is below 1.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="grad">The gradient, modified in place.</param>
    /// <param name="maxNorm">The largest norm kept; must be ≥ 0.</param>
    /// <param name="errorIfNonfinite">Throw <see cref="NonFiniteGradientException"/> instead of returning a NaN/∞ norm.</param>
    /// <returns>The norm before clipping.</returns>
    public static T ClipByNorm<T>(Span<T> grad, T maxNorm, bool errorIfNonfinite = false) where T : IFloatingPointIeee754<T>
    {
        double max = double.CreateTruncating(maxNorm);
        CheckMax(max);
        double norm = Math.Sqrt(SumOfSquares((ReadOnlySpan<T>)grad));
        Scale(grad, Coefficient(norm, max, errorIfNonfinite));
        return T.CreateTruncating(norm);
    }

    /// <summary>
    /// Clips several gradient buffers together (PyTorch <c>clip_grad_norm_</c> over all parameters): with the total norm
    /// <c>n = √(Σ_k ‖g_k‖₂²)</c>, multiplies every buffer by <c>maxNorm / (n + 1e-6)</c> when that is below 1.
    /// <c>Clipping.ClipByGlobalNorm([g1, g2], 1.0)</c> allocates nothing.
    /// </summary>
    /// <remarks>
    /// Only array buffers are taken: with a <c>ReadOnlySpan&lt;Memory&lt;T&gt;&gt;</c> overload beside these, the C# 13/14 compiler
    /// lowers the collection expression <c>[g1, g2]</c> to a heap allocation. Gradients in one flat buffer go to
    /// <see cref="ClipByNorm{T}(Span{T}, T, bool)"/>.
    /// </remarks>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="gradients">The gradient buffers, modified in place.</param>
    /// <param name="maxNorm">The largest total norm kept; must be ≥ 0.</param>
    /// <param name="errorIfNonfinite">Throw <see cref="NonFiniteGradientException"/> instead of returning a NaN/∞ norm.</param>
    /// <returns>The total norm before clipping.</returns>
    public static T ClipByGlobalNorm<T>(ReadOnlySpan<T[]> gradients, T maxNorm, bool errorIfNonfinite = false) where T : IFloatingPointIeee754<T>
    {
        double max = double.CreateTruncating(maxNorm);
        CheckMax(max);
        double sum = 0;
        foreach (T[] g in gradients) sum += SumOfSquares((ReadOnlySpan<T>)g);
        double norm = Math.Sqrt(sum);
        double c = Coefficient(norm, max, errorIfNonfinite);
        foreach (T[] g in gradients) Scale((Span<T>)g, c);
        return T.CreateTruncating(norm);
    }

    /// <summary>
    /// Clips the gradient of a <c>[Differentiable]</c> class model by its global norm (PyTorch <c>clip_grad_norm_</c> over
    /// <c>model.parameters()</c>): with <c>n = √(Σ over every field f of ‖g_f‖₂²)</c>, multiplies every field by
    /// <c>maxNorm / (n + 1e-6)</c> when that is below 1. Allocates nothing.
    /// </summary>
    /// <typeparam name="TGradient">The model's gradient type (<c>Model.Gradient</c>).</typeparam>
    /// <param name="gradient">The gradient, modified in place.</param>
    /// <param name="maxNorm">The largest total norm kept; must be ≥ 0.</param>
    /// <param name="errorIfNonfinite">Throw <see cref="NonFiniteGradientException"/> instead of returning a NaN/∞ norm.</param>
    /// <returns>The total norm before clipping.</returns>
    public static double ClipByGlobalNorm<TGradient>(TGradient gradient, double maxNorm, bool errorIfNonfinite = false) where TGradient : class, IModelGradient
    {
        ArgumentNullException.ThrowIfNull(gradient);
        return ClipModel(ref gradient, maxNorm, errorIfNonfinite);
    }

    /// <summary>
    /// Clips the gradient of a <c>[Differentiable]</c> struct model by its global norm, in place (by reference, so its
    /// scalar fields are scaled too). See <see cref="ClipByGlobalNorm{TGradient}(TGradient, double, bool)"/>.
    /// </summary>
    /// <typeparam name="TGradient">The model's gradient type (<c>Model.Gradient</c>).</typeparam>
    /// <param name="gradient">The gradient, modified in place.</param>
    /// <param name="maxNorm">The largest total norm kept; must be ≥ 0.</param>
    /// <param name="errorIfNonfinite">Throw <see cref="NonFiniteGradientException"/> instead of returning a NaN/∞ norm.</param>
    /// <returns>The total norm before clipping.</returns>
    public static double ClipByGlobalNorm<TGradient>(ref TGradient gradient, double maxNorm, bool errorIfNonfinite = false) where TGradient : struct, IModelGradient
        => ClipModel(ref gradient, maxNorm, errorIfNonfinite);

    /// <summary>
    /// Clamps every entry of the gradient of a <c>[Differentiable]</c> class model to <c>[−limit, limit]</c> (PyTorch
    /// <c>clip_grad_value_</c> over <c>model.parameters()</c>). NaN entries stay NaN. Allocates nothing.
    /// </summary>
    /// <typeparam name="TGradient">The model's gradient type (<c>Model.Gradient</c>).</typeparam>
    /// <param name="gradient">The gradient, modified in place.</param>
    /// <param name="limit">The largest magnitude kept; must be ≥ 0.</param>
    public static void ClipByValue<TGradient>(TGradient gradient, double limit) where TGradient : class, IModelGradient
    {
        ArgumentNullException.ThrowIfNull(gradient);
        ClampModel(ref gradient, limit);
    }

    /// <summary>Clamps every entry of the gradient of a <c>[Differentiable]</c> struct model, in place (by reference).</summary>
    /// <typeparam name="TGradient">The model's gradient type (<c>Model.Gradient</c>).</typeparam>
    /// <param name="gradient">The gradient, modified in place.</param>
    /// <param name="limit">The largest magnitude kept; must be ≥ 0.</param>
    public static void ClipByValue<TGradient>(ref TGradient gradient, double limit) where TGradient : struct, IModelGradient => ClampModel(ref gradient, limit);

    private static void ClampModel<TGradient>(ref TGradient gradient, double limit) where TGradient : IModelGradient
    {
        if (!(limit >= 0)) throw new ArgumentOutOfRangeException(nameof(limit), limit, "limit must be a non-negative number.");
        var clamp = new ClampVisitor(limit);
        gradient.VisitGradients(ref clamp);
    }

    private readonly struct ClampVisitor(double limit) : IGradientVisitor
    {
        public void Visit<T>(Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T> => ClipByValue(gradient, T.CreateTruncating(limit));
    }

    private static double ClipModel<TGradient>(ref TGradient gradient, double maxNorm, bool errorIfNonfinite) where TGradient : IModelGradient
    {
        CheckMax(maxNorm);
        double norm = Math.Sqrt(ModelSumOfSquares(ref gradient));
        var scale = new ScaleVisitor(Coefficient(norm, maxNorm, errorIfNonfinite));
        gradient.VisitGradients(ref scale);
        return norm;
    }

    /// <summary>Σ g² over every field of a model's gradient, in double (the square of its global norm).</summary>
    internal static double ModelSumOfSquares<TGradient>(ref TGradient gradient) where TGradient : IModelGradient
    {
        var sum = new SumOfSquaresVisitor();
        gradient.VisitGradients(ref sum);
        return sum.Total;
    }

    private struct SumOfSquaresVisitor : IGradientVisitor
    {
        public double Total;

        public void Visit<T>(Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T> => Total += SumOfSquares((ReadOnlySpan<T>)gradient);
    }

    private readonly struct ScaleVisitor(double coefficient) : IGradientVisitor
    {
        public void Visit<T>(Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T> => Scale(gradient, coefficient);
    }

    /// <inheritdoc cref="ClipByValue{T}(Span{T}, T)"/>
    public static void ClipByValue(Span<double> grad, double limit) => ClipByValue<double>(grad, limit);

    /// <inheritdoc cref="ClipByValue{T}(Span{T}, T)"/>
    public static void ClipByValue(Span<float> grad, float limit) => ClipByValue<float>(grad, limit);

    /// <inheritdoc cref="ClipByNorm{T}(Span{T}, T, bool)"/>
    public static double ClipByNorm(Span<double> grad, double maxNorm, bool errorIfNonfinite = false) => ClipByNorm<double>(grad, maxNorm, errorIfNonfinite);

    /// <inheritdoc cref="ClipByNorm{T}(Span{T}, T, bool)"/>
    public static float ClipByNorm(Span<float> grad, float maxNorm, bool errorIfNonfinite = false) => ClipByNorm<float>(grad, maxNorm, errorIfNonfinite);

    /// <inheritdoc cref="ClipByGlobalNorm{T}(ReadOnlySpan{T[]}, T, bool)"/>
    public static double ClipByGlobalNorm(ReadOnlySpan<double[]> gradients, double maxNorm, bool errorIfNonfinite = false)
        => ClipByGlobalNorm<double>(gradients, maxNorm, errorIfNonfinite);

    /// <inheritdoc cref="ClipByGlobalNorm{T}(ReadOnlySpan{T[]}, T, bool)"/>
    public static float ClipByGlobalNorm(ReadOnlySpan<float[]> gradients, float maxNorm, bool errorIfNonfinite = false)
        => ClipByGlobalNorm<float>(gradients, maxNorm, errorIfNonfinite);

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

    // Σ g² in double: TensorPrimitives for double; float lanes widened to double (a float sum of squares overflows past 1.8e19).
    internal static double SumOfSquares<T>(ReadOnlySpan<T> g) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return TensorPrimitives.SumOfSquares(Spans.As<T, double>(g));
        int i = 0;
        double sum = 0;
        if (typeof(T) == typeof(float))
        {
            if (Vector512.IsHardwareAccelerated) sum = WidenedSumOfSquares<V512<float>, V512<double>>(Spans.As<T, float>(g), out i);
            else if (Vector256.IsHardwareAccelerated) sum = WidenedSumOfSquares<V256<float>, V256<double>>(Spans.As<T, float>(g), out i);
        }
        for (; i < g.Length; i++)
        {
            double v = double.CreateTruncating(g[i]);
            sum += v * v;
        }
        return sum;
    }

    private static double WidenedSumOfSquares<TV, TD>(ReadOnlySpan<float> g, out int done)
        where TV : struct, IVec<TV, float, TD> where TD : struct, IVec<TD, double, TD>
    {
        ref float r = ref MemoryMarshal.GetReference(g);
        TD acc = TD.Zero;
        int i = 0;
        for (; i <= g.Length - TV.Count; i += TV.Count)
        {
            TV.Widen(TV.Load(ref r, (nuint)i), out TD lo, out TD hi);
            acc = TD.MulAdd(hi, hi, TD.MulAdd(lo, lo, acc));
        }
        done = i;
        return TD.Sum(acc);
    }

    private static void Scale<T>(Span<T> g, double c) where T : IFloatingPointIeee754<T>
    {
        if (c < 1.0) TensorPrimitives.Multiply(g, T.CreateTruncating(c), g);
    }

    // g ← g > limit ? limit : g < −limit ? −limit : g (comparisons are false for NaN, so NaN lanes pass through).
    private readonly struct Clamp<T>(T limit) : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
        {
            TV hi = TV.Create(limit), lo = TV.Create(-limit);
            TV g = TV.Load(ref r.A, j);
            TV.Store(TV.SelectGreaterThan(g, hi, hi, TV.SelectLessThan(g, lo, lo, g)), ref r.Out, j);
        }
    }
}

