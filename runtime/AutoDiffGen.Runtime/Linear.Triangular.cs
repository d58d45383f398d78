using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Linear
{
    /// <summary>
    /// Computes <c>y = Q x</c> for a lower-triangular <c>Q</c> given as its diagonal and its packed strict lower triangle:
    /// <c>y[j] = diagonal[j] · x[j] + Σ_{i &lt; j} Q[j, i] · x[i]</c>, with <c>n = x.Length</c> and entry <c>Q[j, i]</c>
    /// (<c>j &gt; i</c>) at <c>strictLower[i (2n − i − 1) / 2 + j − i − 1]</c> (column by column, as ADBench's GMM stores the
    /// inverse Cholesky factor of a covariance). Runs column by column: <c>y[i+1..n) += x[i] · (column i)</c>, vectorized.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="diagonal">The diagonal of Q, <c>n</c> elements.</param>
    /// <param name="strictLower">The strict lower triangle of Q, column by column, <c>n (n − 1) / 2</c> elements.</param>
    /// <param name="x">The vector, <c>n</c> elements.</param>
    /// <param name="y">Receives <c>Q x</c>, <c>n</c> elements; must not overlap the inputs.</param>
    /// <exception cref="ArgumentException">A length does not match <c>n</c>.</exception>
    public static void TriangularMultiply<T>(ReadOnlySpan<T> diagonal, ReadOnlySpan<T> strictLower, ReadOnlySpan<T> x, Span<T> y)
        where T : IFloatingPointIeee754<T>
    {
        CheckTriangular(diagonal, strictLower, x, y.Length);
        TriangularForward(diagonal, strictLower, x, y);
    }

    /// <summary>
    /// Pullback of <see cref="TriangularMultiply{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>: writes
    /// <c>y = Q x</c> and adds <c>dDiagonal[j] += dY[j] · x[j]</c>, <c>dStrictLower[Q[j, i]] += dY[j] · x[i]</c> and
    /// <c>dX += Qᵀ dY</c>. Empty adjoints are skipped.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="diagonal">The diagonal of Q.</param>
    /// <param name="strictLower">The strict lower triangle of Q, column by column.</param>
    /// <param name="x">The vector.</param>
    /// <param name="y">Receives <c>Q x</c>.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dDiagonal">Accumulates the adjoint of <paramref name="diagonal"/>, or empty.</param>
    /// <param name="dStrictLower">Accumulates the adjoint of <paramref name="strictLower"/>, or empty.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    [DerivativeOf(nameof(TriangularMultiply))]
    public static void TriangularMultiplyBackward<T>(ReadOnlySpan<T> diagonal, ReadOnlySpan<T> strictLower, ReadOnlySpan<T> x, Span<T> y,
        ReadOnlySpan<T> dY, Span<T> dDiagonal, Span<T> dStrictLower, Span<T> dX) where T : IFloatingPointIeee754<T>
    {
        CheckTriangular(diagonal, strictLower, x, y.Length);
        CheckTriangularAdjoints(x.Length, dY, dDiagonal, dStrictLower, dX);
        TriangularForward(diagonal, strictLower, x, y);
        TriangularBackward(diagonal, strictLower, x, dY, dDiagonal, dStrictLower, dX);
    }

    /// <summary>
    /// Pullback of <see cref="TriangularMultiply{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/> for a
    /// caller that has <c>y</c> already: adds <c>dDiagonal[j] += dY[j] · x[j]</c>, <c>dStrictLower[Q[j, i]] += dY[j] · x[i]</c>
    /// and <c>dX += Qᵀ dY</c> without computing the product again (each column of the triangle is read once, for both).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="diagonal">The diagonal of Q.</param>
    /// <param name="strictLower">The strict lower triangle of Q, column by column.</param>
    /// <param name="x">The vector.</param>
    /// <param name="y">The product (only its length is read).</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dDiagonal">Accumulates the adjoint of <paramref name="diagonal"/>, or empty.</param>
    /// <param name="dStrictLower">Accumulates the adjoint of <paramref name="strictLower"/>, or empty.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    [DerivativeOf(nameof(TriangularMultiply), Derivatives.ReverseFromOutputs)]
    public static void TriangularMultiplyBackwardFromOutputs<T>(ReadOnlySpan<T> diagonal, ReadOnlySpan<T> strictLower, ReadOnlySpan<T> x, ReadOnlySpan<T> y,
        ReadOnlySpan<T> dY, Span<T> dDiagonal, Span<T> dStrictLower, Span<T> dX) where T : IFloatingPointIeee754<T>
    {
        CheckTriangular(diagonal, strictLower, x, y.Length);
        CheckTriangularAdjoints(x.Length, dY, dDiagonal, dStrictLower, dX);
        TriangularBackward(diagonal, strictLower, x, dY, dDiagonal, dStrictLower, dX);
    }

    /// <summary>
    /// Forward-mode derivative of <see cref="TriangularMultiply{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>:
    /// writes <c>y = Q x</c> and <c>dY = dQ x + Q dX</c>, where dQ is the lower-triangular matrix of
    /// (<paramref name="dDiagonal"/>, <paramref name="dStrictLower"/>). Empty tangents are zero; an empty
    /// <paramref name="dY"/> is not written.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="diagonal">The diagonal of Q.</param>
    /// <param name="strictLower">The strict lower triangle of Q, column by column.</param>
    /// <param name="x">The vector.</param>
    /// <param name="y">Receives <c>Q x</c>.</param>
    /// <param name="dDiagonal">The tangent of <paramref name="diagonal"/>, or empty for zero.</param>
    /// <param name="dStrictLower">The tangent of <paramref name="strictLower"/>, or empty for zero.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(TriangularMultiply), Derivatives.Forward)]
    public static void TriangularMultiplyTangent<T>(ReadOnlySpan<T> diagonal, ReadOnlySpan<T> strictLower, ReadOnlySpan<T> x, Span<T> y,
        ReadOnlySpan<T> dDiagonal, ReadOnlySpan<T> dStrictLower, ReadOnlySpan<T> dX, Span<T> dY) where T : IFloatingPointIeee754<T>
    {
        CheckTriangular(diagonal, strictLower, x, y.Length);
        CheckTriangularTangents(x.Length, dDiagonal, dStrictLower, dX, dY, nameof(dDiagonal), nameof(dStrictLower), nameof(dX), nameof(dY));
        TriangularForward(diagonal, strictLower, x, y);
        TriangularTangent(diagonal, strictLower, x, dDiagonal, dStrictLower, dX, dY);
    }

    /// <summary>
    /// Forward-mode derivative of the pullback
    /// <see cref="TriangularMultiplyBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>,
    /// for Hessian-vector products. Besides what the pullback does, it adds the derivatives of its three updates along
    /// (vDiagonal, vStrictLower, vX, vDY): <c>hvDiagonal[j] += vDY[j] · x[j] + dY[j] · vX[j]</c>,
    /// <c>hvStrictLower[Q[j, i]] += vDY[j] · x[i] + dY[j] · vX[i]</c>, <c>hvX += Qᵀ vDY + vQᵀ dY</c>, and writes the tangent of
    /// y, <c>vY = vQ x + Q vX</c> (vQ the lower-triangular matrix of the direction). Empty adjoints, their tangents and vY
    /// are skipped; empty directions are zero.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="diagonal">The diagonal of Q.</param>
    /// <param name="strictLower">The strict lower triangle of Q, column by column.</param>
    /// <param name="x">The vector.</param>
    /// <param name="y">Receives <c>Q x</c>.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dDiagonal">Accumulates the adjoint of <paramref name="diagonal"/>, or empty.</param>
    /// <param name="dStrictLower">Accumulates the adjoint of <paramref name="strictLower"/>, or empty.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    /// <param name="vDiagonal">The direction's component along <paramref name="diagonal"/>, or empty for zero.</param>
    /// <param name="vStrictLower">The direction's component along <paramref name="strictLower"/>, or empty for zero.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>, or empty for zero.</param>
    /// <param name="vDY">The tangent of <paramref name="dY"/>, or empty for zero.</param>
    /// <param name="hvDiagonal">Accumulates the tangent of <paramref name="dDiagonal"/>, or empty.</param>
    /// <param name="hvStrictLower">Accumulates the tangent of <paramref name="dStrictLower"/>, or empty.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>, or empty.</param>
    /// <param name="vY">Receives the tangent of <paramref name="y"/>, or empty.</param>
    [DerivativeOf(nameof(TriangularMultiply), Derivatives.Hessian)]
    public static void TriangularMultiplyBackwardTangent<T>(ReadOnlySpan<T> diagonal, ReadOnlySpan<T> strictLower, ReadOnlySpan<T> x, Span<T> y,
        ReadOnlySpan<T> dY, Span<T> dDiagonal, Span<T> dStrictLower, Span<T> dX,
        ReadOnlySpan<T> vDiagonal, ReadOnlySpan<T> vStrictLower, ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY,
        Span<T> hvDiagonal, Span<T> hvStrictLower, Span<T> hvX, Span<T> vY) where T : IFloatingPointIeee754<T>
    {
        int n = x.Length;
        CheckTriangular(diagonal, strictLower, x, y.Length);
        CheckTriangularAdjoints(n, dY, dDiagonal, dStrictLower, dX);
        CheckTriangularTangents(n, vDiagonal, vStrictLower, vX, vY, nameof(vDiagonal), nameof(vStrictLower), nameof(vX), nameof(vY));
        CheckTriangularTangents(n, hvDiagonal, hvStrictLower, hvX, vDY, nameof(hvDiagonal), nameof(hvStrictLower), nameof(hvX), nameof(vDY));
        TriangularForward(diagonal, strictLower, x, y);
        TriangularBackward(diagonal, strictLower, x, dY, dDiagonal, dStrictLower, dX);
        // The pullback is bilinear in (Q, x) and dY: its tangent is the pullback of vDY at (Q, x), plus the parts of
        // the pullback of dY at the direction: dDiagonal and dStrictLower read x (→ vX), dX reads Q (→ vQ).
        if (!vDY.IsEmpty) TriangularBackward(diagonal, strictLower, x, vDY, hvDiagonal, hvStrictLower, hvX);
        if (!vX.IsEmpty) TriangularBackward(diagonal, strictLower, vX, dY, hvDiagonal, hvStrictLower, default);
        if (!hvX.IsEmpty && !(vDiagonal.IsEmpty && vStrictLower.IsEmpty))
            TriangularBackward(vDiagonal, vStrictLower, x, dY, default, default, hvX);
        TriangularTangent(diagonal, strictLower, x, vDiagonal, vStrictLower, vX, vY);
    }

    /// <inheritdoc cref="TriangularMultiply{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    public static void TriangularMultiply(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> strictLower, ReadOnlySpan<double> x, Span<double> y)
        => TriangularMultiply<double>(diagonal, strictLower, x, y);

    /// <inheritdoc cref="TriangularMultiply{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    public static void TriangularMultiply(ReadOnlySpan<float> diagonal, ReadOnlySpan<float> strictLower, ReadOnlySpan<float> x, Span<float> y)
        => TriangularMultiply<float>(diagonal, strictLower, x, y);

    /// <inheritdoc cref="TriangularMultiplyBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(TriangularMultiply))]
    public static void TriangularMultiplyBackward(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> strictLower, ReadOnlySpan<double> x, Span<double> y,
        ReadOnlySpan<double> dY, Span<double> dDiagonal, Span<double> dStrictLower, Span<double> dX)
        => TriangularMultiplyBackward<double>(diagonal, strictLower, x, y, dY, dDiagonal, dStrictLower, dX);

    /// <inheritdoc cref="TriangularMultiplyBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(TriangularMultiply))]
    public static void TriangularMultiplyBackward(ReadOnlySpan<float> diagonal, ReadOnlySpan<float> strictLower, ReadOnlySpan<float> x, Span<float> y,
        ReadOnlySpan<float> dY, Span<float> dDiagonal, Span<float> dStrictLower, Span<float> dX)
        => TriangularMultiplyBackward<float>(diagonal, strictLower, x, y, dY, dDiagonal, dStrictLower, dX);

    /// <inheritdoc cref="TriangularMultiplyBackwardFromOutputs{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(TriangularMultiply), Derivatives.ReverseFromOutputs)]
    public static void TriangularMultiplyBackwardFromOutputs(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> strictLower, ReadOnlySpan<double> x, ReadOnlySpan<double> y,
        ReadOnlySpan<double> dY, Span<double> dDiagonal, Span<double> dStrictLower, Span<double> dX)
        => TriangularMultiplyBackwardFromOutputs<double>(diagonal, strictLower, x, y, dY, dDiagonal, dStrictLower, dX);

    /// <inheritdoc cref="TriangularMultiplyBackwardFromOutputs{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(TriangularMultiply), Derivatives.ReverseFromOutputs)]
    public static void TriangularMultiplyBackwardFromOutputs(ReadOnlySpan<float> diagonal, ReadOnlySpan<float> strictLower, ReadOnlySpan<float> x, ReadOnlySpan<float> y,
        ReadOnlySpan<float> dY, Span<float> dDiagonal, Span<float> dStrictLower, Span<float> dX)
        => TriangularMultiplyBackwardFromOutputs<float>(diagonal, strictLower, x, y, dY, dDiagonal, dStrictLower, dX);

    /// <inheritdoc cref="TriangularMultiplyTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(TriangularMultiply), Derivatives.Forward)]
    public static void TriangularMultiplyTangent(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> strictLower, ReadOnlySpan<double> x, Span<double> y,
        ReadOnlySpan<double> dDiagonal, ReadOnlySpan<double> dStrictLower, ReadOnlySpan<double> dX, Span<double> dY)
        => TriangularMultiplyTangent<double>(diagonal, strictLower, x, y, dDiagonal, dStrictLower, dX, dY);

    /// <inheritdoc cref="TriangularMultiplyTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(TriangularMultiply), Derivatives.Forward)]
    public static void TriangularMultiplyTangent(ReadOnlySpan<float> diagonal, ReadOnlySpan<float> strictLower, ReadOnlySpan<float> x, Span<float> y,
        ReadOnlySpan<float> dDiagonal, ReadOnlySpan<float> dStrictLower, ReadOnlySpan<float> dX, Span<float> dY)
        => TriangularMultiplyTangent<float>(diagonal, strictLower, x, y, dDiagonal, dStrictLower, dX, dY);

    /// <inheritdoc cref="TriangularMultiplyBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(TriangularMultiply), Derivatives.Hessian)]
    public static void TriangularMultiplyBackwardTangent(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> strictLower, ReadOnlySpan<double> x, Span<double> y,
        ReadOnlySpan<double> dY, Span<double> dDiagonal, Span<double> dStrictLower, Span<double> dX,
        ReadOnlySpan<double> vDiagonal, ReadOnlySpan<double> vStrictLower, ReadOnlySpan<double> vX, ReadOnlySpan<double> vDY,
        Span<double> hvDiagonal, Span<double> hvStrictLower, Span<double> hvX, Span<double> vY)
        => TriangularMultiplyBackwardTangent<double>(diagonal, strictLower, x, y, dY, dDiagonal, dStrictLower, dX, vDiagonal, vStrictLower, vX, vDY, hvDiagonal, hvStrictLower, hvX, vY);

    /// <inheritdoc cref="TriangularMultiplyBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(TriangularMultiply), Derivatives.Hessian)]
    public static void TriangularMultiplyBackwardTangent(ReadOnlySpan<float> diagonal, ReadOnlySpan<float> strictLower, ReadOnlySpan<float> x, Span<float> y,
        ReadOnlySpan<float> dY, Span<float> dDiagonal, Span<float> dStrictLower, Span<float> dX,
        ReadOnlySpan<float> vDiagonal, ReadOnlySpan<float> vStrictLower, ReadOnlySpan<float> vX, ReadOnlySpan<float> vDY,
        Span<float> hvDiagonal, Span<float> hvStrictLower, Span<float> hvX, Span<float> vY)
        => TriangularMultiplyBackwardTangent<float>(diagonal, strictLower, x, y, dY, dDiagonal, dStrictLower, dX, vDiagonal, vStrictLower, vX, vDY, hvDiagonal, hvStrictLower, hvX, vY);

    // The checks run on every call, often on short vectors: the test inline, the message out of line.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckTriangular<T>(ReadOnlySpan<T> diagonal, ReadOnlySpan<T> strictLower, ReadOnlySpan<T> x, int yLength)
    {
        int n = x.Length;
        if (diagonal.Length != n || strictLower.Length != StrictLowerLength(n) || yLength != n) ThrowTriangular(diagonal.Length, strictLower.Length, n, yLength);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTriangular(int diagonal, int strictLower, int n, int y)
    {
        if (diagonal != n) throw new ArgumentException($"diagonal has length {diagonal}; expected n = x.Length = {n}.", nameof(diagonal));
        if (strictLower != StrictLowerLength(n))
            throw new ArgumentException($"strictLower has length {strictLower}; expected n (n − 1) / 2 = {StrictLowerLength(n)} for n = {n}.", nameof(strictLower));
        throw new ArgumentException($"y has length {y}; expected n = {n}.", nameof(y));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckTriangularAdjoints<T>(int n, ReadOnlySpan<T> dY, ReadOnlySpan<T> dDiagonal, ReadOnlySpan<T> dStrictLower, ReadOnlySpan<T> dX)
    {
        CheckTriangularLength(dY.Length, n, emptyAllowed: false, nameof(dY));
        CheckTriangularTangents(n, dDiagonal, dStrictLower, dX, default, nameof(dDiagonal), nameof(dStrictLower), nameof(dX), "");
    }

    // Each span empty (zero, or not wanted) or of its length; the names are the calling method's parameters.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckTriangularTangents<T>(int n, ReadOnlySpan<T> diagonal, ReadOnlySpan<T> strictLower, ReadOnlySpan<T> x, ReadOnlySpan<T> y,
        string diagonalName, string strictLowerName, string xName, string yName)
    {
        CheckTriangularLength(diagonal.Length, n, emptyAllowed: true, diagonalName);
        CheckTriangularLength(strictLower.Length, StrictLowerLength(n), emptyAllowed: true, strictLowerName);
        CheckTriangularLength(x.Length, n, emptyAllowed: true, xName);
        CheckTriangularLength(y.Length, n, emptyAllowed: true, yName);
    }

    // n (n − 1) / 2 without overflowing int for n up to 65,536 (a span holds at most int.MaxValue elements).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long StrictLowerLength(int n) => (long)n * (n - 1) / 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckTriangularLength(int length, long expected, bool emptyAllowed, string name)
    {
        if (length != expected && !(emptyAllowed && length == 0)) ThrowTriangularLength(length, expected, emptyAllowed, name);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTriangularLength(int length, long expected, bool emptyAllowed, string name)
        => throw new ArgumentException($"{name} has length {length}; expected {expected}{(emptyAllowed ? " or empty" : "")}.", name);

    // y = Q x (lengths checked).
    private static void TriangularForward<T>(ReadOnlySpan<T> diagonal, ReadOnlySpan<T> strictLower, ReadOnlySpan<T> x, Span<T> y)
        where T : IFloatingPointIeee754<T>
        => TriangularColumns.MultiplyAdd(diagonal, strictLower, x, y, overwrite: true);

    // dDiagonal += dY ∘ x, dStrictLower[column i] += x[i] · dY[i+1..n), dX += Qᵀ dY; an empty adjoint is skipped, and for dX an
    // empty diagonal or strict lower triangle is zero (lengths checked).
    private static void TriangularBackward<T>(ReadOnlySpan<T> diagonal, ReadOnlySpan<T> strictLower, ReadOnlySpan<T> x, ReadOnlySpan<T> dY,
        Span<T> dDiagonal, Span<T> dStrictLower, Span<T> dX) where T : IFloatingPointIeee754<T>
        => TriangularColumns.Backward(diagonal, strictLower, x, dY, dDiagonal, dStrictLower, dX);

    // dY = dQ x + Q dX (empty tangents are zero; an empty dY is not written).
    private static void TriangularTangent<T>(ReadOnlySpan<T> diagonal, ReadOnlySpan<T> strictLower, ReadOnlySpan<T> x,
        ReadOnlySpan<T> dDiagonal, ReadOnlySpan<T> dStrictLower, ReadOnlySpan<T> dX, Span<T> dY) where T : IFloatingPointIeee754<T>
    {
        if (dY.IsEmpty) return;
        if (dX.IsEmpty) dY.Clear();
        else TriangularColumns.MultiplyAdd(diagonal, strictLower, dX, dY, overwrite: true);
        TriangularColumns.MultiplyAdd(dDiagonal, dStrictLower, x, dY, overwrite: false);
    }
}
