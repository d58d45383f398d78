using System;
using System.Runtime.CompilerServices;
using AutoDiffGen.Benchmarks.Harness;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks.Kernels;

/// <summary>
/// A loss and its gradient (seed 1): <c>SoftmaxCrossEntropy</c> over a batch of 32 rows × 10 classes (the MLP's loss) and
/// <c>MeanSquaredError</c> over 4,096 elements. Output: the loss, then its gradient. <c>Library</c> is the forward call then
/// the pullback into a cleared gradient (as a generated gradient calls them), <c>PlainLoops</c> scalar loops with
/// <c>Math.*</c> (the reference).
/// </summary>
public class LossBenchmark : KernelBenchmark
{
    private const int Rows = 32;
    private const int Classes = 10;
    private const int MseSize = 4096;

    private double[] _input = Array.Empty<double>();
    private double[] _target = Array.Empty<double>();
    private int[] _labels = Array.Empty<int>();

    /// <summary>The loss: "SoftmaxCrossEntropy" (32 × 10) or "MeanSquaredError" (4,096).</summary>
    [Params("SoftmaxCrossEntropy", "MeanSquaredError")]
    public string Loss { get; set; } = "SoftmaxCrossEntropy";

    private int Count => Loss == "MeanSquaredError" ? MseSize : Rows * Classes;

    private Span<double> Gradient => Output.AsSpan(1, Count);

    /// <summary>
    /// MSE: forward reads p, t; the pullback reads p, t twice and dP, writes dP; dP cleared (9 passes). Cross-entropy: each of
    /// the two calls reads the logits for the maximum and the sum of exponentials; the pullback reads them and dLogits again
    /// and writes dLogits; dLogits cleared (8 passes).
    /// </summary>
    protected override double RooflineBytes => (Loss == "MeanSquaredError" ? 9.0 : 8.0) * Count * sizeof(double);

    /// <summary>MSE: 2 (subtract, FMA) forward, 6 in the pullback. Cross-entropy: per element, max 1, then 36 (subtract, exp)
    /// per sum in each call, and 39 (subtract, exp, masked FMA) for the gradient.</summary>
    protected override double RooflineInstructions(int doubleLanes) => (Loss == "MeanSquaredError" ? 8.0 : 113.0) * Count / doubleLanes;

    protected override void Initialize()
    {
        var rng = new Random(31);
        _input = Data.Normal(rng, Count, 3.0);
        _target = Data.Normal(rng, Count, 1.0);
        _labels = new int[Rows];
        for (int r = 0; r < Rows; r++)
        {
            _labels[r] = rng.Next(Classes);
        }

        Output = new double[1 + Count];
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Library()
    {
        Span<double> g = Gradient;
        g.Clear();
        double value;
        if (Loss == "MeanSquaredError")
        {
            value = Losses.MeanSquaredError(_input, _target);
            value = Losses.MeanSquaredErrorBackward(_input, _target, 1.0, g);
        }
        else
        {
            value = Losses.SoftmaxCrossEntropy(_input, _labels);
            value = Losses.SoftmaxCrossEntropyBackward(_input, _labels, 1.0, g);
        }

        Output[0] = value;
        return value;
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double LibraryBackwardOnly()
    {
        Span<double> g = Gradient;
        g.Clear();
        double value = Loss == "MeanSquaredError"
            ? Losses.MeanSquaredErrorBackward(_input, _target, 1.0, g)
            : Losses.SoftmaxCrossEntropyBackward(_input, _labels, 1.0, g);
        Output[0] = value;
        return value;
    }

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double PlainLoops()
    {
        Span<double> g = Gradient;
        ReadOnlySpan<double> z = _input;
        double value = 0.0;
        if (Loss == "MeanSquaredError")
        {
            ReadOnlySpan<double> t = _target;
            for (int i = 0; i < z.Length; i++)
            {
                double d = z[i] - t[i];
                value += d * d;
                g[i] = 2.0 * d / z.Length;
            }

            value /= z.Length;
        }
        else
        {
            for (int r = 0; r < Rows; r++)
            {
                ReadOnlySpan<double> row = z.Slice(r * Classes, Classes);
                double max = double.NegativeInfinity;
                for (int c = 0; c < Classes; c++)
                {
                    max = Math.Max(max, row[c]);
                }

                double sum = 0.0;
                for (int c = 0; c < Classes; c++)
                {
                    sum += Math.Exp(row[c] - max);
                }

                value += Math.Log(sum) + max - row[_labels[r]];
                for (int c = 0; c < Classes; c++)
                {
                    g[r * Classes + c] = (Math.Exp(row[c] - max) / sum - (c == _labels[r] ? 1.0 : 0.0)) / Rows;
                }
            }

            value /= Rows;
        }

        Output[0] = value;
        return value;
    }
}
