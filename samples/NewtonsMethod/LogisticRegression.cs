using System;
using AutoDiffGen;

namespace NewtonsMethod;

/// <summary>L2-regularized logistic regression: the loss, and the data it is fitted to.</summary>
public static partial class LogisticRegression
{
    /// <summary>
    /// Mean logistic loss of the weights <paramref name="w"/> (the last one is the bias) on rows of
    /// <paramref name="features"/> with labels ±1, plus (l2 / 2)·‖w‖². Asks for the Hessian too, so the generator
    /// also writes <c>LossHessianVectorProduct</c> and <c>LossHessian</c>.
    /// </summary>
    [Differentiable(Derivatives.Reverse | Derivatives.Hessian)]
    public static double Loss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> features, [NoDerivative] ReadOnlySpan<double> labels, [NoDerivative] double l2)
    {
        int d = w.Length - 1;
        double loss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double z = w[d];
            for (int k = 0; k < d; k++) z += w[k] * features[i * d + k];
            double margin = labels[i] * z;
            // log(1 + e^(−m)), stable for large |m|
            loss += Math.Log(1 + Math.Exp(-Math.Abs(margin))) + Math.Max(-margin, 0);
        }
        double penalty = 0;
        for (int k = 0; k <= d; k++) penalty += w[k] * w[k];
        return loss / labels.Length + 0.5 * l2 * penalty;
    }

    /// <summary>
    /// Two overlapping Gaussian classes in <paramref name="dimension"/> dimensions, labels ±1, with features on scales from
    /// 1 to dimension (unnormalized, as raw measurements often are): an ill-conditioned problem for gradient descent.
    /// </summary>
    public static (double[] Features, double[] Labels) Data(int samples, int dimension, int seed)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var features = new double[samples * dimension];
        var labels = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            labels[i] = i % 2 == 0 ? 1 : -1;
            for (int k = 0; k < dimension; k++) features[i * dimension + k] = (1 + k) * (Normal() + 0.8 * labels[i] * (k % 3 == 0 ? 1 : -0.5));
        }
        return (features, labels);
    }
}
