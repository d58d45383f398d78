using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ).</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    public static T Tanh<T>(T x) where T : IFloatingPointIeee754<T> => Scalar.Value(new TanhOp(), x);

    /// <summary>
    /// Pullback of <see cref="Tanh{T}(T)"/>: returns Tanh(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = 1 − tanh²(x). Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Tanh))]
    public static T TanhBackward<T>(T x, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new TanhOp(), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new TanhOp(), x, y);

    /// <summary>
    /// Pullback of <see cref="Tanh{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where f′(x) = 1 − tanh²(x). Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Tanh))]
    public static void TanhBackward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new TanhOp(), x, y, dY, dX);

    /// <inheritdoc cref="Tanh{T}(T)"/>
    public static double Tanh(double x) => Tanh<double>(x);

    /// <inheritdoc cref="Tanh{T}(T)"/>
    public static float Tanh(float x) => Tanh<float>(x);

    /// <inheritdoc cref="TanhBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Tanh))]
    public static double TanhBackward(double x, double seed, ref double dX) => TanhBackward<double>(x, seed, ref dX);

    /// <inheritdoc cref="TanhBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Tanh))]
    public static float TanhBackward(float x, float seed, ref float dX) => TanhBackward<float>(x, seed, ref dX);

    /// <inheritdoc cref="Tanh{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Tanh(ReadOnlySpan<double> x, Span<double> y) => Tanh<double>(x, y);

    /// <inheritdoc cref="Tanh{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => Tanh<float>(x, y);

    /// <inheritdoc cref="TanhBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Tanh))]
    public static void TanhBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX) => TanhBackward<double>(x, y, dY, dX);

    /// <inheritdoc cref="TanhBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Tanh))]
    public static void TanhBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX) => TanhBackward<float>(x, y, dY, dX);

    /// <summary>
    /// Forward-mode derivative of <see cref="Tanh{T}(T)"/>: returns Tanh(x) and sets <paramref name="dResult"/> =
    /// <c>f′(x) · dX</c>, where f′(x) = 1 − tanh²(x). The tangent is exactly 0 where f′(x) = 0, even for an infinite or NaN dX.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Receives the tangent of the result.</param>
    [DerivativeOf(nameof(Tanh), Derivatives.Forward)]
    public static T TanhTangent<T>(T x, T dX, out T dResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new TanhOp(), x, dX, out dResult);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="TanhBackward{T}(T,T,ref T)"/>, for Hessian-vector products:
    /// returns Tanh(x), adds <c>seed · f′(x)</c> into <paramref name="dX"/> as the pullback does, adds its derivative along
    /// (vX, vSeed), <c>vSeed · f′(x) + seed · f″(x) · vX</c>, into <paramref name="hvX"/>, and sets <paramref name="vResult"/> =
    /// <c>f′(x) · vX</c>; f′(x) = 1 − tanh²(x), f″(x) = −2·tanh(x)·(1 − tanh²(x)). A product whose factor f′ or f″ is 0 adds nothing.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>.</param>
    /// <param name="vSeed">The tangent of <paramref name="seed"/>.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>.</param>
    /// <param name="vResult">Receives the tangent of the result along vX.</param>
    [DerivativeOf(nameof(Tanh), Derivatives.Hessian)]
    public static T TanhBackwardTangent<T>(T x, T seed, ref T dX, T vX, T vSeed, ref T hvX, out T vResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new TanhOp(), x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <summary>
    /// Forward-mode derivative of <see cref="Tanh{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and
    /// <c>dY[i] = f′(x[i]) · dX[i]</c> in one pass, where f′(x) = 1 − tanh²(x). An empty <paramref name="dX"/> is zero;
    /// an empty <paramref name="dY"/> is not written.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Tanh), Derivatives.Forward)]
    public static void TanhTangent<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dX, Span<T> dY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new TanhOp(), x, y, dX, dY);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="TanhBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>,
    /// for Hessian-vector products, in one pass: writes <c>y = f(x)</c>, adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/>
    /// as the pullback does, adds <c>vDY[i] · f′(x[i]) + dY[i] · f″(x[i]) · vX[i]</c> into <paramref name="hvX"/> and writes
    /// <c>vY[i] = f′(x[i]) · vX[i]</c>; f′(x) = 1 − tanh²(x), f″(x) = −2·tanh(x)·(1 − tanh²(x)). Products whose factor f′ or f″ is 0 add nothing.
    /// Empty <paramref name="dX"/>, <paramref name="hvX"/>, <paramref name="vY"/> are skipped; empty <paramref name="vX"/>,
    /// <paramref name="vDY"/> are zeros.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>, or empty for zero.</param>
    /// <param name="vDY">The tangent of <paramref name="dY"/>, or empty for zero.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>, or empty.</param>
    /// <param name="vY">Receives the tangent of <paramref name="y"/> along vX, or empty.</param>
    [DerivativeOf(nameof(Tanh), Derivatives.Hessian)]
    public static void TanhBackwardTangent<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> vY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new TanhOp(), x, y, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="TanhTangent{T}(T,T,out T)"/>
    [DerivativeOf(nameof(Tanh), Derivatives.Forward)]
    public static double TanhTangent(double x, double dX, out double dResult) => TanhTangent<double>(x, dX, out dResult);

    /// <inheritdoc cref="TanhTangent{T}(T,T,out T)"/>
    [DerivativeOf(nameof(Tanh), Derivatives.Forward)]
    public static float TanhTangent(float x, float dX, out float dResult) => TanhTangent<float>(x, dX, out dResult);

    /// <inheritdoc cref="TanhBackwardTangent{T}(T,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(Tanh), Derivatives.Hessian)]
    public static double TanhBackwardTangent(double x, double seed, ref double dX, double vX, double vSeed, ref double hvX, out double vResult)
        => TanhBackwardTangent<double>(x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="TanhBackwardTangent{T}(T,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(Tanh), Derivatives.Hessian)]
    public static float TanhBackwardTangent(float x, float seed, ref float dX, float vX, float vSeed, ref float hvX, out float vResult)
        => TanhBackwardTangent<float>(x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="TanhTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Tanh), Derivatives.Forward)]
    public static void TanhTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dX, Span<double> dY) => TanhTangent<double>(x, y, dX, dY);

    /// <inheritdoc cref="TanhTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Tanh), Derivatives.Forward)]
    public static void TanhTangent(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dX, Span<float> dY) => TanhTangent<float>(x, y, dX, dY);

    /// <inheritdoc cref="TanhBackwardTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(Tanh), Derivatives.Hessian)]
    public static void TanhBackwardTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX,
        ReadOnlySpan<double> vX, ReadOnlySpan<double> vDY, Span<double> hvX, Span<double> vY)
        => TanhBackwardTangent<double>(x, y, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="TanhBackwardTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(Tanh), Derivatives.Hessian)]
    public static void TanhBackwardTangent(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX,
        ReadOnlySpan<float> vX, ReadOnlySpan<float> vDY, Span<float> hvX, Span<float> vY)
        => TanhBackwardTangent<float>(x, y, dY, dX, vX, vDY, hvX, vY);
}
