using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// One method per runtime library function (double), each asking for every derivative, so the generated Tangent, H·v,
/// Hessian and Jacobian go through the function's hand-written Tangent and BackwardTangent. Active values are flattened in
/// p; data holds constants (targets, running statistics, a constant input).
/// </summary>
public static partial class RuntimeSecondOrder
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
    [Differentiable(All)] public static double Relu(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) => Activations.Relu(p[1] * p[0]) * (1 + p[0]);
    [Differentiable(All)] public static double LeakyRelu(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) => Activations.LeakyRelu(p[1] * p[0], 0.2) * (1 + p[0]);
    [Differentiable(All)] public static double Elu(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) => Activations.Elu(p[1] * p[0], 0.7) * (1 + p[0]);
    [Differentiable(All)] public static double Selu(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) => Activations.Selu(p[1] * p[0]) * (1 + p[0]);
    [Differentiable(All)] public static double Gelu(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) => Activations.Gelu(p[1] * p[0]) * (1 + p[0]);
    [Differentiable(All)] public static double GeluTanh(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) => Activations.GeluTanh(p[1] * p[0]) * (1 + p[0]);
    [Differentiable(All)] public static double Silu(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) => Activations.Silu(p[1] * p[0]) * (1 + p[0]);
    [Differentiable(All)] public static double Softplus(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) => Activations.Softplus(p[1] * p[0], 1.5, 20.0) * (1 + p[0]);
    [Differentiable(All)] public static double Sigmoid(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) => Activations.Sigmoid(p[1] * p[0]) * (1 + p[0]);
    [Differentiable(All)] public static double Tanh(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) => Activations.Tanh(p[1] * p[0]) * (1 + p[0]);
    [Differentiable(All)] public static double PRelu(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) => Activations.PRelu(p[1] * p[0], p[2]) * (1 + p[0] * p[2]);

    [Differentiable(All)]
    public static double BinaryCrossEntropyWithLogits(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data)
    {
        double loss = Losses.BinaryCrossEntropyWithLogits(p[1] * p[0], data[0]);
        return loss * loss + p[0] * loss;
    }

    // Span activations over Width elements (vector lanes and a scalar tail), then a readout that is quadratic in y and reads x.
    [Differentiable(All)] public static double ReluSpan(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) { Span<double> y = stackalloc double[Width]; Activations.Relu(p, y); return Readout(y, p); }
    [Differentiable(All)] public static double LeakyReluSpan(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) { Span<double> y = stackalloc double[Width]; Activations.LeakyRelu(p, y, 0.2); return Readout(y, p); }
    [Differentiable(All)] public static double EluSpan(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) { Span<double> y = stackalloc double[Width]; Activations.Elu(p, y, 0.7); return Readout(y, p); }
    [Differentiable(All)] public static double SeluSpan(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) { Span<double> y = stackalloc double[Width]; Activations.Selu(p, y); return Readout(y, p); }
    [Differentiable(All)] public static double GeluSpan(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) { Span<double> y = stackalloc double[Width]; Activations.Gelu(p, y); return Readout(y, p); }
    [Differentiable(All)] public static double GeluTanhSpan(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) { Span<double> y = stackalloc double[Width]; Activations.GeluTanh(p, y); return Readout(y, p); }
    [Differentiable(All)] public static double SiluSpan(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) { Span<double> y = stackalloc double[Width]; Activations.Silu(p, y); return Readout(y, p); }
    [Differentiable(All)] public static double SoftplusSpan(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) { Span<double> y = stackalloc double[Width]; Activations.Softplus(p, y, 1.5, 20.0); return Readout(y, p); }
    [Differentiable(All)] public static double SigmoidSpan(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) { Span<double> y = stackalloc double[Width]; Activations.Sigmoid(p, y); return Readout(y, p); }
    [Differentiable(All)] public static double TanhSpan(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data) { Span<double> y = stackalloc double[Width]; Activations.Tanh(p, y); return Readout(y, p); }

    /// <summary>PReLU over a span with its learnable slope: p = x (Width), α.</summary>
    [Differentiable(All)]
    public static double PReluSpan(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data)
    {
        Span<double> y = stackalloc double[Width];
        Activations.PRelu(p.Slice(0, Width), p[Width], y);
        return Readout(y, p);
    }

    /// <summary>An activation of data (a constant input: its tangents are empty spans) scaled by a parameter.</summary>
    [Differentiable(All)]
    public static double TanhOfData(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data)
    {
        Span<double> y = stackalloc double[Width];
        Activations.Tanh(data, y);
        return Readout(y, p);
    }

    /// <summary>Softmax over Width scores.</summary>
    [Differentiable(All)]
    public static double Softmax(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data)
    {
        Span<double> y = stackalloc double[Width];
        Losses.Softmax(p, y);
        return Readout(y, p);
    }

    [Differentiable(All)]
    public static double MeanSquaredError(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data)
    {
        double loss = Losses.MeanSquaredError(p, data);
        return loss * loss + p[0] * loss;
    }

    /// <summary>Cross-entropy of one row of Classes scores against class 2.</summary>
    [Differentiable(All)]
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data)
    {
        double loss = Losses.SoftmaxCrossEntropy(p, 2);
        return loss * loss + p[0] * loss;
    }

    /// <summary>Mean cross-entropy over Labels.Length rows of Classes scores.</summary>
    [Differentiable(All)]
    public static double SoftmaxCrossEntropyBatch(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data)
    {
        double loss = Losses.SoftmaxCrossEntropy(p, Labels);
        return loss * loss + p[0] * loss;
    }

    /// <summary>Layer normalization: p = x, γ, β (Width each).</summary>
    [Differentiable(All)]
    public static double LayerNorm(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data)
    {
        Span<double> y = stackalloc double[Width];
        Normalization.LayerNorm(p.Slice(0, Width), p.Slice(Width, Width), p.Slice(2 * Width, Width), y);
        return Readout(y, p);
    }

    /// <summary>Batch normalization in training mode: p = x (BatchRows × Features), γ, β (Features each).</summary>
    [Differentiable(All)]
    public static double BatchNormTraining(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data)
    {
        Span<double> y = stackalloc double[BatchRows * Features];
        Normalization.BatchNormTraining(p.Slice(0, BatchRows * Features), p.Slice(BatchRows * Features, Features),
            p.Slice(BatchRows * Features + Features, Features), y);
        return Readout(y, p);
    }

    /// <summary>Batch normalization in inference mode: p as <see cref="BatchNormTraining"/>; data = running mean, running variance.</summary>
    [Differentiable(All)]
    public static double BatchNormInference(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data)
    {
        Span<double> y = stackalloc double[BatchRows * Features];
        Normalization.BatchNormInference(p.Slice(0, BatchRows * Features), p.Slice(BatchRows * Features, Features),
            p.Slice(BatchRows * Features + Features, Features), data.Slice(0, Features), data.Slice(Features, Features), y);
        return Readout(y, p);
    }

    /// <summary>A dense layer, every argument active: p = W (Outputs × Inputs), b (Outputs), x (Inputs).</summary>
    [Differentiable(All)]
    public static double Dense(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data)
    {
        Span<double> y = stackalloc double[Outputs];
        Linear.Dense(p.Slice(0, Outputs * Inputs), p.Slice(Outputs * Inputs, Outputs), p.Slice(Outputs * Inputs + Outputs, Inputs), y);
        return Readout(y, p);
    }

    /// <summary>A dense layer of data (x constant, as a first layer): p = W, b.</summary>
    [Differentiable(All)]
    public static double DenseOfData(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data)
    {
        Span<double> y = stackalloc double[Outputs];
        Linear.Dense(p.Slice(0, Outputs * Inputs), p.Slice(Outputs * Inputs, Outputs), data, y);
        return Readout(y, p);
    }

    /// <summary>A batch of dense layers: p = W (Outputs × Inputs), b (Outputs), x (BatchRows × Inputs).</summary>
    [Differentiable(All)]
    public static double DenseBatch(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data)
    {
        Span<double> y = stackalloc double[BatchRows * Outputs];
        Linear.DenseBatch(p.Slice(0, Outputs * Inputs), p.Slice(Outputs * Inputs, Outputs), p.Slice(Outputs * Inputs + Outputs, BatchRows * Inputs), y, BatchRows);
        return Readout(y, p);
    }

    /// <summary>The dot product of the two halves of p.</summary>
    [Differentiable(All)]
    public static double Dot(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> data)
    {
        double d = Vectors.Dot(p.Slice(0, Width), p.Slice(Width, Width));
        return d * d + p[0] * d;
    }

    /// <summary>Σᵢ yᵢ·(xᵢ + ½yᵢ) over y, with x = the first y.Length elements of p: quadratic in y, so its seeds vary with the input.</summary>
    [Differentiable]
    public static double Readout(ReadOnlySpan<double> y, ReadOnlySpan<double> p)
    {
        double sum = 0;
        for (int i = 0; i < y.Length; i++) sum += y[i] * (p[i % p.Length] + 0.5 * y[i]);
        return sum;
    }
}
