using System;
using System.Runtime.CompilerServices;
using AutoDiffGen.Benchmarks.Harness;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace AutoDiffGen.Benchmarks.Workloads;

public static partial class Models
{
    /// <summary>A scalar RNN h ← tanh(w·h + u·x[t]) from h = 0 over every step of <paramref name="x"/>, loss ½·(h − target)².</summary>
    [Differentiable(Derivatives.Reverse | Derivatives.Forward)] // the tangent is measured in SecondOrder/
    public static double ScalarRnnLoss(double w, double u, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double target)
    {
        double h = 0.0;
        for (int t = 0; t < x.Length; t++)
        {
            h = Math.Tanh(w * h + u * x[t]);
        }

        double error = h - target;
        return 0.5 * error * error;
    }
}

public static partial class HandWrittenGradients
{
    /// <summary>Value and gradient of <see cref="Models.ScalarRnnLoss"/> by backpropagation through time; the hidden
    /// states go to <paramref name="states"/> (length ≥ x.Length + 1), which the caller owns.</summary>
    public static double ScalarRnnLoss(double w, double u, ReadOnlySpan<double> x, double target, Span<double> states,
                                       out double dW, out double dU)
    {
        int steps = x.Length;
        double h = 0.0;
        states[0] = 0.0;
        for (int t = 0; t < steps; t++)
        {
            h = Math.Tanh(w * h + u * x[t]);
            states[t + 1] = h;
        }

        double error = h - target;
        double dH = error;
        double gw = 0.0;
        double gu = 0.0;
        for (int t = steps - 1; t >= 0; t--)
        {
            double next = states[t + 1];
            double dPre = dH * (1.0 - next * next);
            gw += dPre * states[t];
            gu += dPre * x[t];
            dH = dPre * w;
        }

        dW = gw;
        dU = gu;
        return 0.5 * error * error;
    }
}

/// <summary><see cref="Models.ScalarRnnLoss"/> over 100 steps: 2 parameters, w and u.</summary>
public class ScalarRnnBenchmark : GradientWorkload
{
    public const int Steps = 100;

    private double[] _x = Array.Empty<double>();
    private double[] _states = Array.Empty<double>();
    private double _target;
    private Tensor _tw = null!;
    private Tensor _tu = null!;

    protected override void Initialize()
    {
        var rng = new Random(17);
        AllocateParameters(2);
        Parameters[0] = 0.9;
        Parameters[1] = 0.5;
        _x = Data.Normal(rng, Steps, 1.0);
        _states = new double[Steps + 1];
        _target = 0.3;
    }

    protected override void InitializeTorch()
    {
        _tw = Tensors.ScalarParameter(Parameters[0]);
        _tu = Tensors.ScalarParameter(Parameters[1]);
    }

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Forward() => Models.ScalarRnnLoss(Parameters[0], Parameters[1], _x, _target);

    /// <summary>AutoDiffGen's generated gradient.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Generated()
    {
        double value = Models.ScalarRnnLossGradient(Parameters[0], Parameters[1], _x, _target, out double dW, out double dU);
        Gradient[0] = dW;
        Gradient[1] = dU;
        return value;
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double HandWritten()
    {
        double value = HandWrittenGradients.ScalarRnnLoss(
            Parameters[0], Parameters[1], _x, _target, _states, out double dW, out double dU);
        Gradient[0] = dW;
        Gradient[1] = dU;
        return value;
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double FiniteDifferences() => CentralDifferences();

    public override double Torch()
    {
        using var scope = torch.NewDisposeScope();
        Tensor h = torch.zeros(Array.Empty<long>(), dtype: ScalarType.Float64);
        for (int t = 0; t < _x.Length; t++)
        {
            h = torch.tanh(_tw * h + _tu * _x[t]);
        }

        Tensor error = h - _target;
        Tensor loss = 0.5 * error * error;
        loss.backward();
        Gradient[0] = Tensors.TakeScalarGradient(_tw);
        Gradient[1] = Tensors.TakeScalarGradient(_tu);
        return loss.item<double>();
    }
}
