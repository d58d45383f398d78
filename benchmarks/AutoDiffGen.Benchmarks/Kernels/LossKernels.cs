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
    /// MSE: forward reads p, t; the pullback reads p, t twice and dP, writes dP; dP cleared (9 passes). Cross-entropy (since
    /// issue 18 a block of 8 rows at a time, <c>CrossEntropyBlocks</c>): each call reads the logits once, gathering each class
    /// of the block's rows into a vector; the pullback reads and writes dLogits once; dLogits cleared (5 passes; the block's
    /// columns live in L1 scratch).
    /// </summary>
    protected override double RooflineBytes => (Loss == "MeanSquaredError" ? 9.0 : 5.0) * Count * sizeof(double);

    /// <summary>
    /// MSE: 2 (subtract, FMA) forward, 6 in the pullback. Cross-entropy, per vector of one class of 8 rows (counted from
    /// <c>CrossEntropyBlocks</c> at 512 bits, 10 classes), in each call: the columns 3.8 (classes 0–7 by the 8 × 8 transpose,
    /// 24 shuffles; classes 8 and 9 gathered, 7 each: 38 per block), the maximum 4 (NaN test, compare, two blends), the
    /// label's logit picked 2 (label test, blend), subtract 1, exp 34, sum 1, and per block of rows the labels converted 1,
    /// the log (ln(1 + (sum − 1)): 37, two divisions among them) and the loss 3, a tenth of each per vector: 49.9; the
    /// pullback adds the gradient, 6 per vector (product, zero test and blend, the class constant, label test and blend), the
    /// label's exp picked from the columns 2, 6 per block (two divisions), and the write-back of classes 0–7 by the transpose,
    /// 24 shuffles and 8 adds per block (classes 8 and 9 are added as scalars, not counted): 11.8, so 2 · 49.9 + 11.8 = 111.6.
    /// Issue 18's second round counted 111 (the gathers 7 per vector, exp's NaN test 3 instructions, now 2; the label's
    /// logit and exp and the write-back scalar, not counted); before issue 18 the row-wise kernel was counted 113 (three exps
    /// per element).
    /// </summary>
    protected override double RooflineInstructions(int doubleLanes) => (Loss == "MeanSquaredError" ? 8.0 : 111.6) * Count / doubleLanes;

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
