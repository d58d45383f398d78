// A trainer class sets up a two-layer tanh regressor's weights with He initialization.
using System;
using AutoDiffGen;

public static partial class TanhRegressor
{
    public const int In = 3, Hidden = 16;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, double b2,
        [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double y)
    {
        Span<double> z = stackalloc double[Hidden];
        Span<double> a = stackalloc double[Hidden];
        Linear.Dense(w1, b1, x, z);
        Activations.Tanh(z, a);
        double prediction = Vectors.Dot(w2, a) + b2;
        return (prediction - y) * (prediction - y);
    }
}

public sealed class RegressionTrainer
{
    private readonly double[] _w1 = new double[TanhRegressor.Hidden * TanhRegressor.In];
    private readonly double[] _b1 = new double[TanhRegressor.Hidden];
    private readonly double[] _w2 = new double[TanhRegressor.Hidden];
    private double _b2;

    public RegressionTrainer(int seed)
    {
        var rng = new Random(seed);
        Init.HeNormal(_w1, TanhRegressor.In, rng); // expect: ADG1002
        Init.GlorotUniform(_w2, TanhRegressor.Hidden, 1, rng);
    }

    public double Fit(double[][] xs, double[] ys, int epochs)
    {
        double[] g1 = new double[_w1.Length], gb1 = new double[_b1.Length], g2 = new double[_w2.Length];
        double loss = 0;
        for (int e = 0; e < epochs; e++)
        {
            for (int n = 0; n < xs.Length; n++)
            {
                loss = TanhRegressor.LossGradient(_w1, _b1, _w2, _b2, xs[n], ys[n], g1, gb1, g2, out double gb2);
                for (int i = 0; i < _w1.Length; i++) _w1[i] -= 0.01 * g1[i];
                for (int i = 0; i < _b1.Length; i++) _b1[i] -= 0.01 * gb1[i];
                for (int i = 0; i < _w2.Length; i++) _w2[i] -= 0.01 * g2[i];
                _b2 -= 0.01 * gb2;
            }
        }
        return loss;
    }
}
