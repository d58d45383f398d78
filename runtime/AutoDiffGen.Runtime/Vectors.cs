using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

/// <summary>
/// The dot product, differentiable and vectorized (TensorPrimitives: 512-bit where the CPU has AVX-512; vectors shorter than
/// <see cref="LoopKernels.ShortBelow"/> elements as a plain loop, and shorter than 64 in one vector loop, without its
/// per-call dispatch).
/// </summary>
public static class Vectors
{
    /// <summary>The dot product <c>Σᵢ a[i] · b[i]</c> (vectorized).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector, same length.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static T Dot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : IFloatingPointIeee754<T> => DotOf(a, b);

    /// <summary>Pullback of <see cref="Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>: <c>dA += seed · b</c>, <c>dB += seed · a</c>.</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dA">Accumulates the adjoint of <paramref name="a"/>, or empty when not needed.</param>
    /// <param name="dB">Accumulates the adjoint of <paramref name="b"/>, or empty when not needed.</param>
    /// <returns>The dot product.</returns>
    [DerivativeOf(nameof(Dot))]
    public static T DotBackward<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, T seed, Span<T> dA, Span<T> dB) where T : IFloatingPointIeee754<T>
    {
        AddScaledPair(a, b, seed, dA, dB);
        return DotOf(a, b);
    }

    /// <summary>
    /// Pullback of <see cref="Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/> for a caller that has the product already:
    /// <c>dA += seed · b</c>, <c>dB += seed · a</c>, without computing the product again.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dA">Accumulates the adjoint of <paramref name="a"/>, or empty when not needed.</param>
    /// <param name="dB">Accumulates the adjoint of <paramref name="b"/>, or empty when not needed.</param>
    [DerivativeOf(nameof(Dot), Derivatives.ReverseFromOutputs)]
    public static void DotBackwardFromOutputs<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, T seed, Span<T> dA, Span<T> dB) where T : IFloatingPointIeee754<T>
    {
        if (a.Length != b.Length) throw new ArgumentException("a and b must have the same length.", nameof(b));
        AddScaledPair(a, b, seed, dA, dB);
    }

    /// <summary>
    /// Pullback of <see cref="Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/> that writes instead of adding, for a caller that
    /// has the product already: <c>dA = seed · b</c>, <c>dB = seed · a</c> (each where not empty).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dA">Receives the adjoint of <paramref name="a"/>, or empty when not needed.</param>
    /// <param name="dB">Receives the adjoint of <paramref name="b"/>, or empty when not needed.</param>
    [DerivativeOf(nameof(Dot), Derivatives.ReverseFromOutputs | Derivatives.Overwrite)]
    public static void DotBackwardFromOutputsOverwrite<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, T seed, Span<T> dA, Span<T> dB) where T : IFloatingPointIeee754<T>
    {
        if (a.Length != b.Length) throw new ArgumentException("a and b must have the same length.", nameof(b));
        if (!dA.IsEmpty) LoopKernels.Multiply(b, seed, dA);
        if (!dB.IsEmpty) LoopKernels.Multiply(a, seed, dB);
    }

    /// <summary>
    /// Forward-mode derivative of <see cref="Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>: returns <c>a · b</c> and sets
    /// <paramref name="dResult"/> = <c>dA · b + a · dB</c> (an empty tangent is zero).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector.</param>
    /// <param name="dA">The tangent of <paramref name="a"/>, or empty for zero.</param>
    /// <param name="dB">The tangent of <paramref name="b"/>, or empty for zero.</param>
    /// <param name="dResult">Receives the tangent of the dot product.</param>
    /// <returns>The dot product.</returns>
    [DerivativeOf(nameof(Dot), Derivatives.Forward)]
    public static T DotTangent<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> dA, ReadOnlySpan<T> dB, out T dResult) where T : IFloatingPointIeee754<T>
    {
        dResult = (dA.IsEmpty ? T.Zero : DotOf(dA, b)) + (dB.IsEmpty ? T.Zero : DotOf(a, dB));
        return DotOf(a, b);
    }

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="DotBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T})"/>,
    /// for Hessian-vector products: adds the pullback's <c>seed · b</c> into <paramref name="dA"/> and <c>seed · a</c> into
    /// <paramref name="dB"/>, their derivatives along (vA, vB, vSeed), <c>vSeed · b + seed · vB</c> into <paramref name="hvA"/> and
    /// <c>vSeed · a + seed · vA</c> into <paramref name="hvB"/>, and sets <paramref name="vResult"/> = <c>vA · b + a · vB</c>.
    /// Empty adjoints and their tangents are skipped; empty directions are zero.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dA">Accumulates the adjoint of <paramref name="a"/>, or empty.</param>
    /// <param name="dB">Accumulates the adjoint of <paramref name="b"/>, or empty.</param>
    /// <param name="vA">The direction's component along <paramref name="a"/>, or empty for zero.</param>
    /// <param name="vB">The direction's component along <paramref name="b"/>, or empty for zero.</param>
    /// <param name="vSeed">The tangent of <paramref name="seed"/>.</param>
    /// <param name="hvA">Accumulates the tangent of <paramref name="dA"/>, or empty.</param>
    /// <param name="hvB">Accumulates the tangent of <paramref name="dB"/>, or empty.</param>
    /// <param name="vResult">Receives the tangent of the dot product along (vA, vB).</param>
    /// <returns>The dot product.</returns>
    [DerivativeOf(nameof(Dot), Derivatives.Hessian)]
    public static T DotBackwardTangent<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, T seed, Span<T> dA, Span<T> dB,
        ReadOnlySpan<T> vA, ReadOnlySpan<T> vB, T vSeed, Span<T> hvA, Span<T> hvB, out T vResult) where T : IFloatingPointIeee754<T>
    {
        T value = DotTangent(a, b, vA, vB, out vResult);
        AddScaledPair(a, b, seed, dA, dB);
        if (!hvA.IsEmpty)
        {
            AddScaled(b, vSeed, hvA);
            if (!vB.IsEmpty) AddScaled(vB, seed, hvA);
        }
        if (!hvB.IsEmpty)
        {
            AddScaled(a, vSeed, hvB);
            if (!vA.IsEmpty) AddScaled(vA, seed, hvB);
        }
        return value;
    }

    /// <inheritdoc cref="Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => Dot<double>(a, b);

    /// <inheritdoc cref="Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Dot<float>(a, b);

    /// <inheritdoc cref="DotBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dot))]
    public static double DotBackward(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double seed, Span<double> dA, Span<double> dB)
        => DotBackward<double>(a, b, seed, dA, dB);

    /// <inheritdoc cref="DotBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dot))]
    public static float DotBackward(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float seed, Span<float> dA, Span<float> dB)
        => DotBackward<float>(a, b, seed, dA, dB);

    /// <inheritdoc cref="DotBackwardFromOutputs{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dot), Derivatives.ReverseFromOutputs)]
    public static void DotBackwardFromOutputs(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double seed, Span<double> dA, Span<double> dB)
        => DotBackwardFromOutputs<double>(a, b, seed, dA, dB);

    /// <inheritdoc cref="DotBackwardFromOutputs{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dot), Derivatives.ReverseFromOutputs)]
    public static void DotBackwardFromOutputs(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float seed, Span<float> dA, Span<float> dB)
        => DotBackwardFromOutputs<float>(a, b, seed, dA, dB);

    /// <inheritdoc cref="DotBackwardFromOutputsOverwrite{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dot), Derivatives.ReverseFromOutputs | Derivatives.Overwrite)]
    public static void DotBackwardFromOutputsOverwrite(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double seed, Span<double> dA, Span<double> dB)
        => DotBackwardFromOutputsOverwrite<double>(a, b, seed, dA, dB);

    /// <inheritdoc cref="DotBackwardFromOutputsOverwrite{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dot), Derivatives.ReverseFromOutputs | Derivatives.Overwrite)]
    public static void DotBackwardFromOutputsOverwrite(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float seed, Span<float> dA, Span<float> dB)
        => DotBackwardFromOutputsOverwrite<float>(a, b, seed, dA, dB);

    /// <inheritdoc cref="DotTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, out T)"/>
    [DerivativeOf(nameof(Dot), Derivatives.Forward)]
    public static double DotTangent(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> dA, ReadOnlySpan<double> dB, out double dResult)
        => DotTangent<double>(a, b, dA, dB, out dResult);

    /// <inheritdoc cref="DotTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, out T)"/>
    [DerivativeOf(nameof(Dot), Derivatives.Forward)]
    public static float DotTangent(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> dA, ReadOnlySpan<float> dB, out float dResult)
        => DotTangent<float>(a, b, dA, dB, out dResult);

    /// <inheritdoc cref="DotBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T}, out T)"/>
    [DerivativeOf(nameof(Dot), Derivatives.Hessian)]
    public static double DotBackwardTangent(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double seed, Span<double> dA, Span<double> dB,
        ReadOnlySpan<double> vA, ReadOnlySpan<double> vB, double vSeed, Span<double> hvA, Span<double> hvB, out double vResult)
        => DotBackwardTangent<double>(a, b, seed, dA, dB, vA, vB, vSeed, hvA, hvB, out vResult);

    /// <inheritdoc cref="DotBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T}, out T)"/>
    [DerivativeOf(nameof(Dot), Derivatives.Hessian)]
    public static float DotBackwardTangent(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float seed, Span<float> dA, Span<float> dB,
        ReadOnlySpan<float> vA, ReadOnlySpan<float> vB, float vSeed, Span<float> hvA, Span<float> hvB, out float vResult)
        => DotBackwardTangent<float>(a, b, seed, dA, dB, vA, vB, vSeed, hvA, hvB, out vResult);

    // Short vectors as a plain loop (LoopKernels), medium ones in one vector loop without TensorPrimitives' dispatch
    // (MediumVectors), long ones through TensorPrimitives; length mismatches reach TensorPrimitives, which throws.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T DotOf<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : IFloatingPointIeee754<T>
        => a.Length >= LoopKernels.ShortBelow && a.Length == b.Length && MediumVectors.Takes<T>(a.Length) ? MediumVectors.Dot(a, b) : LoopKernels.Dot(a, b);

    // y += s · x, chosen as DotOf is.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled<T>(ReadOnlySpan<T> x, T s, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        if (x.Length >= LoopKernels.ShortBelow && x.Length == y.Length && MediumVectors.Takes<T>(x.Length)) MediumVectors.AddScaled(x, s, y);
        else LoopKernels.MultiplyAdd(x, s, y, y);
    }

    // dA += seed · b and dB += seed · a; for a squared norm (Dot(v, v), one adjoint span passed twice) one pass adding
    // 2 · seed · v.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaledPair<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, T seed, Span<T> dA, Span<T> dB) where T : IFloatingPointIeee754<T>
    {
        if (!dA.IsEmpty && dA.Length == dB.Length && a.Length == b.Length
            && Unsafe.AreSame(ref MemoryMarshal.GetReference(dA), ref MemoryMarshal.GetReference(dB))
            && Unsafe.AreSame(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b)))
        {
            AddScaled(a, seed + seed, dA);
            return;
        }
        if (!dA.IsEmpty) AddScaled(b, seed, dA);
        if (!dB.IsEmpty) AddScaled(a, seed, dB);
    }
}
