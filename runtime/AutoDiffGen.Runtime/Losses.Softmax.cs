using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Losses
{
    /// <summary>
    /// Computes <c>y = softmax(x)</c>, <c>yᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m)</c> with <c>m = max x</c>, so logits of ±1000 stay finite
    /// (unlike <c>TensorPrimitives.SoftMax</c>, which does not subtract the maximum).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input scores.</param>
    /// <param name="y">Receives the probabilities; same length as <paramref name="x"/>, must not overlap it.</param>
    public static void Softmax<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        if (x.IsEmpty) return;
        T sum = SumExpShifted(x, out T max);
        y.Clear();
        AddScaledExpShifted(x, max, T.One / sum, y);
    }

    /// <summary>
    /// Pullback of <see cref="Softmax{T}(ReadOnlySpan{T}, Span{T})"/>: writes <c>y</c> and adds
    /// <c>yᵢ · (dYᵢ − Σⱼ dYⱼ yⱼ)</c> into <paramref name="dX"/> (skipped when empty). A probability that is exactly 0
    /// (an underflowed class) has zero partial derivatives: its term of the sum and its own adjoint are 0 even where
    /// dY is infinite.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input scores.</param>
    /// <param name="y">Receives the probabilities.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Softmax))]
    public static void SoftmaxBackward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
    {
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        Softmax(x, y);
        if (dX.IsEmpty || x.IsEmpty) return;
        Check.SameLength(x.Length, dX.Length, nameof(dX));
        T dot = T.Zero;
        for (int i = 0; i < x.Length; i++) dot += Adjoint.Times(dY[i], y[i]);
        for (int i = 0; i < x.Length; i++) dX[i] += Adjoint.Times(dY[i] - dot, y[i]);
    }

    /// <summary>
    /// Forward-mode derivative of <see cref="Softmax{T}(ReadOnlySpan{T}, Span{T})"/>: writes <c>y = softmax(x)</c> and
    /// <c>dY = y ⊙ (dX − Σⱼ yⱼ dXⱼ)</c> (the Jacobian diag(y) − y yᵀ times dX). An empty <paramref name="dX"/> is zero; an empty
    /// <paramref name="dY"/> is not written. A probability that is exactly 0 has a zero tangent.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input scores.</param>
    /// <param name="y">Receives the probabilities.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Softmax), Derivatives.Forward)]
    public static void SoftmaxTangent<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dX, Span<T> dY) where T : IFloatingPointIeee754<T>
    {
        Check.LengthOrEmpty(x.Length, dX.Length, nameof(dX));
        Check.LengthOrEmpty(x.Length, dY.Length, nameof(dY));
        Softmax(x, y);
        if (dY.IsEmpty) return;
        if (dX.IsEmpty)
        {
            dY.Clear();
            return;
        }
        SoftmaxJvp(y, dX, dY);
    }

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="SoftmaxBackward{T}(ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T})"/>,
    /// for Hessian-vector products. With <c>s = Σⱼ dYⱼ yⱼ</c>, the pullback adds <c>g = y ⊙ (dY − s)</c> into <paramref name="dX"/>;
    /// along (vX, vDY), <c>ẏ = y ⊙ (vX − Σⱼ yⱼ vXⱼ)</c> and <c>ṡ = Σⱼ (vDYⱼ yⱼ + dYⱼ ẏⱼ)</c>, so it adds
    /// <c>ġ = ẏ ⊙ (dY − s) + y ⊙ (vDY − ṡ)</c> into <paramref name="hvX"/> and writes <c>vY = ẏ</c>, besides what the pullback
    /// does (y, dX). Empty <paramref name="dX"/>, <paramref name="hvX"/>, <paramref name="vY"/> are skipped; empty
    /// <paramref name="vX"/>, <paramref name="vDY"/> are zeros.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input scores.</param>
    /// <param name="y">Receives the probabilities.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>, or empty for zero.</param>
    /// <param name="vDY">The tangent of <paramref name="dY"/>, or empty for zero.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>, or empty.</param>
    /// <param name="vY">Receives the tangent of <paramref name="y"/> along vX, or empty.</param>
    [DerivativeOf(nameof(Softmax), Derivatives.Hessian)]
    public static void SoftmaxBackwardTangent<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> vY) where T : IFloatingPointIeee754<T>
    {
        int n = x.Length;
        Check.LengthOrEmpty(n, vX.Length, nameof(vX));
        Check.LengthOrEmpty(n, vDY.Length, nameof(vDY));
        Check.LengthOrEmpty(n, hvX.Length, nameof(hvX));
        Check.LengthOrEmpty(n, vY.Length, nameof(vY));
        SoftmaxBackward(x, y, dY, dX);
        if ((hvX.IsEmpty && vY.IsEmpty) || n == 0) return;
        // ẏ goes to vY, or to scratch when only hvX is wanted.
        Span<T> scratch = vY.IsEmpty ? Scratch.RentUninitialized<T>(n) : default;
        try
        {
            Span<T> yDot = vY.IsEmpty ? scratch : vY;
            if (vX.IsEmpty) yDot.Clear();
            else SoftmaxJvp(y, vX, yDot);
            if (hvX.IsEmpty) return;
            using var zeros = new ZerosForEmpty<T>(ZerosForEmpty<T>.Needed(vDY, n));
            ReadOnlySpan<T> vdy = zeros.Or(vDY, n);
            T s = T.Zero, sDot = T.Zero;
            for (int i = 0; i < n; i++)
            {
                s += Adjoint.Times(dY[i], y[i]);
                sDot += Adjoint.Times(vdy[i], y[i]) + Adjoint.Times(dY[i], yDot[i]);
            }
            Rows.Run(new AddSoftmaxHvp<T>(s, sDot), yDot, dY, y, hvX, vdy, default);
        }
        finally
        {
            if (vY.IsEmpty) Scratch.ReturnUninitialized<T>(n);
        }
    }

    /// <inheritdoc cref="Softmax{T}(ReadOnlySpan{T}, Span{T})"/>
    public static void Softmax(ReadOnlySpan<double> x, Span<double> y) => Softmax<double>(x, y);

    /// <inheritdoc cref="Softmax{T}(ReadOnlySpan{T}, Span{T})"/>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y) => Softmax<float>(x, y);

    /// <inheritdoc cref="SoftmaxBackward{T}(ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(Softmax))]
    public static void SoftmaxBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX) => SoftmaxBackward<double>(x, y, dY, dX);

    /// <inheritdoc cref="SoftmaxBackward{T}(ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(Softmax))]
    public static void SoftmaxBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX) => SoftmaxBackward<float>(x, y, dY, dX);

    /// <inheritdoc cref="SoftmaxTangent{T}(ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(Softmax), Derivatives.Forward)]
    public static void SoftmaxTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dX, Span<double> dY) => SoftmaxTangent<double>(x, y, dX, dY);

    /// <inheritdoc cref="SoftmaxTangent{T}(ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(Softmax), Derivatives.Forward)]
    public static void SoftmaxTangent(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dX, Span<float> dY) => SoftmaxTangent<float>(x, y, dX, dY);

    /// <inheritdoc cref="SoftmaxBackwardTangent{T}(ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Softmax), Derivatives.Hessian)]
    public static void SoftmaxBackwardTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX,
        ReadOnlySpan<double> vX, ReadOnlySpan<double> vDY, Span<double> hvX, Span<double> vY) => SoftmaxBackwardTangent<double>(x, y, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="SoftmaxBackwardTangent{T}(ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Softmax), Derivatives.Hessian)]
    public static void SoftmaxBackwardTangent(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX,
        ReadOnlySpan<float> vX, ReadOnlySpan<float> vDY, Span<float> hvX, Span<float> vY) => SoftmaxBackwardTangent<float>(x, y, dY, dX, vX, vDY, hvX, vY);

    // out = y ⊙ (t − Σⱼ yⱼ tⱼ): the softmax Jacobian times a tangent t (zero where y is 0).
    private static void SoftmaxJvp<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> t, Span<T> output) where T : IFloatingPointIeee754<T>
    {
        T mean = T.Zero;
        for (int i = 0; i < y.Length; i++) mean += Adjoint.Times(t[i], y[i]);
        Rows.Run(new CenteredTimes<T>(mean), t, y, default, output, default, default);
    }

    // out = (a − mean) · b, 0 where b is 0.
    private readonly struct CenteredTimes<T>(T mean) : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
            => TV.Store(Adjoint.AddTimes<TV, T, TD>(TV.Zero, TV.Load(ref r.A, j) - TV.Create(mean), TV.Load(ref r.B, j)), ref r.Out, j);
    }

    // out += ẏ ⊙ (dY − s) + y ⊙ (vDY − ṡ) with ẏ = a, dY = b, y = c, vDY = d.
    private readonly struct AddSoftmaxHvp<T>(T s, T sDot) : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
        {
            TV acc = Adjoint.AddTimes<TV, T, TD>(TV.Load(ref r.Out, j), TV.Load(ref r.B, j) - TV.Create(s), TV.Load(ref r.A, j));
            TV.Store(Adjoint.AddTimes<TV, T, TD>(acc, TV.Load(ref r.D, j) - TV.Create(sDot), TV.Load(ref r.C, j)), ref r.Out, j);
        }
    }
}
