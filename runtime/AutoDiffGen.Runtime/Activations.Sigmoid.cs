using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes σ(x) = 1 / (1 + e⁻ˣ).</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    /// <remarks>Saturates to exactly 0 or 1 without NaN.</remarks>
    public static T Sigmoid<T>(T x) where T : IFloatingPointIeee754<T> => Scalar.Value(new SigmoidOp(), x);

    /// <summary>
    /// Pullback of <see cref="Sigmoid{T}(T)"/>: returns Sigmoid(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = σ(x)·(1 − σ(x)). Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Sigmoid))]
    public static T SigmoidBackward<T>(T x, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new SigmoidOp(), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = σ(x) = 1 / (1 + e⁻ˣ).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new SigmoidOp(), x, y);

    /// <summary>
    /// Pullback of <see cref="Sigmoid{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where f′(x) = σ(x)·(1 − σ(x)). Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Sigmoid))]
    public static void SigmoidBackward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new SigmoidOp(), x, y, dY, dX);

    /// <inheritdoc cref="Sigmoid{T}(T)"/>
    public static double Sigmoid(double x) => Sigmoid<double>(x);

    /// <inheritdoc cref="Sigmoid{T}(T)"/>
    public static float Sigmoid(float x) => Sigmoid<float>(x);

    /// <inheritdoc cref="SigmoidBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Sigmoid))]
    public static double SigmoidBackward(double x, double seed, ref double dX) => SigmoidBackward<double>(x, seed, ref dX);

    /// <inheritdoc cref="SigmoidBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Sigmoid))]
    public static float SigmoidBackward(float x, float seed, ref float dX) => SigmoidBackward<float>(x, seed, ref dX);

    /// <inheritdoc cref="Sigmoid{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> y) => Sigmoid<double>(x, y);

    /// <inheritdoc cref="Sigmoid{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => Sigmoid<float>(x, y);

    /// <inheritdoc cref="SigmoidBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Sigmoid))]
    public static void SigmoidBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX) => SigmoidBackward<double>(x, y, dY, dX);

    /// <inheritdoc cref="SigmoidBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Sigmoid))]
    public static void SigmoidBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX) => SigmoidBackward<float>(x, y, dY, dX);

    /// <summary>
    /// Forward-mode derivative of <see cref="Sigmoid{T}(T)"/>: returns Sigmoid(x) and sets <paramref name="dResult"/> =
    /// <c>f′(x) · dX</c>, where f′(x) = σ(x)·(1 − σ(x)). The tangent is exactly 0 where f′(x) = 0, even for an infinite or NaN dX.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Receives the tangent of the result.</param>
    [DerivativeOf(nameof(Sigmoid), Derivatives.Forward)]
    public static T SigmoidTangent<T>(T x, T dX, out T dResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new SigmoidOp(), x, dX, out dResult);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="SigmoidBackward{T}(T,T,ref T)"/>, for Hessian-vector products:
    /// returns Sigmoid(x), adds <c>seed · f′(x)</c> into <paramref name="dX"/> as the pullback does, adds its derivative along
    /// (vX, vSeed), <c>vSeed · f′(x) + seed · f″(x) · vX</c>, into <paramref name="hvX"/>, and sets <paramref name="vResult"/> =
    /// <c>f′(x) · vX</c>; f′(x) = σ(x)·(1 − σ(x)), f″(x) = σ(x)·(1 − σ(x))·(1 − 2σ(x)). A product whose factor f′ or f″ is 0 adds nothing.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>.</param>
    /// <param name="vSeed">The tangent of <paramref name="seed"/>.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>.</param>
    /// <param name="vResult">Receives the tangent of the result along vX.</param>
    [DerivativeOf(nameof(Sigmoid), Derivatives.Hessian)]
    public static T SigmoidBackwardTangent<T>(T x, T seed, ref T dX, T vX, T vSeed, ref T hvX, out T vResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new SigmoidOp(), x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <summary>
    /// Forward-mode derivative of <see cref="Sigmoid{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and
    /// <c>dY[i] = f′(x[i]) · dX[i]</c> in one pass, where f′(x) = σ(x)·(1 − σ(x)). An empty <paramref name="dX"/> is zero;
    /// an empty <paramref name="dY"/> is not written.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Sigmoid), Derivatives.Forward)]
    public static void SigmoidTangent<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dX, Span<T> dY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new SigmoidOp(), x, y, dX, dY);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="SigmoidBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>,
    /// for Hessian-vector products, in one pass: writes <c>y = f(x)</c>, adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/>
    /// as the pullback does, adds <c>vDY[i] · f′(x[i]) + dY[i] · f″(x[i]) · vX[i]</c> into <paramref name="hvX"/> and writes
    /// <c>vY[i] = f′(x[i]) · vX[i]</c>; f′(x) = σ(x)·(1 − σ(x)), f″(x) = σ(x)·(1 − σ(x))·(1 − 2σ(x)). Products whose factor f′ or f″ is 0 add nothing.
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
    [DerivativeOf(nameof(Sigmoid), Derivatives.Hessian)]
    public static void SigmoidBackwardTangent<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> vY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new SigmoidOp(), x, y, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="SigmoidTangent{T}(T,T,out T)"/>
    [DerivativeOf(nameof(Sigmoid), Derivatives.Forward)]
    public static double SigmoidTangent(double x, double dX, out double dResult) => SigmoidTangent<double>(x, dX, out dResult);

    /// <inheritdoc cref="SigmoidTangent{T}(T,T,out T)"/>
    [DerivativeOf(nameof(Sigmoid), Derivatives.Forward)]
    public static float SigmoidTangent(float x, float dX, out float dResult) => SigmoidTangent<float>(x, dX, out dResult);

    /// <inheritdoc cref="SigmoidBackwardTangent{T}(T,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(Sigmoid), Derivatives.Hessian)]
    public static double SigmoidBackwardTangent(double x, double seed, ref double dX, double vX, double vSeed, ref double hvX, out double vResult)
        => SigmoidBackwardTangent<double>(x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="SigmoidBackwardTangent{T}(T,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(Sigmoid), Derivatives.Hessian)]
    public static float SigmoidBackwardTangent(float x, float seed, ref float dX, float vX, float vSeed, ref float hvX, out float vResult)
        => SigmoidBackwardTangent<float>(x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="SigmoidTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Sigmoid), Derivatives.Forward)]
    public static void SigmoidTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dX, Span<double> dY) => SigmoidTangent<double>(x, y, dX, dY);

    /// <inheritdoc cref="SigmoidTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Sigmoid), Derivatives.Forward)]
    public static void SigmoidTangent(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dX, Span<float> dY) => SigmoidTangent<float>(x, y, dX, dY);

    /// <inheritdoc cref="SigmoidBackwardTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(Sigmoid), Derivatives.Hessian)]
    public static void SigmoidBackwardTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX,
        ReadOnlySpan<double> vX, ReadOnlySpan<double> vDY, Span<double> hvX, Span<double> vY)
        => SigmoidBackwardTangent<double>(x, y, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="SigmoidBackwardTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(Sigmoid), Derivatives.Hessian)]
    public static void SigmoidBackwardTangent(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX,
        ReadOnlySpan<float> vX, ReadOnlySpan<float> vDY, Span<float> hvX, Span<float> vY)
        => SigmoidBackwardTangent<float>(x, y, dY, dX, vX, vDY, hvX, vY);
}
