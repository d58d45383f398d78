using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// A model asked for forward mode and Hessian-vector products: an array of class sub-models whose methods it calls by
/// index (a span output), their fields read by index, a struct sub-model, an array field, a scalar field, a constant
/// field, and a method of a sub-model returning a value. Smooth everywhere (tanh), so H·v can be checked against finite
/// differences of the gradient.
/// </summary>
[Differentiable]
public partial class SmoothNet
{
    public DenseLayer[] Layers;
    public Scaler Norm;
    public double[] Readout;
    public double Scale = 0.7;
    [NoDerivative] public int Width;

    public SmoothNet(int width, int depth, Random rng)
    {
        Width = width;
        Layers = new DenseLayer[depth];
        for (int i = 0; i < depth; i++) Layers[i] = new DenseLayer(width, width, rng);
        Norm = new Scaler(width, 0.1);
        Readout = TwoLayerNet.Fill(new double[width], rng);
    }

    [Differentiable(Derivatives.Forward | Derivatives.Hessian)]
    public double Energy(ReadOnlySpan<double> x, [NoDerivative] double target)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> next = stackalloc double[Width];
        Norm.Apply(x, h);
        for (int k = 0; k < Layers.Length; k++)
        {
            Layers[k].Forward(h, next);
            next.CopyTo(h);
        }
        double s = 0;
        for (int i = 0; i < Width; i++) s += Readout[i] * h[i];
        s += Layers[0].W[0] * Layers[Layers.Length - 1].B[0];
        for (int k = 0; k < Layers.Length; k++) s += 0.1 * Layers[k].B[1] * h[1];
        double e = Scale * s - target;
        return e * e + 0.01 * Layers[0].SquaredNorm();
    }
}

/// <summary>A struct model asked for forward mode and H·v: its gradient, H·v and direction are <c>Bowl.Gradient</c> values.</summary>
[Differentiable]
public partial struct Bowl
{
    public double[] C;
    public double Offset;

    [Differentiable(Derivatives.Forward | Derivatives.Hessian)]
    public double Value(ReadOnlySpan<double> x)
    {
        double s = Offset * Offset * x[0];
        for (int i = 0; i < C.Length; i++) s += C[i] * C[i] * x[i] + Math.Sin(C[i] * Offset);
        return s;
    }
}

/// <summary>A single-precision model asked for forward mode and H·v.</summary>
[Differentiable]
public partial class FloatCell
{
    public float[] W = [];
    public float Bias;

    [Differentiable(Derivatives.Forward | Derivatives.Hessian)]
    public float Step(ReadOnlySpan<float> x)
    {
        float s = Bias;
        for (int i = 0; i < W.Length; i++) s += W[i] * x[i];
        return MathF.Tanh(s) * s + 0.5f * Bias * W[0];
    }
}

/// <summary>Static code over models asked for forward mode and H·v: tangents and directions of model parameters are Gradients.</summary>
public static partial class ForwardModelFunctions
{
    [Differentiable(Derivatives.Forward | Derivatives.Hessian)]
    public static double Coupled(SmoothNet net, Bowl bowl, ReadOnlySpan<double> x) =>
        net.Energy(x, 0.2) * bowl.Value(x) + bowl.Offset * net.Scale * x[1];
}

/// <summary>
/// Where the features of two branches meet in a model: a method with a local array (called from another through its
/// allocation-free <c>{Name}Primal</c>), and a recurrence over a checkpointed loop, in every derivative kind but the dense Hessian.
/// </summary>
[Differentiable]
public partial class Recurrent
{
    public double[] W = [0.5, -0.3, 0.8];
    public double Decay = 0.9;

    [Differentiable(Derivatives.Forward | Derivatives.Hessian, Checkpoints = 3)]
    public double Sequence(ReadOnlySpan<double> inputs)
    {
        double h = 0;
        for (int t = 0; t < inputs.Length; t++) h = Math.Tanh(Decay * h + W[t % W.Length] * inputs[t]);
        return h * h + Features(inputs);
    }

    [Differentiable]
    public double Features(ReadOnlySpan<double> inputs)
    {
        double[] f = new double[W.Length];
        for (int i = 0; i < W.Length; i++) f[i] = W[i] * inputs[i % inputs.Length];
        double s = 0;
        foreach (double v in f) s += v * v;
        return 0.1 * s;
    }
}

/// <summary>Every form <see cref="DeepNet"/>'s methods take (implicit-this calls, this passed as a model, foreach over models, array-held structs), in forward mode and H·v.</summary>
public partial class DeepNet
{
    [Differentiable(Derivatives.Forward | Derivatives.Hessian)]
    public double Objective(ReadOnlySpan<double> x) => Loss(x, 0.3) + 0.5 * LossWithForeach(x, -0.2) + 0.25 * LossReadingLayerFields(x, 0.2);
}
