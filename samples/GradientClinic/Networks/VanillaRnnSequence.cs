using System;

namespace AutoDiffGen.GradientClinic.Networks;

/// <summary>
/// One sequence of <see cref="VanillaRnn"/> (same cell: <c>hₜ = relu(W hₜ₋₁ + U xₜ + b)</c>, <c>ŷ = V·h_T + c</c>, squared
/// error), with the time loop outermost so that <c>[Differentiable(Checkpoints = s)]</c> can checkpoint it. Used to measure
/// what the reverse sweep's tape holds for short and long sequences, with and without checkpointing.
/// </summary>
public static partial class VanillaRnnSequence
{
    /// <summary>Snapshots of the checkpointed variant: ⌈log₂ 10 000⌉ = 14.</summary>
    public const int Snapshots = 14;

    /// <summary>Squared error of one sequence; every step is recorded on the tape.</summary>
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> recurrent, ReadOnlySpan<double> input, ReadOnlySpan<double> bias, ReadOnlySpan<double> readout,
        [NoDerivative] ReadOnlySpan<double> sequence, [NoDerivative] double target)
    {
        int hidden = bias.Length;
        Span<double> h = stackalloc double[hidden];
        Span<double> next = stackalloc double[hidden];
        h.Clear();
        for (int t = 0; t < sequence.Length; t++)
        {
            for (int i = 0; i < hidden; i++)
            {
                double a = bias[i] + input[i] * sequence[t];
                for (int j = 0; j < hidden; j++) a += recurrent[i * hidden + j] * h[j];
                next[i] = Activations.Relu(a);
            }
            next.CopyTo(h);
        }
        double prediction = readout[hidden];
        for (int i = 0; i < hidden; i++) prediction += readout[i] * h[i];
        double error = prediction - target;
        return error * error;
    }

    /// <summary>The same loss with the time loop checkpointed: at most <see cref="Snapshots"/> snapshots of h.</summary>
    [Differentiable(Checkpoints = Snapshots)]
    public static double LossCheckpointed(ReadOnlySpan<double> recurrent, ReadOnlySpan<double> input, ReadOnlySpan<double> bias, ReadOnlySpan<double> readout,
        [NoDerivative] ReadOnlySpan<double> sequence, [NoDerivative] double target)
    {
        int hidden = bias.Length;
        Span<double> h = stackalloc double[hidden];
        Span<double> next = stackalloc double[hidden];
        h.Clear();
        for (int t = 0; t < sequence.Length; t++)
        {
            for (int i = 0; i < hidden; i++)
            {
                double a = bias[i] + input[i] * sequence[t];
                for (int j = 0; j < hidden; j++) a += recurrent[i * hidden + j] * h[j];
                next[i] = Activations.Relu(a);
            }
            next.CopyTo(h);
        }
        double prediction = readout[hidden];
        for (int i = 0; i < hidden; i++) prediction += readout[i] * h[i];
        double error = prediction - target;
        return error * error;
    }
}
