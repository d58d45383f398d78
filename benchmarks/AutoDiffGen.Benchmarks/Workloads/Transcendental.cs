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
    /// <summary>A scalar function of three variables mixing Exp, Sin, Log and Sqrt:
    /// exp(−(x² + y²)/2)·sin(x·y + z) + log(1 + z²) + sqrt(1 + x²y²).</summary>
    [Differentiable(Derivatives.Reverse | Derivatives.Forward)] // the tangent is measured in SecondOrder/
    public static double Transcendental(double x, double y, double z)
    {
        double envelope = Math.Exp(-0.5 * (x * x + y * y));
        double wave = Math.Sin(x * y + z);
        double xy = x * y;
        return envelope * wave + Math.Log(1.0 + z * z) + Math.Sqrt(1.0 + xy * xy);
    }
}

public static partial class HandWrittenGradients
{
    /// <summary>Value and gradient of <see cref="Models.Transcendental"/>.</summary>
    public static double Transcendental(double x, double y, double z, out double dX, out double dY, out double dZ)
    {
        double envelope = Math.Exp(-0.5 * (x * x + y * y));
        (double wave, double waveSlope) = Math.SinCos(x * y + z);
        double xy = x * y;
        double root = Math.Sqrt(1.0 + xy * xy);
        double onePlusZ2 = 1.0 + z * z;
        double ew = envelope * wave;
        double ec = envelope * waveSlope;
        double xyOverRoot = xy / root;
        dX = -x * ew + y * ec + y * xyOverRoot;
        dY = -y * ew + x * ec + x * xyOverRoot;
        dZ = ec + 2.0 * z / onePlusZ2;
        return ew + Math.Log(onePlusZ2) + root;
    }
}

/// <summary><see cref="Models.Transcendental"/> at (0.7, −0.4, 1.3): 3 parameters x, y, z.</summary>
public class TranscendentalBenchmark : GradientWorkload
{
    private Tensor _x = null!;
    private Tensor _y = null!;
    private Tensor _z = null!;

    protected override void Initialize()
    {
        AllocateParameters(3);
        Parameters[0] = 0.7;
        Parameters[1] = -0.4;
        Parameters[2] = 1.3;
    }

    protected override void InitializeTorch()
    {
        _x = Tensors.ScalarParameter(Parameters[0]);
        _y = Tensors.ScalarParameter(Parameters[1]);
        _z = Tensors.ScalarParameter(Parameters[2]);
    }

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Forward() => Models.Transcendental(Parameters[0], Parameters[1], Parameters[2]);

    /// <summary>AutoDiffGen's generated gradient.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Generated()
    {
        double value = Models.TranscendentalGradient(Parameters[0], Parameters[1], Parameters[2],
            out double dX, out double dY, out double dZ);
        Gradient[0] = dX;
        Gradient[1] = dY;
        Gradient[2] = dZ;
        return value;
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double HandWritten()
    {
        double value = HandWrittenGradients.Transcendental(
            Parameters[0], Parameters[1], Parameters[2], out double dX, out double dY, out double dZ);
        Gradient[0] = dX;
        Gradient[1] = dY;
        Gradient[2] = dZ;
        return value;
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double FiniteDifferences() => CentralDifferences();

    public override double Torch()
    {
        using var scope = torch.NewDisposeScope();
        Tensor envelope = torch.exp(-0.5 * (_x * _x + _y * _y));
        Tensor wave = torch.sin(_x * _y + _z);
        Tensor xy = _x * _y;
        Tensor loss = envelope * wave + torch.log(1.0 + _z * _z) + torch.sqrt(1.0 + xy * xy);
        loss.backward();
        Gradient[0] = Tensors.TakeScalarGradient(_x);
        Gradient[1] = Tensors.TakeScalarGradient(_y);
        Gradient[2] = Tensors.TakeScalarGradient(_z);
        return loss.item<double>();
    }
}
