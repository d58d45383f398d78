using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Internal;

/// <summary>
/// Forward mode and forward over reverse for an <see cref="IElementwiseOp"/>, the kernels behind every activation's
/// <c>{Name}Tangent</c> and <c>{Name}BackwardTangent</c>:
/// <list type="bullet">
/// <item><description>tangent: <c>y = f(x)</c>, <c>ẏ = f′(x)·ẋ</c>;</description></item>
/// <item><description>the forward derivative of the pullback <c>dX += dY·f′(x)</c> along (vX, vDY):
/// <c>hvX += vDY·f′(x) + dY·f″(x)·vX</c>, with the pullback itself and <c>vY = f′(x)·vX</c> in the same pass.</description></item>
/// </list>
/// A product with a factor f′ or f″ that is exactly 0 contributes exactly 0 (as in the pullbacks, <see cref="Adjoint"/>).
/// An empty input tangent stands for zeros and an empty output is not written, as generated code passes them.
/// </summary>
internal static class ElementwiseTangents
{
    /// <summary>Returns <c>f(x)</c> and sets <paramref name="dResult"/> = <c>f′(x)·dX</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Tangent<T, TOp>(TOp op, T x, T dX, out T dResult) where T : IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
    {
        double y = op.Value(double.CreateTruncating(x), out double derivative);
        dResult = Adjoint.Times(dX, T.CreateTruncating(derivative));
        return T.CreateTruncating(y);
    }

    /// <summary>
    /// Returns <c>f(x)</c>, adds <c>seed·f′(x)</c> into <paramref name="dX"/> (exactly as <see cref="Scalar.Backward{T, TOp}"/>),
    /// <c>vSeed·f′(x) + seed·f″(x)·vX</c> into <paramref name="hvX"/>, and sets <paramref name="vResult"/> = <c>f′(x)·vX</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T BackwardTangent<T, TOp>(TOp op, T x, T seed, ref T dX, T vX, T vSeed, ref T hvX, out T vResult)
        where T : IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
    {
        double y = op.Value(double.CreateTruncating(x), out double derivative, out double second);
        T d = T.CreateTruncating(derivative), d2 = T.CreateTruncating(second);
        dX += Adjoint.Times(seed, d);
        hvX += Adjoint.Times(vSeed, d) + Adjoint.Times(seed * vX, d2);
        vResult = Adjoint.Times(vX, d);
        return T.CreateTruncating(y);
    }

    /// <summary>Writes <c>y = f(x)</c> and, unless <paramref name="dY"/> is empty, <c>dY = f′(x) ⊙ dX</c> (zeros for an empty dX).</summary>
    public static void Tangent<T, TOp>(TOp op, ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dX, Span<T> dY)
        where T : IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        Check.LengthOrEmpty(x.Length, dX.Length, nameof(dX));
        Check.LengthOrEmpty(x.Length, dY.Length, nameof(dY));
        if (dY.IsEmpty || dX.IsEmpty)
        {
            Elementwise.Forward(op, x, y);
            dY.Clear();
            return;
        }
        if (typeof(T) == typeof(double)) TangentNative(op, Spans.As<T, double>(x), Spans.As<T, double>(y), Spans.As<T, double>(dX), Spans.As<T, double>(dY));
        else if (typeof(T) == typeof(float)) TangentNative(op, Spans.As<T, float>(x), Spans.As<T, float>(y), Spans.As<T, float>(dX), Spans.As<T, float>(dY));
        else
        {
            for (int i = 0; i < x.Length; i++)
            {
                y[i] = Tangent(op, x[i], dX[i], out T d);
                dY[i] = d;
            }
        }
    }

    /// <summary>
    /// Writes <c>y = f(x)</c>; adds <c>dY ⊙ f′(x)</c> into <paramref name="dX"/> and <c>vDY ⊙ f′(x) + dY ⊙ f″(x) ⊙ vX</c> into
    /// <paramref name="hvX"/>; writes <c>vY = f′(x) ⊙ vX</c>. Empty dX, hvX, vY are skipped; empty vX, vDY are zeros.
    /// </summary>
    public static void BackwardTangent<T, TOp>(TOp op, ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> vY)
        where T : IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
    {
        int n = x.Length;
        Check.SameLength(n, y.Length, nameof(y));
        Check.SameLength(n, dY.Length, nameof(dY));
        Check.LengthOrEmpty(n, dX.Length, nameof(dX));
        Check.LengthOrEmpty(n, vX.Length, nameof(vX));
        Check.LengthOrEmpty(n, vDY.Length, nameof(vDY));
        Check.LengthOrEmpty(n, hvX.Length, nameof(hvX));
        Check.LengthOrEmpty(n, vY.Length, nameof(vY));
        var needs = new Needs(!dX.IsEmpty, !vX.IsEmpty, !vDY.IsEmpty, !hvX.IsEmpty, !vY.IsEmpty);
        if (typeof(T) == typeof(double))
        {
            BackwardTangentNative(op, Spans.As<T, double>(x), Spans.As<T, double>(y), Spans.As<T, double>(dY), Spans.As<T, double>(dX),
                Spans.As<T, double>(vX), Spans.As<T, double>(vDY), Spans.As<T, double>(hvX), Spans.As<T, double>(vY), needs);
        }
        else if (typeof(T) == typeof(float))
        {
            BackwardTangentNative(op, Spans.As<T, float>(x), Spans.As<T, float>(y), Spans.As<T, float>(dY), Spans.As<T, float>(dX),
                Spans.As<T, float>(vX), Spans.As<T, float>(vDY), Spans.As<T, float>(hvX), Spans.As<T, float>(vY), needs);
        }
        else
        {
            for (int i = 0; i < n; i++) BackwardTangentAt(op, x, y, dY, dX, vX, vDY, hvX, vY, needs, i);
        }
    }

    /// <summary>Which optional spans a call passed: the kernels test these flags, which stay the same for the whole loop.</summary>
    private readonly record struct Needs(bool DX, bool VX, bool VDY, bool HvX, bool VY);

    private static void TangentNative<T, TOp>(TOp op, ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dX, Span<T> dY)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated) i = TangentVector<T, TOp, V512<T>, V512<double>>(op, x, y, dX, dY);
        else if (Vector256.IsHardwareAccelerated) i = TangentVector<T, TOp, V256<T>, V256<double>>(op, x, y, dX, dY);
        for (; i < x.Length; i++)
        {
            y[i] = Tangent(op, x[i], dX[i], out T d);
            dY[i] = d;
        }
    }

    // The vector loops return how far they got; the callers finish with scalars.
    private static int TangentVector<T, TOp, TV, TD>(TOp op, ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dX, Span<T> dY)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
        where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T ry = ref MemoryMarshal.GetReference(y);
        ref T rdx = ref MemoryMarshal.GetReference(dX);
        ref T rdy = ref MemoryMarshal.GetReference(dY);
        int i = 0;
        for (; i <= x.Length - TV.Count; i += TV.Count)
        {
            nuint at = (nuint)i;
            TV v = op.Value<TV, T, TD>(TV.Load(ref rx, at), out TV d);
            TV tangent = Adjoint.AddTimes<TV, T, TD>(TV.Zero, TV.Load(ref rdx, at), d);
            TV.Store(v, ref ry, at);
            TV.Store(tangent, ref rdy, at);
        }
        return i;
    }

    private static void BackwardTangentNative<T, TOp>(TOp op, ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> vY, Needs needs)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated) i = BackwardTangentVector<T, TOp, V512<T>, V512<double>>(op, x, y, dY, dX, vX, vDY, hvX, vY, needs);
        else if (Vector256.IsHardwareAccelerated) i = BackwardTangentVector<T, TOp, V256<T>, V256<double>>(op, x, y, dY, dX, vX, vDY, hvX, vY, needs);
        for (; i < x.Length; i++) BackwardTangentAt(op, x, y, dY, dX, vX, vDY, hvX, vY, needs, i);
    }

    private static void BackwardTangentAt<T, TOp>(TOp op, ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> vY, Needs needs, int i)
        where T : IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
    {
        T dXi = needs.DX ? dX[i] : T.Zero, hvXi = needs.HvX ? hvX[i] : T.Zero;
        y[i] = BackwardTangent(op, x[i], dY[i], ref dXi, needs.VX ? vX[i] : T.Zero, needs.VDY ? vDY[i] : T.Zero, ref hvXi, out T vYi);
        if (needs.DX) dX[i] = dXi;
        if (needs.HvX) hvX[i] = hvXi;
        if (needs.VY) vY[i] = vYi;
    }

    private static int BackwardTangentVector<T, TOp, TV, TD>(TOp op, ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> vY, Needs needs)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IElementwiseOp
        where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T ry = ref MemoryMarshal.GetReference(y);
        ref T rdy = ref MemoryMarshal.GetReference(dY);
        ref T rdx = ref MemoryMarshal.GetReference(dX);
        ref T rvx = ref MemoryMarshal.GetReference(vX);
        ref T rvdy = ref MemoryMarshal.GetReference(vDY);
        ref T rhvx = ref MemoryMarshal.GetReference(hvX);
        ref T rvy = ref MemoryMarshal.GetReference(vY);
        int i = 0;
        for (; i <= x.Length - TV.Count; i += TV.Count)
        {
            nuint at = (nuint)i;
            TV v = op.Value<TV, T, TD>(TV.Load(ref rx, at), out TV d, out TV d2);
            TV dy = TV.Load(ref rdy, at);
            TV vx = needs.VX ? TV.Load(ref rvx, at) : TV.Zero;
            if (needs.DX) TV.Store(Adjoint.AddTimes<TV, T, TD>(TV.Load(ref rdx, at), dy, d), ref rdx, at);
            if (needs.HvX)
            {
                TV hv = TV.Load(ref rhvx, at);
                if (needs.VDY) hv = Adjoint.AddTimes<TV, T, TD>(hv, TV.Load(ref rvdy, at), d);
                if (needs.VX) hv = Adjoint.AddTimes<TV, T, TD>(hv, dy * vx, d2);
                TV.Store(hv, ref rhvx, at);
            }
            if (needs.VY) TV.Store(Adjoint.AddTimes<TV, T, TD>(TV.Zero, vx, d), ref rvy, at);
            TV.Store(v, ref ry, at);
        }
        return i;
    }
}
