using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Internal;

/// <summary>
/// An elementwise function with its derivative: in double for scalars (float and other IEEE types are computed through
/// double and rounded once), and on SIMD vectors of double or float lanes of any width. Implementations are structs, so
/// the JIT specializes and inlines the span kernels for each one.
/// </summary>
internal interface IElementwiseOp
{
    /// <summary><c>f(x)</c>.</summary>
    double Value(double x);

    /// <summary><c>f(x)</c>, with <c>f′(x)</c> in <paramref name="derivative"/>.</summary>
    double Value(double x, out double derivative);

    /// <summary><c>f(x)</c> lane-wise.</summary>
    TV Value<TV, T, TD>(TV x) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>;

    /// <summary><c>f(x)</c> and <c>f′(x)</c> lane-wise.</summary>
    TV Value<TV, T, TD>(TV x, out TV derivative) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>;

    /// <summary>
    /// <c>f(x)</c>, <c>f′(x)</c> (bit for bit what <see cref="Value(double, out double)"/> gives, so a Hessian-vector product's
    /// gradient is the gradient's) and <c>f″(x)</c>, for forward over reverse.
    /// </summary>
    double Value(double x, out double derivative, out double second);

    /// <summary><c>f(x)</c>, <c>f′(x)</c> and <c>f″(x)</c> lane-wise, the first two as <see cref="Value{TV, T, TD}(TV, out TV)"/> gives them.</summary>
    TV Value<TV, T, TD>(TV x, out TV derivative, out TV second) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>;
}

/// <summary>
/// How an adjoint meets a partial derivative in every runtime pullback: <c>adjoint · partial</c>, except that a partial that
/// is exactly 0 (the branch not taken by a selection such as ReLU's, or a derivative that underflows) contributes exactly
/// 0, even when the adjoint is ±∞ or NaN. IEEE arithmetic would give ∞ · 0 = NaN there; PyTorch's ReLU and clamp
/// backward select (<c>where</c>) for the same reason.
/// </summary>
internal static class Adjoint
{
    /// <summary><c>partial == 0 ? 0 : adjoint · partial</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Times<T>(T adjoint, T partial) where T : IFloatingPointIeee754<T>
        => partial == T.Zero ? T.Zero : adjoint * partial;

    /// <summary><c>accumulator + adjoint · partial</c> lane-wise (one FMA), leaving the lanes whose partial is 0 unchanged.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV AddTimes<TV, T, TD>(TV accumulator, TV adjoint, TV partial)
        where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => TV.SelectEqual(partial, TV.Zero, accumulator, TV.MulAdd(adjoint, partial, accumulator));
}

/// <summary>Reinterprets spans of <c>T</c> as spans of the type <c>T</c> is known to be (a <c>typeof</c> test precedes every call).</summary>
internal static class Spans
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<TTo> As<TFrom, TTo>(ReadOnlySpan<TFrom> span)
        => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TFrom, TTo>(ref MemoryMarshal.GetReference(span)), span.Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<TTo> As<TFrom, TTo>(Span<TFrom> span)
        => MemoryMarshal.CreateSpan(ref Unsafe.As<TFrom, TTo>(ref MemoryMarshal.GetReference(span)), span.Length);

    /// <summary>The element type's kernels run natively for double and float; other IEEE types go through double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNative<T>() => typeof(T) == typeof(double) || typeof(T) == typeof(float);
}

/// <summary>Scalar forms of an <see cref="IElementwiseOp"/> for any IEEE type: evaluated in double, rounded once to <c>T</c>.</summary>
internal static class Scalar
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Value<T, TOp>(TOp op, T x) where T : IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
        => T.CreateTruncating(op.Value(double.CreateTruncating(x)));

    /// <summary>Returns <c>f(x)</c> and adds <c>seed · f′(x)</c> into <paramref name="dX"/> (nothing where f′(x) = 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Backward<T, TOp>(TOp op, T x, T seed, ref T dX) where T : IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
    {
        double y = op.Value(double.CreateTruncating(x), out double derivative);
        dX += Adjoint.Times(seed, T.CreateTruncating(derivative));
        return T.CreateTruncating(y);
    }
}

/// <summary>
/// Span kernels for <see cref="IElementwiseOp"/>: 512-bit vectors where the CPU has AVX-512, 256-bit ones otherwise, a
/// scalar tail; in-place safe (<c>y</c> may be <c>x</c>). The pullback is one fused pass: it reads x, dY and dX once and
/// writes y and dX once.
/// </summary>
internal static class Elementwise
{
    public static void Forward<T, TOp>(TOp op, ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        if (typeof(T) == typeof(double)) ForwardNative(op, Spans.As<T, double>(x), Spans.As<T, double>(y));
        else if (typeof(T) == typeof(float)) ForwardNative(op, Spans.As<T, float>(x), Spans.As<T, float>(y));
        else
        {
            for (int i = 0; i < x.Length; i++) y[i] = Scalar.Value(op, x[i]);
        }
    }

    /// <summary>Writes <c>y = f(x)</c> and, unless <paramref name="dX"/> is empty, adds <c>dY ⊙ f′(x)</c> into it (nothing where f′ = 0).</summary>
    public static void Backward<T, TOp>(TOp op, ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX)
        where T : IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        if (dX.IsEmpty)
        {
            Forward(op, x, y);
            return;
        }
        Check.SameLength(x.Length, dX.Length, nameof(dX));
        if (typeof(T) == typeof(double)) BackwardNative(op, Spans.As<T, double>(x), Spans.As<T, double>(y), Spans.As<T, double>(dY), Spans.As<T, double>(dX));
        else if (typeof(T) == typeof(float)) BackwardNative(op, Spans.As<T, float>(x), Spans.As<T, float>(y), Spans.As<T, float>(dY), Spans.As<T, float>(dX));
        else
        {
            for (int i = 0; i < x.Length; i++)
            {
                T dXi = dX[i];
                y[i] = Scalar.Backward(op, x[i], dY[i], ref dXi);
                dX[i] = dXi;
            }
        }
    }

    private static void ForwardNative<T, TOp>(TOp op, ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated) i = ForwardVector<T, TOp, V512<T>, V512<double>>(op, x, y);
        else if (Vector256.IsHardwareAccelerated) i = ForwardVector<T, TOp, V256<T>, V256<double>>(op, x, y);
        for (; i < x.Length; i++) y[i] = Scalar.Value(op, x[i]);
    }

    private static void BackwardNative<T, TOp>(TOp op, ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated) i = BackwardVector<T, TOp, V512<T>, V512<double>>(op, x, y, dY, dX);
        else if (Vector256.IsHardwareAccelerated) i = BackwardVector<T, TOp, V256<T>, V256<double>>(op, x, y, dY, dX);
        for (; i < x.Length; i++)
        {
            T dXi = dX[i];
            y[i] = Scalar.Backward(op, x[i], dY[i], ref dXi);
            dX[i] = dXi;
        }
    }

    // The vector loops return how far they got; the callers finish with scalars. They are never inlined: as an inline
    // root of their own each gets the JIT's whole inlining budget for the op's math. Inlined into a public entry point,
    // the budget ran out at VMath's exp, which then stayed an out-of-line call with the vector passed through memory
    // (seen in the JIT's disassembly: a lone Tanh forward at 37× its normal time, the pullback at 2× the forward).
    // Two vectors per iteration: the transcendental ops are long chains of dependent instructions (exp's polynomial), and
    // two independent ones side by side in program order keep the FMA units busy where the out-of-order window alone,
    // one vector per iteration, left them idle part of the time.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ForwardVector<T, TOp, TV, TD>(TOp op, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
        where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T ry = ref MemoryMarshal.GetReference(y);
        int i = 0;
        for (; i <= x.Length - 2 * TV.Count; i += 2 * TV.Count)
        {
            nuint at = (nuint)i, next = (nuint)(i + TV.Count);
            TV v0 = op.Value<TV, T, TD>(TV.Load(ref rx, at)), v1 = op.Value<TV, T, TD>(TV.Load(ref rx, next));
            TV.Store(v0, ref ry, at);
            TV.Store(v1, ref ry, next);
        }
        for (; i <= x.Length - TV.Count; i += TV.Count)
            TV.Store(op.Value<TV, T, TD>(TV.Load(ref rx, (nuint)i)), ref ry, (nuint)i);
        return i;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int BackwardVector<T, TOp, TV, TD>(TOp op, ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
        where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T ry = ref MemoryMarshal.GetReference(y);
        ref T rdy = ref MemoryMarshal.GetReference(dY);
        ref T rdx = ref MemoryMarshal.GetReference(dX);
        int i = 0;
        for (; i <= x.Length - 2 * TV.Count; i += 2 * TV.Count)
        {
            nuint at = (nuint)i, next = (nuint)(i + TV.Count);
            TV v0 = op.Value<TV, T, TD>(TV.Load(ref rx, at), out TV d0);
            TV v1 = op.Value<TV, T, TD>(TV.Load(ref rx, next), out TV d1);
            TV g0 = Adjoint.AddTimes<TV, T, TD>(TV.Load(ref rdx, at), TV.Load(ref rdy, at), d0);
            TV g1 = Adjoint.AddTimes<TV, T, TD>(TV.Load(ref rdx, next), TV.Load(ref rdy, next), d1);
            TV.Store(v0, ref ry, at);
            TV.Store(g0, ref rdx, at);
            TV.Store(v1, ref ry, next);
            TV.Store(g1, ref rdx, next);
        }
        for (; i <= x.Length - TV.Count; i += TV.Count)
        {
            nuint at = (nuint)i;
            TV v = op.Value<TV, T, TD>(TV.Load(ref rx, at), out TV d);
            TV g = Adjoint.AddTimes<TV, T, TD>(TV.Load(ref rdx, at), TV.Load(ref rdy, at), d);
            TV.Store(v, ref ry, at);
            TV.Store(g, ref rdx, at);
        }
        return i;
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
