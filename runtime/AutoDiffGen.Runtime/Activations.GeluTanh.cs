using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes the tanh approximation of GELU (PyTorch <c>gelu(approximate="tanh")</c>): ½·x·(1 + tanh u), u = √(2/π)·(x + 0.044715·x³).</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    public static T GeluTanh<T>(T x) where T : IFloatingPointIeee754<T> => Scalar.Value(new GeluTanhOp(), x);

    /// <summary>
    /// Pullback of <see cref="GeluTanh{T}(T)"/>: returns GeluTanh(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715·x²). Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(GeluTanh))]
    public static T GeluTanhBackward<T>(T x, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new GeluTanhOp(), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = the tanh approximation of GELU (PyTorch <c>gelu(approximate="tanh")</c>): ½·x·(1 + tanh u), u = √(2/π)·(x + 0.044715·x³).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void GeluTanh<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new GeluTanhOp(), x, y);

    /// <summary>
    /// Pullback of <see cref="GeluTanh{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where f′(x) = ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715·x²). Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(GeluTanh))]
    public static void GeluTanhBackward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new GeluTanhOp(), x, y, dY, dX);

    /// <inheritdoc cref="GeluTanh{T}(T)"/>
    public static double GeluTanh(double x) => GeluTanh<double>(x);

    /// <inheritdoc cref="GeluTanh{T}(T)"/>
    public static float GeluTanh(float x) => GeluTanh<float>(x);

    /// <inheritdoc cref="GeluTanhBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(GeluTanh))]
    public static double GeluTanhBackward(double x, double seed, ref double dX) => GeluTanhBackward<double>(x, seed, ref dX);

    /// <inheritdoc cref="GeluTanhBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(GeluTanh))]
    public static float GeluTanhBackward(float x, float seed, ref float dX) => GeluTanhBackward<float>(x, seed, ref dX);

    /// <inheritdoc cref="GeluTanh{T}(ReadOnlySpan{T},Span{T})"/>
    public static void GeluTanh(ReadOnlySpan<double> x, Span<double> y) => GeluTanh<double>(x, y);

    /// <inheritdoc cref="GeluTanh{T}(ReadOnlySpan{T},Span{T})"/>
    public static void GeluTanh(ReadOnlySpan<float> x, Span<float> y) => GeluTanh<float>(x, y);

    /// <inheritdoc cref="GeluTanhBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(GeluTanh))]
    public static void GeluTanhBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX) => GeluTanhBackward<double>(x, y, dY, dX);

    /// <inheritdoc cref="GeluTanhBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(GeluTanh))]
    public static void GeluTanhBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX) => GeluTanhBackward<float>(x, y, dY, dX);

    /// <summary>
    /// Forward-mode derivative of <see cref="GeluTanh{T}(T)"/>: returns GeluTanh(x) and sets <paramref name="dResult"/> =
    /// <c>f′(x) · dX</c>, where f′(x) = ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715·x²). The tangent is exactly 0 where f′(x) = 0, even for an infinite or NaN dX.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Receives the tangent of the result.</param>
    [DerivativeOf(nameof(GeluTanh), Derivatives.Forward)]
    public static T GeluTanhTangent<T>(T x, T dX, out T dResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new GeluTanhOp(), x, dX, out dResult);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="GeluTanhBackward{T}(T,T,ref T)"/>, for Hessian-vector products:
    /// returns GeluTanh(x), adds <c>seed · f′(x)</c> into <paramref name="dX"/> as the pullback does, adds its derivative along
    /// (vX, vSeed), <c>vSeed · f′(x) + seed · f″(x) · vX</c>, into <paramref name="hvX"/>, and sets <paramref name="vResult"/> =
    /// <c>f′(x) · vX</c>; f′(x) = ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715·x²), f″(x) = (1 − tanh² u)·(u′ + ½x·u″ − x·tanh u·u′²) with u′ = √(2/π)(1 + 3·0.044715·x²), u″ = 6·√(2/π)·0.044715·x. A product whose factor f′ or f″ is 0 adds nothing.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>.</param>
    /// <param name="vSeed">The tangent of <paramref name="seed"/>.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>.</param>
    /// <param name="vResult">Receives the tangent of the result along vX.</param>
    [DerivativeOf(nameof(GeluTanh), Derivatives.Hessian)]
    public static T GeluTanhBackwardTangent<T>(T x, T seed, ref T dX, T vX, T vSeed, ref T hvX, out T vResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new GeluTanhOp(), x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <summary>
    /// Forward-mode derivative of <see cref="GeluTanh{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and
    /// <c>dY[i] = f′(x[i]) · dX[i]</c> in one pass, where f′(x) = ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715·x²). An empty <paramref name="dX"/> is zero;
    /// an empty <paramref name="dY"/> is not written.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(GeluTanh), Derivatives.Forward)]
    public static void GeluTanhTangent<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dX, Span<T> dY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new GeluTanhOp(), x, y, dX, dY);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="GeluTanhBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>,
    /// for Hessian-vector products, in one pass: writes <c>y = f(x)</c>, adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/>
    /// as the pullback does, adds <c>vDY[i] · f′(x[i]) + dY[i] · f″(x[i]) · vX[i]</c> into <paramref name="hvX"/> and writes
    /// <c>vY[i] = f′(x[i]) · vX[i]</c>; f′(x) = ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715·x²), f″(x) = (1 − tanh² u)·(u′ + ½x·u″ − x·tanh u·u′²) with u′ = √(2/π)(1 + 3·0.044715·x²), u″ = 6·√(2/π)·0.044715·x. Products whose factor f′ or f″ is 0 add nothing.
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
    [DerivativeOf(nameof(GeluTanh), Derivatives.Hessian)]
    public static void GeluTanhBackwardTangent<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> vY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new GeluTanhOp(), x, y, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="GeluTanhTangent{T}(T,T,out T)"/>
    [DerivativeOf(nameof(GeluTanh), Derivatives.Forward)]
    public static double GeluTanhTangent(double x, double dX, out double dResult) => GeluTanhTangent<double>(x, dX, out dResult);

    /// <inheritdoc cref="GeluTanhTangent{T}(T,T,out T)"/>
    [DerivativeOf(nameof(GeluTanh), Derivatives.Forward)]
    public static float GeluTanhTangent(float x, float dX, out float dResult) => GeluTanhTangent<float>(x, dX, out dResult);

    /// <inheritdoc cref="GeluTanhBackwardTangent{T}(T,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(GeluTanh), Derivatives.Hessian)]
    public static double GeluTanhBackwardTangent(double x, double seed, ref double dX, double vX, double vSeed, ref double hvX, out double vResult)
        => GeluTanhBackwardTangent<double>(x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="GeluTanhBackwardTangent{T}(T,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(GeluTanh), Derivatives.Hessian)]
    public static float GeluTanhBackwardTangent(float x, float seed, ref float dX, float vX, float vSeed, ref float hvX, out float vResult)
        => GeluTanhBackwardTangent<float>(x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="GeluTanhTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(GeluTanh), Derivatives.Forward)]
    public static void GeluTanhTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dX, Span<double> dY) => GeluTanhTangent<double>(x, y, dX, dY);

    /// <inheritdoc cref="GeluTanhTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(GeluTanh), Derivatives.Forward)]
    public static void GeluTanhTangent(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dX, Span<float> dY) => GeluTanhTangent<float>(x, y, dX, dY);

    /// <inheritdoc cref="GeluTanhBackwardTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(GeluTanh), Derivatives.Hessian)]
    public static void GeluTanhBackwardTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX,
        ReadOnlySpan<double> vX, ReadOnlySpan<double> vDY, Span<double> hvX, Span<double> vY)
        => GeluTanhBackwardTangent<double>(x, y, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="GeluTanhBackwardTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(GeluTanh), Derivatives.Hessian)]
    public static void GeluTanhBackwardTangent(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX,
        ReadOnlySpan<float> vX, ReadOnlySpan<float> vDY, Span<float> hvX, Span<float> vY)
        => GeluTanhBackwardTangent<float>(x, y, dY, dX, vX, vDY, hvX, vY);
}
