// Layer objects in a List<Layer>; each layer initializes its own weights (Glorot, as the tutorial it was copied from
// did for tanh) but the network uses ReLU. The gradient of each layer is taken layer by layer with its Backward.
using System;
using System.Collections.Generic;
using AutoDiffGen;

public static partial class Ops
{
    [Differentiable]
    public static void ReluLayer(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y)
    {
        Span<double> z = stackalloc double[y.Length];
        Linear.Dense(w, b, x, z);
        Activations.Relu(z, y);
    }
}

public sealed class Layer
{
    public readonly double[] W;
    public readonly double[] B;
    public readonly double[] GW;
    public readonly double[] GB;
    public readonly int In;
    public readonly int Out;

    public Layer(int fanIn, int fanOut, Random rng)
    {
        In = fanIn;
        Out = fanOut;
        W = new double[fanIn * fanOut];
        B = new double[fanOut];
        GW = new double[W.Length];
        GB = new double[fanOut];
        Init.GlorotUniform(W, fanIn, fanOut, rng); // expect: ADG1002
    }
}

public sealed class Network
{
    private readonly List<Layer> _layers = new();

    public Network(int[] sizes, Random rng)
    {
        for (int i = 0; i + 1 < sizes.Length; i++) _layers.Add(new Layer(sizes[i], sizes[i + 1], rng));
    }

    public double TrainStep(double[] x, double[] target, double lr)
    {
        var activations = new List<double[]> { x };
        foreach (var layer in _layers)
        {
            var y = new double[layer.Out];
            Ops.ReluLayer(layer.W, layer.B, activations[^1], y);
            activations.Add(y);
        }
        var output = activations[^1];
        double loss = 0;
        var dy = new double[output.Length];
        for (int i = 0; i < output.Length; i++) { dy[i] = 2 * (output[i] - target[i]) / output.Length; loss += (output[i] - target[i]) * (output[i] - target[i]) / output.Length; }
        for (int l = _layers.Count - 1; l >= 0; l--)
        {
            var layer = _layers[l];
            var dx = new double[layer.In];
            Array.Clear(layer.GW);
            Array.Clear(layer.GB);
            var y = new double[layer.Out];
            Ops.ReluLayerBackward(layer.W, layer.B, activations[l], y, dy, layer.GW, layer.GB, dx);
            for (int i = 0; i < layer.W.Length; i++) layer.W[i] -= lr * layer.GW[i];
            for (int i = 0; i < layer.B.Length; i++) layer.B[i] -= lr * layer.GB[i];
            dy = dx;
        }
        return loss;
    }
}

public static class Program
{
    public static void Main()
    {
        var rng = new Random(6);
        var net = new Network(new[] { 4, 16, 16, 16, 16, 4 }, rng);
        for (int step = 0; step < 200; step++)
        {
            var x = new double[4];
            for (int i = 0; i < 4; i++) x[i] = rng.NextDouble();
            double loss = net.TrainStep(x, new[] { x[1], x[0], x[3], x[2] }, 0.05);
            if (step % 50 == 0) Console.WriteLine(loss);
        }
    }
}
