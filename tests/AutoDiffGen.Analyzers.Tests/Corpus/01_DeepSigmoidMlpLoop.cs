// An 8-layer sigmoid MLP written as a loop over layers, each layer with its own slice of one parameter vector.
using System;
using AutoDiffGen;

public static partial class DeepSigmoidMlp
{
    public const int Width = 16, Layers = 8;
    public const int LayerSize = Width * Width + Width;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> target)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> z = stackalloc double[Width];
        x.CopyTo(h);
        for (int l = 0; l < Layers; l++)
        {
            var layer = p.Slice(l * LayerSize, LayerSize);
            Linear.Dense(layer.Slice(0, Width * Width), layer.Slice(Width * Width, Width), h, z);
            Activations.Sigmoid(z, h); // expect: ADG1001
        }
        return Losses.MeanSquaredError(h, target);
    }
}

public static class Trainer
{
    public static void Train(double[][] inputs, double[][] targets, int epochs)
    {
        var rng = new Random(1);
        var p = new double[DeepSigmoidMlp.Layers * DeepSigmoidMlp.LayerSize];
        for (int l = 0; l < DeepSigmoidMlp.Layers; l++)
            Init.GlorotUniform(p.AsSpan(l * DeepSigmoidMlp.LayerSize, DeepSigmoidMlp.Width * DeepSigmoidMlp.Width), DeepSigmoidMlp.Width, DeepSigmoidMlp.Width, rng);
        var grad = new double[p.Length];
        var sgd = new Sgd(p.Length, learningRate: 0.1, momentum: 0.9);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            for (int n = 0; n < inputs.Length; n++)
            {
                double loss = DeepSigmoidMlp.LossGradient(p, inputs[n], targets[n], grad);
                sgd.Step(p, grad);
            }
        }
    }
}
