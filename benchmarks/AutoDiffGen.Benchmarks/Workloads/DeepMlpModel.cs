using System;

namespace AutoDiffGen.Benchmarks.Workloads;

/// <summary>One dense layer of <see cref="DeepMlpModel"/>: a 32 × 32 weight matrix (row-major, output × input) and 32 biases.</summary>
[Differentiable]
public partial class DeepLayer
{
    public double[] W = new double[Models.DeepWidth * Models.DeepWidth];
    public double[] B = new double[Models.DeepWidth];
}

/// <summary>
/// The 16-layer, 32-wide MLP of <see cref="Models.DeepTanhLoss"/> as a model class: an array of <see cref="DeepLayer"/>
/// models looped over by index, whose fields the loop passes to the runtime's dense layer (<c>Layers[l].W</c>), so each
/// layer's pullback adds into <c>gradient.Layers[l]</c> (the "model-class form" of issue 17).
/// </summary>
/// <remarks>
/// Reading the layers' fields here, rather than calling a <c>[Differentiable]</c> method of the layer, keeps the sweeps
/// those of the span form: a differentiable callee's pullback runs its forward pass again, which for a dense layer is a
/// third of its cost.
/// </remarks>
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
            Linear.Dense(Layers[l].W, Layers[l].B, activation, preActivation);
            Activations.Tanh(preActivation, activation);
        }
        Linear.Dense(Layers[Layers.Length - 1].W, Layers[Layers.Length - 1].B, activation, preActivation);
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
            Linear.Dense(Layers[l].W, Layers[l].B, activation, preActivation);
            Activations.Relu(preActivation, activation);
        }
        Linear.Dense(Layers[Layers.Length - 1].W, Layers[Layers.Length - 1].B, activation, preActivation);
        return Losses.MeanSquaredError(preActivation, target);
    }
}
