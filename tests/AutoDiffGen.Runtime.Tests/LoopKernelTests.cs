using System;
using System.Linq;
using System.Numerics.Tensors;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// The loop kernels the generated code calls, against the scalar loops they stand for and against TensorPrimitives, at
/// every length from 0 to 70 (the inlined scalar loop below 8 elements, TensorPrimitives from 8): element-wise results
/// bit for bit, sums to rounding, in place, in double and float, and TensorPrimitives' length checks on both paths.
/// </summary>
public class LoopKernelTests
{
    private const int MaxLength = 70;

    private static double[] Values(Random rng, int n) => Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 4 - 2).ToArray();

    private static void AssertBits(double[] expected, double[] actual) =>
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));

    /// <summary>Each element-wise kernel, called as the generated code calls it, and the scalar statement per element.</summary>
    private static readonly (string Name, Action<double[], double[], double[], double, double[]> Kernel, Func<double, double, double, double, double> Scalar)[] Maps =
    {
        ("Add", (x, y, z, s, d) => LoopKernels.Add<double>(x, y, d), (x, y, z, s) => x + y),
        ("Add scalar", (x, y, z, s, d) => LoopKernels.Add<double>(x, s, d), (x, y, z, s) => x + s),
        ("Subtract", (x, y, z, s, d) => LoopKernels.Subtract<double>(x, y, d), (x, y, z, s) => x - y),
        ("Subtract scalar", (x, y, z, s, d) => LoopKernels.Subtract<double>(x, s, d), (x, y, z, s) => x - s),
        ("Subtract from scalar", (x, y, z, s, d) => LoopKernels.Subtract<double>(s, y, d), (x, y, z, s) => s - y),
        ("Multiply", (x, y, z, s, d) => LoopKernels.Multiply<double>(x, y, d), (x, y, z, s) => x * y),
        ("Multiply scalar", (x, y, z, s, d) => LoopKernels.Multiply<double>(x, s, d), (x, y, z, s) => x * s),
        ("Divide", (x, y, z, s, d) => LoopKernels.Divide<double>(x, y, d), (x, y, z, s) => x / y),
        ("Divide scalar", (x, y, z, s, d) => LoopKernels.Divide<double>(x, s, d), (x, y, z, s) => x / s),
        ("Divide scalar by", (x, y, z, s, d) => LoopKernels.Divide<double>(s, y, d), (x, y, z, s) => s / y),
        ("Negate", (x, y, z, s, d) => LoopKernels.Negate<double>(x, d), (x, y, z, s) => -x),
        ("MultiplyAdd", (x, y, z, s, d) => LoopKernels.MultiplyAdd<double>(x, y, z, d), (x, y, z, s) => x * y + z),
        ("MultiplyAdd scalar addend", (x, y, z, s, d) => LoopKernels.MultiplyAdd<double>(x, y, s, d), (x, y, z, s) => x * y + s),
        ("MultiplyAdd scalar factor", (x, y, z, s, d) => LoopKernels.MultiplyAdd<double>(x, s, z, d), (x, y, z, s) => x * s + z),
    };

    [Fact]
    public void Element_wise_kernels_are_the_scalar_loops_bit_for_bit_at_every_length()
    {
        var rng = new Random(3);
        foreach (var (name, kernel, scalar) in Maps)
        {
            for (int n = 0; n <= MaxLength; n++)
            {
                double[] x = Values(rng, n), y = Values(rng, n), z = Values(rng, n);
                double s = rng.NextDouble() * 3 + 0.5;
                double[] expected = Enumerable.Range(0, n).Select(i => scalar(x[i], y[i], z[i], s)).ToArray();
                double[] destination = Enumerable.Repeat(double.NaN, n).ToArray();
                kernel(x, y, z, s, destination);
                try { AssertBits(expected, destination); }
                catch (Exception e) { throw new Exception($"{name}, n = {n}", e); }
            }
        }
    }

    [Fact]
    public void An_axpy_in_place_adds_into_its_destination_bit_for_bit()
    {
        var rng = new Random(4);
        for (int n = 0; n <= MaxLength; n++)
        {
            double[] x = Values(rng, n), acc = Values(rng, n);
            double a = rng.NextDouble() - 0.5;
            double[] expected = acc.Select((v, i) => x[i] * a + v).ToArray();
            LoopKernels.MultiplyAdd<double>(x, a, acc, acc);
            AssertBits(expected, acc);
        }
    }

    [Fact]
    public void Sums_agree_with_the_scalar_loop_to_rounding_and_are_TensorPrimitives_from_8_elements_on()
    {
        var rng = new Random(5);
        for (int n = 0; n <= MaxLength; n++)
        {
            double[] x = Values(rng, n), y = Values(rng, n);
            double dot = 0, sum = 0, squares = 0;
            for (int i = 0; i < n; i++)
            {
                dot += x[i] * y[i];
                sum += x[i];
                squares += x[i] * x[i];
            }
            double scale = x.Sum(Math.Abs) * (1 + y.Sum(Math.Abs)) + 1;
            Assert.Equal(dot, LoopKernels.Dot<double>(x, y), 1e-14 * scale);
            Assert.Equal(sum, LoopKernels.Sum<double>(x), 1e-14 * scale);
            Assert.Equal(squares, LoopKernels.SumOfSquares<double>(x), 1e-14 * scale);
            if (n >= LoopKernels.ShortBelow)
            {
                Assert.Equal(TensorPrimitives.Dot<double>(x, y), LoopKernels.Dot<double>(x, y));
                Assert.Equal(TensorPrimitives.SumOfSquares<double>(x), LoopKernels.SumOfSquares<double>(x));
                Assert.Equal(TensorPrimitives.Sum<double>(x), LoopKernels.Sum<double>(x));
            }
        }
    }

    [Fact]
    public void Float_kernels_run_sixteen_lanes_and_match_the_scalar_loops()
    {
        var rng = new Random(6);
        for (int n = 0; n <= MaxLength; n++)
        {
            float[] x = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            float a = 0.75f;
            float[] acc = x.Select(v => v * 0.5f).ToArray();
            float[] expected = acc.Select((v, i) => x[i] * a + v).ToArray();
            LoopKernels.MultiplyAdd<float>(x, a, acc, acc);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), acc.Select(BitConverter.SingleToInt32Bits));
            float squares = 0;
            foreach (float v in x) squares += v * v;
            Assert.Equal(squares, LoopKernels.SumOfSquares<float>(x), 1e-5f * (squares + 1));
        }
    }

    [Fact]
    public void Lengths_are_checked_as_TensorPrimitives_checks_them()
    {
        Assert.Throws<ArgumentException>(() => LoopKernels.Add<double>(new double[3], new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => LoopKernels.Multiply<double>(new double[3], 2.0, new double[2]));
        Assert.Throws<ArgumentException>(() => LoopKernels.MultiplyAdd<double>(new double[3], new double[3], new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => LoopKernels.Dot<double>(new double[3], new double[4]));
        Assert.Throws<ArgumentException>(() => LoopKernels.Add<double>(new double[12], new double[11], new double[12]));
        Assert.Throws<ArgumentException>(() => LoopKernels.Subtract<double>(new double[5], new double[5], new double[4]));
        Assert.Throws<ArgumentException>(() => LoopKernels.Add<double>(new double[80], new double[79], new double[80]));
        // A longer destination is allowed; only the operands' length is written.
        double[] longer = { 9, 9, 9, 9 };
        LoopKernels.Add<double>(new double[] { 1, 2, 3 }, 1.0, longer);
        Assert.Equal(new double[] { 2, 3, 4, 9 }, longer);
    }
}
