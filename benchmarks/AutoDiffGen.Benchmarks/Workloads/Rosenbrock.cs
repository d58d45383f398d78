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
    /// <summary>Rosenbrock's banana function (1 − x)² + 100·(y − x²)²; its tangent and H·v are measured in SecondOrder/.</summary>
    [Differentiable(Derivatives.Reverse | Derivatives.Forward | Derivatives.Hessian)]
    public static double Rosenbrock(double x, double y)
    {
        double a = 1.0 - x;
        double b = y - x * x;
        return a * a + 100.0 * b * b;
    }
}

public static partial class HandWrittenGradients
{
    /// <summary>Value and gradient of <see cref="Models.Rosenbrock"/>.</summary>
    public static double Rosenbrock(double x, double y, out double dX, out double dY)
    {
        double a = 1.0 - x;
        double b = y - x * x;
        dX = -2.0 * a - 400.0 * x * b;
        dY = 200.0 * b;
        return a * a + 100.0 * b * b;
    }
}

/// <summary>Rosenbrock at the classic starting point (−1.2, 1): 2 parameters, x = Parameters[0], y = Parameters[1].</summary>
public class RosenbrockBenchmark : GradientWorkload
{
    private Tensor _x = null!;
    private Tensor _y = null!;

    protected override void Initialize()
    {
        AllocateParameters(2);
        Parameters[0] = -1.2;
        Parameters[1] = 1.0;
    }

    protected override void InitializeTorch()
    {
        _x = Tensors.ScalarParameter(Parameters[0]);
        _y = Tensors.ScalarParameter(Parameters[1]);
    }

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Forward() => Models.Rosenbrock(Parameters[0], Parameters[1]);

    /// <summary>AutoDiffGen's generated gradient.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Generated()
    {
        double value = Models.RosenbrockGradient(Parameters[0], Parameters[1], out double dX, out double dY);
        Gradient[0] = dX;
        Gradient[1] = dY;
        return value;
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double HandWritten()
    {
        double value = HandWrittenGradients.Rosenbrock(Parameters[0], Parameters[1], out double dX, out double dY);
        Gradient[0] = dX;
        Gradient[1] = dY;
        return value;
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double FiniteDifferences() => CentralDifferences();

    public override double Torch()
    {
        using var scope = torch.NewDisposeScope();
        Tensor a = 1.0 - _x;
        Tensor b = _y - _x * _x;
        Tensor loss = a * a + 100.0 * b * b;
        loss.backward();
        Gradient[0] = Tensors.TakeScalarGradient(_x);
        Gradient[1] = Tensors.TakeScalarGradient(_y);
        return loss.item<double>();
    }
}
