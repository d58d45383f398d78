using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes selu(x) = λ·x for x &gt; 0, λ·α·(eˣ − 1) otherwise, with α = 1.6732632423543772848 and λ = 1.0507009873554804934 (Klambauer et al., PyTorch).</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    public static T Selu<T>(T x) where T : IFloatingPointIeee754<T> => Scalar.Value(new EluOp(SeluAlpha, SeluScale), x);

    /// <summary>
    /// Pullback of <see cref="Selu{T}(T)"/>: returns Selu(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = λ for x &gt; 0, λ·α·eˣ otherwise. Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Selu))]
    public static T SeluBackward<T>(T x, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new EluOp(SeluAlpha, SeluScale), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = selu(x) = λ·x for x &gt; 0, λ·α·(eˣ − 1) otherwise, with α = 1.6732632423543772848 and λ = 1.0507009873554804934 (Klambauer et al., PyTorch).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Selu<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new EluOp(SeluAlpha, SeluScale), x, y);

    /// <summary>
    /// Pullback of <see cref="Selu{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where f′(x) = λ for x &gt; 0, λ·α·eˣ otherwise. Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Selu))]
    public static void SeluBackward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new EluOp(SeluAlpha, SeluScale), x, y, dY, dX);

    /// <inheritdoc cref="Selu{T}(T)"/>
    public static double Selu(double x) => Selu<double>(x);

    /// <inheritdoc cref="Selu{T}(T)"/>
    public static float Selu(float x) => Selu<float>(x);

    /// <inheritdoc cref="SeluBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Selu))]
    public static double SeluBackward(double x, double seed, ref double dX) => SeluBackward<double>(x, seed, ref dX);

    /// <inheritdoc cref="SeluBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Selu))]
    public static float SeluBackward(float x, float seed, ref float dX) => SeluBackward<float>(x, seed, ref dX);

    /// <inheritdoc cref="Selu{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Selu(ReadOnlySpan<double> x, Span<double> y) => Selu<double>(x, y);

    /// <inheritdoc cref="Selu{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Selu(ReadOnlySpan<float> x, Span<float> y) => Selu<float>(x, y);

    /// <inheritdoc cref="SeluBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Selu))]
    public static void SeluBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX) => SeluBackward<double>(x, y, dY, dX);

    /// <inheritdoc cref="SeluBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Selu))]
    public static void SeluBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX) => SeluBackward<float>(x, y, dY, dX);

    /// <summary>
    /// Forward-mode derivative of <see cref="Selu{T}(T)"/>: returns Selu(x) and sets <paramref name="dResult"/> =
    /// <c>f′(x) · dX</c>, where f′(x) = λ for x &gt; 0, λ·α·eˣ otherwise. The tangent is exactly 0 where f′(x) = 0, even for an infinite or NaN dX.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Receives the tangent of the result.</param>
    [DerivativeOf(nameof(Selu), Derivatives.Forward)]
    public static T SeluTangent<T>(T x, T dX, out T dResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new EluOp(SeluAlpha, SeluScale), x, dX, out dResult);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="SeluBackward{T}(T,T,ref T)"/>, for Hessian-vector products:
    /// returns Selu(x), adds <c>seed · f′(x)</c> into <paramref name="dX"/> as the pullback does, adds its derivative along
    /// (vX, vSeed), <c>vSeed · f′(x) + seed · f″(x) · vX</c>, into <paramref name="hvX"/>, and sets <paramref name="vResult"/> =
    /// <c>f′(x) · vX</c>; f′(x) = λ for x &gt; 0, λ·α·eˣ otherwise, f″(x) = 0 for x &gt; 0, λ·α·eˣ otherwise. A product whose factor f′ or f″ is 0 adds nothing.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>.</param>
    /// <param name="vSeed">The tangent of <paramref name="seed"/>.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>.</param>
    /// <param name="vResult">Receives the tangent of the result along vX.</param>
    [DerivativeOf(nameof(Selu), Derivatives.Hessian)]
    public static T SeluBackwardTangent<T>(T x, T seed, ref T dX, T vX, T vSeed, ref T hvX, out T vResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new EluOp(SeluAlpha, SeluScale), x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <summary>
    /// Forward-mode derivative of <see cref="Selu{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and
    /// <c>dY[i] = f′(x[i]) · dX[i]</c> in one pass, where f′(x) = λ for x &gt; 0, λ·α·eˣ otherwise. An empty <paramref name="dX"/> is zero;
    /// an empty <paramref name="dY"/> is not written.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Selu), Derivatives.Forward)]
    public static void SeluTangent<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dX, Span<T> dY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new EluOp(SeluAlpha, SeluScale), x, y, dX, dY);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="SeluBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>,
    /// for Hessian-vector products, in one pass: writes <c>y = f(x)</c>, adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/>
    /// as the pullback does, adds <c>vDY[i] · f′(x[i]) + dY[i] · f″(x[i]) · vX[i]</c> into <paramref name="hvX"/> and writes
    /// <c>vY[i] = f′(x[i]) · vX[i]</c>; f′(x) = λ for x &gt; 0, λ·α·eˣ otherwise, f″(x) = 0 for x &gt; 0, λ·α·eˣ otherwise. Products whose factor f′ or f″ is 0 add nothing.
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
    [DerivativeOf(nameof(Selu), Derivatives.Hessian)]
    public static void SeluBackwardTangent<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> vY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new EluOp(SeluAlpha, SeluScale), x, y, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="SeluTangent{T}(T,T,out T)"/>
    [DerivativeOf(nameof(Selu), Derivatives.Forward)]
    public static double SeluTangent(double x, double dX, out double dResult) => SeluTangent<double>(x, dX, out dResult);

    /// <inheritdoc cref="SeluTangent{T}(T,T,out T)"/>
    [DerivativeOf(nameof(Selu), Derivatives.Forward)]
    public static float SeluTangent(float x, float dX, out float dResult) => SeluTangent<float>(x, dX, out dResult);

    /// <inheritdoc cref="SeluBackwardTangent{T}(T,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(Selu), Derivatives.Hessian)]
    public static double SeluBackwardTangent(double x, double seed, ref double dX, double vX, double vSeed, ref double hvX, out double vResult)
        => SeluBackwardTangent<double>(x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="SeluBackwardTangent{T}(T,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(Selu), Derivatives.Hessian)]
    public static float SeluBackwardTangent(float x, float seed, ref float dX, float vX, float vSeed, ref float hvX, out float vResult)
        => SeluBackwardTangent<float>(x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="SeluTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Selu), Derivatives.Forward)]
    public static void SeluTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dX, Span<double> dY) => SeluTangent<double>(x, y, dX, dY);

    /// <inheritdoc cref="SeluTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Selu), Derivatives.Forward)]
    public static void SeluTangent(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dX, Span<float> dY) => SeluTangent<float>(x, y, dX, dY);

    /// <inheritdoc cref="SeluBackwardTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(Selu), Derivatives.Hessian)]
    public static void SeluBackwardTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX,
        ReadOnlySpan<double> vX, ReadOnlySpan<double> vDY, Span<double> hvX, Span<double> vY)
        => SeluBackwardTangent<double>(x, y, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="SeluBackwardTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(Selu), Derivatives.Hessian)]
    public static void SeluBackwardTangent(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX,
        ReadOnlySpan<float> vX, ReadOnlySpan<float> vDY, Span<float> hvX, Span<float> vY)
        => SeluBackwardTangent<float>(x, y, dY, dX, vX, vDY, hvX, vY);
}
