using System;

namespace AutoDiffGen.Runtime.Tests;

public class LinearTests
{
    private static double[] RandomVector(Random rng, int n)
    {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rng.NextDouble() * 2 - 1;
        return v;
    }

    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int batch in new[] { 1, 2, 3, 4, 5, 7, 8, 9, 32 })
            foreach ((int inputs, int outputs) in new[] { (1, 1), (3, 5), (4, 4), (8, 3), (17, 9), (33, 17), (64, 128), (128, 10) })
                data.Add(batch, inputs, outputs);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Dense_forward_and_pullback_match_naive_loops(int batch, int inputs, int outputs)
    {
        var rng = new Random(batch * 1000 + inputs * 10 + outputs);
        double[] w = RandomVector(rng, outputs * inputs), b = RandomVector(rng, outputs), x = RandomVector(rng, batch * inputs);
        double[] dY = RandomVector(rng, batch * outputs);
        double[] dW0 = RandomVector(rng, w.Length), dB0 = RandomVector(rng, outputs), dX0 = RandomVector(rng, x.Length);

        double[] yRef = new double[batch * outputs], dWRef = (double[])dW0.Clone(), dBRef = (double[])dB0.Clone(), dXRef = (double[])dX0.Clone();
        for (int r = 0; r < batch; r++)
            for (int o = 0; o < outputs; o++)
            {
                double s = b[o];
                for (int i = 0; i < inputs; i++) s += w[o * inputs + i] * x[r * inputs + i];
                yRef[r * outputs + o] = s;
                dBRef[o] += dY[r * outputs + o];
                for (int i = 0; i < inputs; i++)
                {
                    dWRef[o * inputs + i] += dY[r * outputs + o] * x[r * inputs + i];
                    dXRef[r * inputs + i] += dY[r * outputs + o] * w[o * inputs + i];
                }
            }

        double[] y = new double[batch * outputs], dW = (double[])dW0.Clone(), dB = (double[])dB0.Clone(), dX = (double[])dX0.Clone();
        if (batch == 1)
        {
            Linear.Dense(w, b, x, y);
            AssertClose(yRef, y, 1e-13);
            Array.Clear(y);
            Linear.DenseBackward(w, b, x, y, dY, dW, dB, dX);
        }
        else
        {
            Linear.DenseBatch(w, b, x, y, batch);
            AssertClose(yRef, y, 1e-13);
            Array.Clear(y);
            Linear.DenseBatchBackward(w, b, x, y, batch, dY, dW, dB, dX);
        }
        AssertClose(yRef, y, 1e-13);
        AssertClose(dWRef, dW, 1e-13);
        AssertClose(dBRef, dB, 1e-13);
        AssertClose(dXRef, dX, 1e-13);

        float[] Fl(double[] a) => Array.ConvertAll(a, v => (float)v);
        float[] yf = new float[y.Length], dWf = Fl(dW0), dBf = Fl(dB0), dXf = Fl(dX0);
        Linear.DenseBatchBackward(Fl(w), Fl(b), Fl(x), yf, batch, Fl(dY), dWf, dBf, dXf);
        AssertClose(yRef, yf, 2e-5 * Math.Sqrt(inputs));
        AssertClose(dWRef, dWf, 2e-5 * Math.Sqrt(batch));
        AssertClose(dXRef, dXf, 2e-5 * Math.Sqrt(outputs));

        // Empty adjoints are skipped; an empty bias means none.
        double[] y2 = new double[y.Length];
        Linear.DenseBatchBackward(w, ReadOnlySpan<double>.Empty, x, y2, batch, dY, Span<double>.Empty, Span<double>.Empty, Span<double>.Empty);
        for (int r = 0; r < batch; r++)
            for (int o = 0; o < outputs; o++) Approx.Equal(yRef[r * outputs + o] - b[o], y2[r * outputs + o], 1e-12, 1e-12, "no bias");
    }

    private static void AssertClose(double[] expected, ReadOnlySpan<double> actual, double tol)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Approx.Equal(expected[i], actual[i], tol, tol, $"[{i}]");
    }

    private static void AssertClose(double[] expected, ReadOnlySpan<float> actual, double tol)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Approx.Equal(expected[i], actual[i], tol, tol, $"[{i}]");
    }

    [Fact]
    public void Dense_pullback_matches_finite_differences()
    {
        var rng = new Random(12);
        const int batch = 3, inputs = 5, outputs = 6;
        double[] w = RandomVector(rng, outputs * inputs), b = RandomVector(rng, outputs), x = RandomVector(rng, batch * inputs);
        double[] weights = RandomVector(rng, batch * outputs);
        double[] packed = [.. w, .. b, .. x];
        double F(ReadOnlySpan<double> p)
        {
            double[] y = new double[batch * outputs];
            Linear.DenseBatch(p[..w.Length], p.Slice(w.Length, outputs), p[(w.Length + outputs)..], y, batch);
            double s = 0;
            for (int i = 0; i < y.Length; i++) s += weights[i] * Math.Tanh(y[i]);
            return s;
        }
        double[] y = new double[batch * outputs];
        Linear.DenseBatch(w, b, x, y, batch);
        double[] dY = new double[y.Length];
        for (int i = 0; i < y.Length; i++) dY[i] = weights[i] * (1 - Math.Tanh(y[i]) * Math.Tanh(y[i]));
        double[] grad = new double[packed.Length];
        Linear.DenseBatchBackward(w, b, x, y, batch, dY, grad.AsSpan(0, w.Length), grad.AsSpan(w.Length, outputs), grad.AsSpan(w.Length + outputs));
        Approx.Passed(Fd.Compare(F, packed, grad), "dense batch");
    }

    [Fact]
    public void Dense_checks_shapes()
    {
        Assert.Throws<ArgumentException>(() => Linear.Dense(new double[6], new double[2], new double[4], new double[2]));
        Assert.Throws<ArgumentException>(() => Linear.Dense(new double[8], new double[3], new double[4], new double[2]));
        Assert.Throws<ArgumentException>(() => Linear.DenseBatch(new double[8], new double[2], new double[9], new double[4], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Linear.DenseBatch(new double[8], new double[2], new double[8], new double[4], 0));
        Assert.Throws<ArgumentException>(() => Linear.DenseBackward(new double[8], new double[2], new double[4], new double[2], new double[2], new double[7], new double[2], new double[4]));
    }
}
