// The same engine with only ReLU-family choices: nothing saturates.
using System;
using AutoDiffGen;

public sealed class ReluEngine
{
    private readonly Func<double, double> _activation;
    private readonly double[][] _weights;

    public ReluEngine(double[][] weights, string kind)
    {
        _weights = weights;
        _activation = kind switch
        {
            "elu" => x => Activations.Elu(x),
            "leaky" => x => Activations.LeakyRelu(x, 0.1),
            _ => Activations.Relu,
        };
    }

    public double[] Predict(double[] input)
    {
        double[] h = input;
        foreach (var w in _weights)
        {
            var next = new double[w.Length / h.Length];
            for (int i = 0; i < next.Length; i++)
            {
                double s = 0;
                for (int j = 0; j < h.Length; j++) s += w[i * h.Length + j] * h[j];
                next[i] = _activation(s);
            }
            h = next;
        }
        return h;
    }
}
