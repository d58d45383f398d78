using System;

namespace AutoDiffGen.GradientClinic.Networks;

/// <summary>
/// One hidden layer of <see cref="DeepMlp"/> as a model: a dense layer (PyTorch layout: <see cref="Weights"/> row-major
/// [out × in], then <see cref="Bias"/>), batch normalization's scale γ and shift β, and PReLU's slope α. Parameters a
/// configuration does not use (γ, β without batch norm, α without PReLU) get zero gradients and stay put.
/// </summary>
[Differentiable]
public partial class HiddenLayer
{
    /// <summary>Dense weights, [out × in] row-major.</summary>
    public double[] Weights;

    /// <summary>Dense bias, one per output.</summary>
    public double[] Bias;

    /// <summary>Batch normalization's scale γ, one per output (starts at 1).</summary>
    public double[] Gamma;

    /// <summary>Batch normalization's shift β, one per output (starts at 0).</summary>
    public double[] Beta;

    /// <summary>PReLU's learnable slope α.</summary>
    public double Alpha;

    /// <summary>A layer of zeros with γ = 1, mapping <paramref name="inputs"/> to <paramref name="outputs"/> units.</summary>
    public HiddenLayer(int inputs, int outputs, double alpha)
    {
        Weights = new double[outputs * inputs];
        Bias = new double[outputs];
        Gamma = new double[outputs];
        Array.Fill(Gamma, 1.0);
        Beta = new double[outputs];
        Alpha = alpha;
    }

    /// <summary>The layer over a batch: <c>y = act(BN(x Wᵀ + b))</c>, batch normalization only when asked.</summary>
    [Differentiable]
    public void Forward(ReadOnlySpan<double> x, Span<double> y, int batch, int activation, bool batchNorm)
    {
        Span<double> z = stackalloc double[y.Length];
        Span<double> normalized = stackalloc double[y.Length];
        Linear.DenseBatch(Weights, Bias, x, z, batch);
        if (batchNorm)
        {
            Normalization.BatchNormTraining(z, Gamma, Beta, normalized);
        }
        else
        {
            z.CopyTo(normalized);
        }
        Activate(normalized, Alpha, y, activation);
    }

    /// <summary>The activation selected by <paramref name="activation"/>; <paramref name="alpha"/> is PReLU's learnable slope.</summary>
    [Differentiable]
    public static void Activate(ReadOnlySpan<double> x, double alpha, Span<double> y, int activation)
    {
        if (activation == DeepMlp.Sigmoid) Activations.Sigmoid(x, y);
        else if (activation == DeepMlp.Tanh) Activations.Tanh(x, y);
        else if (activation == DeepMlp.Relu) Activations.Relu(x, y);
        else if (activation == DeepMlp.LeakyRelu) Activations.LeakyRelu(x, y);
        else Activations.PRelu(x, alpha, y);
    }
}
