// A tanh MLP with layer normalization before each activation, the transformer habit.
using System;
using AutoDiffGen;

public static partial class LayerNormTanhNet
{
    public const int Width = 12;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> y, int depth)
    {
        int stride = Width * Width + 3 * Width;
        Span<double> h = stackalloc double[Width];
        Span<double> z = stackalloc double[Width];
        Span<double> normed = stackalloc double[Width];
        x.CopyTo(h);
        for (int l = 0; l < depth; l++)
        {
            var block = p.Slice(l * stride, stride);
            Linear.Dense(block.Slice(0, Width * Width), block.Slice(Width * Width, Width), h, z);
            Normalization.LayerNorm(z, block.Slice(Width * Width + Width, Width), block.Slice(Width * Width + 2 * Width, Width), normed);
            Activations.Tanh(normed, h);
        }
        return Losses.MeanSquaredError(h, y);
    }
}

public sealed class LayerNormTrainer
{
    private readonly double[] _p;
    private readonly double[] _g;
    private readonly AdamW _opt;
    private readonly int _depth;

    public LayerNormTrainer(int depth)
    {
        _depth = depth;
        int stride = LayerNormTanhNet.Width * LayerNormTanhNet.Width + 3 * LayerNormTanhNet.Width;
        _p = new double[depth * stride];
        _g = new double[_p.Length];
        var rng = new Random(7);
        for (int l = 0; l < depth; l++)
        {
            Init.GlorotUniform(_p.AsSpan(l * stride, LayerNormTanhNet.Width * LayerNormTanhNet.Width), LayerNormTanhNet.Width, LayerNormTanhNet.Width, rng);
            _p.AsSpan(l * stride + LayerNormTanhNet.Width * LayerNormTanhNet.Width + LayerNormTanhNet.Width, LayerNormTanhNet.Width).Fill(1.0);
        }
        _opt = new AdamW(_p.Length, learningRate: 3e-3, weightDecay: 0.01);
    }

    public double Step(double[] x, double[] y)
    {
        double loss = LayerNormTanhNet.LossGradient(_p, x, y, _depth, _g);
        _opt.Step(_p, _g);
        return loss;
    }
}
