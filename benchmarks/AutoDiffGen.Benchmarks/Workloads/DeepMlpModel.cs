using System;

namespace AutoDiffGen.Benchmarks.Workloads;

/// <summary>One dense layer of <see cref="DeepMlpModel"/>: a 32 × 32 weight matrix (row-major, output × input) and 32 biases.</summary>
[Differentiable]
public partial class DeepLayer
{
    public double[] W = new double[Models.DeepWidth * Models.DeepWidth];
    public double[] B = new double[Models.DeepWidth];

    /// <summary><c>y = W x + b</c>.</summary>
    [Differentiable]
    public void Dense(ReadOnlySpan<double> x, Span<double> y) => Linear.Dense(W, B, x, y);
}

/// <summary>
/// The 16-layer, 32-wide MLP of <see cref="Models.DeepTanhLoss"/> as a model class: an array of <see cref="DeepLayer"/>
/// models looped over by index, each layer's pullback adding into its own gradient (the "model-class form" of issue 17).
/// </summary>
[Differentiable]
public partial class DeepMlpModel
{
    public DeepLayer[] Layers;

    public DeepMlpModel()
    {
        Layers = new DeepLayer[Models.DeepLayers];
        for (int l = 0; l < Layers.Length; l++) Layers[l] = new DeepLayer();
    }

    /// <summary>Mean squared error of the tanh network on one sample, as <see cref="Models.DeepTanhLoss"/>.</summary>
    [Differentiable]
    public double TanhLoss([NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> target)
    {
        Span<double> activation = stackalloc double[Models.DeepWidth];
        Span<double> preActivation = stackalloc double[Models.DeepWidth];
        x.Slice(0, Models.DeepWidth).CopyTo(activation);
        for (int l = 0; l < Layers.Length - 1; l++)
        {
            Layers[l].Dense(activation, preActivation);
            Activations.Tanh(preActivation, activation);
        }
        Layers[Layers.Length - 1].Dense(activation, preActivation);
        return Losses.MeanSquaredError(preActivation, target);
    }

    /// <summary>Same as <see cref="TanhLoss"/> with ReLU activations, as <see cref="Models.DeepReluLoss"/>.</summary>
    [Differentiable]
    public double ReluLoss([NoDerivative] ReadOnlySpan<double> x, [NoDerivative] ReadOnlySpan<double> target)
    {
        Span<double> activation = stackalloc double[Models.DeepWidth];
        Span<double> preActivation = stackalloc double[Models.DeepWidth];
        x.Slice(0, Models.DeepWidth).CopyTo(activation);
        for (int l = 0; l < Layers.Length - 1; l++)
        {
            Layers[l].Dense(activation, preActivation);
            Activations.Relu(preActivation, activation);
        }
        Layers[Layers.Length - 1].Dense(activation, preActivation);
        return Losses.MeanSquaredError(preActivation, target);
    }
}
