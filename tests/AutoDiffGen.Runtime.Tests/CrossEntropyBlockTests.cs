using System;
using System.Linq;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// The batched softmax cross-entropy on short rows, which runs a vector's worth of rows at a time (rows transposed into
/// class columns; a last, partial block padded): value and accumulated gradient against a plain per-row reference, finite
/// differences, the same bits as the row-wise path (reached through the tangent, which still runs row by row), NaN rows,
/// and underflowed classes under an infinite seed.
/// </summary>
public class CrossEntropyBlockTests
{
    private static readonly (int Rows, int Classes)[] s_shapes = { (4, 7), (8, 10), (13, 3), (32, 10), (33, 17), (20, 1), (17, 64), (40, 130) };

    private static double[] Logits(Random rng, int n) => Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2 - 1) * 4).ToArray();

    /// <summary>The mean cross-entropy and <c>seed/rows · (softmax − onehot)</c>, row by row in double with Math.Exp/Math.Log.</summary>
    private static (double Value, double[] Gradient) Reference(double[] z, int[] labels, double seed)
    {
        int rows = labels.Length, classes = z.Length / rows;
        double total = 0;
        double[] g = new double[z.Length];
        for (int b = 0; b < rows; b++)
        {
            var row = z.AsSpan(b * classes, classes);
            double max = row.ToArray().Max(), sum = 0;
            foreach (double v in row) sum += Math.Exp(v - max);
            total += Math.Log(sum) + max - row[labels[b]];
            for (int c = 0; c < classes; c++)
                g[b * classes + c] = seed / rows * (Math.Exp(row[c] - max) / sum - (c == labels[b] ? 1 : 0));
        }
        return (total / rows, g);
    }

    [Fact]
    public void Blocks_match_the_per_row_definition_and_accumulate()
    {
        var rng = new Random(41);
        foreach ((int rows, int classes) in s_shapes)
        {
            double[] z = Logits(rng, rows * classes);
            int[] labels = Enumerable.Range(0, rows).Select(_ => rng.Next(classes)).ToArray();
            (double value, double[] expected) = Reference(z, labels, 1.5);
            double[] start = Logits(rng, z.Length), g = (double[])start.Clone();
            Approx.Equal(value, Losses.SoftmaxCrossEntropy(z, labels), 1e-13, 0, $"{rows}x{classes} value");
            Approx.Equal(value, Losses.SoftmaxCrossEntropyBackward(z, labels, 1.5, g), 1e-13, 0, $"{rows}x{classes} pullback value");
            for (int i = 0; i < z.Length; i++) Approx.Equal(start[i] + expected[i], g[i], 1e-13, 1e-15, $"{rows}x{classes} dLogits[{i}]");

            float[] zf = Array.ConvertAll(z, v => (float)v), gf = Array.ConvertAll(start, v => (float)v);
            Approx.Equal(value, Losses.SoftmaxCrossEntropyBackward(zf, labels, 1.5f, gf), 1e-5, 1e-6, $"{rows}x{classes} float value");
            for (int i = 0; i < z.Length; i++) Approx.Equal(start[i] + expected[i], gf[i], 1e-5, 1e-6, $"{rows}x{classes} float dLogits[{i}]");
        }
    }

    [Fact]
    public void Block_gradients_match_finite_differences()
    {
        var rng = new Random(43);
        foreach ((int rows, int classes) in s_shapes.Where(s => s.Rows * s.Classes <= 400))
        {
            double[] z = Logits(rng, rows * classes);
            int[] labels = Enumerable.Range(0, rows).Select(_ => rng.Next(classes)).ToArray();
            double[] g = new double[z.Length];
            Losses.SoftmaxCrossEntropyBackward(z, labels, 1.0, g);
            Approx.Passed(Fd.Compare(q => Losses.SoftmaxCrossEntropy(q, labels), z, g), $"{rows}x{classes}");
        }
    }

    [Fact]
    public void Blocks_give_the_row_wise_paths_bits()
    {
        var rng = new Random(47);
        foreach ((int rows, int classes) in s_shapes)
        {
            double[] z = Logits(rng, rows * classes), direction = Logits(rng, z.Length);
            int[] labels = Enumerable.Range(0, rows).Select(_ => rng.Next(classes)).ToArray();
            // A non-empty direction sends the tangent down the row-wise path; its value must be the blocks' bit for bit.
            double rowWise = Losses.SoftmaxCrossEntropyTangent(z, labels, direction, out _);
            Assert.Equal(BitConverter.DoubleToInt64Bits(rowWise), BitConverter.DoubleToInt64Bits(Losses.SoftmaxCrossEntropy(z, labels)));
            double[] g = new double[z.Length], gRowWise = new double[z.Length];
            Losses.SoftmaxCrossEntropyBackward(z, labels, 0.75, g);
            Losses.SoftmaxCrossEntropyBackwardTangent(z, labels, 0.75, gRowWise, direction, 0.0, new double[z.Length], out _);
            Assert.Equal(gRowWise.Select(BitConverter.DoubleToInt64Bits), g.Select(BitConverter.DoubleToInt64Bits));

            float[] zf = Array.ConvertAll(z, v => (float)v), df = Array.ConvertAll(direction, v => (float)v);
            float rowWiseF = Losses.SoftmaxCrossEntropyTangent(zf, labels, df, out _);
            Assert.Equal(BitConverter.SingleToInt32Bits(rowWiseF), BitConverter.SingleToInt32Bits(Losses.SoftmaxCrossEntropy(zf, labels)));
        }
    }

    [Fact]
    public void A_NaN_row_is_NaN_and_the_other_rows_are_unaffected()
    {
        var rng = new Random(53);
        const int rows = 16, classes = 10;
        double[] z = Logits(rng, rows * classes);
        int[] labels = Enumerable.Range(0, rows).Select(_ => rng.Next(classes)).ToArray();
        z[5 * classes + 3] = double.NaN;
        z[5 * classes + 7] = -1000; // underflows: still NaN in a NaN row, as row by row
        double[] g = new double[z.Length];
        Assert.True(double.IsNaN(Losses.SoftmaxCrossEntropyBackward(z, labels, 1.0, g)));
        for (int c = 0; c < classes; c++) Assert.True(double.IsNaN(g[5 * classes + c]), $"class {c} of the NaN row");
        double[] clean = (double[])z.Clone();
        clean[5 * classes + 3] = 0;
        double[] expected = new double[z.Length];
        Losses.SoftmaxCrossEntropyBackward(clean, labels, 1.0, expected);
        for (int i = 0; i < z.Length; i++)
        {
            if (i / classes != 5) Assert.Equal(expected[i], g[i]);
        }
    }

    [Fact]
    public void Underflowed_classes_and_certain_labels_get_exactly_zero_under_an_infinite_seed()
    {
        const int rows = 8, classes = 10;
        double[] z = new double[rows * classes];
        int[] labels = new int[rows];
        for (int b = 0; b < rows; b++)
        {
            labels[b] = b % classes;
            for (int c = 0; c < classes; c++) z[b * classes + c] = c == labels[b] ? 1000 : -1000;
        }
        double[] g = new double[z.Length];
        Assert.Equal(0.0, Losses.SoftmaxCrossEntropyBackward(z, labels, double.PositiveInfinity, g));
        Assert.All(g, v => Assert.Equal(0.0, v));
    }
}
