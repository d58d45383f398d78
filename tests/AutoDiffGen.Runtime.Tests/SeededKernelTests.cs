using System;
using System.Linq;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// The seeded kernels against the guarded scalar loops they stand for, at every length from 0 to 40 (vector, narrower
/// vector and scalar tail paths): the axpy bit for bit, the dot product to rounding, and zero seeds skipped next to
/// infinite and NaN partners exactly as the scalar guard skips them.
/// </summary>
public class SeededKernelTests
{
    private static double[] Seeds(Random rng, int n) =>
        Enumerable.Range(0, n).Select(_ => rng.Next(4) == 0 ? (rng.Next(2) == 0 ? 0.0 : -0.0) : rng.NextDouble() * 4 - 2).ToArray();

    [Fact]
    public void MultiplyAdd_is_the_guarded_scalar_loop_bit_for_bit()
    {
        var rng = new Random(7);
        for (int n = 0; n <= 40; n++)
        {
            double[] seed = Seeds(rng, n);
            double scale = rng.NextDouble() * 3 - 1.5;
            double[] destination = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
            double[] expected = (double[])destination.Clone();
            for (int k = 0; k < n; k++)
            {
                if (seed[k] != 0) expected[k] += seed[k] * scale;
            }
            SeededKernels.MultiplyAdd<double>(seed, scale, destination);
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), destination.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void MultiplyAdd_by_a_span_is_the_guarded_scalar_loop_bit_for_bit()
    {
        var rng = new Random(10);
        for (int n = 0; n <= 40; n++)
        {
            double[] seed = Seeds(rng, n);
            double[] factor = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 3 - 1.5).ToArray();
            double[] destination = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
            double[] expected = (double[])destination.Clone();
            for (int k = 0; k < n; k++)
            {
                if (seed[k] != 0) expected[k] += seed[k] * factor[k];
            }
            SeededKernels.MultiplyAdd<double>(seed, factor, destination);
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), destination.Select(BitConverter.DoubleToInt64Bits));
        }
        double[] zeroSeed = { 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0 };
        double[] infinite = Enumerable.Repeat(double.NaN, 11).ToArray();
        double[] into = new double[11];
        SeededKernels.MultiplyAdd<double>(zeroSeed, infinite, into);
        for (int k = 0; k < 11; k++) Assert.Equal(k % 2 == 0, into[k] == 0);
        Assert.Throws<ArgumentException>(() => SeededKernels.MultiplyAdd<double>(new double[3], new double[2], new double[3]));
    }

    [Fact]
    public void Dot_is_the_guarded_scalar_sum_to_rounding()
    {
        var rng = new Random(8);
        for (int n = 0; n <= 40; n++)
        {
            double[] seed = Seeds(rng, n);
            double[] other = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            double expected = 0;
            for (int k = 0; k < n; k++)
            {
                if (seed[k] != 0) expected += seed[k] * other[k];
            }
            Assert.Equal(expected, SeededKernels.Dot<double>(seed, other), 12);
        }
    }

    [Fact]
    public void Zero_seeds_skip_infinite_and_NaN_partners_in_every_lane()
    {
        for (int n = 1; n <= 20; n++)
        {
            for (int at = 0; at < n; at++)
            {
                double[] seed = Enumerable.Repeat(1.0, n).ToArray();
                seed[at] = 0;
                double[] other = Enumerable.Repeat(2.0, n).ToArray();
                other[at] = at % 2 == 0 ? double.PositiveInfinity : double.NaN;
                Assert.Equal(2.0 * (n - 1), SeededKernels.Dot<double>(seed, other));

                double[] destination = Enumerable.Repeat(0.5, n).ToArray();
                destination[at] = -0.0;
                SeededKernels.MultiplyAdd<double>(seed, double.PositiveInfinity, destination);
                // The skipped element keeps its −0; the others become +∞.
                Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(destination[at]));
                Assert.All(destination.Where((_, k) => k != at), d => Assert.Equal(double.PositiveInfinity, d));
            }
        }
    }

    [Fact]
    public void Single_precision_matches_the_guarded_scalar_loops()
    {
        var rng = new Random(9);
        for (int n = 0; n <= 40; n++)
        {
            float[] seed = Seeds(rng, n).Select(v => (float)v).ToArray();
            float[] other = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble()).ToArray();
            float[] destination = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble()).ToArray();
            float[] expected = (float[])destination.Clone();
            float dot = 0;
            for (int k = 0; k < n; k++)
            {
                if (seed[k] == 0) continue;
                expected[k] += seed[k] * 0.75f;
                dot += seed[k] * other[k];
            }
            SeededKernels.MultiplyAdd<float>(seed, 0.75f, destination);
            Assert.Equal(expected, destination);
            Assert.Equal(dot, SeededKernels.Dot<float>(seed, other), 4);
        }
    }

    [Fact]
    public void Spans_of_different_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => SeededKernels.MultiplyAdd<double>(new double[3], 1.0, new double[4]));
        Assert.Throws<ArgumentException>(() => SeededKernels.Dot<double>(new double[3], new double[2]));
    }

    [Fact]
    public void Warm_calls_allocate_nothing()
    {
        double[] seed = Enumerable.Range(0, 19).Select(i => i * 0.1).ToArray(), other = seed.ToArray(), destination = new double[19];
        double sink = SeededKernels.Dot<double>(seed, other);
        SeededKernels.MultiplyAdd<double>(seed, 0.5, destination);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            SeededKernels.MultiplyAdd<double>(seed, 0.5, destination);
            sink += SeededKernels.Dot<double>(seed, other);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.False(double.IsNaN(sink));
    }
}
