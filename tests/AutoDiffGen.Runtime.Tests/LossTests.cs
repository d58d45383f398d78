using System;

namespace AutoDiffGen.Runtime.Tests;

public class LossTests
{
    private static double[] RandomVector(Random rng, int n, double scale = 3)
    {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (rng.NextDouble() * 2 - 1) * scale;
        return v;
    }

    [Fact]
    public void MeanSquaredError_value_gradient_and_contract()
    {
        var rng = new Random(1);
        for (int n = 1; n <= 41; n += 4)
        {
            double[] p = RandomVector(rng, n), t = RandomVector(rng, n);
            double expected = 0;
            for (int i = 0; i < n; i++) expected += (p[i] - t[i]) * (p[i] - t[i]);
            expected /= n;
            Assert.Equal(expected, Losses.MeanSquaredError(p, t), 12);
            double[] d0 = RandomVector(rng, n), d = (double[])d0.Clone();
            double loss = Losses.MeanSquaredErrorBackward(p, t, 2.0, d);
            Assert.Equal(expected, loss, 12);
            for (int i = 0; i < n; i++) Assert.Equal(d0[i] + 2.0 * 2 * (p[i] - t[i]) / n, d[i], 12);
            double[] g = new double[n];
            Losses.MeanSquaredErrorBackward(p, t, 1.0, g);
            Approx.Passed(Fd.Compare(q => Losses.MeanSquaredError(q, t), p, g), $"mse n={n}");

            float[] pf = Array.ConvertAll(p, v => (float)v), tf = Array.ConvertAll(t, v => (float)v);
            Assert.Equal(expected, Losses.MeanSquaredError(pf, tf), 4);
            float[] gf = new float[n];
            Losses.MeanSquaredErrorBackward(pf, tf, 1f, gf);
            Approx.Passed(Fd.Compare(q => Losses.MeanSquaredError(q, tf), pf, gf), $"mse float n={n}");
        }
        Assert.True(double.IsNaN(Losses.MeanSquaredError(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty)));
        Assert.True(double.IsNaN(Losses.MeanSquaredError([1.0, double.NaN], [0.0, 0.0])));
        Assert.Equal(4.0, Losses.MeanSquaredErrorBackward([3.0], [1.0], 1.0, Span<double>.Empty));
        Assert.Throws<ArgumentException>(() => Losses.MeanSquaredError(new double[3], new double[2]));
    }

    private static double NaiveCrossEntropy(double[] z, int label)
    {
        double s = 0;
        foreach (double v in z) s += Math.Exp(v);
        return Math.Log(s) - z[label];
    }

    [Fact]
    public void SoftmaxCrossEntropy_matches_the_definition_and_finite_differences()
    {
        var rng = new Random(2);
        for (int n = 1; n <= 37; n += 3)
        {
            double[] z = RandomVector(rng, n, 5);
            int label = rng.Next(n);
            Assert.Equal(NaiveCrossEntropy(z, label), Losses.SoftmaxCrossEntropy(z, label), 12);
            double[] d0 = RandomVector(rng, n), d = (double[])d0.Clone();
            Losses.SoftmaxCrossEntropyBackward(z, label, 1.5, d);
            double sum = 0;
            for (int i = 0; i < n; i++) sum += d[i] - d0[i];
            Assert.Equal(0.0, sum, 12); // softmax sums to 1, minus the one-hot
            double[] g = new double[n];
            Assert.Equal(Losses.SoftmaxCrossEntropy(z, label), Losses.SoftmaxCrossEntropyBackward(z, label, 1.0, g));
            for (int i = 0; i < n; i++) Assert.Equal(d0[i] + 1.5 * g[i], d[i], 12);
            Approx.Passed(Fd.Compare(q => Losses.SoftmaxCrossEntropy(q, label), z, g), $"ce n={n}");

            float[] zf = Array.ConvertAll(z, v => (float)v);
            Assert.Equal(NaiveCrossEntropy(z, label), Losses.SoftmaxCrossEntropy(zf, label), 4);
            float[] gf = new float[n];
            Losses.SoftmaxCrossEntropyBackward(zf, label, 1f, gf);
            Approx.Passed(Fd.Compare(q => Losses.SoftmaxCrossEntropy(q, label), zf, gf), $"ce float n={n}");
        }
    }

    [Fact]
    public void SoftmaxCrossEntropy_is_stable_for_logits_of_plus_minus_1000()
    {
        double[] z = [1000, -1000, 0, 1000];
        Assert.Equal(Math.Log(2), Losses.SoftmaxCrossEntropy(z, 0), 14);
        Assert.Equal(2000 + Math.Log(2), Losses.SoftmaxCrossEntropy(z, 1), 10);
        Assert.Equal(1000 + Math.Log(2), Losses.SoftmaxCrossEntropy(z, 2), 10);
        double[] g = new double[4];
        Losses.SoftmaxCrossEntropyBackward(z, 1, 1.0, g);
        Assert.Equal([0.5, -1.0, 0.0, 0.5], g);
        float[] zf = [1000, -1000, 0, 1000];
        Assert.Equal(2000 + Math.Log(2), Losses.SoftmaxCrossEntropy(zf, 1), 2);
        float[] gf = new float[4];
        Losses.SoftmaxCrossEntropyBackward(zf, 0, 1f, gf);
        Assert.Equal([-0.5f, 0f, 0f, 0.5f], gf);
        Assert.True(double.IsNaN(Losses.SoftmaxCrossEntropy([1.0, double.NaN, 2.0], 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Losses.SoftmaxCrossEntropy([1.0, 2.0], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Losses.SoftmaxCrossEntropy([1.0, 2.0], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Losses.SoftmaxCrossEntropy(ReadOnlySpan<double>.Empty, 0));
    }

    [Fact]
    public void Batched_cross_entropy_is_the_mean_over_rows()
    {
        var rng = new Random(3);
        const int batch = 7, classes = 10;
        double[] z = RandomVector(rng, batch * classes, 4);
        int[] labels = new int[batch];
        for (int b = 0; b < batch; b++) labels[b] = rng.Next(classes);
        double expected = 0;
        for (int b = 0; b < batch; b++) expected += NaiveCrossEntropy(z.AsSpan(b * classes, classes).ToArray(), labels[b]);
        expected /= batch;
        Assert.Equal(expected, Losses.SoftmaxCrossEntropy(z, labels), 12);
        double[] g = new double[z.Length];
        Assert.Equal(expected, Losses.SoftmaxCrossEntropyBackward(z, labels, 1.0, g), 12);
        Approx.Passed(Fd.Compare(q => Losses.SoftmaxCrossEntropy(q, labels), z, g), "batched ce");
        float[] zf = Array.ConvertAll(z, v => (float)v), gf = new float[z.Length];
        Assert.Equal(expected, Losses.SoftmaxCrossEntropyBackward(zf, labels, 1f, gf), 4);
        Approx.Passed(Fd.Compare(q => Losses.SoftmaxCrossEntropy(q, labels), zf, gf), "batched ce float");
        Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropy(new double[9], labels));
        Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropy(new double[9], ReadOnlySpan<int>.Empty));
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_is_stable_and_correct()
    {
        foreach (double x in new[] { -30.0, -3, -0.5, 0, 0.7, 4, 30 })
        {
            foreach (double t in new[] { 0.0, 0.25, 1.0 })
            {
                double s = 1 / (1 + Math.Exp(-x));
                // −t·ln σ − (1−t)·ln(1−σ) with ln σ(x) = −ln(1+e^(−x)) and ln(1−σ(x)) = −ln(1+e^x).
                double expected = t * Math.Log(1 + Math.Exp(-x)) + (1 - t) * Math.Log(1 + Math.Exp(x));
                Approx.Equal(expected, Losses.BinaryCrossEntropyWithLogits(x, t), 1e-14, 1e-15, $"bce({x}, {t})");
                double d = 0.25;
                Losses.BinaryCrossEntropyWithLogitsBackward(x, t, 2.0, ref d);
                Assert.Equal(0.25 + 2.0 * (s - t), d, 14);
                double g = 0;
                Losses.BinaryCrossEntropyWithLogitsBackward(x, t, 1.0, ref g);
                Approx.Passed(Fd.Compare(q => Losses.BinaryCrossEntropyWithLogits(q[0], t), [x], [g]), $"bce'({x},{t})");
                float gf = 0;
                Losses.BinaryCrossEntropyWithLogitsBackward((float)x, (float)t, 1f, ref gf);
                Approx.Passed(Fd.Compare(q => Losses.BinaryCrossEntropyWithLogits(q[0], (float)t), [(float)x], [gf]), $"bce float'({x},{t})");
                Approx.Equal(expected, Losses.BinaryCrossEntropyWithLogits((float)x, (float)t), 1e-6, 1e-6, $"bce float({x}, {t})");
            }
        }
        Assert.Equal(0.0, Losses.BinaryCrossEntropyWithLogits(1000.0, 1.0));
        Assert.Equal(1000.0, Losses.BinaryCrossEntropyWithLogits(-1000.0, 1.0));
        Assert.Equal(1000.0, Losses.BinaryCrossEntropyWithLogits(1000.0, 0.0));
        Assert.Equal(1000f, Losses.BinaryCrossEntropyWithLogits(-1000f, 1f));
        Assert.True(double.IsNaN(Losses.BinaryCrossEntropyWithLogits(double.NaN, 1.0)));
    }

    [Fact]
    public void Softmax_is_stable_and_its_pullback_matches_finite_differences()
    {
        double[] y = new double[3];
        Losses.Softmax([1000.0, -1000.0, 1000.0], y);
        Assert.Equal([0.5, 0.0, 0.5], y);
        var rng = new Random(4);
        for (int n = 1; n <= 19; n += 3)
        {
            double[] x = RandomVector(rng, n), w = RandomVector(rng, n);
            double F(ReadOnlySpan<double> q)
            {
                Span<double> s = stackalloc double[n];
                Losses.Softmax(q, s);
                double acc = 0;
                for (int i = 0; i < n; i++) acc += w[i] * s[i];
                return acc;
            }
            double[] g = new double[n], ys = new double[n];
            Losses.SoftmaxBackward(x, ys, w, g);
            double total = 0;
            foreach (double v in ys) total += v;
            Assert.Equal(1.0, total, 14);
            Approx.Passed(Fd.Compare(F, x, g), $"softmax n={n}");
            float[] xf = Array.ConvertAll(x, v => (float)v), yf = new float[n];
            Losses.Softmax(xf, yf);
            for (int i = 0; i < n; i++) Assert.Equal(ys[i], yf[i], 5);
        }
    }
}
