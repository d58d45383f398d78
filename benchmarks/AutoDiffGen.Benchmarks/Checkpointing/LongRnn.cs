using System;

namespace AutoDiffGen.Benchmarks.Checkpointing;

/// <summary>
/// A vanilla RNN over a long sequence, h ← tanh(Wh·h + b + wx·x[t]) from h = 0 with hidden size 32 and one input per
/// step, loss ½‖h − target‖², written once per checkpointing budget: the bodies are identical, only
/// <c>[Differentiable(Checkpoints = s)]</c> differs. With T = 10⁵ steps, s = 317 ≈ √T and s = 17 ≈ log₂ T.
/// </summary>
public static partial class LongRnn
{
    public const int Hidden = 32;

    /// <summary>√(10⁵) ≈ 316.2, rounded up.</summary>
    public const int SqrtSnapshots = 317;

    /// <summary>log₂(10⁵) ≈ 16.6, rounded up.</summary>
    public const int LogSnapshots = 17;

    /// <summary>The plain forward pass, for the time of one sweep.</summary>
    public static double Loss(ReadOnlySpan<double> wh, ReadOnlySpan<double> wx, ReadOnlySpan<double> b, ReadOnlySpan<double> xs, ReadOnlySpan<double> target)
    {
        Span<double> h = stackalloc double[Hidden];
        Span<double> bias = stackalloc double[Hidden];
        Span<double> pre = stackalloc double[Hidden];
        h.Clear();
        for (int t = 0; t < xs.Length; t++)
        {
            b.CopyTo(bias);
            for (int i = 0; i < Hidden; i++) bias[i] += wx[i] * xs[t];
            Linear.Dense(wh, bias, h, pre);
            Activations.Tanh(pre, h);
        }
        return 0.5 * Hidden * Losses.MeanSquaredError(h, target);
    }

    [Differentiable]
    public static double Unbounded(ReadOnlySpan<double> wh, ReadOnlySpan<double> wx, ReadOnlySpan<double> b,
                                   [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> target)
    {
        Span<double> h = stackalloc double[Hidden];
        Span<double> bias = stackalloc double[Hidden];
        Span<double> pre = stackalloc double[Hidden];
        h.Clear();
        for (int t = 0; t < xs.Length; t++)
        {
            b.CopyTo(bias);
            for (int i = 0; i < Hidden; i++) bias[i] += wx[i] * xs[t];
            Linear.Dense(wh, bias, h, pre);
            Activations.Tanh(pre, h);
        }
        return 0.5 * Hidden * Losses.MeanSquaredError(h, target);
    }

    [Differentiable(Checkpoints = SqrtSnapshots)]
    public static double SqrtT(ReadOnlySpan<double> wh, ReadOnlySpan<double> wx, ReadOnlySpan<double> b,
                               [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> target)
    {
        Span<double> h = stackalloc double[Hidden];
        Span<double> bias = stackalloc double[Hidden];
        Span<double> pre = stackalloc double[Hidden];
        h.Clear();
        for (int t = 0; t < xs.Length; t++)
        {
            b.CopyTo(bias);
            for (int i = 0; i < Hidden; i++) bias[i] += wx[i] * xs[t];
            Linear.Dense(wh, bias, h, pre);
            Activations.Tanh(pre, h);
        }
        return 0.5 * Hidden * Losses.MeanSquaredError(h, target);
    }

    [Differentiable(Checkpoints = LogSnapshots)]
    public static double LogT(ReadOnlySpan<double> wh, ReadOnlySpan<double> wx, ReadOnlySpan<double> b,
                              [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> target)
    {
        Span<double> h = stackalloc double[Hidden];
        Span<double> bias = stackalloc double[Hidden];
        Span<double> pre = stackalloc double[Hidden];
        h.Clear();
        for (int t = 0; t < xs.Length; t++)
        {
            b.CopyTo(bias);
            for (int i = 0; i < Hidden; i++) bias[i] += wx[i] * xs[t];
            Linear.Dense(wh, bias, h, pre);
            Activations.Tanh(pre, h);
        }
        return 0.5 * Hidden * Losses.MeanSquaredError(h, target);
    }
}
