using System;

namespace AutoDiffGen.GradientClinic.Networks;

/// <summary>
/// The clinic's deep multilayer perceptron as a model (<see cref="DifferentiableAttribute">[Differentiable]</see> class):
/// 2 inputs, <c>depth − 1</c> <see cref="HiddenLayer"/>s of <see cref="Width"/> units, and a dense output layer to 2
/// logits. The activation, batch normalization and residual connections are run-time switches, so one generated gradient
/// serves every configuration of the vanishing and exploding experiments. The generator writes <c>LossGradient</c> (into a
/// <see cref="Gradient"/>, whose fields mirror these), <c>LossBackward</c>, <c>ForwardBackward</c>, and the layers' own.
/// </summary>
[Differentiable]
public partial class DeepMlp
{
    /// <summary>Activation codes for <see cref="HiddenLayer.Activate"/>.</summary>
    public const int Sigmoid = 0, Tanh = 1, Relu = 2, LeakyRelu = 3, PRelu = 4;

    /// <summary>Input features (the x and y coordinates of a point).</summary>
    public const int Inputs = 2;

    /// <summary>Classes (inner circle, outer ring).</summary>
    public const int Classes = 2;

    /// <summary>The hidden layers, input side first.</summary>
    public HiddenLayer[] Hidden;

    /// <summary>The output layer's weights, [<see cref="Classes"/> × <see cref="Width"/>] row-major.</summary>
    public double[] OutputWeights;

    /// <summary>The output layer's bias.</summary>
    public double[] OutputBias;

    /// <summary>Units per hidden layer.</summary>
    [NoDerivative] public readonly int Width;

    /// <summary>A network of zeros (γ = 1, α = <paramref name="alpha"/>) with <paramref name="depth"/> dense layers.</summary>
    public DeepMlp(int width, int depth, double alpha)
    {
        if (depth < 2) throw new ArgumentOutOfRangeException(nameof(depth), depth, "The network needs at least an input and an output layer.");
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "The width must be positive.");
        Width = width;
        Hidden = new HiddenLayer[depth - 1];
        for (int layer = 0; layer < depth - 1; layer++) Hidden[layer] = new HiddenLayer(layer == 0 ? Inputs : width, width, alpha);
        OutputWeights = new double[Classes * width];
        OutputBias = new double[Classes];
    }

    /// <summary>Dense layers: the hidden ones and the output layer.</summary>
    public int Depth => Hidden.Length + 1;

    /// <summary>Dense layer <paramref name="layer"/>'s weights (the output layer's after the hidden ones).</summary>
    public double[] Weights(int layer) => layer < Hidden.Length ? Hidden[layer].Weights : OutputWeights;

    /// <summary>Dense layer <paramref name="layer"/>'s bias.</summary>
    public double[] Bias(int layer) => layer < Hidden.Length ? Hidden[layer].Bias : OutputBias;

    /// <summary>
    /// Mean softmax cross-entropy of the network on a batch: <paramref name="inputs"/> is [batch × 2] row-major and
    /// <paramref name="labels"/> holds the class of each row.
    /// </summary>
    [Differentiable]
    public double Loss([NoDerivative] ReadOnlySpan<double> inputs, ReadOnlySpan<int> labels, int activation, bool batchNorm, [NoDerivative] double residualScale)
    {
        int batch = labels.Length;
        Span<double> logits = stackalloc double[batch * Classes];
        Forward(inputs, logits, batch, activation, batchNorm, residualScale);
        return Losses.SoftmaxCrossEntropy(logits, labels);
    }

    /// <summary>
    /// The forward pass: the hidden layers (with <c>h ← h + s·layer(h)</c> around the width × width ones when
    /// <paramref name="residualScale"/> s &gt; 0), then the output layer writing [batch × 2] <paramref name="logits"/>.
    /// </summary>
    [Differentiable]
    public void Forward([NoDerivative] ReadOnlySpan<double> inputs, Span<double> logits, int batch, int activation, bool batchNorm, [NoDerivative] double residualScale)
    {
        Span<double> h = stackalloc double[batch * Width];
        Span<double> a = stackalloc double[batch * Width];
        Hidden[0].Forward(inputs, h, batch, activation, batchNorm);
        for (int layer = 1; layer < Hidden.Length; layer++)
        {
            Hidden[layer].Forward(h, a, batch, activation, batchNorm);
            if (residualScale > 0)
            {
                for (int i = 0; i < h.Length; i++) h[i] = h[i] + residualScale * a[i];
            }
            else
            {
                a.CopyTo(h);
            }
        }
        Linear.DenseBatch(OutputWeights, OutputBias, h, logits, batch);
    }
}
