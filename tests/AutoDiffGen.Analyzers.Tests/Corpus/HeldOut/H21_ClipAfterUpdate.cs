// A one-unit tanh RNN over 20 steps; the author clips, but only after the update has used the raw gradient.
using System;
using AutoDiffGen;

public static partial class TinyRnn
{
    [Differentiable]
    public static double Loss(double u, double w, double v, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] double target)
    {
        double h = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            h = Math.Tanh(w * h + u * xs[t]); // expect: ADG1001
        }
        double y = v * h;
        return (y - target) * (y - target);
    }
}

public static class Program
{
    public static void Main()
    {
        var rng = new Random(29);
        double u = 0.5, w = 1.5, v = 1.0;
        var xs = new double[20];
        var g = new double[3];
        for (int epoch = 0; epoch < 200; epoch++)
        {
            for (int t = 0; t < xs.Length; t++) xs[t] = rng.NextDouble() - 0.5;
            double loss = TinyRnn.LossGradient(u, w, v, xs, xs[0], out double du, out double dw, out double dv);
            u -= 0.1 * du; // expect: ADG1003
            w -= 0.1 * dw;
            v -= 0.1 * dv;
            g[0] = du; g[1] = dw; g[2] = dv;
            Clipping.ClipByNorm(g, 1.0);
            if (epoch % 40 == 0) Console.WriteLine($"{epoch}: {loss}");
        }
    }
}
