// A highway network: a sigmoid gate mixes the tanh transform with the carried input.
using System;
using AutoDiffGen;

public static partial class Highway
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> wh, ReadOnlySpan<double> wt, [NoDerivative] double x, [NoDerivative] double y, int depth)
    {
        double h = x;
        for (int l = 0; l < depth; l++)
        {
            double transform = Math.Tanh(wh[l] * h);
            double gate = Activations.Sigmoid(wt[l] * h - 1.0);
            h = gate * transform + (1 - gate) * h;
        }
        return (h - y) * (h - y);
    }
}

public static class HighwayTraining
{
    public static double Train(int depth)
    {
        var wh = new double[depth];
        var wt = new double[depth];
        Array.Fill(wh, 0.9);
        var gh = new double[depth];
        var gt = new double[depth];
        double loss = 0;
        for (int step = 0; step < 100; step++)
        {
            loss = Highway.LossGradient(wh, wt, 0.4, -0.3, depth, gh, gt);
            for (int l = 0; l < depth; l++) { wh[l] -= 0.05 * gh[l]; wt[l] -= 0.05 * gt[l]; }
        }
        return loss;
    }
}
