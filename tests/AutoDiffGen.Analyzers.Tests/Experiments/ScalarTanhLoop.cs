// Twelve scalar tanh layers in a loop (h = tanh(w[l] * h + b[l])): ADG1001, scalar form.
using System;
using AutoDiffGen;

public static partial class Model
{
    public const int Layers = 12;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] double x, [NoDerivative] double y)
    {
        double h = x;
        for (int l = 0; l < Layers; l++)
        {
            h = Math.Tanh(w[l] * h + b[l]);
        }
        return (h - y) * (h - y);
    }
}

public static class Experiment
{
    /// <summary>[first/last layer gradient magnitude at init, loss before, loss after training, |prediction| sum].</summary>
    public static double[] Run()
    {
        var w = new double[Model.Layers];
        var b = new double[Model.Layers];
        var rng = new Random(3);
        for (int l = 0; l < Model.Layers; l++) { w[l] = 0.6 + 0.4 * rng.NextDouble(); b[l] = 0.1; }
        double[] xs = { -0.8, -0.4, 0.1, 0.5, 0.9 };
        double[] ys = { 0.3, 0.1, -0.2, -0.4, -0.6 };
        var gw = new double[w.Length];
        var gb = new double[b.Length];
        double Mean()
        {
            double total = 0;
            for (int n = 0; n < xs.Length; n++) total += Model.Loss(w, b, xs[n], ys[n]);
            return total / xs.Length;
        }

        // Over the whole data set: one point may sit where a unit saturates exactly.
        double first = 0, last = 0;
        for (int n = 0; n < xs.Length; n++)
        {
            Model.LossGradient(w, b, xs[n], ys[n], gw, gb);
            first += Math.Abs(gw[0]);
            last += Math.Abs(gw[Model.Layers - 1]);
        }

        double ratio = first / last;
        double before = Mean();
        var opt = new Adam(2 * Model.Layers, learningRate: 1e-2);
        for (int step = 0; step < 150; step++)
            for (int n = 0; n < xs.Length; n++)
            {
                Model.LossGradient(w, b, xs[n], ys[n], gw, gb);
                opt.Step([w, b], [gw, gb]);
            }

        double output = 0;
        for (int n = 0; n < xs.Length; n++) output += Math.Abs(Model.Loss(w, b, xs[n], 0));
        return new[] { ratio, before, Mean(), output };
    }
}
