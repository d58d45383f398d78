// A scalar RNN over 60 steps with a large recurrent weight, trained with SGD and no clipping: ADG1003.
using System;
using AutoDiffGen;

public static partial class Model
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> u, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] double target)
    {
        double h = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            h = Activations.LeakyRelu(w[0] * h + u[0] * xs[t], 0.5);
        }
        return (u[1] * h - target) * (u[1] * h - target);
    }
}

public static class Experiment
{
    /// <summary>[0 (no layer ratio for a recurrence), loss before, loss after training, largest applied gradient norm].</summary>
    public static double[] Run()
    {
        double[] w = { 1.15 };
        double[] u = { 0.5, 0.01 };
        var xs = new double[60];
        var rng = new Random(4);
        for (int t = 0; t < xs.Length; t++) xs[t] = rng.NextDouble();
        double target = 1.0;
        var gw = new double[1];
        var gu = new double[2];
        double before = Model.Loss(w, u, xs, target);
        double largest = 0;
        for (int step = 0; step < 100; step++)
        {
            Model.LossGradient(w, u, xs, target, gw, gu);
            largest = Math.Max(largest, Math.Sqrt(gw[0] * gw[0] + gu[0] * gu[0] + gu[1] * gu[1]));
            for (int i = 0; i < w.Length; i++) w[i] -= 0.05 * gw[i];
            for (int i = 0; i < u.Length; i++) u[i] -= 0.05 * gu[i];
        }

        return new[] { 0.0, before, Model.Loss(w, u, xs, target), largest };
    }
}
