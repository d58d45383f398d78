using System;
using System.Runtime.CompilerServices;
using AutoDiffGen.Benchmarks.Harness;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks.Kernels;

/// <summary>
/// <c>Clipping.ClipByGlobalNorm</c> over the MLP's four gradient buffers (dW1 128 × 64, dB1 128, dW2 10 × 128, dB2 10:
/// 9,610 values, total norm about 100, clipped to 1), and <c>ClipByValue</c> of the same values to ±0.5. Every call first copies
/// the unclipped gradient into the buffers (clipping works in place), the same copy for every contender. Output: the
/// clipped values, then the returned norm.
/// </summary>
public class ClippingBenchmark : KernelBenchmark
{
    private static readonly int[] s_lengths = { 128 * 64, 128, 10 * 128, 10 };

    private double[] _source = Array.Empty<double>();
    private double[][] _buffers = Array.Empty<double[]>();

    /// <summary>"GlobalNorm" or "Value".</summary>
    [Params("GlobalNorm", "Value")]
    public string Kind { get; set; } = "GlobalNorm";

    /// <summary>The reload copy (read, write), the clip (global norm: one read for Σg², then read and write to scale; value:
    /// read and write) and the copy out (read, write): 7 or 6 passes.</summary>
    protected override double RooflineBytes => (Kind == "GlobalNorm" ? 7.0 : 6.0) * Output.Length * sizeof(double);

    /// <summary>Global norm: an FMA for Σg² and a multiply to scale per element; value: two compares and two blends.</summary>
    protected override double RooflineInstructions(int doubleLanes) => (Kind == "GlobalNorm" ? 2.0 : 4.0) * Output.Length / doubleLanes;

    protected override void Initialize()
    {
        var rng = new Random(41);
        int total = 0;
        foreach (int length in s_lengths)
        {
            total += length;
        }

        _source = Data.Normal(rng, total, 1.0);
        _buffers = Array.ConvertAll(s_lengths, n => new double[n]);
        Output = new double[total + 1];
    }

    private void Reload()
    {
        int offset = 0;
        foreach (double[] buffer in _buffers)
        {
            _source.AsSpan(offset, buffer.Length).CopyTo(buffer);
            offset += buffer.Length;
        }
    }

    private double Finish(double norm)
    {
        int offset = 0;
        foreach (double[] buffer in _buffers)
        {
            buffer.CopyTo(Output, offset);
            offset += buffer.Length;
        }

        Output[offset] = norm;
        return norm;
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Library()
    {
        Reload();
        double norm = 0.0;
        if (Kind == "GlobalNorm")
        {
            norm = Clipping.ClipByGlobalNorm(_buffers, 1.0);
        }
        else
        {
            foreach (double[] buffer in _buffers)
            {
                Clipping.ClipByValue(buffer, 0.5);
            }
        }

        return Finish(norm);
    }

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double PlainLoops()
    {
        Reload();
        double norm = 0.0;
        if (Kind == "GlobalNorm")
        {
            double sum = 0.0;
            foreach (double[] buffer in _buffers)
            {
                foreach (double g in buffer)
                {
                    sum += g * g;
                }
            }

            norm = Math.Sqrt(sum);
            double c = Math.Min(1.0, 1.0 / (norm + 1e-6));
            foreach (double[] buffer in _buffers)
            {
                for (int i = 0; i < buffer.Length; i++)
                {
                    buffer[i] *= c;
                }
            }
        }
        else
        {
            foreach (double[] buffer in _buffers)
            {
                for (int i = 0; i < buffer.Length; i++)
                {
                    buffer[i] = Math.Clamp(buffer[i], -0.5, 0.5);
                }
            }
        }

        return Finish(norm);
    }
}
