// The same RNN as a user fixes it after the first NaN: clip the global norm before every step.
using System;
using AutoDiffGen;

public static partial class ClippedRnn
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> wx, ReadOnlySpan<double> wh, ReadOnlySpan<double> b, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] double target)
    {
        int hidden = b.Length;
        Span<double> h = stackalloc double[hidden];
        Span<double> zx = stackalloc double[hidden];
        Span<double> zh = stackalloc double[hidden];
        h.Clear();
        for (int t = 0; t < xs.Length; t++)
        {
            for (int i = 0; i < hidden; i++) zx[i] = wx[i] * xs[t];
            Linear.Dense(wh, b, h, zh);
            for (int i = 0; i < hidden; i++) zh[i] += zx[i];
            Activations.Tanh(zh, h); // expect: ADG1001
        }
        double mean = 0;
        for (int i = 0; i < hidden; i++) mean += h[i];
        double d = mean / hidden - target;
        return d * d;
    }
}

public static class ClippedRnnTraining
{
    public static double Train(double[][] xs, double[] ys, int hidden)
    {
        var rng = new Random(9);
        var wx = new double[hidden];
        var wh = new double[hidden * hidden];
        var b = new double[hidden];
        Init.GlorotNormal(wh, hidden, hidden, rng);
        Init.GlorotNormal(wx, 1, hidden, rng);
        double[] gx = new double[hidden], gh = new double[wh.Length], gb = new double[hidden];
        var adam = new Adam(wx.Length + wh.Length + b.Length, learningRate: 1e-2);
        double loss = 0;
        for (int epoch = 0; epoch < 20; epoch++)
        {
            for (int n = 0; n < xs.Length; n++)
            {
                loss = ClippedRnn.LossGradient(wx, wh, b, xs[n], ys[n], gx, gh, gb);
                Clipping.ClipByGlobalNorm([gx, gh, gb], 1.0);
                adam.Step([wx, wh, b], [gx, gh, gb]);
            }
        }
        return loss;
    }
}
