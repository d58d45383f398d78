using System;

namespace AutoDiffGen.GradientClinic.Networks;

/// <summary>
/// A vanilla (Elman) recurrent network with ReLU units (PyTorch <c>nn.RNN(nonlinearity='relu')</c>) read out linearly after
/// the last step, as a model: <c>h₀ = 0</c>, <c>hₜ = relu(W hₜ₋₁ + U xₜ + b)</c>, <c>ŷ = V·h_T + c</c>, trained on the mean
/// squared error. The gradient reaching <c>W</c> from the loss is a sum of products of up to T Jacobians
/// <c>diag(relu′)·W</c>, so a recurrent weight with spectral radius above 1 makes it grow like ρ^T: over 100 steps,
/// 1.1¹⁰⁰ ≈ 1.4·10⁴ per factor. Fields are declared input side first, so GradientHealth's first layer is U and its last
/// the readout.
/// </summary>
[Differentiable]
public partial class VanillaRnn
{
    /// <summary>U: one input weight per hidden unit.</summary>
    public double[] Input;

    /// <summary>W: [hidden × hidden] row-major.</summary>
    public double[] Recurrent;

    /// <summary>b: one per hidden unit.</summary>
    public double[] Bias;

    /// <summary>V (one per hidden unit) followed by c.</summary>
    public double[] Readout;

    /// <summary>A network of zeros with <paramref name="hidden"/> units.</summary>
    public VanillaRnn(int hidden)
    {
        Input = new double[hidden];
        Recurrent = new double[hidden * hidden];
        Bias = new double[hidden];
        Readout = new double[hidden + 1];
    }

    /// <summary>Hidden units.</summary>
    public int Hidden => Bias.Length;

    /// <summary>
    /// Mean over the batch of <c>(ŷ − target)²</c>. <paramref name="sequences"/> is [batch × steps] row-major (one scalar
    /// input per step), <paramref name="targets"/> has one value per sequence.
    /// </summary>
    [Differentiable]
    public double Loss([NoDerivative] ReadOnlySpan<double> sequences, [NoDerivative] ReadOnlySpan<double> targets, int steps)
    {
        int hidden = Bias.Length;
        int batch = targets.Length;
        Span<double> h = stackalloc double[hidden];
        Span<double> next = stackalloc double[hidden];
        double total = 0;
        for (int s = 0; s < batch; s++)
        {
            h.Clear();
            for (int t = 0; t < steps; t++)
            {
                Step(h, sequences[s * steps + t], next);
                next.CopyTo(h);
            }
            total += Squared(h, targets[s]);
        }
        return total / batch;
    }

    /// <summary>Squared error of one sequence, with the time loop outermost; every step is recorded on the tape.</summary>
    [Differentiable]
    public double SequenceLoss([NoDerivative] ReadOnlySpan<double> sequence, [NoDerivative] double target)
    {
        int hidden = Bias.Length;
        Span<double> h = stackalloc double[hidden];
        Span<double> next = stackalloc double[hidden];
        h.Clear();
        for (int t = 0; t < sequence.Length; t++)
        {
            Step(h, sequence[t], next);
            next.CopyTo(h);
        }
        return Squared(h, target);
    }

    /// <summary>Snapshots of <see cref="SequenceLossCheckpointed"/>: ⌈log₂ 10 000⌉ = 14.</summary>
    public const int Snapshots = 14;

    /// <summary>The same loss with the time loop checkpointed: at most <see cref="Snapshots"/> snapshots of h.</summary>
    [Differentiable(Checkpoints = Snapshots)]
    public double SequenceLossCheckpointed([NoDerivative] ReadOnlySpan<double> sequence, [NoDerivative] double target)
    {
        int hidden = Bias.Length;
        Span<double> h = stackalloc double[hidden];
        Span<double> next = stackalloc double[hidden];
        h.Clear();
        for (int t = 0; t < sequence.Length; t++)
        {
            Step(h, sequence[t], next);
            next.CopyTo(h);
        }
        return Squared(h, target);
    }

    /// <summary>One step of the cell: <c>next = relu(W h + U x + b)</c>.</summary>
    [Differentiable]
    public void Step(ReadOnlySpan<double> h, [NoDerivative] double x, Span<double> next)
    {
        int hidden = Bias.Length;
        for (int i = 0; i < hidden; i++)
        {
            double a = Bias[i] + Input[i] * x;
            for (int j = 0; j < hidden; j++) a += Recurrent[i * hidden + j] * h[j];
            next[i] = Activations.Relu(a);
        }
    }

    /// <summary>The readout's squared error: <c>(V·h + c − target)²</c>.</summary>
    [Differentiable]
    public double Squared(ReadOnlySpan<double> h, [NoDerivative] double target)
    {
        int hidden = Bias.Length;
        double prediction = Readout[hidden];
        for (int i = 0; i < hidden; i++) prediction += Readout[i] * h[i];
        double error = prediction - target;
        return error * error;
    }
}
