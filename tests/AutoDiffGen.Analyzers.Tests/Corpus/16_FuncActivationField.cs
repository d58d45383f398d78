// A small hand-rolled inference engine: the activation is a delegate picked in the constructor.
using System;
using AutoDiffGen;

public sealed class FeedForward
{
    private readonly Func<double, double> _activation;
    private readonly double[][] _weights;

    public FeedForward(double[][] weights, bool smooth)
    {
        _weights = weights;
        _activation = smooth ? Math.Tanh : Activations.Relu;
    }

    public double[] Predict(double[] input)
    {
        double[] h = input;
        for (int l = 0; l < _weights.Length; l++)
        {
            var w = _weights[l];
            int n = h.Length;
            var next = new double[w.Length / n];
            for (int i = 0; i < next.Length; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += w[i * n + j] * h[j];
                next[i] = _activation(s); // expect: ADG1001
            }
            h = next;
        }
        return h;
    }
}
