using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes the exact GELU, gelu(x) = x·Φ(x) = ½·x·erfc(−x/√2) (PyTorch <c>gelu</c>, <c>approximate="none"</c>), where Φ is the standard normal distribution function.</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    /// <remarks>erfc comes from a Chebyshev series of the scaled complementary error function (about 5e-16 relative error) with e^(−x²/2) computed from x itself, so very negative x keeps full relative accuracy.</remarks>
    public static T Gelu<T>(T x) where T : IFloatingPointIeee754<T> => Scalar.Value(new GeluOp(), x);

    /// <summary>
    /// Pullback of <see cref="Gelu{T}(T)"/>: returns Gelu(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = Φ(x) + x·φ(x), with φ(x) = e^(−x²/2)/√(2π). Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Gelu))]
    public static T GeluBackward<T>(T x, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new GeluOp(), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = the exact GELU, gelu(x) = x·Φ(x) = ½·x·erfc(−x/√2) (PyTorch <c>gelu</c>, <c>approximate="none"</c>), where Φ is the standard normal distribution function.</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Gelu<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new GeluOp(), x, y);

    /// <summary>
    /// Pullback of <see cref="Gelu{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where f′(x) = Φ(x) + x·φ(x), with φ(x) = e^(−x²/2)/√(2π). Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Gelu))]
    public static void GeluBackward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new GeluOp(), x, y, dY, dX);

    /// <inheritdoc cref="Gelu{T}(T)"/>
    public static double Gelu(double x) => Gelu<double>(x);

    /// <inheritdoc cref="Gelu{T}(T)"/>
    public static float Gelu(float x) => Gelu<float>(x);

    /// <inheritdoc cref="GeluBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Gelu))]
    public static double GeluBackward(double x, double seed, ref double dX) => GeluBackward<double>(x, seed, ref dX);

    /// <inheritdoc cref="GeluBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Gelu))]
    public static float GeluBackward(float x, float seed, ref float dX) => GeluBackward<float>(x, seed, ref dX);

    /// <inheritdoc cref="Gelu{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Gelu(ReadOnlySpan<double> x, Span<double> y) => Gelu<double>(x, y);

    /// <inheritdoc cref="Gelu{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Gelu(ReadOnlySpan<float> x, Span<float> y) => Gelu<float>(x, y);

    /// <inheritdoc cref="GeluBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Gelu))]
    public static void GeluBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX) => GeluBackward<double>(x, y, dY, dX);

    /// <inheritdoc cref="GeluBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Gelu))]
    public static void GeluBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX) => GeluBackward<float>(x, y, dY, dX);

    /// <summary>
    /// Forward-mode derivative of <see cref="Gelu{T}(T)"/>: returns Gelu(x) and sets <paramref name="dResult"/> =
    /// <c>f′(x) · dX</c>, where f′(x) = Φ(x) + x·φ(x), with φ(x) = e^(−x²/2)/√(2π). The tangent is exactly 0 where f′(x) = 0, even for an infinite or NaN dX.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>.</param>
    /// <param name="dResult">Receives the tangent of the result.</param>
    [DerivativeOf(nameof(Gelu), Derivatives.Forward)]
    public static T GeluTangent<T>(T x, T dX, out T dResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new GeluOp(), x, dX, out dResult);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="GeluBackward{T}(T,T,ref T)"/>, for Hessian-vector products:
    /// returns Gelu(x), adds <c>seed · f′(x)</c> into <paramref name="dX"/> as the pullback does, adds its derivative along
    /// (vX, vSeed), <c>vSeed · f′(x) + seed · f″(x) · vX</c>, into <paramref name="hvX"/>, and sets <paramref name="vResult"/> =
    /// <c>f′(x) · vX</c>; f′(x) = Φ(x) + x·φ(x), with φ(x) = e^(−x²/2)/√(2π), f″(x) = φ(x)·(2 − x²). A product whose factor f′ or f″ is 0 adds nothing.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>.</param>
    /// <param name="vSeed">The tangent of <paramref name="seed"/>.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>.</param>
    /// <param name="vResult">Receives the tangent of the result along vX.</param>
    [DerivativeOf(nameof(Gelu), Derivatives.Hessian)]
    public static T GeluBackwardTangent<T>(T x, T seed, ref T dX, T vX, T vSeed, ref T hvX, out T vResult) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new GeluOp(), x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <summary>
    /// Forward-mode derivative of <see cref="Gelu{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and
    /// <c>dY[i] = f′(x[i]) · dX[i]</c> in one pass, where f′(x) = Φ(x) + x·φ(x), with φ(x) = e^(−x²/2)/√(2π). An empty <paramref name="dX"/> is zero;
    /// an empty <paramref name="dY"/> is not written.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Gelu), Derivatives.Forward)]
    public static void GeluTangent<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dX, Span<T> dY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.Tangent(new GeluOp(), x, y, dX, dY);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="GeluBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>,
    /// for Hessian-vector products, in one pass: writes <c>y = f(x)</c>, adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/>
    /// as the pullback does, adds <c>vDY[i] · f′(x[i]) + dY[i] · f″(x[i]) · vX[i]</c> into <paramref name="hvX"/> and writes
    /// <c>vY[i] = f′(x[i]) · vX[i]</c>; f′(x) = Φ(x) + x·φ(x), with φ(x) = e^(−x²/2)/√(2π), f″(x) = φ(x)·(2 − x²). Products whose factor f′ or f″ is 0 add nothing.
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
    [DerivativeOf(nameof(Gelu), Derivatives.Hessian)]
    public static void GeluBackwardTangent<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> vY) where T : IFloatingPointIeee754<T>
        => ElementwiseTangents.BackwardTangent(new GeluOp(), x, y, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="GeluTangent{T}(T,T,out T)"/>
    [DerivativeOf(nameof(Gelu), Derivatives.Forward)]
    public static double GeluTangent(double x, double dX, out double dResult) => GeluTangent<double>(x, dX, out dResult);

    /// <inheritdoc cref="GeluTangent{T}(T,T,out T)"/>
    [DerivativeOf(nameof(Gelu), Derivatives.Forward)]
    public static float GeluTangent(float x, float dX, out float dResult) => GeluTangent<float>(x, dX, out dResult);

    /// <inheritdoc cref="GeluBackwardTangent{T}(T,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(Gelu), Derivatives.Hessian)]
    public static double GeluBackwardTangent(double x, double seed, ref double dX, double vX, double vSeed, ref double hvX, out double vResult)
        => GeluBackwardTangent<double>(x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="GeluBackwardTangent{T}(T,T,ref T,T,T,ref T,out T)"/>
    [DerivativeOf(nameof(Gelu), Derivatives.Hessian)]
    public static float GeluBackwardTangent(float x, float seed, ref float dX, float vX, float vSeed, ref float hvX, out float vResult)
        => GeluBackwardTangent<float>(x, seed, ref dX, vX, vSeed, ref hvX, out vResult);

    /// <inheritdoc cref="GeluTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Gelu), Derivatives.Forward)]
    public static void GeluTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dX, Span<double> dY) => GeluTangent<double>(x, y, dX, dY);

    /// <inheritdoc cref="GeluTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Gelu), Derivatives.Forward)]
    public static void GeluTangent(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dX, Span<float> dY) => GeluTangent<float>(x, y, dX, dY);

    /// <inheritdoc cref="GeluBackwardTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(Gelu), Derivatives.Hessian)]
    public static void GeluBackwardTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX,
        ReadOnlySpan<double> vX, ReadOnlySpan<double> vDY, Span<double> hvX, Span<double> vY)
        => GeluBackwardTangent<double>(x, y, dY, dX, vX, vDY, hvX, vY);

    /// <inheritdoc cref="GeluBackwardTangent{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T},ReadOnlySpan{T},ReadOnlySpan{T},Span{T},Span{T})"/>
    [DerivativeOf(nameof(Gelu), Derivatives.Hessian)]
    public static void GeluBackwardTangent(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX,
        ReadOnlySpan<float> vX, ReadOnlySpan<float> vDY, Span<float> hvX, Span<float> vY)
        => GeluBackwardTangent<float>(x, y, dY, dX, vX, vDY, hvX, vY);
}
