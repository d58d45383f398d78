using System;
using System.Runtime.CompilerServices;
using AutoDiffGen.Benchmarks.Harness;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace AutoDiffGen.Benchmarks.Kernels;

/// <summary>
/// A span activation's forward and backward pass at n = 4096: y = f(x) and dX = dY ⊙ f′(x). Output: y, then dX.
/// <list type="bullet">
/// <item><description><c>Library</c>: <c>Activations.F(x, y)</c> then <c>Activations.FBackward(x, y, dY, dX)</c> into a cleared dX,
/// the two calls a generated gradient makes (the pullback recomputes y).</description></item>
/// <item><description><c>LibraryBackwardOnly</c>: the pullback alone, which writes y and dX in one pass.</description></item>
/// <item><description><c>PlainLoops</c>: one scalar loop with <c>Math.*</c> computing y and dX (the reference).</description></item>
/// <item><description><c>TorchOneThread</c>: TorchSharp autograd, x a leaf tensor, <c>y.backward(dY)</c>, y and x.grad copied out.</description></item>
/// </list>
/// </summary>
public class ActivationBenchmark : KernelBenchmark
{
    /// <summary>Elements per call.</summary>
    public const int Size = 4096;

    private double[] _x = Array.Empty<double>();
    private double[] _dY = Array.Empty<double>();
    private Tensor _tx = null!;
    private Tensor[] _tdY = Array.Empty<Tensor>();

    /// <summary>The activation: "Relu", "Tanh" or "Sigmoid".</summary>
    [Params("Relu", "Tanh", "Sigmoid")]
    public string Activation { get; set; } = "Relu";

    private Span<double> Y => Output.AsSpan(0, Size);

    /// <summary>Forward: x read, y written; dX cleared; pullback: x, dY, dX read, y, dX written — 8 passes of n doubles.</summary>
    protected override double RooflineBytes => 8.0 * Size * sizeof(double);

    /// <summary>
    /// Per element, forward + pullback: ReLU 2 + 7 (compare, blend; the same, compare, and, compare, FMA, blend); sigmoid
    /// 37 + 42 (exp: 34 — clamp 4, reduction 5, 13-term polynomial 13, 2ⁿ 7, scaling 3, NaN 2 — then negate, add, divide;
    /// the pullback adds σ(1 − σ) and the masked FMA); tanh 44 + 49 (clamp 4, doubling 1, expm1 37, add, divide). Since
    /// issue 18's third round exp's NaN test is one compare and one blend (<c>SelectNaN</c>; it was compare, mask move,
    /// ternary logic, counted 3), so exp counts 34, was 35: sigmoid 79, was 81; tanh 93, was 95.
    /// </summary>
    protected override double RooflineInstructions(int doubleLanes) =>
        (Activation switch { "Relu" => 9.0, "Tanh" => 93.0, _ => 79.0 }) * Size / doubleLanes;

    private Span<double> DX => Output.AsSpan(Size, Size);

    protected override void Initialize()
    {
        var rng = new Random(23);
        _x = Data.Normal(rng, Size, 2.0);
        _dY = Data.Normal(rng, Size, 1.0);
        Output = new double[2 * Size];
        _tx = Tensors.Parameter(_x, Size);
        _tdY = new[] { Tensors.Constant(_dY, Size) };
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Library()
    {
        Span<double> y = Y;
        Span<double> dX = DX;
        dX.Clear();
        switch (Activation)
        {
            case "Relu":
                Activations.Relu(_x, y);
                Activations.ReluBackward(_x, y, _dY, dX);
                break;
            case "Tanh":
                Activations.Tanh(_x, y);
                Activations.TanhBackward(_x, y, _dY, dX);
                break;
            default:
                Activations.Sigmoid(_x, y);
                Activations.SigmoidBackward(_x, y, _dY, dX);
                break;
        }

        return y[0];
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double LibraryBackwardOnly()
    {
        Span<double> y = Y;
        Span<double> dX = DX;
        dX.Clear();
        switch (Activation)
        {
            case "Relu":
                Activations.ReluBackward(_x, y, _dY, dX);
                break;
            case "Tanh":
                Activations.TanhBackward(_x, y, _dY, dX);
                break;
            default:
                Activations.SigmoidBackward(_x, y, _dY, dX);
                break;
        }

        return y[0];
    }

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double PlainLoops()
    {
        Span<double> y = Y;
        Span<double> dX = DX;
        ReadOnlySpan<double> x = _x;
        ReadOnlySpan<double> dY = _dY;
        switch (Activation)
        {
            case "Relu":
                for (int i = 0; i < x.Length; i++)
                {
                    y[i] = Math.Max(x[i], 0.0);
                    dX[i] = x[i] > 0.0 ? dY[i] : 0.0;
                }

                break;
            case "Tanh":
                for (int i = 0; i < x.Length; i++)
                {
                    double t = Math.Tanh(x[i]);
                    y[i] = t;
                    dX[i] = dY[i] * (1.0 - t * t);
                }

                break;
            default:
                for (int i = 0; i < x.Length; i++)
                {
                    double s = 1.0 / (1.0 + Math.Exp(-x[i]));
                    y[i] = s;
                    dX[i] = dY[i] * s * (1.0 - s);
                }

                break;
        }

        return y[0];
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double TorchOneThread()
    {
        using var scope = torch.NewDisposeScope();
        Tensor y = Activation switch
        {
            "Relu" => torch.nn.functional.relu(_tx),
            "Tanh" => torch.tanh(_tx),
            _ => torch.sigmoid(_tx),
        };
        y.backward(_tdY);
        using (var values = y.detach().data<double>())
        {
            values.CopyTo(Y);
        }

        Tensors.TakeGradient(_tx, DX);
        return Output[0];
    }
}
