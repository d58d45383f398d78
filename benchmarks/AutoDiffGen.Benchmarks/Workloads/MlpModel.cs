using System;

namespace AutoDiffGen.Benchmarks.Workloads;

/// <summary>
/// The 64-128-10 ReLU MLP of <see cref="Models.MlpLoss"/> as a model class: the same computation over four array fields
/// instead of four span parameters, differentiated into a <see cref="Gradient"/> (the "model-class form" of issue 17).
/// </summary>
[Differentiable]
public partial class MlpModel
{
    public double[] W1 = new double[Models.MlpHidden * Models.MlpInputs];
    public double[] B1 = new double[Models.MlpHidden];
    public double[] W2 = new double[Models.MlpClasses * Models.MlpHidden];
    public double[] B2 = new double[Models.MlpClasses];

    /// <summary>Mean softmax cross-entropy over a batch, as <see cref="Models.MlpLoss"/>.</summary>
    [Differentiable]
    public double Loss([NoDerivative] ReadOnlySpan<double> x, ReadOnlySpan<int> labels, int batch)
    {
        Span<double> preActivation = stackalloc double[batch * Models.MlpHidden];
        Span<double> hidden = stackalloc double[batch * Models.MlpHidden];
        Span<double> logits = stackalloc double[batch * Models.MlpClasses];
        Linear.DenseBatch(W1, B1, x.Slice(0, batch * Models.MlpInputs), preActivation, batch);
        Activations.Relu(preActivation, hidden);
        Linear.DenseBatch(W2, B2, hidden, logits, batch);
        return Losses.SoftmaxCrossEntropy(logits, labels.Slice(0, batch));
    }
}
