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
}

