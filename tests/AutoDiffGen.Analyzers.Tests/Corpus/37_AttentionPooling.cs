// Attention pooling over a set: softmax weights and a sigmoid output; nothing deep, nothing recurrent.
using System;
using AutoDiffGen;

public static partial class AttentionPool
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> query, ReadOnlySpan<double> wOut, [NoDerivative] ReadOnlySpan<double> items, int count, [NoDerivative] double label)
    {
        int d = query.Length;
        Span<double> scores = stackalloc double[count];
        Span<double> weights = stackalloc double[count];
        for (int k = 0; k < count; k++) scores[k] = Vectors.Dot(query, items.Slice(k * d, d));
        Losses.Softmax(scores, weights);
        double pooled = 0;
        for (int k = 0; k < count; k++) pooled += weights[k] * Vectors.Dot(wOut, items.Slice(k * d, d));
        return Losses.BinaryCrossEntropyWithLogits(pooled, label);
    }
}

public static class AttentionTraining
{
    public static void Train(double[][] sets, double[] labels, int d)
    {
        var q = new double[d];
        var w = new double[d];
        var gq = new double[d];
        var gw = new double[d];
        var adam = new Adam(2 * d, learningRate: 1e-2);
        for (int n = 0; n < sets.Length; n++)
        {
            AttentionPool.LossGradient(q, w, sets[n], sets[n].Length / d, labels[n], gq, gw);
            adam.Step([q, w], [gq, gw]);
        }
    }
}
