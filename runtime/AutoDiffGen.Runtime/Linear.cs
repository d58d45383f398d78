using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

/// <summary>
/// Fully connected layers in PyTorch's <c>nn.Linear</c> layout (weights row-major [out × in], <c>y = W x + b</c>), single
/// samples and batches, with register-blocked FMA kernels (512-bit vectors where the CPU has AVX-512) and hand-written
/// pullbacks giving dW, db and dx for <see cref="DifferentiableAttribute">[Differentiable]</see> code. Generic over the
/// floating-point type, with <c>double</c> and <c>float</c> overloads. Pullbacks add into the adjoints; an empty adjoint span
/// skips that gradient (e.g. dx of the first layer, whose input is data). An empty bias means no bias. Also the product
/// with a packed lower-triangular matrix, <see cref="TriangularMultiply{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>.
/// </summary>
public static partial class Linear
{
    /// <summary>
    /// Computes <c>y = W x + b</c>: <c>y[o] = b[o] + Σᵢ W[o, i] · x[i]</c>, with <c>out = y.Length</c>, <c>in = x.Length</c>
    /// and <paramref name="w"/> row-major [out × in].
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="w">The weights W, <c>out × in</c> row-major.</param>
    /// <param name="b">The bias b (<c>out</c> elements), or empty for none.</param>
    /// <param name="x">The input, <c>in</c> elements.</param>
    /// <param name="y">Receives the output, <c>out</c> elements; must not overlap the inputs.</param>
    public static void Dense<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
        => DenseCore(w, b, x, y, 1, default, default, default, default);

    /// <summary>
    /// Pullback of <see cref="Dense{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>: writes
    /// <c>y = W x + b</c> and adds <c>dW[o, i] += dY[o] · x[i]</c>, <c>dB[o] += dY[o]</c>, <c>dX[i] += Σ_o W[o, i] · dY[o]</c>.
    /// Empty adjoints are skipped.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="w">The weights.</param>
    /// <param name="b">The bias, or empty.</param>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dW">Accumulates the adjoint of <paramref name="w"/>, or empty.</param>
    /// <param name="dB">Accumulates the adjoint of <paramref name="b"/>, or empty.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    [DerivativeOf(nameof(Dense))]
    public static void DenseBackward<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, Span<T> y,
        ReadOnlySpan<T> dY, Span<T> dW, Span<T> dB, Span<T> dX) where T : IFloatingPointIeee754<T>
        => DenseCore(w, b, x, y, 1, dY, dW, dB, dX, backward: true);

    /// <summary>
    /// Computes a batch of dense layers, <c>Y = X Wᵀ + b</c>: <c>y[r, o] = b[o] + Σᵢ W[o, i] · x[r, i]</c>, with
    /// x row-major [batch × in], y row-major [batch × out], <c>in = x.Length / batch</c>, <c>out = y.Length / batch</c>
    /// and <paramref name="w"/> row-major [out × in] (PyTorch <c>nn.Linear</c> on a batch).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="w">The weights W, <c>out × in</c> row-major.</param>
    /// <param name="b">The bias b (<c>out</c> elements), or empty for none.</param>
    /// <param name="x">The inputs, <c>batch × in</c> row-major.</param>
    /// <param name="y">Receives the outputs, <c>batch × out</c> row-major; must not overlap the inputs.</param>
    /// <param name="batch">The number of rows (a positive constant).</param>
    public static void DenseBatch<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, Span<T> y, int batch) where T : IFloatingPointIeee754<T>
        => DenseCore(w, b, x, y, batch, default, default, default, default);

    /// <summary>
    /// Pullback of <see cref="DenseBatch{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int)"/>:
    /// writes <c>y</c> and adds <c>dW += dYᵀ X</c> (<c>dW[o, i] += Σ_r dY[r, o] · x[r, i]</c>), <c>dB[o] += Σ_r dY[r, o]</c>
    /// and <c>dX += dY W</c> (<c>dX[r, i] += Σ_o dY[r, o] · W[o, i]</c>). Empty adjoints are skipped.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="w">The weights.</param>
    /// <param name="b">The bias, or empty.</param>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Receives the outputs.</param>
    /// <param name="batch">The number of rows.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dW">Accumulates the adjoint of <paramref name="w"/>, or empty.</param>
    /// <param name="dB">Accumulates the adjoint of <paramref name="b"/>, or empty.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    [DerivativeOf(nameof(DenseBatch))]
    public static void DenseBatchBackward<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, Span<T> y, int batch,
        ReadOnlySpan<T> dY, Span<T> dW, Span<T> dB, Span<T> dX) where T : IFloatingPointIeee754<T>
        => DenseCore(w, b, x, y, batch, dY, dW, dB, dX, backward: true);

    /// <summary>
    /// Forward-mode derivative of <see cref="Dense{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>: writes
    /// <c>y = W x + b</c> and <c>dY = dW x + W dX + dB</c>. Empty tangents are zero (dB must be empty when there is no bias);
    /// an empty <paramref name="dY"/> is not written.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="w">The weights.</param>
    /// <param name="b">The bias, or empty.</param>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dW">The tangent of <paramref name="w"/>, or empty for zero.</param>
    /// <param name="dB">The tangent of <paramref name="b"/>, or empty for zero.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Dense), Derivatives.Forward)]
    public static void DenseTangent<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, Span<T> y,
        ReadOnlySpan<T> dW, ReadOnlySpan<T> dB, ReadOnlySpan<T> dX, Span<T> dY) where T : IFloatingPointIeee754<T>
        => DenseTangentCore(w, b, x, y, 1, dW, dB, dX, dY);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="DenseBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>,
    /// for Hessian-vector products. Besides what the pullback does (y, <c>dW += dY xᵀ</c>, <c>dB += dY</c>, <c>dX += Wᵀ dY</c>), it
    /// adds their derivatives along (vW, vB, vX, vDY): <c>hvW += vDY xᵀ + dY vXᵀ</c>, <c>hvB += vDY</c>, <c>hvX += Wᵀ vDY + vWᵀ dY</c>,
    /// and writes the tangent of y, <c>vY = vW x + W vX + vB</c>. Empty adjoints, their tangents and vY are skipped; empty
    /// directions are zero.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="w">The weights.</param>
    /// <param name="b">The bias, or empty.</param>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dW">Accumulates the adjoint of <paramref name="w"/>, or empty.</param>
    /// <param name="dB">Accumulates the adjoint of <paramref name="b"/>, or empty.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    /// <param name="vW">The direction's component along <paramref name="w"/>, or empty for zero.</param>
    /// <param name="vB">The direction's component along <paramref name="b"/>, or empty for zero.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>, or empty for zero.</param>
    /// <param name="vDY">The tangent of <paramref name="dY"/>, or empty for zero.</param>
    /// <param name="hvW">Accumulates the tangent of <paramref name="dW"/>, or empty.</param>
    /// <param name="hvB">Accumulates the tangent of <paramref name="dB"/>, or empty.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>, or empty.</param>
    /// <param name="vY">Receives the tangent of <paramref name="y"/>, or empty.</param>
    [DerivativeOf(nameof(Dense), Derivatives.Hessian)]
    public static void DenseBackwardTangent<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, Span<T> y,
        ReadOnlySpan<T> dY, Span<T> dW, Span<T> dB, Span<T> dX,
        ReadOnlySpan<T> vW, ReadOnlySpan<T> vB, ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvW, Span<T> hvB, Span<T> hvX, Span<T> vY)
        where T : IFloatingPointIeee754<T>
        => DenseBackwardTangentCore(w, b, x, y, 1, dY, dW, dB, dX, vW, vB, vX, vDY, hvW, hvB, hvX, vY);

    /// <summary>
    /// Forward-mode derivative of <see cref="DenseBatch{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int)"/>:
    /// writes <c>Y = X Wᵀ + b</c> and <c>dY = X dWᵀ + dX Wᵀ + dB</c> (dB added to every row). Empty tangents are zero; an empty
    /// <paramref name="dY"/> is not written.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="w">The weights.</param>
    /// <param name="b">The bias, or empty.</param>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Receives the outputs.</param>
    /// <param name="batch">The number of rows.</param>
    /// <param name="dW">The tangent of <paramref name="w"/>, or empty for zero.</param>
    /// <param name="dB">The tangent of <paramref name="b"/>, or empty for zero.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(DenseBatch), Derivatives.Forward)]
    public static void DenseBatchTangent<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, Span<T> y, int batch,
        ReadOnlySpan<T> dW, ReadOnlySpan<T> dB, ReadOnlySpan<T> dX, Span<T> dY) where T : IFloatingPointIeee754<T>
        => DenseTangentCore(w, b, x, y, batch, dW, dB, dX, dY);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="DenseBatchBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>,
    /// for Hessian-vector products. Besides what the pullback does, it adds <c>hvW += vDYᵀ X + dYᵀ vX</c>,
    /// <c>hvB[o] += Σ_r vDY[r, o]</c>, <c>hvX += vDY W + dY vW</c>, and writes <c>vY = X vWᵀ + vX Wᵀ + vB</c>. Empty adjoints, their
    /// tangents and vY are skipped; empty directions are zero.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="w">The weights.</param>
    /// <param name="b">The bias, or empty.</param>
    /// <param name="x">The inputs.</param>
    /// <param name="y">Receives the outputs.</param>
    /// <param name="batch">The number of rows.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dW">Accumulates the adjoint of <paramref name="w"/>, or empty.</param>
    /// <param name="dB">Accumulates the adjoint of <paramref name="b"/>, or empty.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    /// <param name="vW">The direction's component along <paramref name="w"/>, or empty for zero.</param>
    /// <param name="vB">The direction's component along <paramref name="b"/>, or empty for zero.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>, or empty for zero.</param>
    /// <param name="vDY">The tangent of <paramref name="dY"/>, or empty for zero.</param>
    /// <param name="hvW">Accumulates the tangent of <paramref name="dW"/>, or empty.</param>
    /// <param name="hvB">Accumulates the tangent of <paramref name="dB"/>, or empty.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>, or empty.</param>
    /// <param name="vY">Receives the tangent of <paramref name="y"/>, or empty.</param>
    [DerivativeOf(nameof(DenseBatch), Derivatives.Hessian)]
    public static void DenseBatchBackwardTangent<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, Span<T> y, int batch,
        ReadOnlySpan<T> dY, Span<T> dW, Span<T> dB, Span<T> dX,
        ReadOnlySpan<T> vW, ReadOnlySpan<T> vB, ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvW, Span<T> hvB, Span<T> hvX, Span<T> vY)
        where T : IFloatingPointIeee754<T>
        => DenseBackwardTangentCore(w, b, x, y, batch, dY, dW, dB, dX, vW, vB, vX, vDY, hvW, hvB, hvX, vY);

    /// <summary>
    /// Pullback of <see cref="Dense{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/> for a caller whose
    /// <paramref name="y"/> still holds the layer's output: adds <c>dW[o, i] += dY[o] · x[i]</c>, <c>dB[o] += dY[o]</c>,
    /// <c>dX[i] += Σ_o W[o, i] · dY[o]</c> without computing the layer again (the output is not needed for them).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="w">The weights.</param>
    /// <param name="b">The bias, or empty.</param>
    /// <param name="x">The input.</param>
    /// <param name="y">The layer's output (its length gives the number of outputs).</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dW">Accumulates the adjoint of <paramref name="w"/>, or empty.</param>
    /// <param name="dB">Accumulates the adjoint of <paramref name="b"/>, or empty.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    [DerivativeOf(nameof(Dense), Derivatives.ReverseFromOutputs)]
    public static void DenseBackwardFromOutputs<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, ReadOnlySpan<T> y,
        ReadOnlySpan<T> dY, Span<T> dW, Span<T> dB, Span<T> dX) where T : IFloatingPointIeee754<T>
        => BackwardCore(w, b, x, y.Length, 1, dY, dW, dB, dX);

    /// <summary>
    /// Pullback of <see cref="DenseBatch{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int)"/> for a caller
    /// whose <paramref name="y"/> still holds the layer's outputs: adds <c>dW += dYᵀ X</c>, <c>dB[o] += Σ_r dY[r, o]</c> and
    /// <c>dX += dY W</c> without computing the layer again.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="w">The weights.</param>
    /// <param name="b">The bias, or empty.</param>
    /// <param name="x">The inputs.</param>
    /// <param name="y">The layer's outputs (their length gives the number of outputs).</param>
    /// <param name="batch">The number of rows.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dW">Accumulates the adjoint of <paramref name="w"/>, or empty.</param>
    /// <param name="dB">Accumulates the adjoint of <paramref name="b"/>, or empty.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    [DerivativeOf(nameof(DenseBatch), Derivatives.ReverseFromOutputs)]
    public static void DenseBatchBackwardFromOutputs<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, ReadOnlySpan<T> y, int batch,
        ReadOnlySpan<T> dY, Span<T> dW, Span<T> dB, Span<T> dX) where T : IFloatingPointIeee754<T>
        => BackwardCore(w, b, x, y.Length, batch, dY, dW, dB, dX);

    /// <summary>
    /// <see cref="DenseBackwardFromOutputs{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    /// that writes instead of adding: <c>dW[o, i] = dY[o] · x[i]</c>, <c>dB = dY</c>, <c>dX[i] = Σ_o W[o, i] · dY[o]</c> (each
    /// where not empty), the same values as clearing them and adding.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="w">The weights.</param>
    /// <param name="b">The bias, or empty.</param>
    /// <param name="x">The input.</param>
    /// <param name="y">The layer's output (its length gives the number of outputs).</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dW">Receives the adjoint of <paramref name="w"/>, or empty.</param>
    /// <param name="dB">Receives the adjoint of <paramref name="b"/>, or empty.</param>
    /// <param name="dX">Receives the adjoint of <paramref name="x"/>, or empty.</param>
    [DerivativeOf(nameof(Dense), Derivatives.ReverseFromOutputs | Derivatives.Overwrite)]
    public static void DenseBackwardFromOutputsOverwrite<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, ReadOnlySpan<T> y,
        ReadOnlySpan<T> dY, Span<T> dW, Span<T> dB, Span<T> dX) where T : IFloatingPointIeee754<T>
        => BackwardCore(w, b, x, y.Length, 1, dY, dW, dB, dX, overwrite: true);

    /// <summary>
    /// <see cref="DenseBatchBackwardFromOutputs{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, int, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    /// that writes instead of adding: <c>dW = dYᵀ X</c>, <c>dB[o] = Σ_r dY[r, o]</c>, <c>dX = dY W</c> (each where not empty), the
    /// same values as clearing them and adding.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="w">The weights.</param>
    /// <param name="b">The bias, or empty.</param>
    /// <param name="x">The inputs.</param>
    /// <param name="y">The layer's outputs (their length gives the number of outputs).</param>
    /// <param name="batch">The number of rows.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dW">Receives the adjoint of <paramref name="w"/>, or empty.</param>
    /// <param name="dB">Receives the adjoint of <paramref name="b"/>, or empty.</param>
    /// <param name="dX">Receives the adjoint of <paramref name="x"/>, or empty.</param>
    [DerivativeOf(nameof(DenseBatch), Derivatives.ReverseFromOutputs | Derivatives.Overwrite)]
    public static void DenseBatchBackwardFromOutputsOverwrite<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, ReadOnlySpan<T> y, int batch,
        ReadOnlySpan<T> dY, Span<T> dW, Span<T> dB, Span<T> dX) where T : IFloatingPointIeee754<T>
        => BackwardCore(w, b, x, y.Length, batch, dY, dW, dB, dX, overwrite: true);

    /// <inheritdoc cref="Dense{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    public static void Dense(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y) => Dense<double>(w, b, x, y);

    /// <inheritdoc cref="Dense{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    public static void Dense(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> x, Span<float> y) => Dense<float>(w, b, x, y);

    /// <inheritdoc cref="DenseBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dense))]
    public static void DenseBackward(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y,
        ReadOnlySpan<double> dY, Span<double> dW, Span<double> dB, Span<double> dX) => DenseBackward<double>(w, b, x, y, dY, dW, dB, dX);

    /// <inheritdoc cref="DenseBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dense))]
    public static void DenseBackward(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> x, Span<float> y,
        ReadOnlySpan<float> dY, Span<float> dW, Span<float> dB, Span<float> dX) => DenseBackward<float>(w, b, x, y, dY, dW, dB, dX);

    /// <inheritdoc cref="DenseBatch{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int)"/>
    public static void DenseBatch(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y, int batch)
        => DenseBatch<double>(w, b, x, y, batch);

    /// <inheritdoc cref="DenseBatch{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int)"/>
    public static void DenseBatch(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> x, Span<float> y, int batch)
        => DenseBatch<float>(w, b, x, y, batch);

    /// <inheritdoc cref="DenseBatchBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(DenseBatch))]
    public static void DenseBatchBackward(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y, int batch,
        ReadOnlySpan<double> dY, Span<double> dW, Span<double> dB, Span<double> dX) => DenseBatchBackward<double>(w, b, x, y, batch, dY, dW, dB, dX);

    /// <inheritdoc cref="DenseBatchBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(DenseBatch))]
    public static void DenseBatchBackward(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> x, Span<float> y, int batch,
        ReadOnlySpan<float> dY, Span<float> dW, Span<float> dB, Span<float> dX) => DenseBatchBackward<float>(w, b, x, y, batch, dY, dW, dB, dX);

    /// <inheritdoc cref="DenseTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(Dense), Derivatives.Forward)]
    public static void DenseTangent(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dW, ReadOnlySpan<double> dB, ReadOnlySpan<double> dX, Span<double> dY)
        => DenseTangent<double>(w, b, x, y, dW, dB, dX, dY);

    /// <inheritdoc cref="DenseTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(Dense), Derivatives.Forward)]
    public static void DenseTangent(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dW, ReadOnlySpan<float> dB, ReadOnlySpan<float> dX, Span<float> dY)
        => DenseTangent<float>(w, b, x, y, dW, dB, dX, dY);

    /// <inheritdoc cref="DenseBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dense), Derivatives.Hessian)]
    public static void DenseBackwardTangent(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dW, Span<double> dB, Span<double> dX,
        ReadOnlySpan<double> vW, ReadOnlySpan<double> vB, ReadOnlySpan<double> vX, ReadOnlySpan<double> vDY, Span<double> hvW, Span<double> hvB, Span<double> hvX, Span<double> vY)
        => DenseBackwardTangent<double>(w, b, x, y, dY, dW, dB, dX, vW, vB, vX, vDY, hvW, hvB, hvX, vY);

    /// <inheritdoc cref="DenseBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dense), Derivatives.Hessian)]
    public static void DenseBackwardTangent(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dW, Span<float> dB, Span<float> dX,
        ReadOnlySpan<float> vW, ReadOnlySpan<float> vB, ReadOnlySpan<float> vX, ReadOnlySpan<float> vDY, Span<float> hvW, Span<float> hvB, Span<float> hvX, Span<float> vY)
        => DenseBackwardTangent<float>(w, b, x, y, dY, dW, dB, dX, vW, vB, vX, vDY, hvW, hvB, hvX, vY);

    /// <inheritdoc cref="DenseBatchTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(DenseBatch), Derivatives.Forward)]
    public static void DenseBatchTangent(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y, int batch, ReadOnlySpan<double> dW, ReadOnlySpan<double> dB, ReadOnlySpan<double> dX, Span<double> dY)
        => DenseBatchTangent<double>(w, b, x, y, batch, dW, dB, dX, dY);

    /// <inheritdoc cref="DenseBatchTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(DenseBatch), Derivatives.Forward)]
    public static void DenseBatchTangent(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> x, Span<float> y, int batch, ReadOnlySpan<float> dW, ReadOnlySpan<float> dB, ReadOnlySpan<float> dX, Span<float> dY)
        => DenseBatchTangent<float>(w, b, x, y, batch, dW, dB, dX, dY);

    /// <inheritdoc cref="DenseBatchBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(DenseBatch), Derivatives.Hessian)]
    public static void DenseBatchBackwardTangent(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y, int batch, ReadOnlySpan<double> dY, Span<double> dW, Span<double> dB, Span<double> dX,
        ReadOnlySpan<double> vW, ReadOnlySpan<double> vB, ReadOnlySpan<double> vX, ReadOnlySpan<double> vDY, Span<double> hvW, Span<double> hvB, Span<double> hvX, Span<double> vY)
        => DenseBatchBackwardTangent<double>(w, b, x, y, batch, dY, dW, dB, dX, vW, vB, vX, vDY, hvW, hvB, hvX, vY);

    /// <inheritdoc cref="DenseBatchBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(DenseBatch), Derivatives.Hessian)]
    public static void DenseBatchBackwardTangent(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> x, Span<float> y, int batch, ReadOnlySpan<float> dY, Span<float> dW, Span<float> dB, Span<float> dX,
        ReadOnlySpan<float> vW, ReadOnlySpan<float> vB, ReadOnlySpan<float> vX, ReadOnlySpan<float> vDY, Span<float> hvW, Span<float> hvB, Span<float> hvX, Span<float> vY)
        => DenseBatchBackwardTangent<float>(w, b, x, y, batch, dY, dW, dB, dX, vW, vB, vX, vDY, hvW, hvB, hvX, vY);

    /// <inheritdoc cref="DenseBackwardFromOutputs{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dense), Derivatives.ReverseFromOutputs)]
    public static void DenseBackwardFromOutputs(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, ReadOnlySpan<double> y,
        ReadOnlySpan<double> dY, Span<double> dW, Span<double> dB, Span<double> dX) => DenseBackwardFromOutputs<double>(w, b, x, y, dY, dW, dB, dX);

    /// <inheritdoc cref="DenseBackwardFromOutputs{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dense), Derivatives.ReverseFromOutputs)]
    public static void DenseBackwardFromOutputs(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> x, ReadOnlySpan<float> y,
        ReadOnlySpan<float> dY, Span<float> dW, Span<float> dB, Span<float> dX) => DenseBackwardFromOutputs<float>(w, b, x, y, dY, dW, dB, dX);

    /// <inheritdoc cref="DenseBatchBackwardFromOutputs{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, int, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(DenseBatch), Derivatives.ReverseFromOutputs)]
    public static void DenseBatchBackwardFromOutputs(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int batch,
        ReadOnlySpan<double> dY, Span<double> dW, Span<double> dB, Span<double> dX) => DenseBatchBackwardFromOutputs<double>(w, b, x, y, batch, dY, dW, dB, dX);

    /// <inheritdoc cref="DenseBatchBackwardFromOutputs{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, int, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(DenseBatch), Derivatives.ReverseFromOutputs)]
    public static void DenseBatchBackwardFromOutputs(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> x, ReadOnlySpan<float> y, int batch,
        ReadOnlySpan<float> dY, Span<float> dW, Span<float> dB, Span<float> dX) => DenseBatchBackwardFromOutputs<float>(w, b, x, y, batch, dY, dW, dB, dX);

    /// <inheritdoc cref="DenseBackwardFromOutputsOverwrite{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dense), Derivatives.ReverseFromOutputs | Derivatives.Overwrite)]
    public static void DenseBackwardFromOutputsOverwrite(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, ReadOnlySpan<double> y,
        ReadOnlySpan<double> dY, Span<double> dW, Span<double> dB, Span<double> dX) => DenseBackwardFromOutputsOverwrite<double>(w, b, x, y, dY, dW, dB, dX);

    /// <inheritdoc cref="DenseBackwardFromOutputsOverwrite{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dense), Derivatives.ReverseFromOutputs | Derivatives.Overwrite)]
    public static void DenseBackwardFromOutputsOverwrite(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> x, ReadOnlySpan<float> y,
        ReadOnlySpan<float> dY, Span<float> dW, Span<float> dB, Span<float> dX) => DenseBackwardFromOutputsOverwrite<float>(w, b, x, y, dY, dW, dB, dX);

    /// <inheritdoc cref="DenseBatchBackwardFromOutputsOverwrite{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, int, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(DenseBatch), Derivatives.ReverseFromOutputs | Derivatives.Overwrite)]
    public static void DenseBatchBackwardFromOutputsOverwrite(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int batch,
        ReadOnlySpan<double> dY, Span<double> dW, Span<double> dB, Span<double> dX) => DenseBatchBackwardFromOutputsOverwrite<double>(w, b, x, y, batch, dY, dW, dB, dX);

    /// <inheritdoc cref="DenseBatchBackwardFromOutputsOverwrite{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, int, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(DenseBatch), Derivatives.ReverseFromOutputs | Derivatives.Overwrite)]
    public static void DenseBatchBackwardFromOutputsOverwrite(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> x, ReadOnlySpan<float> y, int batch,
        ReadOnlySpan<float> dY, Span<float> dW, Span<float> dB, Span<float> dX) => DenseBatchBackwardFromOutputsOverwrite<float>(w, b, x, y, batch, dY, dW, dB, dX);

    // Below this many rows the dot-product kernel wins; from it on, transposing W (about 2 µs for 128 × 64 doubles) and using
    // the broadcast-FMA kernel avoids a horizontal sum per output (measured: batch 32, 64 → 128: 7.6 µs instead of 13.8 µs).
    private const int TransposeFromRows = 8;

    // The broadcast-FMA kernel runs along the outputs; with fewer outputs than one 256-bit vector holds (a logistic
    // regression's single logit) its vectors are mostly empty, and one dot product per row is faster (256 rows × 32
    // features, one output: 5.4–7.5 µs through the transpose, 1.6 µs as 256 dot products).
    private static bool UsesDotProducts<T>(int batch, int outputs) where T : IFloatingPointIeee754<T> =>
        batch < TransposeFromRows || !Spans.IsNative<T>() || outputs < Vector256<T>.Count;

    // y = x Wᵀ + b.
    private static void Forward<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, Span<T> y, int batch, int inputs, int outputs)
        where T : IFloatingPointIeee754<T>
    {
        if (UsesDotProducts<T>(batch, outputs))
        {
            Gemm.ForwardNT(x, w, b, y, batch, inputs, outputs);
            return;
        }
        Span<T> wt = Scratch.RentUninitialized<T>(w.Length);
        try
        {
            Gemm.Transpose(w, wt, outputs, inputs);
            for (int r = 0; r < batch; r++)
            {
                Span<T> row = y.Slice(r * outputs, outputs);
                if (b.IsEmpty) row.Clear();
                else b.CopyTo(row);
            }
            Gemm.AccumulateNN(x, inputs, 1, wt, y, batch, outputs, inputs);
        }
        finally
        {
            Scratch.ReturnUninitialized<T>(w.Length);
        }
    }

    private static void DenseCore<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, Span<T> y, int batch,
        ReadOnlySpan<T> dY, Span<T> dW, Span<T> dB, Span<T> dX, bool backward = false) where T : IFloatingPointIeee754<T>
    {
        (int inputs, int outputs) = Shape(w, b, x, y.Length, batch);
        if (backward) CheckAdjoints(w, b, x, y.Length, outputs, dY, dW, dB, dX);
        Forward(w, b, x, y, batch, inputs, outputs);
        if (backward) Accumulate(w, x, batch, inputs, outputs, dY, dW, dB, dX);
    }

    // The pullback without the forward pass: the caller's y already holds the layer's output. The three parts are inlined
    // into both cores, so each core is one method as before (split, tiered PGO was seen allocating 24 B on the calling
    // thread while the small parts tiered up, which DataParallelGradientTests' warm-step probe reports).
    private static void BackwardCore<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, int yLength, int batch,
        ReadOnlySpan<T> dY, Span<T> dW, Span<T> dB, Span<T> dX, bool overwrite = false) where T : IFloatingPointIeee754<T>
    {
        (int inputs, int outputs) = Shape(w, b, x, yLength, batch);
        CheckAdjoints(w, b, x, yLength, outputs, dY, dW, dB, dX);
        if (overwrite) Write(w, x, batch, inputs, outputs, dY, dW, dB, dX);
        else Accumulate(w, x, batch, inputs, outputs, dY, dW, dB, dX);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Inputs, int Outputs) Shape<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, int yLength, int batch)
    {
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be positive.");
        if (x.Length % batch != 0) throw new ArgumentException($"x has length {x.Length}, not a multiple of batch {batch}.", nameof(x));
        if (yLength % batch != 0) throw new ArgumentException($"y has length {yLength}, not a multiple of batch {batch}.", "y");
        int inputs = x.Length / batch, outputs = yLength / batch;
        if ((long)inputs * outputs != w.Length)
            throw new ArgumentException($"w has length {w.Length}; expected out × in = {outputs} × {inputs}.", nameof(w));
        Check.LengthOrEmpty(outputs, b.Length, nameof(b));
        return (inputs, outputs);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckAdjoints<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, int yLength, int outputs,
        ReadOnlySpan<T> dY, Span<T> dW, Span<T> dB, Span<T> dX)
    {
        Check.SameLength(yLength, dY.Length, nameof(dY));
        Check.LengthOrEmpty(w.Length, dW.Length, nameof(dW));
        Check.LengthOrEmpty(outputs, dB.Length, nameof(dB));
        Check.LengthOrEmpty(x.Length, dX.Length, nameof(dX));
        if (!dB.IsEmpty && b.IsEmpty) throw new ArgumentException("dB must be empty when there is no bias.", nameof(dB));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, int batch, int inputs, int outputs,
        ReadOnlySpan<T> dY, Span<T> dW, Span<T> dB, Span<T> dX) where T : IFloatingPointIeee754<T>
    {
        if (!dW.IsEmpty) Gemm.AccumulateNN(dY, 1, outputs, x, dW, outputs, inputs, batch);
        if (!dX.IsEmpty) Gemm.AccumulateNN(dY, outputs, 1, w, dX, batch, inputs, outputs);
        if (!dB.IsEmpty)
        {
            for (int r = 0; r < batch; r++) TensorPrimitives.Add(dB, dY.Slice(r * outputs, outputs), dB);
        }
    }

    // Accumulate's sums into zeros, each started by writing its first term (dW from row 0 of dY and x, dX from column 0 of
    // dY and row 0 of W, dB from row 0 of dY) and continued by the same kernels over the other terms in the same order:
    // the values of clearing and accumulating, bit for bit (but for a −0, which adding it to +0 would have made +0).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, int batch, int inputs, int outputs,
        ReadOnlySpan<T> dY, Span<T> dW, Span<T> dB, Span<T> dX) where T : IFloatingPointIeee754<T>
    {
        if (!dW.IsEmpty)
        {
            ReadOnlySpan<T> x0 = x.Slice(0, inputs);
            for (int o = 0; o < outputs; o++) TensorPrimitives.Multiply(x0, dY[o], dW.Slice(o * inputs, inputs));
            if (batch > 1) Gemm.AccumulateNN(dY.Slice(outputs), 1, outputs, x.Slice(inputs), dW, outputs, inputs, batch - 1);
        }
        if (!dX.IsEmpty)
        {
            if (outputs == 0) dX.Clear();
            else
            {
                ReadOnlySpan<T> w0 = w.Slice(0, inputs);
                for (int r = 0; r < batch; r++) TensorPrimitives.Multiply(w0, dY[r * outputs], dX.Slice(r * inputs, inputs));
                if (outputs > 1) Gemm.AccumulateNN(dY.Slice(1), outputs, 1, w.Slice(inputs), dX, batch, inputs, outputs - 1);
            }
        }
        if (!dB.IsEmpty)
        {
            dY.Slice(0, outputs).CopyTo(dB);
            for (int r = 1; r < batch; r++) TensorPrimitives.Add(dB, dY.Slice(r * outputs, outputs), dB);
        }
    }

    // The layer is bilinear in (W, x) and affine in b, so its tangent is two more layers of the same kind:
    // dY = Dense(dW, dB, x) + Dense(W, none, dX), each through the forward kernels.
    private static void DenseTangentCore<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, Span<T> y, int batch,
        ReadOnlySpan<T> dW, ReadOnlySpan<T> dB, ReadOnlySpan<T> dX, Span<T> dY) where T : IFloatingPointIeee754<T>
    {
        (int inputs, int outputs) = Shape(w, b, x, y.Length, batch);
        Check.LengthOrEmpty(w.Length, dW.Length, nameof(dW));
        Check.LengthOrEmpty(outputs, dB.Length, nameof(dB));
        Check.LengthOrEmpty(x.Length, dX.Length, nameof(dX));
        Check.LengthOrEmpty(y.Length, dY.Length, nameof(dY));
        if (!dB.IsEmpty && b.IsEmpty) throw new ArgumentException("dB must be empty when there is no bias.", nameof(dB));
        Forward(w, b, x, y, batch, inputs, outputs);
        if (!dY.IsEmpty) WriteTangent(w, x, batch, inputs, outputs, dW, dB, dX, dY);
    }

    private static void DenseBackwardTangentCore<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, Span<T> y, int batch,
        ReadOnlySpan<T> dY, Span<T> dW, Span<T> dB, Span<T> dX,
        ReadOnlySpan<T> vW, ReadOnlySpan<T> vB, ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvW, Span<T> hvB, Span<T> hvX, Span<T> vY)
        where T : IFloatingPointIeee754<T>
    {
        (int inputs, int outputs) = Shape(w, b, x, y.Length, batch);
        Check.LengthOrEmpty(w.Length, vW.Length, nameof(vW));
        Check.LengthOrEmpty(outputs, vB.Length, nameof(vB));
        Check.LengthOrEmpty(x.Length, vX.Length, nameof(vX));
        Check.LengthOrEmpty(y.Length, vDY.Length, nameof(vDY));
        Check.LengthOrEmpty(w.Length, hvW.Length, nameof(hvW));
        Check.LengthOrEmpty(outputs, hvB.Length, nameof(hvB));
        Check.LengthOrEmpty(x.Length, hvX.Length, nameof(hvX));
        Check.LengthOrEmpty(y.Length, vY.Length, nameof(vY));
        if (!vB.IsEmpty && b.IsEmpty) throw new ArgumentException("vB must be empty when there is no bias.", nameof(vB));
        if (!hvB.IsEmpty && b.IsEmpty) throw new ArgumentException("hvB must be empty when there is no bias.", nameof(hvB));
        // The pullback as it is, so the adjoints are bit for bit the gradient's; then the derivatives of its three products.
        DenseCore(w, b, x, y, batch, dY, dW, dB, dX, backward: true);
        if (!vY.IsEmpty) WriteTangent(w, x, batch, inputs, outputs, vW, vB, vX, vY);
        if (!hvW.IsEmpty)
        {
            if (!vDY.IsEmpty) Gemm.AccumulateNN(vDY, 1, outputs, x, hvW, outputs, inputs, batch);
            if (!vX.IsEmpty) Gemm.AccumulateNN(dY, 1, outputs, vX, hvW, outputs, inputs, batch);
        }
        if (!hvX.IsEmpty)
        {
            if (!vDY.IsEmpty) Gemm.AccumulateNN(vDY, outputs, 1, w, hvX, batch, inputs, outputs);
            if (!vW.IsEmpty) Gemm.AccumulateNN(dY, outputs, 1, vW, hvX, batch, inputs, outputs);
        }
        if (!hvB.IsEmpty && !vDY.IsEmpty)
        {
            for (int r = 0; r < batch; r++) TensorPrimitives.Add(hvB, vDY.Slice(r * outputs, outputs), hvB);
        }
    }

    // output = tW-layer of x (with tB as its bias) + W-layer of tX, empty tangents being zero.
    private static void WriteTangent<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, int batch, int inputs, int outputs,
        ReadOnlySpan<T> tW, ReadOnlySpan<T> tB, ReadOnlySpan<T> tX, Span<T> output) where T : IFloatingPointIeee754<T>
    {
        if (!tW.IsEmpty) Forward(tW, tB, x, output, batch, inputs, outputs);
        else
        {
            for (int r = 0; r < batch; r++)
            {
                Span<T> row = output.Slice(r * outputs, outputs);
                if (tB.IsEmpty) row.Clear();
                else tB.CopyTo(row);
            }
        }
        if (tX.IsEmpty) return;
        Span<T> term = Scratch.RentUninitialized<T>(output.Length);
        try
        {
            Forward(w, ReadOnlySpan<T>.Empty, tX, term, batch, inputs, outputs);
            TensorPrimitives.Add(output, term, output);
        }
        finally
        {
            Scratch.ReturnUninitialized<T>(output.Length);
        }
    }
}
