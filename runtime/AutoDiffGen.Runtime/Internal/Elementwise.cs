using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Internal;

/// <summary>
/// An elementwise function with its derivative, in scalar and 256-bit vector form. Implementations are structs so the
/// JIT specializes and inlines the span kernels for each one.
/// </summary>
internal interface IElementwiseOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary><c>f(x)</c>.</summary>
    T Value(T x);

    /// <summary><c>f(x)</c>, with <c>f′(x)</c> in <paramref name="derivative"/>.</summary>
    T Value(T x, out T derivative);

    /// <summary><c>f(x)</c> lane-wise.</summary>
    Vector256<T> Value(Vector256<T> x);

    /// <summary><c>f(x)</c> and <c>f′(x)</c> lane-wise.</summary>
    Vector256<T> Value(Vector256<T> x, out Vector256<T> derivative);
}

/// <summary>Span kernels for <see cref="IElementwiseOp{T}"/>: vector body, scalar tail, in-place safe (<c>y</c> may be <c>x</c>).</summary>
internal static class Elementwise
{
    public static void Forward<T, TOp>(TOp op, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp<T>
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        int i = 0;
        if (Simd.IsAccelerated)
        {
            for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
                Simd.Store(op.Value(Simd.Load(x, i)), y, i);
        }
        for (; i < x.Length; i++) y[i] = op.Value(x[i]);
    }

    /// <summary>Writes <c>y = f(x)</c> and, unless <paramref name="dX"/> is empty, adds <c>dY ⊙ f′(x)</c> into it.</summary>
    public static void Backward<T, TOp>(TOp op, ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp<T>
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        if (dX.IsEmpty)
        {
            Forward(op, x, y);
            return;
        }
        Check.SameLength(x.Length, dX.Length, nameof(dX));
        int i = 0;
        if (Simd.IsAccelerated)
        {
            for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                Vector256<T> v = op.Value(Simd.Load(x, i), out Vector256<T> d);
                Vector256<T> g = Simd.MulAdd(Simd.Load(dY, i), d, Simd.Load(dX, i));
                Simd.Store(v, y, i);
                Simd.Store(g, dX, i);
            }
        }
        for (; i < x.Length; i++)
        {
            T v = op.Value(x[i], out T d);
            dX[i] += dY[i] * d;
            y[i] = v;
        }
    }
}

/// <summary>Argument checks shared by the public entry points.</summary>
internal static class Check
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SameLength(int expected, int actual, string name)
    {
        if (expected != actual) Throw(expected, actual, name);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LengthOrEmpty(int expected, int actual, string name)
    {
        if (actual != 0 && expected != actual) Throw(expected, actual, name);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(int expected, int actual, string name)
        => throw new ArgumentException($"{name} has length {actual}; expected {expected}.", name);
}
