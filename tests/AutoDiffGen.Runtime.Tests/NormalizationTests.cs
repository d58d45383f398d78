using System;
using System.Linq;

namespace AutoDiffGen.Runtime.Tests;

public class NormalizationTests
{
    private static double[] RandomVector(Random rng, int n, double scale = 2, double offset = 0)
    {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = offset + (rng.NextDouble() * 2 - 1) * scale;
        return v;
    }

    [Fact]
    public void LayerNorm_matches_the_definition_with_biased_variance()
    {
        double[] x = [1, 2, 3, 6];
        double[] gamma = [1, 2, 1, 1], beta = [0, 0, 1, 0];
        double[] y = new double[4];
        Normalization.LayerNorm(x, gamma, beta, y);
        // μ = 3, σ² = (4 + 1 + 0 + 9)/4 = 3.5
        double r = 1 / Math.Sqrt(3.5 + 1e-5);
        Assert.Equal([-2 * r, -1 * r * 2, 0 + 1, 3 * r], y);
        float[] yf = new float[4];
        Normalization.LayerNorm([1f, 2, 3, 6], [1f, 2, 1, 1], [0f, 0, 1, 0], yf);
        for (int i = 0; i < 4; i++) Assert.Equal(y[i], yf[i], 5);
    }

    [Fact]
    public void LayerNorm_pullback_matches_finite_differences_in_x_gamma_and_beta()
    {
        var rng = new Random(6);
        // 37 and 100 reach the several-accumulator loops of the sums (4 vectors at a time: 32 doubles or 64 floats with
        // AVX-512) and the pullback's two-vector loop, with tails.
        foreach (int n in new[] { 1, 3, 8, 13, 37, 100 })
        {
            double[] x = RandomVector(rng, n, 2, 1), gamma = RandomVector(rng, n, 1, 1), beta = RandomVector(rng, n), w = RandomVector(rng, n);
            double[] packed = [.. x, .. gamma, .. beta];
            double F(ReadOnlySpan<double> p)
            {
                Span<double> y = stackalloc double[n];
                Normalization.LayerNorm(p[..n], p.Slice(n, n), p.Slice(2 * n, n), y, 1e-3);
                double s = 0;
                for (int i = 0; i < n; i++) s += w[i] * y[i];
                return s;
            }
            double[] grad = new double[3 * n], ys = new double[n];
            Normalization.LayerNormBackward(x, gamma, beta, ys, 1e-3, w, grad.AsSpan(0, n), grad.AsSpan(n, n), grad.AsSpan(2 * n, n));
            Approx.Passed(Fd.Compare(F, packed, grad), $"layernorm n={n}");
            // y against the definition, summed in order in scalar code (the kernel sums in several vector accumulators).
            double mean = x.Sum() / n, variance = x.Sum(v => (v - mean) * (v - mean)) / n, r = 1 / Math.Sqrt(variance + 1e-3);
            for (int i = 0; i < n; i++) Assert.Equal((x[i] - mean) * r * gamma[i] + beta[i], ys[i], 12);

            // Adds into the adjoints, and empty ones are skipped.
            double[] dx = RandomVector(rng, n), dx0 = (double[])dx.Clone();
            Normalization.LayerNormBackward(x, gamma, beta, ys, 1e-3, w, dx, Span<double>.Empty, Span<double>.Empty);
            for (int i = 0; i < n; i++) Assert.Equal(dx0[i] + grad[i], dx[i], 12);

            float[] Fl(double[] a) => Array.ConvertAll(a, v => (float)v);
            float[] gf = new float[3 * n], yf = new float[n];
            Normalization.LayerNormBackward(Fl(x), Fl(gamma), Fl(beta), yf, 1e-3f, Fl(w), gf.AsSpan(0, n), gf.AsSpan(n, n), gf.AsSpan(2 * n, n));
            for (int i = 0; i < 3 * n; i++) Assert.Equal(grad[i], gf[i], 3);
        }
    }

    [Fact]
    public void BatchNormTraining_normalizes_each_feature_with_batch_statistics()
    {
        // x = [[1, 2], [3, 6]]: μ = [2, 4], biased σ² = [1, 4].
        double[] x = [1, 2, 3, 6], gamma = [2, 1], beta = [0.5, -1];
        double[] y = new double[4];
        Normalization.BatchNormTraining(x, gamma, beta, y);
        double r0 = 1 / Math.Sqrt(1 + 1e-5), r1 = 1 / Math.Sqrt(4 + 1e-5);
        double[] expected = [-1 * r0 * 2 + 0.5, -2 * r1 - 1, 1 * r0 * 2 + 0.5, 2 * r1 - 1];
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], y[i], 14);
        float[] yf = new float[4];
        Normalization.BatchNormTraining([1f, 2, 3, 6], [2f, 1], [0.5f, -1], yf);
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], yf[i], 5);
        Assert.Throws<ArgumentException>(() => Normalization.BatchNormTraining(new double[5], gamma, beta, new double[5]));
    }

    [Fact]
    public void BatchNorm_pullbacks_match_finite_differences()
    {
        var rng = new Random(7);
        foreach ((int batch, int f) in new[] { (2, 1), (3, 4), (5, 3), (8, 7) })
        {
            int n = batch * f;
            double[] x = RandomVector(rng, n, 2, 1), gamma = RandomVector(rng, f, 1, 1), beta = RandomVector(rng, f), w = RandomVector(rng, n);
            double[] mean = RandomVector(rng, f), variance = RandomVector(rng, f, 0.5, 1.5);
            double[] packed = [.. x, .. gamma, .. beta];
            double Weighted(ReadOnlySpan<double> y)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s += w[i] * y[i];
                return s;
            }
            double Train(ReadOnlySpan<double> p)
            {
                double[] y = new double[n];
                Normalization.BatchNormTraining(p[..n], p.Slice(n, f), p.Slice(n + f, f), y, 1e-3);
                return Weighted(y);
            }
            double Infer(ReadOnlySpan<double> p)
            {
                double[] y = new double[n];
                Normalization.BatchNormInference(p[..n], p.Slice(n, f), p.Slice(n + f, f), mean, variance, y, 1e-3);
                return Weighted(y);
            }
            double[] grad = new double[n + 2 * f], ys = new double[n];
            Normalization.BatchNormTrainingBackward(x, gamma, beta, ys, 1e-3, w, grad.AsSpan(0, n), grad.AsSpan(n, f), grad.AsSpan(n + f, f));
            Approx.Passed(Fd.Compare(Train, packed, grad), $"batchnorm train {batch}x{f}");
            double[] expectedY = new double[n];
            Normalization.BatchNormTraining(x, gamma, beta, expectedY, 1e-3);
            Assert.Equal(expectedY, ys);

            Array.Clear(grad);
            Normalization.BatchNormInferenceBackward(x, gamma, beta, mean, variance, ys, 1e-3, w, grad.AsSpan(0, n), grad.AsSpan(n, f), grad.AsSpan(n + f, f));
            Approx.Passed(Fd.Compare(Infer, packed, grad), $"batchnorm inference {batch}x{f}");

            float[] Fl(double[] a) => Array.ConvertAll(a, v => (float)v);
            float[] gf = new float[n + 2 * f];
            Array.Clear(grad);
            Normalization.BatchNormTrainingBackward(x, gamma, beta, ys, 1e-3, w, grad.AsSpan(0, n), grad.AsSpan(n, f), grad.AsSpan(n + f, f));
            Normalization.BatchNormTrainingBackward(Fl(x), Fl(gamma), Fl(beta), new float[n], 1e-3f, Fl(w), gf.AsSpan(0, n), gf.AsSpan(n, f), gf.AsSpan(n + f, f));
            for (int i = 0; i < grad.Length; i++) Assert.Equal(grad[i], gf[i], 3);
        }
    }

    [Fact]
    public void BatchNormInference_uses_the_given_statistics()
    {
        double[] x = [1, 2, 3, 6], gamma = [2, 1], beta = [0.5, -1];
        double[] y = new double[4];
        Normalization.BatchNormInference(x, gamma, beta, [1.0, 2.0], [4.0, 0.25], y, eps: 0);
        Assert.Equal([0.5, -1, 2.5, 7], y);
        float[] yf = new float[4];
        Normalization.BatchNormInference([1f, 2, 3, 6], [2f, 1], [0.5f, -1], [1f, 2], [4f, 0.25f], yf, 0f);
        Assert.Equal([0.5f, -1f, 2.5f, 7f], yf);
    }

    [Fact]
    public void Running_statistics_follow_PyTorch_after_several_batches()
    {
        var stats = new BatchNormRunningStatistics<double>(2);
        Assert.Equal([0.0, 0.0], stats.Mean.ToArray());
        Assert.Equal([1.0, 1.0], stats.Variance.ToArray());
        // Batch 1: [[1, 2], [3, 6]] → μ = [2, 4], unbiased s² = [2, 8].
        stats.Update([1.0, 2, 3, 6]);
        Assert.Equal(0.1 * 2, stats.Mean[0], 15);
        Assert.Equal(0.1 * 4, stats.Mean[1], 15);
        Assert.Equal(0.9 * 1 + 0.1 * 2, stats.Variance[0], 15);
        Assert.Equal(0.9 * 1 + 0.1 * 8, stats.Variance[1], 15);
        // Batch 2: [[0, 1], [2, 1], [4, 4]] → μ = [2, 2], s² = [(4 + 0 + 4)/2, (1 + 1 + 4)/2] = [4, 3].
        stats.Update([0.0, 1, 2, 1, 4, 4]);
        double m0 = 0.9 * 0.2 + 0.1 * 2, m1 = 0.9 * 0.4 + 0.1 * 2;
        double v0 = 0.9 * 1.1 + 0.1 * 4, v1 = 0.9 * 1.7 + 0.1 * 3;
        Assert.Equal(m0, stats.Mean[0], 14);
        Assert.Equal(m1, stats.Mean[1], 14);
        Assert.Equal(v0, stats.Variance[0], 14);
        Assert.Equal(v1, stats.Variance[1], 14);
        // Batch 3: [[5, -1], [5, 1]] → μ = [5, 0], s² = [0, 2].
        stats.Update([5.0, -1, 5, 1]);
        Assert.Equal(0.9 * m0 + 0.1 * 5, stats.Mean[0], 14);
        Assert.Equal(0.9 * m1, stats.Mean[1], 14);
        Assert.Equal(0.9 * v0, stats.Variance[0], 14);
        Assert.Equal(0.9 * v1 + 0.1 * 2, stats.Variance[1], 14);
        Assert.Equal(3, stats.BatchesTracked);

        var sf = new BatchNormRunningStatistics<float>(2, momentum: 0.5);
        sf.Update([1f, 2, 3, 6]);
        Assert.Equal([1f, 2f], sf.Mean.ToArray());
        Assert.Equal([1.5f, 4.5f], sf.Variance.ToArray());
        Assert.Throws<ArgumentException>(() => sf.Update([1f, 2]));
        sf.Reset();
        Assert.Equal([1f, 1f], sf.Variance.ToArray());
        Assert.Equal(0, sf.BatchesTracked);
    }
}
