// Inference for a model trained elsewhere: layers as objects in a List, the activation a delegate chosen per model.
using System;
using System.Collections.Generic;

public sealed class DenseLayer
{
    public double[] W = Array.Empty<double>();
    public double[] B = Array.Empty<double>();
    public int In;
    public int Out;
}

public sealed class Model
{
    private readonly List<DenseLayer> _layers = new();
    private readonly Func<double, double> _hidden;

    public Model(string activation)
    {
        _hidden = activation switch
        {
            "tanh" => Math.Tanh,
            "sigmoid" => z => 1.0 / (1.0 + Math.Exp(-z)),
            _ => z => Math.Max(0, z),
        };
    }

    public void Add(DenseLayer layer) => _layers.Add(layer);

    public double[] Predict(double[] input)
    {
        var h = input;
        foreach (var layer in _layers)
        {
            var next = new double[layer.Out];
            for (int o = 0; o < layer.Out; o++)
            {
                double s = layer.B[o];
                for (int i = 0; i < layer.In; i++) s += layer.W[o * layer.In + i] * h[i];
                next[o] = _hidden(s); // expect: ADG1001
            }
            h = next;
        }
        return h;
    }
}

public static class Program
{
    public static void Main()
    {
        var model = new Model("sigmoid");
        var rng = new Random(4);
        for (int l = 0; l < 12; l++)
        {
            var layer = new DenseLayer { In = 4, Out = 4, W = new double[16], B = new double[4] };
            for (int i = 0; i < 16; i++) layer.W[i] = rng.NextDouble() - 0.5;
            model.Add(layer);
        }
        Console.WriteLine(string.Join(", ", model.Predict(new[] { 1.0, 0.5, -0.5, 0.0 })));
    }
}
