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
}

