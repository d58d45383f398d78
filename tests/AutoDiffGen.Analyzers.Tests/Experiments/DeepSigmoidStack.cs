// Eight sigmoid layers over per-layer weight slices, Glorot initialized: ADG1001 (and, once switched to ReLU, ADG1002).
using System;
using AutoDiffGen;

public static partial class Model
{
    public const int Width = 8, Layers = 8, Size = Width * Width;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> z = stackalloc double[Width];
        x.CopyTo(h);
        for (int l = 0; l < Layers; l++)
        {
            Linear.Dense(w.Slice(l * Size, Size), b.Slice(l * Width, Width), h, z);
            Activations.Sigmoid(z, h);
        }
        return Losses.MeanSquaredError(h, y);
    }
}

public static class Experiment
{
    /// <summary>[first/last layer gradient norm at init, loss before, loss after 60 steps, |output| sum after].</summary>
    public static double[] Run()
    {
        var rng = new Random(7);
        var w = new double[Model.Layers * Model.Size];
        var b = new double[Model.Layers * Model.Width];
        for (int l = 0; l < Model.Layers; l++)
        {
            Init.GlorotUniform(w.AsSpan(l * Model.Size, Model.Size), Model.Width, Model.Width, rng);
        }

        var data = new Random(1);
        var xs = new double[16][];
        var ys = new double[16][];
        for (int n = 0; n < xs.Length; n++)
        {
            xs[n] = new double[Model.Width];
            ys[n] = new double[Model.Width];
            for (int i = 0; i < Model.Width; i++) { xs[n][i] = data.NextDouble() * 2 - 1; ys[n][i] = 0.5 + 0.4 * Math.Sin(3 * xs[n][i]); }
        }

        var gw = new double[w.Length];
        var gb = new double[b.Length];
        double Mean()
        {
            double total = 0;
            for (int n = 0; n < xs.Length; n++) total += Model.Loss(w, b, xs[n], ys[n]);
            return total / xs.Length;
        }

        Model.LossGradient(w, b, xs[0], ys[0], gw, gb);
        double first = Norm(gw.AsSpan(0, Model.Size)), last = Norm(gw.AsSpan((Model.Layers - 1) * Model.Size, Model.Size));
        double before = Mean();
        var opt = new Adam(w.Length + b.Length, learningRate: 3e-3);
        for (int step = 0; step < 60; step++)
        {
            for (int n = 0; n < xs.Length; n++)
            {
                Model.LossGradient(w, b, xs[n], ys[n], gw, gb);
                opt.Step([w, b], [gw, gb]);
            }
        }

        double after = Mean();
        double output = 0;
        for (int n = 0; n < xs.Length; n++) output += Model.Loss(w, b, xs[n], new double[Model.Width]);
        return new[] { first / last, before, after, output };
    }

    private static double Norm(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var x in v) s += x * x;
        return Math.Sqrt(s);
    }
}
