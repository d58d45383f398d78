// A vector RNN regressor built from the library's Dense; clipping lives in a shared utility class.
using System;
using AutoDiffGen;

public static class GradUtil
{
    public static double ClipAll(double[][] grads, double maxNorm) => Clipping.ClipByGlobalNorm(grads, maxNorm);
}

public static partial class VectorRnn
{
    public const int In = 3;
    public const int Hidden = 8;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> wx, ReadOnlySpan<double> wh, ReadOnlySpan<double> b, ReadOnlySpan<double> wo,
        [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] double target)
    {
        Span<double> h = stackalloc double[Hidden];
        Span<double> zx = stackalloc double[Hidden];
        Span<double> zh = stackalloc double[Hidden];
        Span<double> noBias = stackalloc double[Hidden];
        h.Clear();
        noBias.Clear();
        int steps = xs.Length / In;
        for (int t = 0; t < steps; t++)
        {
            Linear.Dense(wx, b, xs.Slice(t * In, In), zx);
            Linear.Dense(wh, noBias, h, zh);
            for (int i = 0; i < Hidden; i++) zx[i] += zh[i];
            Activations.Tanh(zx, h); // expect: ADG1001
        }
        double y = Vectors.Dot(wo, h);
        return 0.5 * (y - target) * (y - target);
    }
}

public static class Program
{
    public static void Main()
    {
        var rng = new Random(12);
        var wx = new double[VectorRnn.Hidden * VectorRnn.In];
        var wh = new double[VectorRnn.Hidden * VectorRnn.Hidden];
        var b = new double[VectorRnn.Hidden];
        var wo = new double[VectorRnn.Hidden];
        Init.GlorotUniform(wx, VectorRnn.In, VectorRnn.Hidden, rng);
        Init.GlorotUniform(wh, VectorRnn.Hidden, VectorRnn.Hidden, rng);
        Init.GlorotUniform(wo, VectorRnn.Hidden, 1, rng);
        double[] gx = new double[wx.Length], gh = new double[wh.Length], gb = new double[b.Length], go = new double[wo.Length];
        var xs = new double[30 * VectorRnn.In];
        for (int epoch = 0; epoch < 100; epoch++)
        {
            for (int i = 0; i < xs.Length; i++) xs[i] = rng.NextDouble() - 0.5;
            double target = xs[0] + xs[1];
            double loss = VectorRnn.LossGradient(wx, wh, b, wo, xs, target, gx, gh, gb, go);
            GradUtil.ClipAll(new[] { gx, gh, gb, go }, 1.0);
            for (int i = 0; i < wh.Length; i++) wh[i] -= 0.05 * gh[i];
            for (int i = 0; i < wx.Length; i++) wx[i] -= 0.05 * gx[i];
            for (int i = 0; i < b.Length; i++) { b[i] -= 0.05 * gb[i]; wo[i] -= 0.05 * go[i]; }
            if (epoch % 20 == 0) Console.WriteLine(loss);
        }
    }
}
