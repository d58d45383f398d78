// Textbook backprop exercise: the logistic written out by hand in a six-layer loop.
using System;
using AutoDiffGen;

public static partial class TextbookNet
{
    public const int Layers = 6;

    [Differentiable]
    public static double Output(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] double x)
    {
        double a = x;
        for (int l = 0; l < Layers; l++)
        {
            double z = w[l] * a + b[l];
            a = 1.0 / (1.0 + Math.Exp(-z)); // expect: ADG1001
        }
        return a;
    }

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] double x, [NoDerivative] double y)
    {
        double e = Output(w, b, x) - y;
        return 0.5 * e * e;
    }
}

public static class Exercise
{
    public static double Train()
    {
        var w = new double[TextbookNet.Layers];
        var b = new double[TextbookNet.Layers];
        Array.Fill(w, 0.8);
        var gw = new double[w.Length];
        var gb = new double[b.Length];
        double loss = 0;
        for (int epoch = 0; epoch < 1000; epoch++)
        {
            loss = TextbookNet.LossGradient(w, b, 1.0, 0.0, gw, gb);
            for (int i = 0; i < w.Length; i++) { w[i] -= 0.5 * gw[i]; b[i] -= 0.5 * gb[i]; }
        }
        return loss;
    }
}
