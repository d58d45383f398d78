using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes elu(x) = x for x &gt; 0, α·(eˣ − 1) otherwise.</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="alpha">α: the function saturates at −α as x → −∞ (default 1); a constant.</param>
    /// <remarks>eˣ − 1 is evaluated as expm1, accurate near 0.</remarks>
    public static T Elu<T>(T x, [NoDerivative] double alpha = 1.0) where T : IFloatingPointIeee754<T> => Scalar.Value(new EluOp(alpha, 1.0), x);

    /// <summary>
    /// Pullback of <see cref="Elu{T}(T,double)"/>: returns Elu(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = 1 for x &gt; 0, α·eˣ otherwise. Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="alpha">α: the function saturates at −α as x → −∞ (default 1); a constant.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Elu))]
    public static T EluBackward<T>(T x, double alpha, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new EluOp(alpha, 1.0), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = elu(x) = x for x &gt; 0, α·(eˣ − 1) otherwise.</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="alpha">α: the function saturates at −α as x → −∞ (default 1); a constant.</param>
    public static void Elu<T>(ReadOnlySpan<T> x, Span<T> y, [NoDerivative] double alpha = 1.0) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new EluOp(alpha, 1.0), x, y);

    /// <summary>
    /// Pullback of <see cref="Elu{T}(ReadOnlySpan{T},Span{T},double)"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where f′(x) = 1 for x &gt; 0, α·eˣ otherwise. Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="alpha">α: the function saturates at −α as x → −∞ (default 1); a constant.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Elu))]
    public static void EluBackward<T>(ReadOnlySpan<T> x, Span<T> y, double alpha, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new EluOp(alpha, 1.0), x, y, dY, dX);

    /// <inheritdoc cref="Elu{T}(T,double)"/>
    public static double Elu(double x, [NoDerivative] double alpha = 1.0) => Elu<double>(x, alpha);

    /// <inheritdoc cref="Elu{T}(T,double)"/>
    public static float Elu(float x, [NoDerivative] float alpha = 1f) => Elu<float>(x, alpha);

    /// <inheritdoc cref="EluBackward{T}(T,double,T,ref T)"/>
    [DerivativeOf(nameof(Elu))]
    public static double EluBackward(double x, double alpha, double seed, ref double dX) => EluBackward<double>(x, alpha, seed, ref dX);

    /// <inheritdoc cref="EluBackward{T}(T,double,T,ref T)"/>
    [DerivativeOf(nameof(Elu))]
    public static float EluBackward(float x, float alpha, float seed, ref float dX) => EluBackward<float>(x, alpha, seed, ref dX);

    /// <inheritdoc cref="Elu{T}(ReadOnlySpan{T},Span{T},double)"/>
    public static void Elu(ReadOnlySpan<double> x, Span<double> y, [NoDerivative] double alpha = 1.0) => Elu<double>(x, y, alpha);

    /// <inheritdoc cref="Elu{T}(ReadOnlySpan{T},Span{T},double)"/>
    public static void Elu(ReadOnlySpan<float> x, Span<float> y, [NoDerivative] float alpha = 1f) => Elu<float>(x, y, alpha);

    /// <inheritdoc cref="EluBackward{T}(ReadOnlySpan{T},Span{T},double,ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Elu))]
    public static void EluBackward(ReadOnlySpan<double> x, Span<double> y, double alpha, ReadOnlySpan<double> dY, Span<double> dX) => EluBackward<double>(x, y, alpha, dY, dX);

    /// <inheritdoc cref="EluBackward{T}(ReadOnlySpan{T},Span{T},double,ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Elu))]
    public static void EluBackward(ReadOnlySpan<float> x, Span<float> y, float alpha, ReadOnlySpan<float> dY, Span<float> dX) => EluBackward<float>(x, y, alpha, dY, dX);

    /// <summary>
    /// Forward-mode derivative of <see cref="Elu{T}(T,double)"/>: returns Elu(x) and sets <paramref name="dResult"/> =
    /// <c>f′(x) · dX</c>, where f′(x) = 1 for x &gt; 0, α·eˣ otherwise. The tangent is exactly 0 where f′(x) = 0, even for an infinite or NaN dX.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="alpha">α: the function saturates at −α as x → −∞ (default 1); a constant.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Receives the tangent of the result.</param>
    [DerivativeOf(nameof(Elu), Derivatives.Forward)]
    public static T EluTangent<T>(T x, double alpha, T dX, out T dResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new EluOp(alpha, 1.0), x, dX, out dResult);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="EluBackward{T}(T,double,T,ref T)"/>, for Hessian-vector products:
    /// returns Elu(x), adds <c>seed · f′(x)</c> into <paramref name="dX"/> as the pullback does, adds its derivative along
    /// (vX, vSeed), <c>vSeed · f′(x) + seed · f″(x) · vX</c>, into <paramref name="hvX"/>, and sets <paramref name="vResult"/> =
    /// <c>f′(x) · vX</c>; f′(x) = 1 for x &gt; 0, α·eˣ otherwise, f″(x) = 0 for x &gt; 0, α·eˣ otherwise. A product whose factor f′ or f″ is 0 adds nothing.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="alpha">α: the function saturates at −α as x → −∞ (default 1); a constant.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>.</param>
    /// <param name="vSeed">The tangent of <paramref name="seed"/>.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>.</param>
    /// <param name="vResult">Receives the tangent of the result along vX.</param>
    [DerivativeOf(nameof(Elu), Derivatives.Hessian)]
    public static T EluBackwardTangent<T>(T x, double alpha, T seed, ref T dX, T vX, T vSeed, ref T hvX, out T vResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new EluOp(alpha, 1.0), x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <summary>
    /// Forward-mode derivative of <see cref="Elu{T}(ReadOnlySpan{T},Span{T},double)"/>: writes <c>y = f(x)</c> and
    /// <c>dY[i] = f′(x[i]) · dX[i]</c> in one pass, where f′(x) = 1 for x &gt; 0, α·eˣ otherwise. An empty <paramref name="dX"/> is zero;
    /// an empty <paramref name="dY"/> is not written.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="alpha">α: the function saturates at −α as x → −∞ (default 1); a constant.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Elu), Derivatives.Forward)]
    public static void EluTangent<T>(ReadOnlySpan<T> x, Span<T> y, double alpha, ReadOnlySpan<T> dX, Span<T> dY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new EluOp(alpha, 1.0), x, y, dX, dY);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="EluBackward{T}(ReadOnlySpan{T},Span{T},double,ReadOnlySpan{T},Span{T})"/>,
    /// for Hessian-vector products, in one pass: writes <c>y = f(x)</c>, adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/>
    /// as the pullback does, adds <c>vDY[i] · f′(x[i]) + dY[i] · f″(x[i]) · vX[i]</c> into <paramref name="hvX"/> and writes
    /// <c>vY[i] = f′(x[i]) · vX[i]</c>; f′(x) = 1 for x &gt; 0, α·eˣ otherwise, f″(x) = 0 for x &gt; 0, α·eˣ otherwise. Products whose factor f′ or f″ is 0 add nothing.
    /// Empty <paramref name="dX"/>, <paramref name="hvX"/>, <paramref name="vY"/> are skipped; empty <paramref name="vX"/>,
    /// <paramref name="vDY"/> are zeros.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="alpha">α: the function saturates at −α as x → −∞ (default 1); a constant.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>, or empty for zero.</param>
    /// <param name="vDY">The tangent of <paramref name="dY"/>, or empty for zero.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>, or empty.</param>
    /// <param name="vY">Receives the tangent of <paramref name="y"/> along vX, or empty.</param>
    [DerivativeOf(nameof(Elu), Derivatives.Hessian)]
    public static void EluBackwardTangent<T>(ReadOnlySpan<T> x, Span<T> y, double alpha, ReadOnlySpan<T> dY, Span<T> dX,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> vY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new EluOp(alpha, 1.0), x, y, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="EluTangent{T}(T,double,T,out T)"/>
    [DerivativeOf(nameof(Elu), Derivatives.Forward)]
    public static double EluTangent(double x, double alpha, double dX, out double dResult) => EluTangent<double>(x, alpha, dX, out dResult);

    /// <inheritdoc cref="EluTangent{T}(T,double,T,out T)"/>
    [DerivativeOf(nameof(Elu), Derivatives.Forward)]
    public static float EluTangent(float x, float alpha, float dX, out float dResult) => EluTangent<float>(x, alpha, dX, out dResult);

    /// <inheritdoc cref="EluBackwardTangent{T}(T,double,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(Elu), Derivatives.Hessian)]
    public static double EluBackwardTangent(double x, double alpha, double seed, ref double dX, double vX, double vSeed, ref double hvX, out double vResult)
        => EluBackwardTangent<double>(x, alpha, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="EluBackwardTangent{T}(T,double,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(Elu), Derivatives.Hessian)]
    public static float EluBackwardTangent(float x, float alpha, float seed, ref float dX, float vX, float vSeed, ref float hvX, out float vResult)
        => EluBackwardTangent<float>(x, alpha, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="EluTangent{T}(ReadOnlySpan{T},Span{T},double,ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Elu), Derivatives.Forward)]
    public static void EluTangent(ReadOnlySpan<double> x, Span<double> y, double alpha, ReadOnlySpan<double> dX, Span<double> dY) => EluTangent<double>(x, y, alpha, dX, dY);

    /// <inheritdoc cref="EluTangent{T}(ReadOnlySpan{T},Span{T},double,ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Elu), Derivatives.Forward)]
    public static void EluTangent(ReadOnlySpan<float> x, Span<float> y, float alpha, ReadOnlySpan<float> dX, Span<float> dY) => EluTangent<float>(x, y, alpha, dX, dY);

    /// <inheritdoc cref="EluBackwardTangent{T}(ReadOnlySpan{T},Span{T},double,ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(Elu), Derivatives.Hessian)]
    public static void EluBackwardTangent(ReadOnlySpan<double> x, Span<double> y, double alpha, ReadOnlySpan<double> dY, Span<double> dX,
        ReadOnlySpan<double> vX, ReadOnlySpan<double> vDY, Span<double> hvX, Span<double> vY)
        => EluBackwardTangent<double>(x, y, alpha, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="EluBackwardTangent{T}(ReadOnlySpan{T},Span{T},double,ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(Elu), Derivatives.Hessian)]
    public static void EluBackwardTangent(ReadOnlySpan<float> x, Span<float> y, float alpha, ReadOnlySpan<float> dY, Span<float> dX,
        ReadOnlySpan<float> vX, ReadOnlySpan<float> vDY, Span<float> hvX, Span<float> vY)
        => EluBackwardTangent<float>(x, y, alpha, dY, dX, vX, vDY, hvX, vY);
}
