using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using AutoDiffGen.Benchmarks.Harness;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace AutoDiffGen.Benchmarks.Workloads;

public static partial class Models
{
    /// <summary>Mean binary cross-entropy of a logistic regression over a batch (rows of <paramref name="x"/>), with the
    /// runtime library: the logits of all rows in one batched dense layer (w as its 1 × features weight matrix), then
    /// BCE(z, y) = softplus(z) − z·y with the vectorized <see cref="Activations.Softplus(ReadOnlySpan{double}, Span{double}, double, double)"/>
    /// (stable for any z; its threshold 20 returns z itself above 20, a relative change below 1e-9).</summary>
    [Differentiable]
    public static double LogisticLoss(ReadOnlySpan<double> w, double b, [NoDerivative] ReadOnlySpan<double> x,
                                      [NoDerivative] ReadOnlySpan<double> y, int batch, int features)
    {
        Span<double> products = stackalloc double[batch];
        Span<double> logits = stackalloc double[batch];
        Span<double> softplus = stackalloc double[batch];
        Linear.DenseBatch(w, ReadOnlySpan<double>.Empty, x.Slice(0, batch * features), products, batch);
        for (int i = 0; i < batch; i++)
        {
            logits[i] = products[i] + b;
        }

        Activations.Softplus(logits, softplus);
        double total = 0.0;
        for (int i = 0; i < batch; i++)
        {
            total += softplus[i] - logits[i] * y[i];
        }

        return total / batch;
    }

    /// <summary>Same as <see cref="LogisticLoss"/>, with <see cref="Losses.BinaryCrossEntropyWithLogits(double, double)"/>
    /// called per row on the logits of one batched dense layer (the scalar loss in a loop instead of a span activation).</summary>
    [Differentiable]
    public static double LogisticLossScalarBce(ReadOnlySpan<double> w, double b, [NoDerivative] ReadOnlySpan<double> x,
                                               [NoDerivative] ReadOnlySpan<double> y, int batch, int features)
    {
        Span<double> logits = stackalloc double[batch];
        Linear.DenseBatch(w, ReadOnlySpan<double>.Empty, x.Slice(0, batch * features), logits, batch);
        double total = 0.0;
        for (int i = 0; i < batch; i++)
        {
            total += Losses.BinaryCrossEntropyWithLogits(logits[i] + b, y[i]);
        }

        return total / batch;
    }

    /// <summary>Same as <see cref="LogisticLoss"/>, written as plain scalar loops,
    /// computed stably from the logits: max(z, 0) − z·y + log(1 + exp(−|z|)).</summary>
    [Differentiable]
    public static double LogisticLossPlainLoops(ReadOnlySpan<double> w, double b, [NoDerivative] ReadOnlySpan<double> x,
                                      [NoDerivative] ReadOnlySpan<double> y, int batch, int features)
    {
        double total = 0.0;
        for (int i = 0; i < batch; i++)
        {
            double z = b;
            for (int j = 0; j < features; j++)
            {
                z += w[j] * x[i * features + j];
            }

            total += Math.Max(z, 0.0) - z * y[i] + Math.Log(1.0 + Math.Exp(-Math.Abs(z)));
        }

        return total / batch;
    }
}

public static partial class HandWrittenGradients
{
    /// <summary>Value and gradient of <see cref="Models.LogisticLoss"/>: dL/dz = (σ(z) − y)/batch per row, SIMD dot and axpy.</summary>
    public static double LogisticLoss(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> x, ReadOnlySpan<double> y,
                                      int batch, int features, Span<double> dW, out double dB)
    {
        dW.Clear();
        double total = 0.0;
        double bias = 0.0;
        double inverseBatch = 1.0 / batch;
        for (int i = 0; i < batch; i++)
        {
            ReadOnlySpan<double> row = x.Slice(i * features, features);
            double z = b + TensorPrimitives.Dot(w, row);
            double e = Math.Exp(-Math.Abs(z));
            total += Math.Max(z, 0.0) - z * y[i] + Math.Log(1.0 + e);
            double sigmoid = z >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
            double dz = (sigmoid - y[i]) * inverseBatch;
            TensorPrimitives.MultiplyAdd(row, dz, dW, dW);
            bias += dz;
        }

        dB = bias;
        return total * inverseBatch;
    }
}

/// <summary>Logistic regression loss over a batch of 256 × 32: parameters w (32) then b.</summary>
public class LogisticRegressionBenchmark : GradientWorkload
{
    public const int Batch = 256;
    public const int Features = 32;

    private double[] _x = Array.Empty<double>();
    private double[] _y = Array.Empty<double>();
    private Tensor _tw = null!;
    private Tensor _tb = null!;
    private Tensor _tx = null!;
    private Tensor _ty = null!;

    private ReadOnlySpan<double> W => Parameters.AsSpan(0, Features);

    protected override void Initialize()
    {
        var rng = new Random(7);
        AllocateParameters(Features + 1);
        Data.Normal(rng, Parameters.AsSpan(0, Features), 0.3);
        Parameters[Features] = 0.1;
        _x = Data.Normal(rng, Batch * Features, 1.0);
        _y = new double[Batch];
        for (int i = 0; i < Batch; i++)
        {
            _y[i] = rng.Next(2);
        }
    }

    protected override void InitializeTorch()
    {
        _tw = Tensors.Parameter(W, Features);
        _tb = Tensors.ScalarParameter(Parameters[Features]);
        _tx = Tensors.Constant(_x, Batch, Features);
        _ty = Tensors.Constant(_y, Batch);
    }

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Forward() => Models.LogisticLoss(W, Parameters[Features], _x, _y, Batch, Features);

    /// <summary>AutoDiffGen's generated gradient of the form with the scalar library loss per row.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double GeneratedScalarBce()
    {
        double value = Models.LogisticLossScalarBceGradient(W, Parameters[Features], _x, _y, Batch, Features,
            Gradient.AsSpan(0, Features), out double dB);
        Gradient[Features] = dB;
        return value;
    }

    /// <summary>The plain-loop form's value only.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double ForwardPlainLoops() => Models.LogisticLossPlainLoops(W, Parameters[Features], _x, _y, Batch, Features);

    /// <summary>AutoDiffGen's generated gradient of the plain-loop form.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double GeneratedPlainLoops()
    {
        double value = Models.LogisticLossPlainLoopsGradient(W, Parameters[Features], _x, _y, Batch, Features,
            Gradient.AsSpan(0, Features), out double dB);
        Gradient[Features] = dB;
        return value;
    }

    /// <summary>AutoDiffGen's generated gradient.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Generated()
    {
        double value = Models.LogisticLossGradient(W, Parameters[Features], _x, _y, Batch, Features,
            Gradient.AsSpan(0, Features), out double dB);
        Gradient[Features] = dB;
        return value;
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double HandWritten()
    {
        double value = HandWrittenGradients.LogisticLoss(
            W, Parameters[Features], _x, _y, Batch, Features, Gradient.AsSpan(0, Features), out double dB);
        Gradient[Features] = dB;
        return value;
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double FiniteDifferences() => CentralDifferences();

    public override double Torch()
    {
        using var scope = torch.NewDisposeScope();
        Tensor logits = _tx.matmul(_tw) + _tb;
        Tensor loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, _ty);
        loss.backward();
        Tensors.TakeGradient(_tw, Gradient.AsSpan(0, Features));
        Gradient[Features] = Tensors.TakeScalarGradient(_tb);
        return loss.item<double>();
    }
}
