// A vector tanh RNN over a sequence with Sgd.Step and no clipping: both vanishing and exploding risks.
using System;
using AutoDiffGen;

public static partial class VectorRnn
{
    public const int Hidden = 12;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> whh, ReadOnlySpan<double> wxh, ReadOnlySpan<double> bh, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] double target, int steps)
    {
        Span<double> h = stackalloc double[Hidden];
        Span<double> a = stackalloc double[Hidden];
        Span<double> ax = stackalloc double[Hidden];
        h.Clear();
        for (int t = 0; t < steps; t++)
        {
            Linear.Dense(whh, bh, h, a);
            Linear.Dense(wxh, bh, xs.Slice(t * Hidden, Hidden), ax);
            for (int i = 0; i < Hidden; i++) a[i] += ax[i];
            Activations.Tanh(a, h); // expect: ADG1001
        }
        double s = 0;
        for (int i = 0; i < Hidden; i++) s += h[i];
        return (s - target) * (s - target);
    }
}

public static class VectorRnnTraining
{
    public static double Train(double[][] xs, double[] ys, int steps)
    {
        var rng = new Random(13);
        var whh = new double[VectorRnn.Hidden * VectorRnn.Hidden];
        var wxh = new double[VectorRnn.Hidden * VectorRnn.Hidden];
        var bh = new double[VectorRnn.Hidden];
        Init.GlorotUniform(whh, VectorRnn.Hidden, VectorRnn.Hidden, rng);
        Init.GlorotUniform(wxh, VectorRnn.Hidden, VectorRnn.Hidden, rng);
        var ghh = new double[whh.Length];
        var gxh = new double[wxh.Length];
        var gbh = new double[bh.Length];
        var sgd = new Sgd(whh.Length, learningRate: 0.01);
        var sgdX = new Sgd(wxh.Length, learningRate: 0.01);
        double loss = 0;
        for (int n = 0; n < xs.Length; n++)
        {
            loss = VectorRnn.LossGradient(whh, wxh, bh, xs[n], ys[n], steps, ghh, gxh, gbh);
            sgd.Step(whh, ghh); // expect: ADG1003
            sgdX.Step(wxh, gxh);
        }
        return loss;
    }
}
