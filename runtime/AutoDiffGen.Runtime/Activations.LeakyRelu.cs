using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes leaky_relu(x) = x for x &gt; 0, slope·x otherwise.</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="slope">The slope for x ≤ 0 (PyTorch <c>negative_slope</c>, default 0.01); a constant.</param>
    public static T LeakyRelu<T>(T x, [NoDerivative] double slope = 0.01) where T : IFloatingPointIeee754<T> => Scalar.Value(new LeakyReluOp(slope), x);

    /// <summary>
    /// Pullback of <see cref="LeakyRelu{T}(T,double)"/>: returns LeakyRelu(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = 1 for x &gt; 0, slope otherwise (slope at 0, as PyTorch). Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="slope">The slope for x ≤ 0 (PyTorch <c>negative_slope</c>, default 0.01); a constant.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(LeakyRelu))]
    public static T LeakyReluBackward<T>(T x, double slope, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new LeakyReluOp(slope), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = leaky_relu(x) = x for x &gt; 0, slope·x otherwise.</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="slope">The slope for x ≤ 0 (PyTorch <c>negative_slope</c>, default 0.01); a constant.</param>
    public static void LeakyRelu<T>(ReadOnlySpan<T> x, Span<T> y, [NoDerivative] double slope = 0.01) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new LeakyReluOp(slope), x, y);

    /// <summary>
    /// Pullback of <see cref="LeakyRelu{T}(ReadOnlySpan{T},Span{T},double)"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where f′(x) = 1 for x &gt; 0, slope otherwise (slope at 0, as PyTorch). Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="slope">The slope for x ≤ 0 (PyTorch <c>negative_slope</c>, default 0.01); a constant.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(LeakyRelu))]
    public static void LeakyReluBackward<T>(ReadOnlySpan<T> x, Span<T> y, double slope, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new LeakyReluOp(slope), x, y, dY, dX);

    /// <inheritdoc cref="LeakyRelu{T}(T,double)"/>
    public static double LeakyRelu(double x, [NoDerivative] double slope = 0.01) => LeakyRelu<double>(x, slope);

    /// <inheritdoc cref="LeakyRelu{T}(T,double)"/>
    public static float LeakyRelu(float x, [NoDerivative] float slope = 0.01f) => LeakyRelu<float>(x, slope);

    /// <inheritdoc cref="LeakyReluBackward{T}(T,double,T,ref T)"/>
    [DerivativeOf(nameof(LeakyRelu))]
    public static double LeakyReluBackward(double x, double slope, double seed, ref double dX) => LeakyReluBackward<double>(x, slope, seed, ref dX);

    /// <inheritdoc cref="LeakyReluBackward{T}(T,double,T,ref T)"/>
    [DerivativeOf(nameof(LeakyRelu))]
    public static float LeakyReluBackward(float x, float slope, float seed, ref float dX) => LeakyReluBackward<float>(x, slope, seed, ref dX);

    /// <inheritdoc cref="LeakyRelu{T}(ReadOnlySpan{T},Span{T},double)"/>
    public static void LeakyRelu(ReadOnlySpan<double> x, Span<double> y, [NoDerivative] double slope = 0.01) => LeakyRelu<double>(x, y, slope);

    /// <inheritdoc cref="LeakyRelu{T}(ReadOnlySpan{T},Span{T},double)"/>
    public static void LeakyRelu(ReadOnlySpan<float> x, Span<float> y, [NoDerivative] float slope = 0.01f) => LeakyRelu<float>(x, y, slope);

    /// <inheritdoc cref="LeakyReluBackward{T}(ReadOnlySpan{T},Span{T},double,ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(LeakyRelu))]
    public static void LeakyReluBackward(ReadOnlySpan<double> x, Span<double> y, double slope, ReadOnlySpan<double> dY, Span<double> dX) => LeakyReluBackward<double>(x, y, slope, dY, dX);

    /// <inheritdoc cref="LeakyReluBackward{T}(ReadOnlySpan{T},Span{T},double,ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(LeakyRelu))]
    public static void LeakyReluBackward(ReadOnlySpan<float> x, Span<float> y, float slope, ReadOnlySpan<float> dY, Span<float> dX) => LeakyReluBackward<float>(x, y, slope, dY, dX);

    /// <summary>
    /// Forward-mode derivative of <see cref="LeakyRelu{T}(T,double)"/>: returns LeakyRelu(x) and sets <paramref name="dResult"/> =
    /// <c>f′(x) · dX</c>, where f′(x) = 1 for x &gt; 0, slope otherwise (slope at 0, as PyTorch). The tangent is exactly 0 where f′(x) = 0, even for an infinite or NaN dX.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="slope">The slope for x ≤ 0 (PyTorch <c>negative_slope</c>, default 0.01); a constant.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Receives the tangent of the result.</param>
    [DerivativeOf(nameof(LeakyRelu), Derivatives.Forward)]
    public static T LeakyReluTangent<T>(T x, double slope, T dX, out T dResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new LeakyReluOp(slope), x, dX, out dResult);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="LeakyReluBackward{T}(T,double,T,ref T)"/>, for Hessian-vector products:
    /// returns LeakyRelu(x), adds <c>seed · f′(x)</c> into <paramref name="dX"/> as the pullback does, adds its derivative along
    /// (vX, vSeed), <c>vSeed · f′(x) + seed · f″(x) · vX</c>, into <paramref name="hvX"/>, and sets <paramref name="vResult"/> =
    /// <c>f′(x) · vX</c>; f′(x) = 1 for x &gt; 0, slope otherwise (slope at 0, as PyTorch), f″(x) = 0 (piecewise linear). A product whose factor f′ or f″ is 0 adds nothing.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="slope">The slope for x ≤ 0 (PyTorch <c>negative_slope</c>, default 0.01); a constant.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>.</param>
    /// <param name="vSeed">The tangent of <paramref name="seed"/>.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>.</param>
    /// <param name="vResult">Receives the tangent of the result along vX.</param>
    [DerivativeOf(nameof(LeakyRelu), Derivatives.Hessian)]
    public static T LeakyReluBackwardTangent<T>(T x, double slope, T seed, ref T dX, T vX, T vSeed, ref T hvX, out T vResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new LeakyReluOp(slope), x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <summary>
    /// Forward-mode derivative of <see cref="LeakyRelu{T}(ReadOnlySpan{T},Span{T},double)"/>: writes <c>y = f(x)</c> and
    /// <c>dY[i] = f′(x[i]) · dX[i]</c> in one pass, where f′(x) = 1 for x &gt; 0, slope otherwise (slope at 0, as PyTorch). An empty <paramref name="dX"/> is zero;
    /// an empty <paramref name="dY"/> is not written.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="slope">The slope for x ≤ 0 (PyTorch <c>negative_slope</c>, default 0.01); a constant.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(LeakyRelu), Derivatives.Forward)]
    public static void LeakyReluTangent<T>(ReadOnlySpan<T> x, Span<T> y, double slope, ReadOnlySpan<T> dX, Span<T> dY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new LeakyReluOp(slope), x, y, dX, dY);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="LeakyReluBackward{T}(ReadOnlySpan{T},Span{T},double,ReadOnlySpan{T},Span{T})"/>,
    /// for Hessian-vector products, in one pass: writes <c>y = f(x)</c>, adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/>
    /// as the pullback does, adds <c>vDY[i] · f′(x[i]) + dY[i] · f″(x[i]) · vX[i]</c> into <paramref name="hvX"/> and writes
    /// <c>vY[i] = f′(x[i]) · vX[i]</c>; f′(x) = 1 for x &gt; 0, slope otherwise (slope at 0, as PyTorch), f″(x) = 0 (piecewise linear). Products whose factor f′ or f″ is 0 add nothing.
    /// Empty <paramref name="dX"/>, <paramref name="hvX"/>, <paramref name="vY"/> are skipped; empty <paramref name="vX"/>,
    /// <paramref name="vDY"/> are zeros.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="slope">The slope for x ≤ 0 (PyTorch <c>negative_slope</c>, default 0.01); a constant.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>, or empty for zero.</param>
    /// <param name="vDY">The tangent of <paramref name="dY"/>, or empty for zero.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>, or empty.</param>
    /// <param name="vY">Receives the tangent of <paramref name="y"/> along vX, or empty.</param>
    [DerivativeOf(nameof(LeakyRelu), Derivatives.Hessian)]
    public static void LeakyReluBackwardTangent<T>(ReadOnlySpan<T> x, Span<T> y, double slope, ReadOnlySpan<T> dY, Span<T> dX,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> vY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new LeakyReluOp(slope), x, y, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="LeakyReluTangent{T}(T,double,T,out T)"/>
    [DerivativeOf(nameof(LeakyRelu), Derivatives.Forward)]
    public static double LeakyReluTangent(double x, double slope, double dX, out double dResult) => LeakyReluTangent<double>(x, slope, dX, out dResult);

    /// <inheritdoc cref="LeakyReluTangent{T}(T,double,T,out T)"/>
    [DerivativeOf(nameof(LeakyRelu), Derivatives.Forward)]
    public static float LeakyReluTangent(float x, float slope, float dX, out float dResult) => LeakyReluTangent<float>(x, slope, dX, out dResult);

    /// <inheritdoc cref="LeakyReluBackwardTangent{T}(T,double,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(LeakyRelu), Derivatives.Hessian)]
    public static double LeakyReluBackwardTangent(double x, double slope, double seed, ref double dX, double vX, double vSeed, ref double hvX, out double vResult)
        => LeakyReluBackwardTangent<double>(x, slope, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="LeakyReluBackwardTangent{T}(T,double,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(LeakyRelu), Derivatives.Hessian)]
    public static float LeakyReluBackwardTangent(float x, float slope, float seed, ref float dX, float vX, float vSeed, ref float hvX, out float vResult)
        => LeakyReluBackwardTangent<float>(x, slope, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="LeakyReluTangent{T}(ReadOnlySpan{T},Span{T},double,ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(LeakyRelu), Derivatives.Forward)]
    public static void LeakyReluTangent(ReadOnlySpan<double> x, Span<double> y, double slope, ReadOnlySpan<double> dX, Span<double> dY) => LeakyReluTangent<double>(x, y, slope, dX, dY);

    /// <inheritdoc cref="LeakyReluTangent{T}(ReadOnlySpan{T},Span{T},double,ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(LeakyRelu), Derivatives.Forward)]
    public static void LeakyReluTangent(ReadOnlySpan<float> x, Span<float> y, float slope, ReadOnlySpan<float> dX, Span<float> dY) => LeakyReluTangent<float>(x, y, slope, dX, dY);

    /// <inheritdoc cref="LeakyReluBackwardTangent{T}(ReadOnlySpan{T},Span{T},double,ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(LeakyRelu), Derivatives.Hessian)]
    public static void LeakyReluBackwardTangent(ReadOnlySpan<double> x, Span<double> y, double slope, ReadOnlySpan<double> dY, Span<double> dX,
        ReadOnlySpan<double> vX, ReadOnlySpan<double> vDY, Span<double> hvX, Span<double> vY)
        => LeakyReluBackwardTangent<double>(x, y, slope, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="LeakyReluBackwardTangent{T}(ReadOnlySpan{T},Span{T},double,ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(LeakyRelu), Derivatives.Hessian)]
    public static void LeakyReluBackwardTangent(ReadOnlySpan<float> x, Span<float> y, float slope, ReadOnlySpan<float> dY, Span<float> dX,
        ReadOnlySpan<float> vX, ReadOnlySpan<float> vDY, Span<float> hvX, Span<float> vY)
        => LeakyReluBackwardTangent<float>(x, y, slope, dY, dX, vX, vDY, hvX, vY);
}
