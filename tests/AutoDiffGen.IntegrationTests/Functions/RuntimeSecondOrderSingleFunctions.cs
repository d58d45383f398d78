using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// One method per runtime library function (float), each asking for every derivative, so the generated Tangent, H·v,
/// Hessian and Jacobian go through the function's hand-written Tangent and BackwardTangent. Active values are flattened in
/// p; data holds constants (targets, running statistics, a constant input).
/// The float twin of <see cref="RuntimeSecondOrder"/>, line for line: the generator differentiates one method per element
/// type (a generic [Differentiable] method is ADG0002), so the float overloads need float methods of their own.
/// </summary>
public static partial class RuntimeSecondOrderSingle
{
    private const Derivatives All = Derivatives.Reverse | Derivatives.Forward | Derivatives.Hessian | Derivatives.Jacobian;

    /// <summary>Elements of a span argument: two 512-bit double vectors and a tail, one float vector and a tail.</summary>
    public const int Width = 19;

    /// <summary>Classes of the cross-entropy rows.</summary>
    public const int Classes = 5;

    /// <summary>Rows of the batched functions.</summary>
    public const int BatchRows = 3;

    /// <summary>Features of the batch normalization.</summary>
    public const int Features = 5;

    /// <summary>Inputs and outputs of the dense layers.</summary>
    public const int Inputs = 4, Outputs = 3;

    /// <summary>The labels of the batched cross-entropy (BatchRows rows).</summary>
    public static readonly int[] Labels = { 1, 4, 0 };

    // Scalar activations: f(w·x)·(1 + x), so the seed reaching f varies with the input and H·v meets f″ and the seed's tangent.
    [Differentiable(All)] public static float Relu(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) => Activations.Relu(p[1] * p[0]) * (1 + p[0]);
    [Differentiable(All)] public static float LeakyRelu(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) => Activations.LeakyRelu(p[1] * p[0], 0.2f) * (1 + p[0]);
    [Differentiable(All)] public static float Elu(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) => Activations.Elu(p[1] * p[0], 0.7f) * (1 + p[0]);
    [Differentiable(All)] public static float Selu(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) => Activations.Selu(p[1] * p[0]) * (1 + p[0]);
    [Differentiable(All)] public static float Gelu(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) => Activations.Gelu(p[1] * p[0]) * (1 + p[0]);
    [Differentiable(All)] public static float GeluTanh(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) => Activations.GeluTanh(p[1] * p[0]) * (1 + p[0]);
    [Differentiable(All)] public static float Silu(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) => Activations.Silu(p[1] * p[0]) * (1 + p[0]);
    [Differentiable(All)] public static float Softplus(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) => Activations.Softplus(p[1] * p[0], 1.5f, 20f) * (1 + p[0]);
    [Differentiable(All)] public static float Sigmoid(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) => Activations.Sigmoid(p[1] * p[0]) * (1 + p[0]);
    [Differentiable(All)] public static float Tanh(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) => Activations.Tanh(p[1] * p[0]) * (1 + p[0]);
    [Differentiable(All)] public static float PRelu(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) => Activations.PRelu(p[1] * p[0], p[2]) * (1 + p[0] * p[2]);

    [Differentiable(All)]
    public static float BinaryCrossEntropyWithLogits(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data)
    {
        float loss = Losses.BinaryCrossEntropyWithLogits(p[1] * p[0], data[0]);
        return loss * loss + p[0] * loss;
    }

    // Span activations over Width elements (vector lanes and a scalar tail), then a readout that is quadratic in y and reads x.
    [Differentiable(All)] public static float ReluSpan(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) { Span<float> y = stackalloc float[Width]; Activations.Relu(p, y); return Readout(y, p); }
    [Differentiable(All)] public static float LeakyReluSpan(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) { Span<float> y = stackalloc float[Width]; Activations.LeakyRelu(p, y, 0.2f); return Readout(y, p); }
    [Differentiable(All)] public static float EluSpan(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) { Span<float> y = stackalloc float[Width]; Activations.Elu(p, y, 0.7f); return Readout(y, p); }
    [Differentiable(All)] public static float SeluSpan(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) { Span<float> y = stackalloc float[Width]; Activations.Selu(p, y); return Readout(y, p); }
    [Differentiable(All)] public static float GeluSpan(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) { Span<float> y = stackalloc float[Width]; Activations.Gelu(p, y); return Readout(y, p); }
    [Differentiable(All)] public static float GeluTanhSpan(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) { Span<float> y = stackalloc float[Width]; Activations.GeluTanh(p, y); return Readout(y, p); }
    [Differentiable(All)] public static float SiluSpan(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) { Span<float> y = stackalloc float[Width]; Activations.Silu(p, y); return Readout(y, p); }
    [Differentiable(All)] public static float SoftplusSpan(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) { Span<float> y = stackalloc float[Width]; Activations.Softplus(p, y, 1.5f, 20f); return Readout(y, p); }
    [Differentiable(All)] public static float SigmoidSpan(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) { Span<float> y = stackalloc float[Width]; Activations.Sigmoid(p, y); return Readout(y, p); }
    [Differentiable(All)] public static float TanhSpan(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data) { Span<float> y = stackalloc float[Width]; Activations.Tanh(p, y); return Readout(y, p); }

    /// <summary>PReLU over a span with its learnable slope: p = x (Width), α.</summary>
    [Differentiable(All)]
    public static float PReluSpan(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data)
    {
        Span<float> y = stackalloc float[Width];
        Activations.PRelu(p.Slice(0, Width), p[Width], y);
        return Readout(y, p);
    }

    /// <summary>An activation of data (a constant input: its tangents are empty spans) scaled by a parameter.</summary>
    [Differentiable(All)]
    public static float TanhOfData(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data)
    {
        Span<float> y = stackalloc float[Width];
        Activations.Tanh(data, y);
        return Readout(y, p);
    }

    /// <summary>Softmax over Width scores.</summary>
    [Differentiable(All)]
    public static float Softmax(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data)
    {
        Span<float> y = stackalloc float[Width];
        Losses.Softmax(p, y);
        return Readout(y, p);
    }

    [Differentiable(All)]
    public static float MeanSquaredError(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data)
    {
        float loss = Losses.MeanSquaredError(p, data);
        return loss * loss + p[0] * loss;
    }

    /// <summary>Cross-entropy of one row of Classes scores against class 2.</summary>
    [Differentiable(All)]
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data)
    {
        float loss = Losses.SoftmaxCrossEntropy(p, 2);
        return loss * loss + p[0] * loss;
    }

    /// <summary>Mean cross-entropy over Labels.Length rows of Classes scores.</summary>
    [Differentiable(All)]
    public static float SoftmaxCrossEntropyBatch(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data)
    {
        float loss = Losses.SoftmaxCrossEntropy(p, Labels);
        return loss * loss + p[0] * loss;
    }

    /// <summary>Layer normalization: p = x, γ, β (Width each).</summary>
    [Differentiable(All)]
    public static float LayerNorm(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data)
    {
        Span<float> y = stackalloc float[Width];
        Normalization.LayerNorm(p.Slice(0, Width), p.Slice(Width, Width), p.Slice(2 * Width, Width), y);
        return Readout(y, p);
    }

    /// <summary>Batch normalization in training mode: p = x (BatchRows × Features), γ, β (Features each).</summary>
    [Differentiable(All)]
    public static float BatchNormTraining(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data)
    {
        Span<float> y = stackalloc float[BatchRows * Features];
        Normalization.BatchNormTraining(p.Slice(0, BatchRows * Features), p.Slice(BatchRows * Features, Features),
            p.Slice(BatchRows * Features + Features, Features), y);
        return Readout(y, p);
    }

    /// <summary>Batch normalization in inference mode: p as <see cref="BatchNormTraining"/>; data = running mean, running variance.</summary>
    [Differentiable(All)]
    public static float BatchNormInference(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data)
    {
        Span<float> y = stackalloc float[BatchRows * Features];
        Normalization.BatchNormInference(p.Slice(0, BatchRows * Features), p.Slice(BatchRows * Features, Features),
            p.Slice(BatchRows * Features + Features, Features), data.Slice(0, Features), data.Slice(Features, Features), y);
        return Readout(y, p);
    }

    /// <summary>A dense layer, every argument active: p = W (Outputs × Inputs), b (Outputs), x (Inputs).</summary>
    [Differentiable(All)]
    public static float Dense(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data)
    {
        Span<float> y = stackalloc float[Outputs];
        Linear.Dense(p.Slice(0, Outputs * Inputs), p.Slice(Outputs * Inputs, Outputs), p.Slice(Outputs * Inputs + Outputs, Inputs), y);
        return Readout(y, p);
    }

    /// <summary>A dense layer of data (x constant, as a first layer): p = W, b.</summary>
    [Differentiable(All)]
    public static float DenseOfData(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data)
    {
        Span<float> y = stackalloc float[Outputs];
        Linear.Dense(p.Slice(0, Outputs * Inputs), p.Slice(Outputs * Inputs, Outputs), data, y);
        return Readout(y, p);
    }

    /// <summary>A batch of dense layers: p = W (Outputs × Inputs), b (Outputs), x (BatchRows × Inputs).</summary>
    [Differentiable(All)]
    public static float DenseBatch(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data)
    {
        Span<float> y = stackalloc float[BatchRows * Outputs];
        Linear.DenseBatch(p.Slice(0, Outputs * Inputs), p.Slice(Outputs * Inputs, Outputs), p.Slice(Outputs * Inputs + Outputs, BatchRows * Inputs), y, BatchRows);
        return Readout(y, p);
    }

    /// <summary>The dot product of the two halves of p.</summary>
    [Differentiable(All)]
    public static float Dot(ReadOnlySpan<float> p, [NoDerivative] ReadOnlySpan<float> data)
    {
        float d = Vectors.Dot(p.Slice(0, Width), p.Slice(Width, Width));
        return d * d + p[0] * d;
    }

    /// <summary>Σᵢ yᵢ·(xᵢ + ½yᵢ) over y, with x = the first y.Length elements of p: quadratic in y, so its seeds vary with the input.</summary>
    [Differentiable]
    public static float Readout(ReadOnlySpan<float> y, ReadOnlySpan<float> p)
    {
        float sum = 0;
        for (int i = 0; i < y.Length; i++) sum += y[i] * (p[i % p.Length] + 0.5f * y[i]);
        return sum;
    }
}
