using System;

namespace AutoDiffGen.Runtime.Tests;

public class InitTests
{
    private const int N = 100_000;

    private static (double Mean, double Variance) Moments(ReadOnlySpan<double> w)
    {
        double mean = 0;
        foreach (double v in w) mean += v;
        mean /= w.Length;
        double variance = 0;
        foreach (double v in w) variance += (v - mean) * (v - mean);
        return (mean, variance / (w.Length - 1));
    }

    // Mean within 5 standard errors of 0; variance within 5 standard errors of the target (normal: √(2/N)·σ²,
    // uniform: √(4/(5N))·σ² from its fourth moment 9σ⁴/5).
    private static void AssertMoments(ReadOnlySpan<double> w, double variance, bool uniform)
    {
        (double m, double v) = Moments(w);
        Assert.True(Math.Abs(m) < 5 * Math.Sqrt(variance / N), $"mean {m} for variance {variance}");
        double se = (uniform ? Math.Sqrt(0.8 / N) : Math.Sqrt(2.0 / N)) * variance;
        Assert.True(Math.Abs(v - variance) < 5 * se, $"variance {v}, expected {variance} ± {5 * se}");
    }

    [Fact]
    public void Gain_follows_PyTorch_calculate_gain()
    {
        Assert.Equal(1.0, Init.Gain(Nonlinearity.Linear));
        Assert.Equal(1.0, Init.Gain(Nonlinearity.Conv2d));
        Assert.Equal(1.0, Init.Gain(Nonlinearity.ConvTranspose3d));
        Assert.Equal(1.0, Init.Gain(Nonlinearity.Sigmoid));
        Assert.Equal(5.0 / 3, Init.Gain(Nonlinearity.Tanh));
        Assert.Equal(Math.Sqrt(2), Init.Gain(Nonlinearity.Relu));
        Assert.Equal(Math.Sqrt(2 / (1 + 0.01 * 0.01)), Init.Gain(Nonlinearity.LeakyRelu));
        Assert.Equal(Math.Sqrt(2 / (1 + 0.2 * 0.2)), Init.Gain(Nonlinearity.LeakyRelu, 0.2));
        Assert.Equal(0.75, Init.Gain(Nonlinearity.Selu));
        Assert.Throws<ArgumentOutOfRangeException>(() => Init.Gain((Nonlinearity)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => Init.Gain(Nonlinearity.LeakyRelu, double.NaN));
    }

    [Fact]
    public void Glorot_uniform_bounds_and_moments()
    {
        double[] w = new double[N];
        Init.GlorotUniform(w, 300, 700, new Random(1), gain: 2);
        double a = 2 * Math.Sqrt(6.0 / 1000);
        Assert.All(w, v => Assert.True(Math.Abs(v) <= a));
        Assert.True(Math.Abs(Max(w) - a) < 0.001 * a, "samples reach the bound");
        AssertMoments(w, a * a / 3, uniform: true);
        float[] wf = new float[N];
        Init.GlorotUniform(wf, 300, 700, new Random(1), gain: 2f);
        for (int i = 0; i < N; i++) Assert.Equal((float)w[i], wf[i]);
    }

    [Fact]
    public void Glorot_normal_moments_and_shape()
    {
        double[] w = new double[N];
        Init.GlorotNormal(w, 200, 300, new Random(2));
        double sd = Math.Sqrt(2.0 / 500);
        AssertMoments(w, sd * sd, uniform: false);
        int within = 0;
        foreach (double v in w) if (Math.Abs(v) <= sd) within++;
        Assert.InRange(within / (double)N, 0.6827 - 0.0075, 0.6827 + 0.0075); // a normal, not a uniform
        float[] wf = new float[N - 1]; // odd length: the last Box–Muller pair is half used
        Init.GlorotNormal(wf, 200, 300, new Random(2));
        for (int i = 0; i < N - 1; i++) Assert.Equal((float)w[i], wf[i]);
    }

    [Fact]
    public void He_uniform_and_normal_use_fan_in_and_gain()
    {
        double[] w = new double[N];
        Init.HeUniform(w, 64, new Random(3));
        double bound = Math.Sqrt(2) * Math.Sqrt(3.0 / 64);
        Assert.All(w, v => Assert.True(Math.Abs(v) <= bound));
        AssertMoments(w, 2.0 / 64, uniform: true);

        Init.HeNormal(w, 128, new Random(4));
        AssertMoments(w, 2.0 / 128, uniform: false);
        Init.HeNormal(w, 128, new Random(4), gain: Init.Gain(Nonlinearity.Tanh));
        AssertMoments(w, 25.0 / 9 / 128, uniform: false);

        Init.LeCunNormal(w, 50, new Random(5));
        AssertMoments(w, 1.0 / 50, uniform: false);

        float[] wf = new float[N];
        Init.HeNormal(wf, 128, new Random(4));
        double[] wd = Array.ConvertAll(wf, v => (double)v);
        AssertMoments(wd, 2.0 / 128, uniform: false);
        Init.HeUniform(wf, 64, new Random(3));
        Init.LeCunNormal(wf, 50, new Random(5));
        AssertMoments(Array.ConvertAll(wf, v => (double)v), 1.0 / 50, uniform: false);
    }

    [Fact]
    public void Same_seed_gives_same_weights_and_arguments_are_checked()
    {
        double[] a = new double[101], b = new double[101];
        Init.HeNormal(a, 10, new Random(42));
        Init.HeNormal(b, 10, new Random(42));
        Assert.Equal(a, b);
        Init.HeNormal(b, 10, new Random(43));
        Assert.NotEqual(a, b);
        Assert.Throws<ArgumentOutOfRangeException>(() => Init.HeNormal(a, 0, new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Init.GlorotUniform(a, 3, -1, new Random(1)));
        Assert.Throws<ArgumentNullException>(() => Init.GlorotUniform(a, 3, 3, null!));
    }

    private static double Max(double[] w)
    {
        double m = 0;
        foreach (double v in w) m = Math.Max(m, Math.Abs(v));
        return m;
    }
}
