using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

/// <summary>
/// Fully connected layers in PyTorch's <c>nn.Linear</c> layout (weights row-major [out × in], <c>y = W x + b</c>), single
/// samples and batches, with register-blocked FMA kernels (512-bit vectors where the CPU has AVX-512) and hand-written
/// pullbacks giving dW, db and dx for <see cref="DifferentiableAttribute">[Differentiable]</see> code. Generic over the
/// floating-point type, with <c>double</c> and <c>float</c> overloads. Pullbacks add into the adjoints; an empty adjoint span
/// skips that gradient (e.g. dx of the first layer, whose input is data). An empty bias means no bias.
/// </summary>
public static class Linear
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

    // Below this many rows the dot-product kernel wins; from it on, transposing W (about 2 µs for 128 × 64 doubles) and using
    // the broadcast-FMA kernel avoids a horizontal sum per output (measured: batch 32, 64 → 128: 7.6 µs instead of 13.8 µs).
    private const int TransposeFromRows = 8;

    // y = x Wᵀ + b.
    private static void Forward<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> b, ReadOnlySpan<T> x, Span<T> y, int batch, int inputs, int outputs)
        where T : IFloatingPointIeee754<T>
    {
        if (batch < TransposeFromRows || !Spans.IsNative<T>())
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
        ReadOnlySpan<T> dY, Span<T> dW, Span<T> dB, Span<T> dX) where T : IFloatingPointIeee754<T>
    {
        (int inputs, int outputs) = Shape(w, b, x, yLength, batch);
        CheckAdjoints(w, b, x, yLength, outputs, dY, dW, dB, dX);
        Accumulate(w, x, batch, inputs, outputs, dY, dW, dB, dX);
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
}

