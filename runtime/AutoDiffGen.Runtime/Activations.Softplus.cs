using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes softplus(x) = ln(1 + e^(β·x)) / β, and x itself where β·x &gt; threshold (PyTorch).</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="beta">β (default 1); a constant.</param>
    /// <param name="threshold">Above this value of β·x the function reverts to x (default 20); a constant.</param>
    /// <remarks>ln(1 + ·) is evaluated as log1p, so very negative x gives e^(βx)/β rather than 0 or overflow.</remarks>
    public static T Softplus<T>(T x, [NoDerivative] double beta = 1.0, [NoDerivative] double threshold = 20.0) where T : IFloatingPointIeee754<T> => Scalar.Value(new SoftplusOp(beta, threshold), x);

    /// <summary>
    /// Pullback of <see cref="Softplus{T}(T,double,double)"/>: returns Softplus(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = σ(β·x), and 1 where β·x &gt; threshold. Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="beta">β (default 1); a constant.</param>
    /// <param name="threshold">Above this value of β·x the function reverts to x (default 20); a constant.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Softplus))]
    public static T SoftplusBackward<T>(T x, double beta, double threshold, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new SoftplusOp(beta, threshold), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = softplus(x) = ln(1 + e^(β·x)) / β, and x itself where β·x &gt; threshold (PyTorch).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="beta">β (default 1); a constant.</param>
    /// <param name="threshold">Above this value of β·x the function reverts to x (default 20); a constant.</param>
    public static void Softplus<T>(ReadOnlySpan<T> x, Span<T> y, [NoDerivative] double beta = 1.0, [NoDerivative] double threshold = 20.0) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new SoftplusOp(beta, threshold), x, y);

    /// <summary>
    /// Pullback of <see cref="Softplus{T}(ReadOnlySpan{T},Span{T},double,double)"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where f′(x) = σ(β·x), and 1 where β·x &gt; threshold. Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="beta">β (default 1); a constant.</param>
    /// <param name="threshold">Above this value of β·x the function reverts to x (default 20); a constant.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Softplus))]
    public static void SoftplusBackward<T>(ReadOnlySpan<T> x, Span<T> y, double beta, double threshold, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new SoftplusOp(beta, threshold), x, y, dY, dX);

    /// <inheritdoc cref="Softplus{T}(T,double,double)"/>
    public static double Softplus(double x, [NoDerivative] double beta = 1.0, [NoDerivative] double threshold = 20.0) => Softplus<double>(x, beta, threshold);

    /// <inheritdoc cref="Softplus{T}(T,double,double)"/>
    public static float Softplus(float x, [NoDerivative] float beta = 1f, [NoDerivative] float threshold = 20f) => Softplus<float>(x, beta, threshold);

    /// <inheritdoc cref="SoftplusBackward{T}(T,double,double,T,ref T)"/>
    [DerivativeOf(nameof(Softplus))]
    public static double SoftplusBackward(double x, double beta, double threshold, double seed, ref double dX) => SoftplusBackward<double>(x, beta, threshold, seed, ref dX);

    /// <inheritdoc cref="SoftplusBackward{T}(T,double,double,T,ref T)"/>
    [DerivativeOf(nameof(Softplus))]
    public static float SoftplusBackward(float x, float beta, float threshold, float seed, ref float dX) => SoftplusBackward<float>(x, beta, threshold, seed, ref dX);

    /// <inheritdoc cref="Softplus{T}(ReadOnlySpan{T},Span{T},double,double)"/>
    public static void Softplus(ReadOnlySpan<double> x, Span<double> y, [NoDerivative] double beta = 1.0, [NoDerivative] double threshold = 20.0) => Softplus<double>(x, y, beta, threshold);

    /// <inheritdoc cref="Softplus{T}(ReadOnlySpan{T},Span{T},double,double)"/>
    public static void Softplus(ReadOnlySpan<float> x, Span<float> y, [NoDerivative] float beta = 1f, [NoDerivative] float threshold = 20f) => Softplus<float>(x, y, beta, threshold);

    /// <inheritdoc cref="SoftplusBackward{T}(ReadOnlySpan{T},Span{T},double,double,ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Softplus))]
    public static void SoftplusBackward(ReadOnlySpan<double> x, Span<double> y, double beta, double threshold, ReadOnlySpan<double> dY, Span<double> dX) => SoftplusBackward<double>(x, y, beta, threshold, dY, dX);

    /// <inheritdoc cref="SoftplusBackward{T}(ReadOnlySpan{T},Span{T},double,double,ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Softplus))]
    public static void SoftplusBackward(ReadOnlySpan<float> x, Span<float> y, float beta, float threshold, ReadOnlySpan<float> dY, Span<float> dX) => SoftplusBackward<float>(x, y, beta, threshold, dY, dX);

    /// <summary>
    /// Forward-mode derivative of <see cref="Softplus{T}(T,double,double)"/>: returns Softplus(x) and sets <paramref name="dResult"/> =
    /// <c>f′(x) · dX</c>, where f′(x) = σ(β·x), and 1 where β·x &gt; threshold. The tangent is exactly 0 where f′(x) = 0, even for an infinite or NaN dX.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="beta">β (default 1); a constant.</param>
    /// <param name="threshold">Above this value of β·x the function reverts to x (default 20); a constant.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Receives the tangent of the result.</param>
    [DerivativeOf(nameof(Softplus), Derivatives.Forward)]
    public static T SoftplusTangent<T>(T x, double beta, double threshold, T dX, out T dResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new SoftplusOp(beta, threshold), x, dX, out dResult);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="SoftplusBackward{T}(T,double,double,T,ref T)"/>, for Hessian-vector products:
    /// returns Softplus(x), adds <c>seed · f′(x)</c> into <paramref name="dX"/> as the pullback does, adds its derivative along
    /// (vX, vSeed), <c>vSeed · f′(x) + seed · f″(x) · vX</c>, into <paramref name="hvX"/>, and sets <paramref name="vResult"/> =
    /// <c>f′(x) · vX</c>; f′(x) = σ(β·x), and 1 where β·x &gt; threshold, f″(x) = β·σ(β·x)·σ(−β·x), and 0 where β·x &gt; threshold. A product whose factor f′ or f″ is 0 adds nothing.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="beta">β (default 1); a constant.</param>
    /// <param name="threshold">Above this value of β·x the function reverts to x (default 20); a constant.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>.</param>
    /// <param name="vSeed">The tangent of <paramref name="seed"/>.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>.</param>
    /// <param name="vResult">Receives the tangent of the result along vX.</param>
    [DerivativeOf(nameof(Softplus), Derivatives.Hessian)]
    public static T SoftplusBackwardTangent<T>(T x, double beta, double threshold, T seed, ref T dX, T vX, T vSeed, ref T hvX, out T vResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new SoftplusOp(beta, threshold), x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <summary>
    /// Forward-mode derivative of <see cref="Softplus{T}(ReadOnlySpan{T},Span{T},double,double)"/>: writes <c>y = f(x)</c> and
    /// <c>dY[i] = f′(x[i]) · dX[i]</c> in one pass, where f′(x) = σ(β·x), and 1 where β·x &gt; threshold. An empty <paramref name="dX"/> is zero;
    /// an empty <paramref name="dY"/> is not written.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="beta">β (default 1); a constant.</param>
    /// <param name="threshold">Above this value of β·x the function reverts to x (default 20); a constant.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Softplus), Derivatives.Forward)]
    public static void SoftplusTangent<T>(ReadOnlySpan<T> x, Span<T> y, double beta, double threshold, ReadOnlySpan<T> dX, Span<T> dY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new SoftplusOp(beta, threshold), x, y, dX, dY);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="SoftplusBackward{T}(ReadOnlySpan{T},Span{T},double,double,ReadOnlySpan{T},Span{T})"/>,
    /// for Hessian-vector products, in one pass: writes <c>y = f(x)</c>, adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/>
    /// as the pullback does, adds <c>vDY[i] · f′(x[i]) + dY[i] · f″(x[i]) · vX[i]</c> into <paramref name="hvX"/> and writes
    /// <c>vY[i] = f′(x[i]) · vX[i]</c>; f′(x) = σ(β·x), and 1 where β·x &gt; threshold, f″(x) = β·σ(β·x)·σ(−β·x), and 0 where β·x &gt; threshold. Products whose factor f′ or f″ is 0 add nothing.
    /// Empty <paramref name="dX"/>, <paramref name="hvX"/>, <paramref name="vY"/> are skipped; empty <paramref name="vX"/>,
    /// <paramref name="vDY"/> are zeros.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="beta">β (default 1); a constant.</param>
    /// <param name="threshold">Above this value of β·x the function reverts to x (default 20); a constant.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>, or empty for zero.</param>
    /// <param name="vDY">The tangent of <paramref name="dY"/>, or empty for zero.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>, or empty.</param>
    /// <param name="vY">Receives the tangent of <paramref name="y"/> along vX, or empty.</param>
    [DerivativeOf(nameof(Softplus), Derivatives.Hessian)]
    public static void SoftplusBackwardTangent<T>(ReadOnlySpan<T> x, Span<T> y, double beta, double threshold, ReadOnlySpan<T> dY, Span<T> dX,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> vY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new SoftplusOp(beta, threshold), x, y, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="SoftplusTangent{T}(T,double,double,T,out T)"/>
    [DerivativeOf(nameof(Softplus), Derivatives.Forward)]
    public static double SoftplusTangent(double x, double beta, double threshold, double dX, out double dResult) => SoftplusTangent<double>(x, beta, threshold, dX, out dResult);

    /// <inheritdoc cref="SoftplusTangent{T}(T,double,double,T,out T)"/>
    [DerivativeOf(nameof(Softplus), Derivatives.Forward)]
    public static float SoftplusTangent(float x, float beta, float threshold, float dX, out float dResult) => SoftplusTangent<float>(x, beta, threshold, dX, out dResult);

    /// <inheritdoc cref="SoftplusBackwardTangent{T}(T,double,double,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(Softplus), Derivatives.Hessian)]
    public static double SoftplusBackwardTangent(double x, double beta, double threshold, double seed, ref double dX, double vX, double vSeed, ref double hvX, out double vResult)
        => SoftplusBackwardTangent<double>(x, beta, threshold, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="SoftplusBackwardTangent{T}(T,double,double,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(Softplus), Derivatives.Hessian)]
    public static float SoftplusBackwardTangent(float x, float beta, float threshold, float seed, ref float dX, float vX, float vSeed, ref float hvX, out float vResult)
        => SoftplusBackwardTangent<float>(x, beta, threshold, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="SoftplusTangent{T}(ReadOnlySpan{T},Span{T},double,double,ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Softplus), Derivatives.Forward)]
    public static void SoftplusTangent(ReadOnlySpan<double> x, Span<double> y, double beta, double threshold, ReadOnlySpan<double> dX, Span<double> dY) => SoftplusTangent<double>(x, y, beta, threshold, dX, dY);

    /// <inheritdoc cref="SoftplusTangent{T}(ReadOnlySpan{T},Span{T},double,double,ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Softplus), Derivatives.Forward)]
    public static void SoftplusTangent(ReadOnlySpan<float> x, Span<float> y, float beta, float threshold, ReadOnlySpan<float> dX, Span<float> dY) => SoftplusTangent<float>(x, y, beta, threshold, dX, dY);

    /// <inheritdoc cref="SoftplusBackwardTangent{T}(ReadOnlySpan{T},Span{T},double,double,ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(Softplus), Derivatives.Hessian)]
    public static void SoftplusBackwardTangent(ReadOnlySpan<double> x, Span<double> y, double beta, double threshold, ReadOnlySpan<double> dY, Span<double> dX,
        ReadOnlySpan<double> vX, ReadOnlySpan<double> vDY, Span<double> hvX, Span<double> vY)
        => SoftplusBackwardTangent<double>(x, y, beta, threshold, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="SoftplusBackwardTangent{T}(ReadOnlySpan{T},Span{T},double,double,ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(Softplus), Derivatives.Hessian)]
    public static void SoftplusBackwardTangent(ReadOnlySpan<float> x, Span<float> y, float beta, float threshold, ReadOnlySpan<float> dY, Span<float> dX,
        ReadOnlySpan<float> vX, ReadOnlySpan<float> vDY, Span<float> hvX, Span<float> vY)
        => SoftplusBackwardTangent<float>(x, y, beta, threshold, dY, dX, vX, vDY, hvX, vY);
}
