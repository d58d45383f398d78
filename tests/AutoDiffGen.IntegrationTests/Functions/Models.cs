using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// A two-layer classifier held in a class: runtime library layers over array fields, a scalar parameter field, and
/// constant fields (<c>[NoDerivative]</c>, an <c>int</c>) that are read but not differentiated.
/// </summary>
[Differentiable]
public partial class TwoLayerNet
{
    public double[] W1, B1, W2, B2;
    public double Temperature = 1.3;
    [NoDerivative] public double[] Mask;
    [NoDerivative] public double Margin = 0.25;
    public int Hidden;

    public TwoLayerNet(int inputs, int hidden, int classes, Random rng)
    {
        Hidden = hidden;
        W1 = Fill(new double[hidden * inputs], rng);
        B1 = Fill(new double[hidden], rng);
        W2 = Fill(new double[classes * hidden], rng);
        B2 = Fill(new double[classes], rng);
        Mask = new double[hidden];
        for (int i = 0; i < hidden; i++) Mask[i] = i % 3 == 0 ? 0.5 : 1.0;
    }

    internal static double[] Fill(double[] values, Random rng)
    {
        for (int i = 0; i < values.Length; i++) values[i] = rng.NextDouble() - 0.5;
        return values;
    }

    [Differentiable]
    public double Loss([NoDerivative] ReadOnlySpan<double> x, int label)
    {
        Span<double> h = stackalloc double[Hidden];
        Span<double> a = stackalloc double[Hidden];
        Span<double> logits = stackalloc double[B2.Length];
        Linear.Dense(W1, B1, x, h);
        Activations.Tanh(h, a);
        for (int i = 0; i < Hidden; i++) a[i] *= Mask[i];
        Linear.Dense(W2, B2, a, logits);
        for (int k = 0; k < logits.Length; k++) logits[k] /= Temperature;
        return Losses.SoftmaxCrossEntropy(logits, label) + Margin * Temperature * Temperature;
    }
}

/// <summary>A dense tanh layer as a model: an instance method with a span output (Backward only).</summary>
[Differentiable]
public partial class DenseLayer
{
    public double[] W, B;

    public DenseLayer(int inputs, int outputs, Random rng)
    {
        W = TwoLayerNet.Fill(new double[inputs * outputs], rng);
        B = TwoLayerNet.Fill(new double[outputs], rng);
    }

    [Differentiable]
    public void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        Span<double> z = stackalloc double[y.Length];
        Linear.Dense(W, B, x, z);
        Activations.Tanh(z, y);
    }

    [Differentiable]
    public double SquaredNorm()
    {
        double s = 0;
        foreach (double w in W) s += w * w;
        return s;
    }
}

/// <summary>A struct model: elementwise gain and offset (both parameters).</summary>
[Differentiable]
public partial struct Scaler
{
    public double[] Gains;
    public double Offset;

    public Scaler(int width, double offset)
    {
        Gains = new double[width];
        for (int i = 0; i < width; i++) Gains[i] = 1 + 0.1 * i;
        Offset = offset;
    }

    [Differentiable]
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = Gains[i] * x[i] + Offset;
    }

    [Differentiable]
    public double Sum(ReadOnlySpan<double> x)
    {
        double s = Offset;
        for (int i = 0; i < x.Length; i++) s += Gains[i] * x[i];
        return s;
    }
}

/// <summary>
/// Nested models: an array of class sub-models looped over by index and by foreach, a class sub-model, a struct sub-model
/// and an array of struct sub-models, a call of the model's own helper, a static method taking the model, and a scalar parameter.
/// </summary>
[Differentiable]
public partial class DeepNet
{
    public DenseLayer[] Layers;
    public DenseLayer Head;
    public Scaler Norm;
    public Scaler[] Norms;
    public double Decay = 0.05;
    [NoDerivative] public int Width;

    public DeepNet(int width, int depth, Random rng)
    {
        Width = width;
        Layers = new DenseLayer[depth];
        for (int i = 0; i < depth; i++) Layers[i] = new DenseLayer(width, width, rng);
        Head = new DenseLayer(width, 1, rng);
        Norm = new Scaler(width, 0.1);
        Norms = new[] { new Scaler(width, -0.2), new Scaler(width, 0.3) };
    }

    [Differentiable]
    public double Loss(ReadOnlySpan<double> x, [NoDerivative] double target)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> next = stackalloc double[Width];
        Norm.Apply(x, h);
        for (int k = 0; k < Layers.Length; k++)
        {
            Layers[k].Forward(h, next);
            Norms[k % Norms.Length].Apply(next, h);
        }
        Span<double> y = stackalloc double[1];
        Head.Forward(h, y);
        double e = y[0] - target;
        return e * e + Regularizer() + Penalty(this, Decay);
    }

    [Differentiable]
    public double LossWithForeach(ReadOnlySpan<double> x, [NoDerivative] double target)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> next = stackalloc double[Width];
        x.CopyTo(h);
        foreach (DenseLayer layer in Layers)
        {
            layer.Forward(h, next);
            next.CopyTo(h);
        }
        double s = 0;
        foreach (Scaler scaler in Norms) s += scaler.Sum(h);
        return (s - target) * (s - target);
    }

    /// <summary>The layers' fields read in the loop over them (<c>Layers[k].W</c>) and at a fixed index, instead of their methods.</summary>
    [Differentiable]
    public double LossReadingLayerFields(ReadOnlySpan<double> x, [NoDerivative] double target)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> next = stackalloc double[Width];
        x.CopyTo(h);
        for (int k = 0; k < Layers.Length; k++)
        {
            Linear.Dense(Layers[k].W, Layers[k].B, h, next);
            Activations.Tanh(next, h);
        }
        double s = Layers[Layers.Length - 1].W[0] * Norms[0].Offset;
        for (int k = 0; k < Norms.Length; k++) s += Norms[k].Offset * h[k] + Norms[k].Gains[0];
        foreach (DenseLayer layer in Layers) s += layer.B[0] * h[0];
        return (s - target) * (s - target);
    }

    [Differentiable]
    public double Regularizer()
    {
        double s = 0;
        for (int k = 0; k < Layers.Length; k++) s += Layers[k].SquaredNorm();
        return Decay * s;
    }

    [Differentiable]
    public static double Penalty(DeepNet model, double scale) => scale * model.Head.B[0] * model.Head.B[0] + model.Norm.Offset * model.Norm.Offset;
}

/// <summary>A single-precision struct model whose method takes another model as a parameter.</summary>
[Differentiable]
public partial struct FloatPair
{
    public float[] A;
    public float Bias;

    [Differentiable]
    public float Blend(FloatPair other, float x)
    {
        float s = Bias + other.Bias * x;
        for (int i = 0; i < A.Length; i++) s += A[i] * other.A[i] * x;
        return s * s;
    }
}

/// <summary>Static differentiable code over models from outside the model types.</summary>
public static partial class ModelFunctions
{
    /// <summary>Two models and a plain span input in one loss; the model parameters get <c>Model.Gradient</c> gradients.</summary>
    [Differentiable]
    public static double Distance(TwoLayerNet a, DeepNet b, ReadOnlySpan<double> x)
    {
        double s = b.Loss(x, 0.5) * a.Temperature;
        for (int i = 0; i < a.B1.Length && i < x.Length; i++) s += a.B1[i] * x[i];
        return s;
    }

    /// <summary>A struct model passed by value: its gradient is a <c>ref Scaler.Gradient</c>.</summary>
    [Differentiable]
    public static double Scaled(Scaler scaler, ReadOnlySpan<double> x) => scaler.Sum(x) * scaler.Offset;
}
