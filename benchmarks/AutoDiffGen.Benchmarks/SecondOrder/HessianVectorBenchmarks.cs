using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using AutoDiffGen.ADBench;
using AutoDiffGen.Benchmarks.Harness;
using AutoDiffGen.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace AutoDiffGen.Benchmarks.SecondOrder;

/// <summary>
/// Hessian-vector products against the gradient (issue 16: H·v / gradient ≤ 4). Contenders, each returning the value:
/// <list type="bullet">
/// <item><description><c>Gradient</c> (the baseline): the generated <c>{Name}Gradient</c>, value and gradient.</description></item>
/// <item><description><c>HessianVectorProduct</c>: the generated <c>{Name}HessianVectorProduct</c>, value, gradient and H·v
/// (forward over reverse).</description></item>
/// <item><description><c>GradientDifferences</c>: the same three results from generated gradients, H·v as the central difference
/// (∇f(x + hv) − ∇f(x − hv)) / 2h, h = 1e-5·max(1, |x|∞)/|v|∞: three gradients. Its error is recorded.</description></item>
/// <item><description><c>TorchGradient</c>, <c>TorchHessianVectorProduct</c> (where a TorchSharp form of the function is here):
/// <c>backward()</c>, and PyTorch's double backward, g = grad(f, create_graph: true), H·v = grad(g · v).</description></item>
/// </list>
/// The setup checks H·v against central differences of the gradient and the gradient against the gradient's, and
/// TorchSharp against both.
/// </summary>
public abstract class HessianVectorBenchmark : SecondOrderBenchmark
{
    /// <summary>All parameters, flat.</summary>
    protected double[] P = Array.Empty<double>();

    /// <summary>The direction.</summary>
    protected double[] V = Array.Empty<double>();

    /// <summary>Where the contenders write the gradient.</summary>
    protected double[] G = Array.Empty<double>();

    /// <summary>Where the contenders write H·v.</summary>
    protected double[] Hv = Array.Empty<double>();

    private double[] _shifted = Array.Empty<double>(), _plus = Array.Empty<double>(), _minus = Array.Empty<double>();
    private double _step;

    /// <summary>Value and gradient of the function at <paramref name="p"/> into <paramref name="gradient"/> (the generated gradient).</summary>
    protected abstract double GradientAt(double[] p, double[] gradient);

    /// <summary>Whether this workload has TorchSharp contenders.</summary>
    protected virtual bool HasTorch => false;

    /// <summary>Sets the sizes and the difference step once P and V are filled.</summary>
    protected void Allocate()
    {
        int n = P.Length;
        G = new double[n];
        Hv = new double[n];
        _shifted = new double[n];
        _plus = new double[n];
        _minus = new double[n];
        _step = 1e-5 * Math.Max(1, P.Max(Math.Abs)) / V.Max(Math.Abs);
    }

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Gradient() => GradientAt(P, G);

    public abstract double HessianVectorProduct();

    /// <summary>Value and gradient at x, H·v by central differences of two more gradients.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double GradientDifferences()
    {
        double h = _step;
        for (int i = 0; i < P.Length; i++) _shifted[i] = P[i] + h * V[i];
        GradientAt(_shifted, _plus);
        for (int i = 0; i < P.Length; i++) _shifted[i] = P[i] - h * V[i];
        GradientAt(_shifted, _minus);
        for (int i = 0; i < P.Length; i++) Hv[i] = (_plus[i] - _minus[i]) / (2 * h);
        return GradientAt(P, G);
    }

    /// <summary>TorchSharp's value and gradient (override where <see cref="HasTorch"/>).</summary>
    public virtual double TorchGradient() => throw new NotSupportedException();

    /// <summary>TorchSharp's double backward (override where <see cref="HasTorch"/>).</summary>
    public virtual double TorchHessianVectorProduct() => throw new NotSupportedException();

    protected override void Verify()
    {
        double value = Gradient();
        double[] gradient = (double[])G.Clone();
        Array.Fill(G, double.NaN);
        Array.Fill(Hv, double.NaN);
        double hvValue = HessianVectorProduct();
        Check("H·v's value", new[] { value }, new[] { hvValue }, 1e-14, 0);
        Check("H·v's gradient", gradient, G, 1e-12, 1e-14);
        double[] exact = (double[])Hv.Clone();

        Array.Fill(Hv, double.NaN);
        GradientDifferences();
        double[] differences = (double[])Hv.Clone();
        Check("H·v vs central differences of the gradient", differences, exact, 1e-5, 1e-7);
        RecordError(nameof(GradientDifferences), RelativeError(exact, differences));

        if (!HasTorch) return;
        Array.Fill(G, double.NaN);
        Check("TorchSharp's value", new[] { value }, new[] { TorchGradient() }, 1e-12, 0);
        Check("TorchSharp's gradient", gradient, G, 1e-10, 1e-12);
        Array.Fill(G, double.NaN);
        Array.Fill(Hv, double.NaN);
        TorchHessianVectorProduct();
        Check("TorchSharp's double-backward gradient", gradient, G, 1e-10, 1e-12);
        Check("TorchSharp's double-backward H·v", exact, Hv, 1e-9, 1e-11);
        RecordError(nameof(TorchHessianVectorProduct), RelativeError(exact, Hv));
    }

    /// <summary>Copies the tensors' values, in order, into <paramref name="destination"/>.</summary>
    protected static void CopyOut(IList<Tensor> tensors, double[] destination)
    {
        int at = 0;
        foreach (Tensor t in tensors)
        {
            using var accessor = t.data<double>();
            accessor.CopyTo(destination.AsSpan(at, (int)t.numel()));
            at += (int)t.numel();
        }
    }

    /// <summary>PyTorch's double backward: the gradient with its graph, then the gradient of g · v; writes G and Hv.</summary>
    protected void TorchDoubleBackward(Tensor loss, Tensor[] parameters, Tensor[] directions)
    {
        // TorchSharp passes retain_graph = false unless told (PyTorch defaults it to create_graph), which frees the forward graph
        // the second backward goes through.
        IList<Tensor> grads = torch.autograd.grad(new[] { loss }, parameters, retain_graph: true, create_graph: true);
        Tensor dot = grads[0].mul(directions[0]).sum();
        for (int i = 1; i < grads.Count; i++) dot = dot + grads[i].mul(directions[i]).sum();
        IList<Tensor> hv = torch.autograd.grad(new[] { dot }, parameters);
        CopyOut(grads.Select(g => g.detach()).ToList(), G);
        CopyOut(hv, Hv);
    }
}

/// <summary>Rosenbrock at (−1.2, 1) along (0.6, −0.8).</summary>
public class RosenbrockHessianVectorBenchmark : HessianVectorBenchmark
{
    private Tensor _x = null!, _y = null!;
    private Tensor[] _directions = Array.Empty<Tensor>();

    protected override bool HasTorch => true;

    protected override void Initialize()
    {
        P = new[] { -1.2, 1.0 };
        V = new[] { 0.6, -0.8 };
        Allocate();
        _x = Tensors.ScalarParameter(P[0]);
        _y = Tensors.ScalarParameter(P[1]);
        _directions = new[] { torch.tensor(V[0], dtype: ScalarType.Float64), torch.tensor(V[1], dtype: ScalarType.Float64) };
    }

    protected override double GradientAt(double[] p, double[] gradient)
    {
        double value = Models.RosenbrockGradient(p[0], p[1], out double dX, out double dY);
        gradient[0] = dX;
        gradient[1] = dY;
        return value;
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double HessianVectorProduct()
    {
        double value = Models.RosenbrockHessianVectorProduct(P[0], P[1], V[0], V[1], out double dX, out double dY, out double hvX, out double hvY);
        G[0] = dX;
        G[1] = dY;
        Hv[0] = hvX;
        Hv[1] = hvY;
        return value;
    }

    private Tensor TorchLoss()
    {
        Tensor a = 1.0 - _x;
        Tensor b = _y - _x * _x;
        return a * a + 100.0 * b * b;
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double TorchGradient()
    {
        using var scope = torch.NewDisposeScope();
        Tensor loss = TorchLoss();
        loss.backward();
        G[0] = Tensors.TakeScalarGradient(_x);
        G[1] = Tensors.TakeScalarGradient(_y);
        return loss.item<double>();
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double TorchHessianVectorProduct()
    {
        using var scope = torch.NewDisposeScope();
        Tensor loss = TorchLoss();
        TorchDoubleBackward(loss, new[] { _x, _y }, _directions);
        return loss.item<double>();
    }
}

/// <summary>The deep narrow MLP (16 layers × 32, 16,896 parameters) of the gradient workloads, tanh or ReLU, along a random direction.</summary>
public class DeepMlpHessianVectorBenchmark : HessianVectorBenchmark
{
    private const int Width = Models.DeepWidth;
    private const int Layers = Models.DeepLayers;

    private double[] _x = Array.Empty<double>(), _target = Array.Empty<double>();
    private Tensor[] _parameters = Array.Empty<Tensor>(), _directions = Array.Empty<Tensor>();
    private Tensor _tx = null!, _ttarget = null!;

    /// <summary>Hidden activation: "Tanh" or "Relu".</summary>
    [Params("Tanh", "Relu")]
    public string Activation { get; set; } = "Tanh";

    private bool IsTanh => Activation == "Tanh";

    protected override bool HasTorch => true;

    protected override void Initialize()
    {
        // The gradient workload's weights and data (same seed and order), then a direction.
        var rng = new Random(13);
        P = new double[Layers * Models.DeepLayerSize];
        double std = IsTanh ? 5.0 / 3.0 / Math.Sqrt(Width) : Math.Sqrt(2.0 / Width);
        for (int l = 0; l < Layers; l++)
        {
            Span<double> layer = P.AsSpan(l * Models.DeepLayerSize, Models.DeepLayerSize);
            Data.Normal(rng, layer.Slice(0, Width * Width), std);
            Data.Normal(rng, layer.Slice(Width * Width, Width), 0.01);
        }

        _x = Data.Normal(rng, Width, 1.0);
        _target = Data.Normal(rng, Width, 0.5);
        V = Data.Normal(rng, P.Length, 1.0);
        Allocate();

        _parameters = new Tensor[2 * Layers];
        _directions = new Tensor[2 * Layers];
        for (int l = 0; l < Layers; l++)
        {
            ReadOnlySpan<double> layer = P.AsSpan(l * Models.DeepLayerSize, Models.DeepLayerSize);
            ReadOnlySpan<double> direction = V.AsSpan(l * Models.DeepLayerSize, Models.DeepLayerSize);
            _parameters[2 * l] = Tensors.Parameter(layer.Slice(0, Width * Width), Width, Width);
            _parameters[2 * l + 1] = Tensors.Parameter(layer.Slice(Width * Width, Width), Width);
            _directions[2 * l] = Tensors.Constant(direction.Slice(0, Width * Width), Width, Width);
            _directions[2 * l + 1] = Tensors.Constant(direction.Slice(Width * Width, Width), Width);
        }

        _tx = Tensors.Constant(_x, Width);
        _ttarget = Tensors.Constant(_target, Width);
    }

    protected override double GradientAt(double[] p, double[] gradient) =>
        IsTanh ? Models.DeepTanhLossGradient(p, _x, _target, gradient) : Models.DeepReluLossGradient(p, _x, _target, gradient);

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double HessianVectorProduct() =>
        IsTanh ? Models.DeepTanhLossHessianVectorProduct(P, _x, _target, V, G, Hv)
               : Models.DeepReluLossHessianVectorProduct(P, _x, _target, V, G, Hv);

    private Tensor TorchLoss()
    {
        Tensor h = _tx;
        for (int l = 0; l < Layers; l++)
        {
            h = torch.nn.functional.linear(h, _parameters[2 * l], _parameters[2 * l + 1]);
            if (l < Layers - 1)
            {
                h = IsTanh ? torch.tanh(h) : torch.nn.functional.relu(h);
            }
        }

        return torch.nn.functional.mse_loss(h, _ttarget);
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double TorchGradient()
    {
        using var scope = torch.NewDisposeScope();
        Tensor loss = TorchLoss();
        loss.backward();
        for (int l = 0; l < Layers; l++)
        {
            Span<double> layer = G.AsSpan(l * Models.DeepLayerSize, Models.DeepLayerSize);
            Tensors.TakeGradient(_parameters[2 * l], layer.Slice(0, Width * Width));
            Tensors.TakeGradient(_parameters[2 * l + 1], layer.Slice(Width * Width, Width));
        }

        return loss.item<double>();
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double TorchHessianVectorProduct()
    {
        using var scope = torch.NewDisposeScope();
        Tensor loss = TorchLoss();
        TorchDoubleBackward(loss, _parameters, _directions);
        return loss.item<double>();
    }
}

/// <summary>
/// ADBench's GMM objective (<see cref="Gmm.Objective"/>, the one-body form) at d = 10, k = 5, n = 1,000: 330 parameters,
/// along a random direction. TorchSharp's GMM lives in the ADBench console (<c>TorchGmm</c>), so it has no contender here.
/// </summary>
public class GmmHessianVectorBenchmark : HessianVectorBenchmark
{
    private const int D = 10, K = 5, Points = 1000;
    private GmmInstance _g = null!;
    private int _means, _icf;

    protected override void Initialize()
    {
        _g = GmmInstance.Generate(D, K, Points);
        P = _g.Alphas.Concat(_g.Means).Concat(_g.Icf).ToArray();
        _means = _g.Alphas.Length;
        _icf = _means + _g.Means.Length;
        V = Data.Normal(new Random(16), P.Length, 1.0);
        Allocate();
    }

    protected override double GradientAt(double[] p, double[] gradient) =>
        Gmm.ObjectiveGradient(p.AsSpan(0, _means), p.AsSpan(_means, _icf - _means), p.AsSpan(_icf), _g.X, D, K, _g.WishartGamma, _g.WishartM,
            gradient.AsSpan(0, _means), gradient.AsSpan(_means, _icf - _means), gradient.AsSpan(_icf));

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double HessianVectorProduct() =>
        Gmm.ObjectiveHessianVectorProduct(P.AsSpan(0, _means), P.AsSpan(_means, _icf - _means), P.AsSpan(_icf), _g.X, D, K, _g.WishartGamma, _g.WishartM,
            V.AsSpan(0, _means), V.AsSpan(_means, _icf - _means), V.AsSpan(_icf),
            G.AsSpan(0, _means), G.AsSpan(_means, _icf - _means), G.AsSpan(_icf),
            Hv.AsSpan(0, _means), Hv.AsSpan(_means, _icf - _means), Hv.AsSpan(_icf));
}
