using System;
using System.Linq;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// The pullbacks that reuse the forward's outputs (<c>Derivatives.ReverseFromOutputs</c>): the same adjoints as the
/// recomputing pullbacks, bit for bit (the same kernels run on the same values), and nothing written to the outputs.
/// </summary>
public class PullbacksFromOutputsTests
{
    private static double[] Random(Random rng, int n) => Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();

    private static void SameBits(double[] expected, double[] actual) =>
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));

    [Theory]
    [InlineData(1, 64, 128)]
    [InlineData(1, 17, 9)]
    [InlineData(5, 33, 17)]
    [InlineData(32, 64, 128)]
    public void Dense_from_outputs_adds_what_the_recomputing_pullback_adds_and_leaves_y_alone(int batch, int inputs, int outputs)
    {
        var rng = new Random(batch * 31 + inputs);
        double[] w = Random(rng, outputs * inputs), b = Random(rng, outputs), x = Random(rng, batch * inputs), dY = Random(rng, batch * outputs);
        double[] dW = Random(rng, w.Length), dB = Random(rng, outputs), dX = Random(rng, x.Length);
        double[] dWReuse = (double[])dW.Clone(), dBReuse = (double[])dB.Clone(), dXReuse = (double[])dX.Clone();
        double[] y = new double[batch * outputs];
        if (batch == 1) Linear.DenseBackward(w, b, x, y, dY, dW, dB, dX);
        else Linear.DenseBatchBackward(w, b, x, y, batch, dY, dW, dB, dX);
        double[] yKept = (double[])y.Clone();
        if (batch == 1) Linear.DenseBackwardFromOutputs(w, b, x, y, dY, dWReuse, dBReuse, dXReuse);
        else Linear.DenseBatchBackwardFromOutputs(w, b, x, y, batch, dY, dWReuse, dBReuse, dXReuse);
        SameBits(dW, dWReuse);
        SameBits(dB, dBReuse);
        SameBits(dX, dXReuse);
        SameBits(yKept, y);

        // Empty adjoints are skipped, as in the recomputing pullback; shapes are checked the same way.
        Linear.DenseBatchBackwardFromOutputs(w, ReadOnlySpan<double>.Empty, x, y, batch, dY, Span<double>.Empty, Span<double>.Empty, Span<double>.Empty);
        Assert.Throws<ArgumentException>(() => Linear.DenseBatchBackwardFromOutputs(w, b, x, y, batch, dY, new double[w.Length + 1], dB, dX));
    }

    [Fact]
    public void Float_dense_from_outputs_matches_the_recomputing_pullback()
    {
        var rng = new Random(3);
        float[] F(int n) => Random(rng, n).Select(v => (float)v).ToArray();
        float[] w = F(12 * 7), b = F(12), x = F(7), dY = F(12), dW = new float[w.Length], dX = new float[7], dWReuse = new float[w.Length], dXReuse = new float[7];
        float[] y = new float[12];
        Linear.DenseBackward(w, b, x, y, dY, dW, Span<float>.Empty, dX);
        Linear.DenseBackwardFromOutputs(w, b, x, y, dY, dWReuse, Span<float>.Empty, dXReuse);
        Assert.Equal(dW, dWReuse);
        Assert.Equal(dX, dXReuse);
    }

    [Fact]
    public void Dot_from_outputs_adds_the_scaled_other_vector_without_the_product()
    {
        var rng = new Random(8);
        double[] a = Random(rng, 19), b = Random(rng, 19), dA = Random(rng, 19), dB = Random(rng, 19);
        double[] dAReuse = (double[])dA.Clone(), dBReuse = (double[])dB.Clone();
        Vectors.DotBackward(a, b, 0.75, dA, dB);
        Vectors.DotBackwardFromOutputs(a, b, 0.75, dAReuse, dBReuse);
        SameBits(dA, dAReuse);
        SameBits(dB, dBReuse);
        Vectors.DotBackwardFromOutputs(a, b, 0.75, Span<double>.Empty, Span<double>.Empty);
        Assert.Throws<ArgumentException>(() => Vectors.DotBackwardFromOutputs(a, b.AsSpan(1), 0.75, dA, Span<double>.Empty));
        float[] af = a.Select(v => (float)v).ToArray(), bf = b.Select(v => (float)v).ToArray(), dAf = new float[19], dAfReuse = new float[19];
        Vectors.DotBackward(af, bf, 0.5f, dAf, Span<float>.Empty);
        Vectors.DotBackwardFromOutputs(af, bf, 0.5f, dAfReuse, Span<float>.Empty);
        Assert.Equal(dAf, dAfReuse);
    }

    [Theory]
    [InlineData(1, 64, 128)]
    [InlineData(1, 17, 9)]
    [InlineData(1, 5, 1)]
    [InlineData(5, 33, 17)]
    [InlineData(9, 3, 1)]
    [InlineData(32, 64, 128)]
    public void Dense_overwrite_writes_what_clearing_and_adding_gives(int batch, int inputs, int outputs)
    {
        var rng = new Random(batch * 17 + inputs + outputs);
        double[] w = Random(rng, outputs * inputs), b = Random(rng, outputs), x = Random(rng, batch * inputs), dY = Random(rng, batch * outputs);
        double[] dW = new double[w.Length], dB = new double[outputs], dX = new double[x.Length];
        // Whatever the spans held before is overwritten.
        double[] dWWritten = Random(rng, w.Length), dBWritten = Random(rng, outputs), dXWritten = Random(rng, x.Length);
        double[] y = new double[batch * outputs];
        if (batch == 1)
        {
            Linear.DenseBackwardFromOutputs(w, b, x, y, dY, dW, dB, dX);
            Linear.DenseBackwardFromOutputsOverwrite(w, b, x, y, dY, dWWritten, dBWritten, dXWritten);
        }
        else
        {
            Linear.DenseBatchBackwardFromOutputs(w, b, x, y, batch, dY, dW, dB, dX);
            Linear.DenseBatchBackwardFromOutputsOverwrite(w, b, x, y, batch, dY, dWWritten, dBWritten, dXWritten);
        }
        SameBits(dW, dWWritten);
        SameBits(dB, dBWritten);
        SameBits(dX, dXWritten);

        // Empty adjoints are left alone; shapes are checked as in the adding pullback.
        Linear.DenseBatchBackwardFromOutputsOverwrite(w, ReadOnlySpan<double>.Empty, x, y, batch, dY, Span<double>.Empty, Span<double>.Empty, Span<double>.Empty);
        Assert.Throws<ArgumentException>(() => Linear.DenseBatchBackwardFromOutputsOverwrite(w, b, x, y, batch, dY, new double[w.Length + 1], dB, dX));
    }

    [Fact]
    public void Float_dense_overwrite_matches_clearing_and_adding()
    {
        var rng = new Random(5);
        float[] F(int n) => Random(rng, n).Select(v => (float)v).ToArray();
        float[] w = F(12 * 7), b = F(12), x = F(3 * 7), dY = F(3 * 12), y = new float[3 * 12];
        float[] dW = new float[w.Length], dB = new float[12], dX = new float[x.Length];
        float[] dWWritten = F(w.Length), dBWritten = F(12), dXWritten = F(x.Length);
        Linear.DenseBatchBackwardFromOutputs(w, b, x, y, 3, dY, dW, dB, dX);
        Linear.DenseBatchBackwardFromOutputsOverwrite(w, b, x, y, 3, dY, dWWritten, dBWritten, dXWritten);
        Assert.Equal(dW, dWWritten);
        Assert.Equal(dB, dBWritten);
        Assert.Equal(dX, dXWritten);
    }

    [Fact]
    public void Dot_overwrite_writes_the_scaled_other_vector()
    {
        var rng = new Random(9);
        double[] a = Random(rng, 19), b = Random(rng, 19), dA = new double[19], dB = new double[19];
        double[] dAWritten = Random(rng, 19), dBWritten = Random(rng, 19);
        Vectors.DotBackwardFromOutputs(a, b, 0.75, dA, dB);
        Vectors.DotBackwardFromOutputsOverwrite(a, b, 0.75, dAWritten, dBWritten);
        SameBits(dA, dAWritten);
        SameBits(dB, dBWritten);
        Vectors.DotBackwardFromOutputsOverwrite(a, b, 0.75, Span<double>.Empty, Span<double>.Empty);
        Assert.Throws<ArgumentException>(() => Vectors.DotBackwardFromOutputsOverwrite(a, b.AsSpan(1), 0.75, dA, Span<double>.Empty));
        float[] af = a.Select(v => (float)v).ToArray(), bf = b.Select(v => (float)v).ToArray(), dAf = new float[19], dAfWritten = new float[19];
        Array.Fill(dAfWritten, 3f);
        Vectors.DotBackwardFromOutputs(af, bf, 0.5f, dAf, Span<float>.Empty);
        Vectors.DotBackwardFromOutputsOverwrite(af, bf, 0.5f, dAfWritten, Span<float>.Empty);
        Assert.Equal(dAf, dAfWritten);
    }
}
