// An object-oriented network: a List<Layer>, each layer with its own weights and a tanh forward pass.
using System;
using System.Collections.Generic;
using AutoDiffGen;

public sealed class TanhLayer
{
    private readonly double[] _w;
    private readonly int _in, _out;

    public TanhLayer(int inputs, int outputs, Random rng)
    {
        _in = inputs;
        _out = outputs;
        _w = new double[inputs * outputs];
        Init.GlorotUniform(_w, inputs, outputs, rng);
    }

    public double[] Forward(double[] x)
    {
        var y = new double[_out];
        for (int o = 0; o < _out; o++)
        {
            double s = 0;
            for (int i = 0; i < _in; i++) s += _w[o * _in + i] * x[i];
            y[o] = Math.Tanh(s);
        }
        return y;
    }
}

public sealed class Network
{
    private readonly List<TanhLayer> _layers = new();

    public Network(int width, int depth, Random rng)
    {
        for (int l = 0; l < depth; l++) _layers.Add(new TanhLayer(width, width, rng));
    }

    public double[] Predict(double[] x)
    {
        double[] h = x;
        foreach (var layer in _layers)
        {
            h = layer.Forward(h); // expect: ADG1001
        }
        return h;
    }
}
