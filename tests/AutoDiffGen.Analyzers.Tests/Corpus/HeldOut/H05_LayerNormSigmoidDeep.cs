// Sixteen sigmoid layers, each pre-activation layer-normalized (gain and shift learned per layer). The rule page calls
// normalization a cure; measured at initialization (seed 1) the first layer's gradient is 9.3e-6 of the last layer's
// (4.5e-6 vs 0.48): vanishing by GradientHealth's test (ratio < 1e-3, first < 1e-4). LayerNorm re-centres each sample
// across units, but sigmoid's outputs are not zero-centred, so the next layer's pre-activations carry a constant part that
// LayerNorm divides out with the signal: about 0.46 per layer, against 0.22 without it and 0.79 for LayerNorm + tanh.
using System;
using AutoDiffGen;

public static partial class NormedNet
{
    public const int N = 8;
    public const int Depth = 16;
    public const int PerLayer = N * N + 3 * N; // weights, bias, gain, shift

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> x, int label)
    {
        Span<double> h = stackalloc double[N];
        Span<double> z = stackalloc double[N];
        Span<double> zn = stackalloc double[N];
        x.CopyTo(h);
        for (int l = 0; l < Depth; l++)
        {
            var layer = p.Slice(l * PerLayer, PerLayer);
            Linear.Dense(layer.Slice(0, N * N), layer.Slice(N * N, N), h, z);
            Normalization.LayerNorm(z, layer.Slice(N * N + N, N), layer.Slice(N * N + 2 * N, N), zn);
            Activations.Sigmoid(zn, h); // expect: ADG1001
        }
        return Losses.SoftmaxCrossEntropy(h, label);
    }
}

public static class Program
{
    public static void Main()
    {
        var rng = new Random(5);
        var p = new double[NormedNet.Depth * NormedNet.PerLayer];
        for (int l = 0; l < NormedNet.Depth; l++)
        {
            var layer = p.AsSpan(l * NormedNet.PerLayer, NormedNet.PerLayer);
            Init.GlorotUniform(layer.Slice(0, NormedNet.N * NormedNet.N), NormedNet.N, NormedNet.N, rng);
            layer.Slice(NormedNet.N * NormedNet.N + NormedNet.N, NormedNet.N).Fill(1.0);
        }
        var g = new double[p.Length];
        var opt = new Sgd(p.Length, learningRate: 0.1, momentum: 0.9);
        var x = new double[NormedNet.N];
        for (int step = 0; step < 300; step++)
        {
            int label = step % 3;
            for (int i = 0; i < x.Length; i++) x[i] = (i == label ? 1.0 : 0.0) + 0.1 * rng.NextDouble();
            double loss = NormedNet.LossGradient(p, x, label, g);
            opt.Step(p, g);
            if (step % 100 == 0) Console.WriteLine(loss);
        }
    }
}
