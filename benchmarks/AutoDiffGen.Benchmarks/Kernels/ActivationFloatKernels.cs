using System;
using System.Runtime.CompilerServices;
using AutoDiffGen.Benchmarks.Harness;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks.Kernels;

/// <summary>
/// The single-precision form of <see cref="ActivationBenchmark"/>: y = f(x) and dX = dY ⊙ f′(x) on 4,096 floats, through the
/// <c>float</c> overloads (what a float model's generated gradient calls). <c>PlainLoops</c> computes each element in double
/// and rounds it (the reference); the check allows float rounding (rtol 1e-5, atol 1e-6·max).
/// </summary>
public class ActivationFloatBenchmark : KernelBenchmark
{
    /// <summary>Elements per call.</summary>
    public const int Size = ActivationBenchmark.Size;

    private float[] _x = Array.Empty<float>();
    private float[] _dY = Array.Empty<float>();
    private readonly float[] _y = new float[Size];
    private readonly float[] _dX = new float[Size];

    /// <summary>The activation: "Relu", "Tanh" or "Sigmoid".</summary>
    [Params("Relu", "Tanh", "Sigmoid")]
    public string Activation { get; set; } = "Relu";

    /// <summary>The 8 passes of <see cref="ActivationBenchmark"/>, over floats.</summary>
    protected override double RooflineBytes => 8.0 * Size * sizeof(float);

    /// <summary>
    /// Float lanes for the arithmetic, double lanes (each float vector widened to two) for exp/expm1, counted as for
    /// <see cref="ActivationBenchmark"/>: ReLU 9 float-lane ops; sigmoid 11 float-lane + 68 double-lane + 8 widen/narrow per 16;
    /// tanh 19 float-lane + 74 double-lane + 8 widen/narrow per 16 (exp 34 and expm1 37 since issue 18's third round, were
    /// 35 and 38: 70 and 76 double-lane).
    /// </summary>
    protected override double RooflineInstructions(int doubleLanes)
    {
        double floatLanes = 2 * doubleLanes;
        return Activation switch
        {
            "Relu" => 9.0 * Size / floatLanes,
            "Tanh" => Size * ((19.0 + 8.0) / floatLanes + 74.0 / doubleLanes),
            _ => Size * ((11.0 + 8.0) / floatLanes + 68.0 / doubleLanes),
        };
    }

    protected override double RelativeTolerance => 1e-5;

    protected override double AbsoluteToleranceScale => 1e-6;

    protected override void Initialize()
    {
        var rng = new Random(23);
        _x = Array.ConvertAll(Data.Normal(rng, Size, 2.0), v => (float)v);
        _dY = Array.ConvertAll(Data.Normal(rng, Size, 1.0), v => (float)v);
        Output = new double[2 * Size];
    }

    protected override void Publish()
    {
        for (int i = 0; i < Size; i++)
        {
            Output[i] = _y[i];
            Output[Size + i] = _dX[i];
        }
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Library()
    {
        Span<float> y = _y;
        Span<float> dX = _dX;
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
        Span<float> y = _y;
        Span<float> dX = _dX;
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
        Span<float> y = _y;
        Span<float> dX = _dX;
        ReadOnlySpan<float> x = _x;
        ReadOnlySpan<float> dY = _dY;
        switch (Activation)
        {
            case "Relu":
                for (int i = 0; i < x.Length; i++)
                {
                    y[i] = Math.Max(x[i], 0f);
                    dX[i] = x[i] > 0f ? dY[i] : 0f;
                }

                break;
            case "Tanh":
                for (int i = 0; i < x.Length; i++)
                {
                    double t = Math.Tanh(x[i]);
                    y[i] = (float)t;
                    dX[i] = (float)(dY[i] * (1.0 - t * t));
                }

                break;
            default:
                for (int i = 0; i < x.Length; i++)
                {
                    double s = 1.0 / (1.0 + Math.Exp(-x[i]));
                    y[i] = (float)s;
                    dX[i] = (float)(dY[i] * s * (1.0 - s));
                }

                break;
        }

        return y[0];
    }
}
