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
    /// <summary>Hidden size of the vector RNN.</summary>
    public const int RnnHidden = 32;

    /// <summary>Input size of the vector RNN.</summary>
    public const int RnnInputs = 8;

    /// <summary>
    /// An Elman RNN h ← tanh(Wh·h + Wx·x[t] + b) from h = 0 over <paramref name="steps"/> steps (x[t] is
    /// <c>xs[t*8 .. t*8+8)</c>), loss ½·‖h − target‖². Wh is 32 × 32 and Wx 32 × 8, row-major.
    /// </summary>
    /// <remarks>With the runtime library: the input projections Wx·x[t] + b of all steps in one batched dense layer,
    /// then per step a dense layer Wh·h whose bias is that step's projection, and a span tanh.</remarks>
    [Differentiable]
    public static double VectorRnnLoss(ReadOnlySpan<double> wh, ReadOnlySpan<double> wx, ReadOnlySpan<double> b,
                                       [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> target,
                                       int steps)
    {
        Span<double> projected = stackalloc double[steps * RnnHidden];
        Span<double> h = stackalloc double[RnnHidden];
        Span<double> preActivation = stackalloc double[RnnHidden];
        Linear.DenseBatch(wx, b, xs.Slice(0, steps * RnnInputs), projected, steps);
        h.Clear();
        for (int t = 0; t < steps; t++)
        {
            Linear.Dense(wh, projected.Slice(t * RnnHidden, RnnHidden), h, preActivation);
            Activations.Tanh(preActivation, h);
        }

        return 0.5 * RnnHidden * Losses.MeanSquaredError(h, target);
    }

    /// <summary>Same as <see cref="VectorRnnLoss"/>, written as plain scalar loops.</summary>
    [Differentiable]
    public static double VectorRnnLossPlainLoops(ReadOnlySpan<double> wh, ReadOnlySpan<double> wx, ReadOnlySpan<double> b,
                                                 [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> target,
                                                 int steps)
    {
        Span<double> h = stackalloc double[RnnHidden];
        Span<double> next = stackalloc double[RnnHidden];
        for (int i = 0; i < RnnHidden; i++)
        {
            h[i] = 0.0;
        }

        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < RnnHidden; i++)
            {
                double sum = b[i];
                for (int j = 0; j < RnnHidden; j++)
                {
                    sum += wh[i * RnnHidden + j] * h[j];
                }

                for (int k = 0; k < RnnInputs; k++)
                {
                    sum += wx[i * RnnInputs + k] * xs[t * RnnInputs + k];
                }

                next[i] = Math.Tanh(sum);
            }

            for (int i = 0; i < RnnHidden; i++)
            {
                h[i] = next[i];
            }
        }

        double loss = 0.0;
        for (int i = 0; i < RnnHidden; i++)
        {
            double error = h[i] - target[i];
            loss += error * error;
        }

        return 0.5 * loss;
    }
}

public static partial class HandWrittenGradients
{
    /// <summary>Value and gradient of <see cref="Models.VectorRnnLoss"/> by backpropagation through time: the hidden
    /// states go to <paramref name="states"/> (length ≥ (steps + 1)·32, owned by the caller); SIMD dot products forward,
    /// rank-1 updates of dWh and dWx and dh = Whᵀ·dpre backward.</summary>
    public static double VectorRnnLoss(ReadOnlySpan<double> wh, ReadOnlySpan<double> wx, ReadOnlySpan<double> b,
                                       ReadOnlySpan<double> xs, ReadOnlySpan<double> target, int steps,
                                       Span<double> states, Span<double> dWh, Span<double> dWx, Span<double> dB)
    {
        const int hidden = Models.RnnHidden;
        const int inputs = Models.RnnInputs;
        Span<double> dH = stackalloc double[hidden];
        Span<double> dPre = stackalloc double[hidden];
        states.Slice(0, hidden).Clear();
        for (int t = 0; t < steps; t++)
        {
            ReadOnlySpan<double> h = states.Slice(t * hidden, hidden);
            ReadOnlySpan<double> input = xs.Slice(t * inputs, inputs);
            Span<double> next = states.Slice((t + 1) * hidden, hidden);
            for (int i = 0; i < hidden; i++)
            {
                next[i] = b[i] + TensorPrimitives.Dot(wh.Slice(i * hidden, hidden), h)
                               + TensorPrimitives.Dot(wx.Slice(i * inputs, inputs), input);
            }

            TensorPrimitives.Tanh(next, next);
        }

        ReadOnlySpan<double> last = states.Slice(steps * hidden, hidden);
        double loss = 0.0;
        for (int i = 0; i < hidden; i++)
        {
            double error = last[i] - target[i];
            loss += error * error;
            dH[i] = error;
        }

        dWh.Clear();
        dWx.Clear();
        dB.Clear();
        for (int t = steps - 1; t >= 0; t--)
        {
            ReadOnlySpan<double> h = states.Slice(t * hidden, hidden);
            ReadOnlySpan<double> next = states.Slice((t + 1) * hidden, hidden);
            ReadOnlySpan<double> input = xs.Slice(t * inputs, inputs);
            for (int i = 0; i < hidden; i++)
            {
                dPre[i] = dH[i] * (1.0 - next[i] * next[i]);
            }

            TensorPrimitives.Add(dB, dPre, dB);
            dH.Clear();
            for (int i = 0; i < hidden; i++)
            {
                double d = dPre[i];
                Span<double> dWhRow = dWh.Slice(i * hidden, hidden);
                Span<double> dWxRow = dWx.Slice(i * inputs, inputs);
                TensorPrimitives.MultiplyAdd(h, d, dWhRow, dWhRow);
                TensorPrimitives.MultiplyAdd(input, d, dWxRow, dWxRow);
                TensorPrimitives.MultiplyAdd(wh.Slice(i * hidden, hidden), d, dH, dH);
            }
        }

        return 0.5 * loss;
    }
}

/// <summary><see cref="Models.VectorRnnLoss"/>, hidden 32, inputs 8, over 50 steps. Parameters, flat: Wh (32 × 32),
/// Wx (32 × 8), b (32): 1,312 in all.</summary>
public class VectorRnnBenchmark : GradientWorkload
{
    public const int Steps = 50;
    private const int Hidden = Models.RnnHidden;
    private const int Inputs = Models.RnnInputs;
    private const int WhSize = Hidden * Hidden;
    private const int WxOffset = WhSize;
    private const int WxSize = Hidden * Inputs;
    private const int BOffset = WxOffset + WxSize;
    private const int Count = BOffset + Hidden;

    private double[] _xs = Array.Empty<double>();
    private double[] _target = Array.Empty<double>();
    private double[] _states = Array.Empty<double>();
    private Tensor _twh = null!;
    private Tensor _twx = null!;
    private Tensor _tb = null!;
    private Tensor _txs = null!;
    private Tensor _ttarget = null!;

    private ReadOnlySpan<double> Wh => Parameters.AsSpan(0, WhSize);
    private ReadOnlySpan<double> Wx => Parameters.AsSpan(WxOffset, WxSize);
    private ReadOnlySpan<double> B => Parameters.AsSpan(BOffset, Hidden);

    protected override void Initialize()
    {
        var rng = new Random(19);
        AllocateParameters(Count);
        Data.Normal(rng, Parameters.AsSpan(0, WhSize), 0.9 / Math.Sqrt(Hidden));
        Data.Normal(rng, Parameters.AsSpan(WxOffset, WxSize), 1.0 / Math.Sqrt(Inputs));
        Data.Normal(rng, Parameters.AsSpan(BOffset, Hidden), 0.01);
        _xs = Data.Normal(rng, Steps * Inputs, 1.0);
        _target = Data.Normal(rng, Hidden, 0.5);
        _states = new double[(Steps + 1) * Hidden];
    }

    protected override void InitializeTorch()
    {
        _twh = Tensors.Parameter(Wh, Hidden, Hidden);
        _twx = Tensors.Parameter(Wx, Hidden, Inputs);
        _tb = Tensors.Parameter(B, Hidden);
        _txs = Tensors.Constant(_xs, Steps, Inputs);
        _ttarget = Tensors.Constant(_target, Hidden);
    }

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Forward() => Models.VectorRnnLoss(Wh, Wx, B, _xs, _target, Steps);

    /// <summary>The plain-loop form's value only.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double ForwardPlainLoops() => Models.VectorRnnLossPlainLoops(Wh, Wx, B, _xs, _target, Steps);

    /// <summary>AutoDiffGen's generated gradient of the library-based form.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Generated() =>
        Models.VectorRnnLossGradient(Wh, Wx, B, _xs, _target, Steps,
            Gradient.AsSpan(0, WhSize), Gradient.AsSpan(WxOffset, WxSize), Gradient.AsSpan(BOffset, Hidden));

    /// <summary>AutoDiffGen's generated gradient of the plain-loop form.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double GeneratedPlainLoops() =>
        Models.VectorRnnLossPlainLoopsGradient(Wh, Wx, B, _xs, _target, Steps,
            Gradient.AsSpan(0, WhSize), Gradient.AsSpan(WxOffset, WxSize), Gradient.AsSpan(BOffset, Hidden));

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double HandWritten() =>
        HandWrittenGradients.VectorRnnLoss(Wh, Wx, B, _xs, _target, Steps, _states,
            Gradient.AsSpan(0, WhSize), Gradient.AsSpan(WxOffset, WxSize), Gradient.AsSpan(BOffset, Hidden));

    public override double Torch()
    {
        using var scope = torch.NewDisposeScope();
        // The input projection of all steps at once (one matmul), then the recurrence step by step.
        Tensor projected = torch.nn.functional.linear(_txs, _twx, _tb);
        Tensor h = torch.zeros(Hidden, dtype: ScalarType.Float64);
        for (int t = 0; t < Steps; t++)
        {
            h = torch.tanh(torch.nn.functional.linear(h, _twh) + projected[t]);
        }

        Tensor error = h - _ttarget;
        Tensor loss = 0.5 * error.dot(error);
        loss.backward();
        Tensors.TakeGradient(_twh, Gradient.AsSpan(0, WhSize));
        Tensors.TakeGradient(_twx, Gradient.AsSpan(WxOffset, WxSize));
        Tensors.TakeGradient(_tb, Gradient.AsSpan(BOffset, Hidden));
        return loss.item<double>();
    }
}
