using System;

namespace AutoDiffGen.GradientClinic.Networks;

/// <summary>
/// The clinic's deep multilayer perceptron, written once as <see cref="DifferentiableAttribute">[Differentiable]</see> code:
/// the activation, batch normalization and residual connections are run-time switches, so one generated gradient serves
/// every configuration of the vanishing and exploding experiments. The generator writes <c>LossGradient</c>,
/// <c>LossBackward</c>, <c>ForwardBackward</c>, <c>HiddenLayerBackward</c> and <c>ActivateBackward</c> beside these methods.
/// </summary>
public static partial class DeepMlp
{
    /// <summary>Activation codes for <see cref="Activate"/>.</summary>
    public const int Sigmoid = 0, Tanh = 1, Relu = 2, LeakyRelu = 3, PRelu = 4;

    /// <summary>
    /// Mean softmax cross-entropy of the network on a batch: <paramref name="inputs"/> is [batch × 2] row-major and
    /// <paramref name="labels"/> holds the class of each row.
    /// </summary>
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> parameters, [NoDerivative] ReadOnlySpan<double> inputs, ReadOnlySpan<int> labels,
        int width, int depth, int activation, bool batchNorm, [NoDerivative] double residualScale)
    {
        int batch = labels.Length;
        Span<double> logits = stackalloc double[batch * MlpLayout.Classes];
        Forward(parameters, inputs, logits, batch, width, depth, activation, batchNorm, residualScale);
        return Losses.SoftmaxCrossEntropy(logits, labels);
    }

    /// <summary>
    /// The forward pass: <c>depth − 1</c> hidden layers (dense → optional batch norm → activation, with
    /// <c>h ← h + layer(h)</c> on the width × width layers when <paramref name="residual"/>), then a dense output layer
    /// writing [batch × 2] <paramref name="logits"/>.
    /// </summary>
    [Differentiable]
    public static void Forward(ReadOnlySpan<double> parameters, [NoDerivative] ReadOnlySpan<double> inputs, Span<double> logits,
        int batch, int width, int depth, int activation, bool batchNorm, [NoDerivative] double residualScale)
    {
        Span<double> h = stackalloc double[batch * width];
        Span<double> a = stackalloc double[batch * width];
        HiddenLayer(
            parameters.Slice(MlpLayout.WeightOffset(0, width), MlpLayout.WeightCount(0, width, depth)),
            parameters.Slice(MlpLayout.BiasOffset(0, width, depth), width),
            parameters.Slice(MlpLayout.GammaOffset(0, width, depth), width),
            parameters.Slice(MlpLayout.BetaOffset(0, width, depth), width),
            parameters[MlpLayout.AlphaOffset(0, width, depth)],
            inputs, h, batch, activation, batchNorm);
        for (int layer = 1; layer < depth - 1; layer++)
        {
            HiddenLayer(
                parameters.Slice(MlpLayout.WeightOffset(layer, width), MlpLayout.WeightCount(layer, width, depth)),
                parameters.Slice(MlpLayout.BiasOffset(layer, width, depth), width),
                parameters.Slice(MlpLayout.GammaOffset(layer, width, depth), width),
                parameters.Slice(MlpLayout.BetaOffset(layer, width, depth), width),
                parameters[MlpLayout.AlphaOffset(layer, width, depth)],
                h, a, batch, activation, batchNorm);
            if (residualScale > 0)
            {
                for (int i = 0; i < h.Length; i++) h[i] = h[i] + residualScale * a[i];
            }
            else
            {
                a.CopyTo(h);
            }
        }
        int last = depth - 1;
        Linear.DenseBatch(
            parameters.Slice(MlpLayout.WeightOffset(last, width), MlpLayout.WeightCount(last, width, depth)),
            parameters.Slice(MlpLayout.BiasOffset(last, width, depth), MlpLayout.Classes),
            h, logits, batch);
    }

    /// <summary>One hidden layer over a batch: <c>y = act(BN(x Wᵀ + b))</c>, batch normalization only when asked.</summary>
    [Differentiable]
    public static void HiddenLayer(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta,
        double alpha, ReadOnlySpan<double> x, Span<double> y, int batch, int activation, bool batchNorm)
    {
        Span<double> z = stackalloc double[y.Length];
        Span<double> normalized = stackalloc double[y.Length];
        Linear.DenseBatch(w, b, x, z, batch);
        if (batchNorm)
        {
            Normalization.BatchNormTraining(z, gamma, beta, normalized);
        }
        else
        {
            z.CopyTo(normalized);
        }
        Activate(normalized, alpha, y, activation);
    }

    /// <summary>The activation selected by <paramref name="activation"/>; <paramref name="alpha"/> is PReLU's learnable slope.</summary>
    [Differentiable]
    public static void Activate(ReadOnlySpan<double> x, double alpha, Span<double> y, int activation)
    {
        if (activation == Sigmoid) Activations.Sigmoid(x, y);
        else if (activation == Tanh) Activations.Tanh(x, y);
        else if (activation == Relu) Activations.Relu(x, y);
        else if (activation == LeakyRelu) Activations.LeakyRelu(x, y);
        else Activations.PRelu(x, alpha, y);
    }
}
