// A character-level Elman RNN with scalar loops, trained with plain SGD and no clipping.
using System;
using AutoDiffGen;

public static partial class Elman
{
    public const int Hidden = 8, Input = 4;

    [Differentiable]
    public static double SequenceLoss(ReadOnlySpan<double> wxh, ReadOnlySpan<double> whh, ReadOnlySpan<double> why,
        [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> targets)
    {
        int steps = targets.Length;
        Span<double> h = stackalloc double[Hidden];
        Span<double> next = stackalloc double[Hidden];
        h.Clear();
        double loss = 0;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < Hidden; i++)
            {
                double s = 0;
                for (int j = 0; j < Input; j++) s += wxh[i * Input + j] * xs[t * Input + j];
                for (int j = 0; j < Hidden; j++) s += whh[i * Hidden + j] * h[j];
                next[i] = Math.Tanh(s); // expect: ADG1001
            }
            next.CopyTo(h);
            double y = 0;
            for (int j = 0; j < Hidden; j++) y += why[j] * h[j];
            double d = y - targets[t];
            loss += d * d;
        }
        return loss / steps;
    }
}

public static class ElmanTraining
{
    public static void Train(double[][] sequences, double[][] targets, int epochs, double lr)
    {
        var rng = new Random(42);
        var wxh = new double[Elman.Hidden * Elman.Input];
        var whh = new double[Elman.Hidden * Elman.Hidden];
        var why = new double[Elman.Hidden];
        Init.GlorotUniform(wxh, Elman.Input, Elman.Hidden, rng);
        Init.GlorotUniform(whh, Elman.Hidden, Elman.Hidden, rng);
        var gxh = new double[wxh.Length];
        var ghh = new double[whh.Length];
        var ghy = new double[why.Length];
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            for (int n = 0; n < sequences.Length; n++)
            {
                Elman.SequenceLossGradient(wxh, whh, why, sequences[n], targets[n], gxh, ghh, ghy);
                for (int i = 0; i < wxh.Length; i++) wxh[i] -= lr * gxh[i]; // expect: ADG1003
                for (int i = 0; i < whh.Length; i++) whh[i] -= lr * ghh[i];
                for (int i = 0; i < why.Length; i++) why[i] -= lr * ghy[i];
            }
        }
    }
}
