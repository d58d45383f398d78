using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using AutoDiffGen.Benchmarks.Harness;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace AutoDiffGen.Benchmarks.SecondOrder;

/// <summary>
/// The dense Hessian of a 10-parameter function, time and accuracy (issue 16), every contender returning the value and
/// writing the 10 × 10 Hessian:
/// <list type="bullet">
/// <item><description><c>Gradient</c> (the baseline): one generated gradient, the unit of cost.</description></item>
/// <item><description><c>Hessian</c>: the generated <c>{Name}Hessian</c> (10 Hessian-vector products).</description></item>
/// <item><description><c>GradientDifferences</c>: column j = (∇f(x + h eⱼ) − ∇f(x − h eⱼ)) / 2h with h = 1e-5·max(1, |xⱼ|), from 20
/// generated gradients (and the value from one forward pass).</description></item>
/// <item><description><c>HandWritten</c>: the exact Hessian in closed form, the reference of the errors.</description></item>
/// <item><description><c>TorchHessian</c>: TorchSharp's gradient with its graph, then one backward of each of its 10 components.</description></item>
/// </list>
/// The error column is max |H − H_exact| / max |H_exact|.
/// </summary>
public class DenseHessianBenchmark : SecondOrderBenchmark
{
    private const int N = HessianModels.Parameters;
    private const int Samples = 200;

    private double[] _x = Array.Empty<double>(), _features = Array.Empty<double>(), _labels = Array.Empty<double>();
    private double[] _gradient = new double[N], _hessian = new double[N * N];
    private double[] _shifted = new double[N], _plus = new double[N], _minus = new double[N];
    private Tensor _tx = null!, _tfeatures = null!, _tlabels = null!;

    /// <summary>"ExtendedRosenbrock" or "LogisticRegression" (200 samples).</summary>
    [Params("ExtendedRosenbrock", "LogisticRegression")]
    public string Function { get; set; } = "ExtendedRosenbrock";

    private bool IsRosenbrock => Function == "ExtendedRosenbrock";

    protected override void Initialize()
    {
        var rng = new Random(10);
        if (IsRosenbrock)
        {
            // Near the valley, where Newton's method works: x = 1 + noise.
            _x = Data.Normal(rng, N, 0.3).Select(v => 1 + v).ToArray();
        }
        else
        {
            _x = Data.Normal(rng, N, 0.5);
            _features = Data.Normal(rng, Samples * N, 1.0);
            double[] truth = Data.Normal(rng, N, 1.0);
            _labels = Enumerable.Range(0, Samples)
                .Select(s => System.Numerics.Tensors.TensorPrimitives.Dot(truth, _features.AsSpan(s * N, N)) + Data.Normal(rng, 1, 1.0)[0] > 0 ? 1.0 : 0.0)
                .ToArray();
            _tfeatures = Tensors.Constant(_features, Samples, N);
            _tlabels = Tensors.Constant(_labels, Samples);
        }

        _tx = Tensors.Parameter(_x, N);
    }

    private double Value(ReadOnlySpan<double> x) => IsRosenbrock ? HessianModels.ExtendedRosenbrock(x) : HessianModels.LogisticLoss(x, _features, _labels);

    private double GradientAt(ReadOnlySpan<double> x, Span<double> gradient) =>
        IsRosenbrock ? HessianModels.ExtendedRosenbrockGradient(x, gradient) : HessianModels.LogisticLossGradient(x, _features, _labels, gradient);

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Gradient() => GradientAt(_x, _gradient);

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Hessian() =>
        IsRosenbrock ? HessianModels.ExtendedRosenbrockHessian(_x, _hessian) : HessianModels.LogisticLossHessian(_x, _features, _labels, _hessian);

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double HandWritten() =>
        IsRosenbrock ? HessianModels.ExtendedRosenbrockExactHessian(_x, _hessian)
                     : HessianModels.LogisticLossExactHessian(_x, _features, _labels, _hessian);

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double GradientDifferences()
    {
        _x.CopyTo(_shifted, 0);
        for (int j = 0; j < N; j++)
        {
            double h = 1e-5 * Math.Max(1, Math.Abs(_x[j]));
            _shifted[j] = _x[j] + h;
            GradientAt(_shifted, _plus);
            _shifted[j] = _x[j] - h;
            GradientAt(_shifted, _minus);
            _shifted[j] = _x[j];
            for (int i = 0; i < N; i++) _hessian[i * N + j] = (_plus[i] - _minus[i]) / (2 * h);
        }

        return Value(_x);
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double TorchHessian()
    {
        using var scope = torch.NewDisposeScope();
        Tensor loss;
        if (IsRosenbrock)
        {
            Tensor head = _tx.narrow(0, 0, N - 1), tail = _tx.narrow(0, 1, N - 1);
            Tensor a = tail - head * head, b = 1.0 - head;
            loss = (100.0 * a * a + b * b).sum();
        }
        else
        {
            loss = torch.nn.functional.binary_cross_entropy_with_logits(_tfeatures.matmul(_tx), _tlabels);
        }

        // retain_graph as well: TorchSharp does not default it to create_graph as PyTorch does.
        Tensor g = torch.autograd.grad(new[] { loss }, new[] { _tx }, retain_graph: true, create_graph: true)[0];
        for (int j = 0; j < N; j++)
        {
            Tensor row = torch.autograd.grad(new[] { g[j] }, new[] { _tx }, retain_graph: true)[0];
            using var accessor = row.data<double>();
            accessor.CopyTo(_hessian.AsSpan(j * N, N));
        }

        return loss.item<double>();
    }

    protected override void Verify()
    {
        double[] exact = new double[N * N];
        double value = IsRosenbrock ? HessianModels.ExtendedRosenbrockExactHessian(_x, exact)
                                    : HessianModels.LogisticLossExactHessian(_x, _features, _labels, exact);
        Check("the forward pass's value", new[] { value }, new[] { Value(_x) }, 1e-13, 0);
        foreach ((string name, Func<double> run, double tolerance) in new (string, Func<double>, double)[]
        {
            (nameof(Hessian), Hessian, 1e-12), (nameof(GradientDifferences), GradientDifferences, 1e-6), (nameof(TorchHessian), TorchHessian, 1e-12),
        })
        {
            Array.Fill(_hessian, double.NaN);
            Check($"{name}'s value", new[] { value }, new[] { run() }, 1e-12, 0);
            Check($"{name}'s Hessian", exact, _hessian, tolerance, tolerance);
            RecordError(name, RelativeError(exact, _hessian));
        }

        Check("the gradient's value", new[] { value }, new[] { Gradient() }, 1e-13, 0);
    }
}
