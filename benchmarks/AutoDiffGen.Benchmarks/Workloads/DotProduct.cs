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
    /// <summary>Squared error of a linear model, ½·(w·x − y)², with the runtime library's vectorized
    /// <see cref="Vectors.Dot(ReadOnlySpan{double}, ReadOnlySpan{double})"/>.</summary>
    [Differentiable]
    public static double DotLoss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double y)
    {
        double residual = Vectors.Dot(w, x) - y;
        return 0.5 * residual * residual;
    }

    /// <summary>Same as <see cref="DotLoss"/>, the model as a dense layer with one output and no bias
    /// (<see cref="Linear.Dense(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>,
    /// w as its 1 × n weight matrix).</summary>
    [Differentiable]
    public static double DotLossDense(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double y)
    {
        Span<double> prediction = stackalloc double[1];
        Linear.Dense(w, ReadOnlySpan<double>.Empty, x, prediction);
        double residual = prediction[0] - y;
        return 0.5 * residual * residual;
    }

    /// <summary>Same as <see cref="DotLoss"/>, written as a plain scalar loop.</summary>
    [Differentiable]
    public static double DotLossPlainLoops(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double y)
    {
        double sum = 0.0;
        for (int i = 0; i < w.Length; i++)
        {
            sum += w[i] * x[i];
        }

        double residual = sum - y;
        return 0.5 * residual * residual;
    }
}

public static partial class HandWrittenGradients
{
    /// <summary>Value and gradient of <see cref="Models.DotLoss"/> (SIMD dot product and scale).</summary>
    public static double DotLoss(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y, Span<double> dW)
    {
        double residual = TensorPrimitives.Dot(w, x) - y;
        TensorPrimitives.Multiply(x, residual, dW);
        return 0.5 * residual * residual;
    }
}

/// <summary><see cref="Models.DotLoss"/> over 1,000 weights: the parameters are w.</summary>
public class DotProductBenchmark : GradientWorkload
{
    public const int Size = 1000;

    private double[] _x = Array.Empty<double>();
    private double _y;
    private Tensor _tw = null!;
    private Tensor _tx = null!;

    protected override void Initialize()
    {
        var rng = new Random(3);
        AllocateParameters(Size);
        Data.Normal(rng, Parameters, 1.0 / Math.Sqrt(Size));
        _x = Data.Normal(rng, Size, 1.0);
        _y = 0.25;
    }

    protected override void InitializeTorch()
    {
        _tw = Tensors.Parameter(Parameters, Size);
        _tx = Tensors.Constant(_x, Size);
    }

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Forward() => Models.DotLoss(Parameters, _x, _y);

    /// <summary>The plain-loop form's value only.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double ForwardPlainLoops() => Models.DotLossPlainLoops(Parameters, _x, _y);

    /// <summary>AutoDiffGen's generated gradient of the library-based form.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Generated() => Models.DotLossGradient(Parameters, _x, _y, Gradient);

    /// <summary>AutoDiffGen's generated gradient of the dense-layer form.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double GeneratedDenseLayer() => Models.DotLossDenseGradient(Parameters, _x, _y, Gradient);

    /// <summary>AutoDiffGen's generated gradient of the plain-loop form.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double GeneratedPlainLoops() => Models.DotLossPlainLoopsGradient(Parameters, _x, _y, Gradient);

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double HandWritten() => HandWrittenGradients.DotLoss(Parameters, _x, _y, Gradient);

    public override double Torch()
    {
        using var scope = torch.NewDisposeScope();
        Tensor residual = _tw.dot(_tx) - _y;
        Tensor loss = 0.5 * residual * residual;
        loss.backward();
        Tensors.TakeGradient(_tw, Gradient);
        return loss.item<double>();
    }
}
