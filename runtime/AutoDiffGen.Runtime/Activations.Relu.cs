using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes relu(x) = max(0, x).</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    /// <remarks>NaN inputs give NaN.</remarks>
    public static T Relu<T>(T x) where T : IFloatingPointIeee754<T> => Scalar.Value(new ReluOp(), x);

    /// <summary>
    /// Pullback of <see cref="Relu{T}(T)"/>: returns Relu(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where relu′(x) = 1 for x &gt; 0, else 0 (PyTorch's subgradient: 0 at 0). Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Relu))]
    public static T ReluBackward<T>(T x, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new ReluOp(), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = relu(x) = max(0, x).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Relu<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new ReluOp(), x, y);

    /// <summary>
    /// Pullback of <see cref="Relu{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where relu′(x) = 1 for x &gt; 0, else 0 (PyTorch's subgradient: 0 at 0). Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Relu))]
    public static void ReluBackward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new ReluOp(), x, y, dY, dX);

    /// <inheritdoc cref="Relu{T}(T)"/>
    public static double Relu(double x) => Relu<double>(x);

    /// <inheritdoc cref="Relu{T}(T)"/>
    public static float Relu(float x) => Relu<float>(x);

    /// <inheritdoc cref="ReluBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Relu))]
    public static double ReluBackward(double x, double seed, ref double dX) => ReluBackward<double>(x, seed, ref dX);

    /// <inheritdoc cref="ReluBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Relu))]
    public static float ReluBackward(float x, float seed, ref float dX) => ReluBackward<float>(x, seed, ref dX);

    /// <inheritdoc cref="Relu{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Relu(ReadOnlySpan<double> x, Span<double> y) => Relu<double>(x, y);

    /// <inheritdoc cref="Relu{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y) => Relu<float>(x, y);

    /// <inheritdoc cref="ReluBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Relu))]
    public static void ReluBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX) => ReluBackward<double>(x, y, dY, dX);

    /// <inheritdoc cref="ReluBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Relu))]
    public static void ReluBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX) => ReluBackward<float>(x, y, dY, dX);

    /// <summary>
    /// Forward-mode derivative of <see cref="Relu{T}(T)"/>: returns Relu(x) and sets <paramref name="dResult"/> =
    /// <c>f′(x) · dX</c>, where f′(x) = 1 for x &gt; 0, else 0 (PyTorch's subgradient: 0 at 0). The tangent is exactly 0 where f′(x) = 0, even for an infinite or NaN dX.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Receives the tangent of the result.</param>
    [DerivativeOf(nameof(Relu), Derivatives.Forward)]
    public static T ReluTangent<T>(T x, T dX, out T dResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new ReluOp(), x, dX, out dResult);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="ReluBackward{T}(T,T,ref T)"/>, for Hessian-vector products:
    /// returns Relu(x), adds <c>seed · f′(x)</c> into <paramref name="dX"/> as the pullback does, adds its derivative along
    /// (vX, vSeed), <c>vSeed · f′(x) + seed · f″(x) · vX</c>, into <paramref name="hvX"/>, and sets <paramref name="vResult"/> =
    /// <c>f′(x) · vX</c>; f′(x) = 1 for x &gt; 0, else 0 (PyTorch's subgradient: 0 at 0), f″(x) = 0 (piecewise linear). A product whose factor f′ or f″ is 0 adds nothing.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>.</param>
    /// <param name="vSeed">The tangent of <paramref name="seed"/>.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>.</param>
    /// <param name="vResult">Receives the tangent of the result along vX.</param>
    [DerivativeOf(nameof(Relu), Derivatives.Hessian)]
    public static T ReluBackwardTangent<T>(T x, T seed, ref T dX, T vX, T vSeed, ref T hvX, out T vResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new ReluOp(), x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <summary>
    /// Forward-mode derivative of <see cref="Relu{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and
    /// <c>dY[i] = f′(x[i]) · dX[i]</c> in one pass, where f′(x) = 1 for x &gt; 0, else 0 (PyTorch's subgradient: 0 at 0). An empty <paramref name="dX"/> is zero;
    /// an empty <paramref name="dY"/> is not written.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Relu), Derivatives.Forward)]
    public static void ReluTangent<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dX, Span<T> dY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new ReluOp(), x, y, dX, dY);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="ReluBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>,
    /// for Hessian-vector products, in one pass: writes <c>y = f(x)</c>, adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/>
    /// as the pullback does, adds <c>vDY[i] · f′(x[i]) + dY[i] · f″(x[i]) · vX[i]</c> into <paramref name="hvX"/> and writes
    /// <c>vY[i] = f′(x[i]) · vX[i]</c>; f′(x) = 1 for x &gt; 0, else 0 (PyTorch's subgradient: 0 at 0), f″(x) = 0 (piecewise linear). Products whose factor f′ or f″ is 0 add nothing.
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
    [DerivativeOf(nameof(Relu), Derivatives.Hessian)]
    public static void ReluBackwardTangent<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> vY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new ReluOp(), x, y, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="ReluTangent{T}(T,T,out T)"/>
    [DerivativeOf(nameof(Relu), Derivatives.Forward)]
    public static double ReluTangent(double x, double dX, out double dResult) => ReluTangent<double>(x, dX, out dResult);

    /// <inheritdoc cref="ReluTangent{T}(T,T,out T)"/>
    [DerivativeOf(nameof(Relu), Derivatives.Forward)]
    public static float ReluTangent(float x, float dX, out float dResult) => ReluTangent<float>(x, dX, out dResult);

    /// <inheritdoc cref="ReluBackwardTangent{T}(T,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(Relu), Derivatives.Hessian)]
    public static double ReluBackwardTangent(double x, double seed, ref double dX, double vX, double vSeed, ref double hvX, out double vResult)
        => ReluBackwardTangent<double>(x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="ReluBackwardTangent{T}(T,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(Relu), Derivatives.Hessian)]
    public static float ReluBackwardTangent(float x, float seed, ref float dX, float vX, float vSeed, ref float hvX, out float vResult)
        => ReluBackwardTangent<float>(x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="ReluTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Relu), Derivatives.Forward)]
    public static void ReluTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dX, Span<double> dY) => ReluTangent<double>(x, y, dX, dY);

    /// <inheritdoc cref="ReluTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Relu), Derivatives.Forward)]
    public static void ReluTangent(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dX, Span<float> dY) => ReluTangent<float>(x, y, dX, dY);

    /// <inheritdoc cref="ReluBackwardTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(Relu), Derivatives.Hessian)]
    public static void ReluBackwardTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX,
        ReadOnlySpan<double> vX, ReadOnlySpan<double> vDY, Span<double> hvX, Span<double> vY)
        => ReluBackwardTangent<double>(x, y, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="ReluBackwardTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(Relu), Derivatives.Hessian)]
    public static void ReluBackwardTangent(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX,
        ReadOnlySpan<float> vX, ReadOnlySpan<float> vDY, Span<float> hvX, Span<float> vY)
        => ReluBackwardTangent<float>(x, y, dY, dX, vX, vDY, hvX, vY);
}
