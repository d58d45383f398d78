using System;

namespace AutoDiffGen.Runtime.Tests;

public class ClippingTests
{
    [Fact]
    public void ClipByValue_clamps_and_keeps_NaN()
    {
        for (int n = 0; n <= 19; n++)
        {
            double[] g = new double[n];
            for (int i = 0; i < n; i++) g[i] = (i - 9) * 0.5;
            if (n > 3) g[3] = double.NaN;
            double[] expected = Array.ConvertAll(g, v => double.IsNaN(v) ? v : Math.Clamp(v, -2, 2));
            Clipping.ClipByValue(g, 2.0);
            Assert.Equal(expected, g);
            float[] gf = new float[n];
            for (int i = 0; i < n; i++) gf[i] = (i - 9) * 0.5f;
            Clipping.ClipByValue(gf, 2f);
            for (int i = 0; i < n; i++) Assert.Equal(Math.Clamp((i - 9) * 0.5f, -2f, 2f), gf[i]);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Clipping.ClipByValue(new double[2], -1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Clipping.ClipByValue(new double[2], double.NaN));
    }

    [Fact]
    public void ClipByNorm_scales_by_maxNorm_over_norm_plus_epsilon()
    {
        double[] g = [3, 4, 0, 0, 0];
        Assert.Equal(5.0, Clipping.ClipByNorm(g, 1.0));
        double c = 1.0 / (5 + 1e-6);
        Assert.Equal([3 * c, 4 * c, 0, 0, 0], g);

        double[] small = [0.3, 0.4];
        Assert.Equal(0.5, Clipping.ClipByNorm(small, 1.0), 15);
        Assert.Equal([0.3, 0.4], small); // within the bound: untouched

        float[] gf = [3, 4];
        Assert.Equal(5f, Clipping.ClipByNorm(gf, 2f));
        Assert.Equal(3 * 2 / (5 + 1e-6), gf[0], 6);
    }

    [Fact]
    public void Non_finite_norms_are_returned_without_scaling_or_raise_when_asked()
    {
        double[] g = [1, double.NaN, 100];
        Assert.True(double.IsNaN(Clipping.ClipByNorm(g, 1.0)));
        Assert.Equal(100, g[2]);
        double[] inf = [1, double.PositiveInfinity];
        Assert.Equal(double.PositiveInfinity, Clipping.ClipByNorm(inf, 1.0));
        Assert.Equal(1, inf[0]);
        var e = Assert.Throws<NonFiniteGradientException>(() => Clipping.ClipByNorm(inf, 1.0, errorIfNonfinite: true));
        Assert.Equal(double.PositiveInfinity, e.Norm);
        Assert.Contains("Infinity", e.Message);

        double[] g1 = [1, 2], g2 = [double.NaN];
        Assert.True(double.IsNaN(Clipping.ClipByGlobalNorm([g1, g2], 1.0)));
        Assert.Equal([1.0, 2.0], g1);
        Assert.Throws<NonFiniteGradientException>(() => Clipping.ClipByGlobalNorm([g1, g2], 1.0, errorIfNonfinite: true));
        float[] f1 = [float.NaN];
        Assert.Throws<NonFiniteGradientException>(() => Clipping.ClipByNorm(f1, 1f, errorIfNonfinite: true));
    }

    [Fact]
    public void ClipByGlobalNorm_uses_the_norm_over_all_buffers()
    {
        double[] g1 = [3, 0], g2 = [0, 0, 4];
        Assert.Equal(5.0, Clipping.ClipByGlobalNorm([g1, g2], 2.5));
        double c = 2.5 / (5 + 1e-6);
        Assert.Equal([3 * c, 0], g1);
        Assert.Equal([0, 0, 4 * c], g2);

        double[] m1 = [6, 0], m2 = [8];
        Assert.Equal(10.0, Clipping.ClipByGlobalNorm([m1, m2], 100.0));
        Assert.Equal([6.0, 0], m1);
        Assert.Equal(10.0, Clipping.ClipByGlobalNorm([m1, m2], 1.0));
        Assert.Equal(0.8 * 10 / (10 + 1e-6), m2[0], 14);

        float[] f1 = [3], f2 = [4];
        Assert.Equal(5f, Clipping.ClipByGlobalNorm([f1, f2], 1f));
        Assert.Equal(0.6f, f1[0], 5);
        float[] h1 = [3], h2 = [4, 0];
        Assert.Equal(5f, Clipping.ClipByGlobalNorm([h1, h2], 10f));
        Assert.Equal(4f, h2[0]);
        Assert.Equal(0.0, Clipping.ClipByGlobalNorm(ReadOnlySpan<double[]>.Empty, 1.0));
    }
}
