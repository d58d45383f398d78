using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>Small networks built from the runtime library inside differentiable code: its pullbacks are used.</summary>
public static partial class RuntimeNetworks
{
    /// <summary>
    /// 4 → 6 (Dense, LayerNorm, GELU) → 6 (Dense, PReLU with learnable slope) → 3 (Dense) → softmax cross-entropy.
    /// Parameters: w1 24, b1 6, gamma 6, beta 6, w2 36, b2 6, w3 18, b3 3.
    /// </summary>
    [Differentiable]
    public static double Classifier(ReadOnlySpan<double> p, double alpha, [NoDerivative] ReadOnlySpan<double> x, int label)
    {
        Span<double> a = stackalloc double[6];
        Span<double> b = stackalloc double[6];
        Span<double> logits = stackalloc double[3];
        Linear.Dense(p.Slice(0, 24), p.Slice(24, 6), x, a);
        Normalization.LayerNorm(a, p.Slice(30, 6), p.Slice(36, 6), b);
        Activations.Gelu(b, a);
        Linear.Dense(p.Slice(42, 36), p.Slice(78, 6), a, b);
        Activations.PRelu(b, alpha, a);
        Linear.Dense(p.Slice(84, 18), p.Slice(102, 3), a, logits);
        return Losses.SoftmaxCrossEntropy(logits, label);
    }

    /// <summary>A batch of 4 rows of 3 features through batch normalization (training mode), sigmoid, and MSE.</summary>
    [Differentiable]
    public static double BatchNormed(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, [NoDerivative] ReadOnlySpan<double> target)
    {
        Span<double> normalized = stackalloc double[12];
        Span<double> activated = stackalloc double[12];
        Normalization.BatchNormTraining(x, gamma, beta, normalized);
        Activations.Sigmoid(normalized, activated);
        return Losses.MeanSquaredError(activated, target);
    }

    /// <summary>Scalar activations mixed with arithmetic, including defaulted hyperparameters.</summary>
    [Differentiable]
    public static double ScalarActivations(double x, double y)
    {
        double h = Activations.Tanh(x * y) + Activations.LeakyRelu(x - y) + Activations.Elu(y, 0.5);
        h += Activations.Silu(h) * Activations.Softplus(x, 2.0) + Activations.Selu(y * 0.3) + Activations.GeluTanh(x);
        return Losses.BinaryCrossEntropyWithLogits(h, 0.25) + Activations.Relu(x) * Activations.Sigmoid(y);
    }

    /// <summary>Single precision through the float overloads.</summary>
    [Differentiable]
    public static float SingleClassifier(ReadOnlySpan<float> w, ReadOnlySpan<float> b, [NoDerivative] ReadOnlySpan<float> x, int label)
    {
        Span<float> z = stackalloc float[3];
        Span<float> h = stackalloc float[3];
        Linear.Dense(w, b, x, z);
        Activations.Tanh(z, h);
        return Losses.SoftmaxCrossEntropy(h, label);
    }
}

/// <summary>The vectorized dot product from differentiable code.</summary>
public static partial class DotFunctions
{
    [Differentiable]
    public static double DotLoss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, double target)
    {
        double error = Vectors.Dot(w, x) - target;
        return error * error;
    }

    [Differentiable]
    public static float SingleDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Vectors.Dot(a, b) * Vectors.Dot(a, a);
}
