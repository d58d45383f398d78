using System;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// <see cref="Vectors.Dot(ReadOnlySpan{double}, ReadOnlySpan{double})"/> and its pullbacks take three paths by length (a
/// plain loop below 8 elements, one vector loop below 64, TensorPrimitives from 64): every length across the boundaries
/// against naive sums, in double and float.
/// </summary>
public class VectorsLengthTests
{
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (int n = 0; n <= 70; n++) data.Add(n);
        data.Add(129);
        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void DotAndPullbacksMatchNaiveSums(int n)
    {
        var rng = new Random(100 + n);
        double[] a = Random(rng, n), b = Random(rng, n), dA0 = Random(rng, n), dB0 = Random(rng, n);
        double seed = rng.NextDouble() * 2 - 1;
        double expected = 0;
        for (int i = 0; i < n; i++) expected += a[i] * b[i];
        double scale = 1e-14 * (1 + n);
        Assert.Equal(expected, Vectors.Dot(a, b), scale);

        double[] dA = (double[])dA0.Clone(), dB = (double[])dB0.Clone();
        Assert.Equal(expected, Vectors.DotBackward(a, b, seed, dA, dB), scale);
        double[] rA = (double[])dA0.Clone(), rB = (double[])dB0.Clone();
        Vectors.DotBackwardFromOutputs(a, b, seed, rA, rB);
        double[] wA = (double[])dA0.Clone(), wB = (double[])dB0.Clone();
        Vectors.DotBackwardFromOutputsOverwrite(a, b, seed, wA, wB);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(dA0[i] + seed * b[i], dA[i], 1e-15);
            Assert.Equal(dB0[i] + seed * a[i], dB[i], 1e-15);
            Assert.Equal(dA[i], rA[i]);
            Assert.Equal(dB[i], rB[i]);
            Assert.Equal(seed * b[i], wA[i], 1e-15);
            Assert.Equal(seed * a[i], wB[i], 1e-15);
        }

        // The squared norm: both adjoints are the same span, so it receives 2 · seed · a.
        double[] dSame = (double[])dA0.Clone();
        Vectors.DotBackwardFromOutputs(a, a, seed, dSame, dSame);
        for (int i = 0; i < n; i++) Assert.Equal(dA0[i] + 2 * seed * a[i], dSame[i], 1e-14);

        double tangent = Vectors.DotTangent(a, b, dA0, dB0, out double dResult);
        double expectedTangent = 0;
        for (int i = 0; i < n; i++) expectedTangent += dA0[i] * b[i] + a[i] * dB0[i];
        Assert.Equal(expected, tangent, scale);
        Assert.Equal(expectedTangent, dResult, 2 * scale * 4);

        float[] af = Array.ConvertAll(a, v => (float)v), bf = Array.ConvertAll(b, v => (float)v);
        float expectedF = 0;
        for (int i = 0; i < n; i++) expectedF += af[i] * bf[i];
        Assert.Equal(expectedF, Vectors.Dot(af, bf), 1e-5f * (1 + n));
        float[] dAf = new float[n];
        Vectors.DotBackwardFromOutputs(af, bf, (float)seed, dAf, Span<float>.Empty);
        for (int i = 0; i < n; i++) Assert.Equal((float)seed * bf[i], dAf[i], 1e-6f);

        if (n > 0)
        {
            Assert.Throws<ArgumentException>(() => Vectors.Dot(a, b.AsSpan(1)));
            Assert.Throws<ArgumentException>(() => Vectors.DotBackwardFromOutputs(a, b, seed, new double[n + 2], Span<double>.Empty));
            Assert.Throws<ArgumentException>(() => Vectors.DotBackwardFromOutputs(a, b, seed, Span<double>.Empty, new double[n + 1]));
        }
    }

    private static double[] Random(Random rng, int n)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rng.NextDouble() * 2 - 1;
        return v;
    }
}
