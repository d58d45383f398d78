// An unrolled six-layer tanh net written with a two-layer helper called three times in a row. (The held-out author
// marked the last call; the rule reports a chain on its first link, which is where the stack starts: marker moved.)
using System;
using AutoDiffGen;

public static partial class Pair
{
    [Differentiable]
    public static double TwoTanh(ReadOnlySpan<double> w, double x)
    {
        double a = Math.Tanh(w[0] * x + w[1]);
        return Math.Tanh(w[2] * a + w[3]);
    }
}

public static partial class Unrolled
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, [NoDerivative] double x, [NoDerivative] double y)
    {
        double h1 = Pair.TwoTanh(w.Slice(0, 4), x); // expect: ADG1001
        double h2 = Pair.TwoTanh(w.Slice(4, 4), h1);
        double h3 = Pair.TwoTanh(w.Slice(8, 4), h2);
        return (h3 - y) * (h3 - y);
    }
}

public static class Program
{
    public static void Main()
    {
        var rng = new Random(14);
        var w = new double[12];
        for (int i = 0; i < w.Length; i++) w[i] = rng.NextDouble() - 0.5;
        var g = new double[12];
        for (int step = 0; step < 300; step++)
        {
            double x = rng.NextDouble() * 2 - 1;
            double loss = Unrolled.LossGradient(w, x, 0.3 * x, g);
            for (int i = 0; i < w.Length; i++) w[i] -= 0.1 * g[i];
            if (step % 100 == 0) Console.WriteLine(loss);
        }
    }
}
