// A ten-layer ReLU net with Glorot initialization: ADG1002.
using System;
using AutoDiffGen;

public static partial class Model
{
    public const int Width = 16, Layers = 10, Size = Width * Width;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> z = stackalloc double[Width];
        Span<double> bias = stackalloc double[Width];
        bias.Clear();
        x.CopyTo(h);
        for (int l = 0; l < Layers; l++)
        {
            Linear.Dense(w.Slice(l * Size, Size), bias, h, z);
            Activations.Relu(z, h);
        }
        return Losses.MeanSquaredError(h, y);
    }
}

public static class Experiment
{
    public static double[] Run()
    {
        var rng = new Random(5);
        var w = new double[Model.Layers * Model.Size];
        Init.GlorotUniform(w, Model.Width, Model.Width, rng);
        var data = new Random(2);
        var xs = new double[12][];
        var ys = new double[12][];
        for (int n = 0; n < xs.Length; n++)
        {
            xs[n] = new double[Model.Width];
            ys[n] = new double[Model.Width];
            for (int i = 0; i < Model.Width; i++) { xs[n][i] = data.NextDouble(); ys[n][i] = xs[n][i] * 0.5 + 0.25; }
        }

        var g = new double[w.Length];
        double Mean()
        {
            double total = 0;
            for (int n = 0; n < xs.Length; n++) total += Model.Loss(w, xs[n], ys[n]);
            return total / xs.Length;
        }

        double first = 0, last = 0;
        for (int n = 0; n < xs.Length; n++)
        {
            Model.LossGradient(w, xs[n], ys[n], g);
            first += Norm(g.AsSpan(0, Model.Size));
            last += Norm(g.AsSpan((Model.Layers - 1) * Model.Size, Model.Size));
        }

        double before = Mean();
        var opt = new Adam(w.Length, learningRate: 1e-3);
        for (int step = 0; step < 40; step++)
            for (int n = 0; n < xs.Length; n++)
            {
                Model.LossGradient(w, xs[n], ys[n], g);
                opt.Step(w, g);
            }

        double output = 0;
        for (int n = 0; n < xs.Length; n++) output += Model.Loss(w, xs[n], new double[Model.Width]);
        return new[] { first / last, before, Mean(), output, first };
    }

    private static double Norm(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var x in v) s += x * x;
        return Math.Sqrt(s);
    }
}
