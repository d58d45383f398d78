// Transformer-style MLP blocks: pre-LayerNorm, GELU, residual add, AdamW.
using System;
using AutoDiffGen;

public static partial class PreNormMlp
{
    public const int D = 8;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta,
        [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y, int blocks)
    {
        Span<double> h = stackalloc double[D];
        Span<double> n = stackalloc double[D];
        Span<double> z = stackalloc double[D];
        Span<double> a = stackalloc double[D];
        x.CopyTo(h);
        for (int k = 0; k < blocks; k++)
        {
            Normalization.LayerNorm(h, gamma.Slice(k * D, D), beta.Slice(k * D, D), n);
            Linear.Dense(w.Slice(k * D * D, D * D), b.Slice(k * D, D), n, z);
            Activations.Gelu(z, a);
            for (int i = 0; i < D; i++) h[i] += a[i];
        }
        return Losses.MeanSquaredError(h, y);
    }
}

public static class PreNormTraining
{
    public static void Train(double[][] xs, double[][] ys, int blocks)
    {
        var rng = new Random(10);
        var w = new double[blocks * PreNormMlp.D * PreNormMlp.D];
        var b = new double[blocks * PreNormMlp.D];
        var gamma = new double[blocks * PreNormMlp.D];
        var beta = new double[blocks * PreNormMlp.D];
        Array.Fill(gamma, 1.0);
        Init.HeNormal(w, PreNormMlp.D, rng);
        double[][] grads = { new double[w.Length], new double[b.Length], new double[gamma.Length], new double[beta.Length] };
        var opt = new AdamW(w.Length + b.Length + gamma.Length + beta.Length, learningRate: 1e-3);
        for (int n = 0; n < xs.Length; n++)
        {
            PreNormMlp.LossGradient(w, b, gamma, beta, xs[n], ys[n], blocks, grads[0], grads[1], grads[2], grads[3]);
            opt.Step([w, b, gamma, beta], grads);
        }
    }
}
