// An LSTM over time with shared gate weights, trained with Adam and no clipping.
using System;
using AutoDiffGen;

public static partial class Lstm
{
    public const int H = 6;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> wf, ReadOnlySpan<double> wi, ReadOnlySpan<double> wg, ReadOnlySpan<double> wo,
        ReadOnlySpan<double> bias, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] double target)
    {
        Span<double> h = stackalloc double[H];
        Span<double> c = stackalloc double[H];
        Span<double> f = stackalloc double[H];
        Span<double> i = stackalloc double[H];
        Span<double> g = stackalloc double[H];
        Span<double> o = stackalloc double[H];
        Span<double> z = stackalloc double[H];
        h.Clear();
        c.Clear();
        for (int t = 0; t < xs.Length; t++)
        {
            Linear.Dense(wf, bias.Slice(0, H), h, z);
            for (int k = 0; k < H; k++) z[k] += xs[t];
            Activations.Sigmoid(z, f);
            Linear.Dense(wi, bias.Slice(H, H), h, z);
            for (int k = 0; k < H; k++) z[k] += xs[t];
            Activations.Sigmoid(z, i);
            Linear.Dense(wg, bias.Slice(2 * H, H), h, z);
            for (int k = 0; k < H; k++) z[k] += xs[t];
            Activations.Tanh(z, g);
            Linear.Dense(wo, bias.Slice(3 * H, H), h, z);
            for (int k = 0; k < H; k++) z[k] += xs[t];
            Activations.Sigmoid(z, o);
            for (int k = 0; k < H; k++)
            {
                c[k] = f[k] * c[k] + i[k] * g[k];
                h[k] = o[k] * Math.Tanh(c[k]);
            }
        }
        double y = 0;
        for (int k = 0; k < H; k++) y += h[k];
        return (y - target) * (y - target);
    }
}

public sealed class LstmTrainer
{
    private readonly double[] _wf = new double[Lstm.H * Lstm.H], _wi = new double[Lstm.H * Lstm.H], _wg = new double[Lstm.H * Lstm.H], _wo = new double[Lstm.H * Lstm.H];
    private readonly double[] _b = new double[4 * Lstm.H];
    private readonly double[] _gf = new double[Lstm.H * Lstm.H], _gi = new double[Lstm.H * Lstm.H], _gg = new double[Lstm.H * Lstm.H], _go = new double[Lstm.H * Lstm.H];
    private readonly double[] _gb = new double[4 * Lstm.H];
    private readonly Adam _adam = new(4 * Lstm.H * Lstm.H + 4 * Lstm.H, learningRate: 5e-3);

    public LstmTrainer(Random rng)
    {
        foreach (var w in new[] { _wf, _wi, _wg, _wo }) Init.GlorotUniform(w, Lstm.H, Lstm.H, rng);
    }

    public double Step(double[] xs, double target)
    {
        double loss = Lstm.LossGradient(_wf, _wi, _wg, _wo, _b, xs, target, _gf, _gi, _gg, _go, _gb);
        _adam.Step([_wf, _wi, _wg, _wo, _b], [_gf, _gi, _gg, _go, _gb]); // expect: ADG1003
        return loss;
    }
}
