using System;

namespace AutoDiffGen.GradientClinic.Networks;

/// <summary>
/// Where each parameter of <see cref="DeepMlp"/> lives in its one flat parameter vector. The network maps 2 inputs through
/// <c>depth − 1</c> hidden layers of <c>width</c> units to 2 logits; every layer is a PyTorch-layout dense layer
/// (weights row-major [out × in], then the bias). After the dense layers come, per hidden layer, the batch-norm scale γ,
/// then the shift β, then one PReLU slope α per hidden layer:
/// <code>
/// [W0 b0 | W1 b1 | … | W(depth−1) b(depth−1) | γ0 … γ(depth−2) | β0 … β(depth−2) | α0 … α(depth−2)]
/// </code>
/// Parameters a configuration does not use (γ, β without batch norm, α without PReLU) get zero gradients and stay put.
/// </summary>
public static class MlpLayout
{
    /// <summary>Input features (the x and y coordinates of a point).</summary>
    public const int Inputs = 2;

    /// <summary>Classes (inner circle, outer ring).</summary>
    public const int Classes = 2;

    /// <summary>Inputs of dense layer <paramref name="layer"/>.</summary>
    public static int FanIn(int layer, int width) => layer == 0 ? Inputs : width;

    /// <summary>Outputs of dense layer <paramref name="layer"/>.</summary>
    public static int FanOut(int layer, int width, int depth) => layer == depth - 1 ? Classes : width;

    /// <summary>Number of weights of dense layer <paramref name="layer"/>.</summary>
    public static int WeightCount(int layer, int width, int depth) => FanIn(layer, width) * FanOut(layer, width, depth);

    /// <summary>Offset of dense layer <paramref name="layer"/>'s weights.</summary>
    public static int WeightOffset(int layer, int width)
        => layer == 0 ? 0 : (Inputs * width + width) + (layer - 1) * (width * width + width);

    /// <summary>Offset of dense layer <paramref name="layer"/>'s bias (right after its weights).</summary>
    public static int BiasOffset(int layer, int width, int depth) => WeightOffset(layer, width) + WeightCount(layer, width, depth);

    /// <summary>Number of dense-layer parameters (weights and biases of all layers).</summary>
    public static int DenseCount(int width, int depth) => WeightOffset(depth - 1, width) + width * Classes + Classes;

    /// <summary>Offset of hidden layer <paramref name="layer"/>'s batch-norm scale γ (<c>width</c> values).</summary>
    public static int GammaOffset(int layer, int width, int depth) => DenseCount(width, depth) + layer * width;

    /// <summary>Offset of hidden layer <paramref name="layer"/>'s batch-norm shift β (<c>width</c> values).</summary>
    public static int BetaOffset(int layer, int width, int depth) => DenseCount(width, depth) + (depth - 1 + layer) * width;

    /// <summary>Index of hidden layer <paramref name="layer"/>'s PReLU slope α.</summary>
    public static int AlphaOffset(int layer, int width, int depth) => DenseCount(width, depth) + 2 * (depth - 1) * width + layer;

    /// <summary>Total number of parameters.</summary>
    public static int ParameterCount(int width, int depth)
    {
        if (depth < 2) throw new ArgumentOutOfRangeException(nameof(depth), depth, "The network needs at least an input and an output layer.");
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "The width must be positive.");
        return AlphaOffset(depth - 1, width, depth);
    }
}
