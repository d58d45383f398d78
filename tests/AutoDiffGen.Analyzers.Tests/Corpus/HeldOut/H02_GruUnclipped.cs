// Character-level GRU over a sequence, hidden size 4, plain SGD without clipping.
using System;
using AutoDiffGen;

public static partial class Gru
{
    public const int H = 4;

    [Differentiable]
    public static double SequenceLoss(ReadOnlySpan<double> wz, ReadOnlySpan<double> wr, ReadOnlySpan<double> wn,
        ReadOnlySpan<double> uz, ReadOnlySpan<double> ur, ReadOnlySpan<double> un, ReadOnlySpan<double> wy,
        [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys)
    {
        Span<double> h = stackalloc double[H];
        Span<double> next = stackalloc double[H];
        h.Clear();
        double loss = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            for (int i = 0; i < H; i++)
            {
                double az = wz[i] * xs[t];
                double ar = wr[i] * xs[t];
                for (int j = 0; j < H; j++) { az += uz[i * H + j] * h[j]; ar += ur[i * H + j] * h[j]; }
                double zg = Activations.Sigmoid(az);
                double rg = Activations.Sigmoid(ar);
                double an = wn[i] * xs[t];
                for (int j = 0; j < H; j++) an += un[i * H + j] * (rg * h[j]);
                double n = Math.Tanh(an);
                next[i] = (1 - zg) * n + zg * h[i];
            }
            next.CopyTo(h);
            double y = 0;
            for (int i = 0; i < H; i++) y += wy[i] * h[i];
            loss += (y - ys[t]) * (y - ys[t]);
        }
        return loss / xs.Length;
    }
}

public static class Program
{
    public static void Main()
    {
        var rng = new Random(7);
        double[] wz = new double[Gru.H], wr = new double[Gru.H], wn = new double[Gru.H], wy = new double[Gru.H];
        double[] uz = new double[Gru.H * Gru.H], ur = new double[Gru.H * Gru.H], un = new double[Gru.H * Gru.H];
        foreach (var w in new[] { uz, ur, un }) Init.GlorotUniform(w, Gru.H, Gru.H, rng);
        foreach (var w in new[] { wz, wr, wn, wy }) for (int i = 0; i < w.Length; i++) w[i] = rng.NextDouble() - 0.5;
        double[] gz = new double[Gru.H], gr = new double[Gru.H], gn = new double[Gru.H], gy = new double[Gru.H];
        double[] guz = new double[uz.Length], gur = new double[ur.Length], gun = new double[un.Length];
        var xs = new double[50];
        var ys = new double[50];
        for (int t = 0; t < xs.Length; t++) { xs[t] = Math.Sin(t * 0.3); ys[t] = t > 0 ? xs[t - 1] : 0; }
        for (int epoch = 0; epoch < 100; epoch++)
        {
            double loss = Gru.SequenceLossGradient(wz, wr, wn, uz, ur, un, wy, xs, ys, gz, gr, gn, guz, gur, gun, gy);
            for (int i = 0; i < uz.Length; i++)
            {
                uz[i] -= 0.1 * guz[i]; // expect: ADG1003
                ur[i] -= 0.1 * gur[i];
                un[i] -= 0.1 * gun[i];
            }
            for (int i = 0; i < Gru.H; i++)
            {
                wz[i] -= 0.1 * gz[i]; wr[i] -= 0.1 * gr[i]; wn[i] -= 0.1 * gn[i]; wy[i] -= 0.1 * gy[i];
            }
            if (epoch % 20 == 0) Console.WriteLine($"epoch {epoch}: {loss}");
        }
    }
}
