// A GRU: the update gate interpolates between the old state and the candidate, and clipping lives in a helper.
using System;
using AutoDiffGen;

public static partial class Gru
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> wz, ReadOnlySpan<double> wr, ReadOnlySpan<double> wc, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] double target)
    {
        double h = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            double z = Activations.Sigmoid(wz[0] * h + wz[1] * xs[t] + wz[2]);
            double r = Activations.Sigmoid(wr[0] * h + wr[1] * xs[t] + wr[2]);
            double candidate = Math.Tanh(wc[0] * (r * h) + wc[1] * xs[t] + wc[2]);
            h = (1 - z) * h + z * candidate;
        }
        return (h - target) * (h - target);
    }
}

public sealed class GruTrainer
{
    private readonly double[] _wz = { 0.1, 0.2, 0 }, _wr = { 0.1, -0.2, 0 }, _wc = { 0.5, 0.5, 0 };
    private readonly double[] _gz = new double[3], _gr = new double[3], _gc = new double[3];

    public double Step(double[] xs, double target, double lr)
    {
        double loss = Gru.LossGradient(_wz, _wr, _wc, xs, target, _gz, _gr, _gc);
        ClipGradients();
        Apply(_wz, _gz, lr);
        Apply(_wr, _gr, lr);
        Apply(_wc, _gc, lr);
        return loss;
    }

    private void ClipGradients() => Clipping.ClipByGlobalNorm([_gz, _gr, _gc], 5.0);

    private static void Apply(double[] w, double[] g, double lr)
    {
        for (int i = 0; i < w.Length; i++) w[i] -= lr * g[i];
    }
}
