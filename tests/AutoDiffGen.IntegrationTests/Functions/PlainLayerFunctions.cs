using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Dense layers written as plain loops over a batch (issue 18, plain loops third round): per-unit stores into buffers whose
/// old elements the reverse sweep needs (recorded as one slice per loop, <c>RecordFission</c>), and gradients whose only
/// updates are one row or element per unit of a constant-bound loop (written by that loop's first run,
/// <c>LoopOverwrite</c>); beside functions of the same shape where either rule must not apply.
/// </summary>
public static partial class PlainLayerFunctions
{
    /// <summary>Inputs of <see cref="TwoLayers"/>.</summary>
    public const int Inputs = 5;

    /// <summary>Hidden units of <see cref="TwoLayers"/>.</summary>
    public const int Hidden = 6;

    /// <summary>Outputs of <see cref="TwoLayers"/>.</summary>
    public const int Outputs = 2;

    /// <summary>
    /// Σ over samples and outputs of o², o = w2 · sin(w1 x + b1): w1 is 6 × 5, b1 6, w2 2 × 6; sample s is
    /// <c>x[s*5 .. s*5+5)</c>. sin's derivative reads its argument, so <c>pre</c> is recorded before each sample overwrites it.
    /// </summary>
    [Differentiable]
    public static double TwoLayers(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2,
                                   [NoDerivative] ReadOnlySpan<double> x, int batch)
    {
        Span<double> pre = stackalloc double[Hidden];
        Span<double> hidden = stackalloc double[Hidden];
        double total = 0;
        for (int s = 0; s < batch; s++)
        {
            for (int j = 0; j < Hidden; j++)
            {
                double a = b1[j];
                for (int k = 0; k < Inputs; k++) a += w1[j * Inputs + k] * x[s * Inputs + k];
                pre[j] = a;
            }

            for (int j = 0; j < Hidden; j++) hidden[j] = Math.Sin(pre[j]);
            for (int c = 0; c < Outputs; c++)
            {
                double o = 0;
                for (int j = 0; j < Hidden; j++) o += w2[c * Hidden + j] * hidden[j];
                total += o * o;
            }
        }

        return total;
    }

    /// <summary>
    /// Σ over samples and outputs of o², o = w2 · max(w1 x + b1, 0): w1 is 6 × 5, b1 6, w2 2 × 6; sample s is
    /// <c>x[s*5 .. s*5+5)</c>. A dead unit's seed is 0: its row of dW1 is cleared by the overwrite's <c>else</c>.
    /// </summary>
    [Differentiable]
    public static double ReluLayers(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2,
                                   [NoDerivative] ReadOnlySpan<double> x, int batch)
    {
        Span<double> pre = stackalloc double[Hidden];
        Span<double> hidden = stackalloc double[Hidden];
        double total = 0;
        for (int s = 0; s < batch; s++)
        {
            for (int j = 0; j < Hidden; j++)
            {
                double a = b1[j];
                for (int k = 0; k < Inputs; k++) a += w1[j * Inputs + k] * x[s * Inputs + k];
                pre[j] = a;
            }

            for (int j = 0; j < Hidden; j++) hidden[j] = Math.Max(pre[j], 0.0);
            for (int c = 0; c < Outputs; c++)
            {
                double o = 0;
                for (int j = 0; j < Hidden; j++) o += w2[c * Hidden + j] * hidden[j];
                total += o * o;
            }
        }

        return total;
    }

    /// <summary>
    /// Rows 0–2 of <paramref name="w"/> (4 columns) per sample, and w[12]·w[13] once: the loop over rows covers w's first 12
    /// elements only and w is used outside it, so dW is cleared and added into as before.
    /// </summary>
    [Differentiable]
    public static double RowsAndTail(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, int batch)
    {
        Span<double> pre = stackalloc double[3];
        double total = w[12] * w[13];
        for (int s = 0; s < batch; s++)
        {
            for (int j = 0; j < 3; j++)
            {
                double a = 0;
                for (int k = 0; k < 4; k++) a += w[j * 4 + k] * x[s * 4 + k];
                pre[j] = a;
            }

            for (int j = 0; j < 3; j++) total += Math.Sin(pre[j]);
        }

        return total;
    }

    /// <summary>
    /// A buffer each unit reads at the previous unit's element (buf[j] from buf[j − 1]): its records stay one element per
    /// iteration, since a slice recorded ahead of the loop would see no difference here but the rule does not know that.
    /// </summary>
    [Differentiable]
    public static double Chained(ReadOnlySpan<double> w, int batch)
    {
        Span<double> buf = stackalloc double[4];
        double total = 0;
        for (int s = 0; s < batch; s++)
        {
            buf[0] = w[0] + s;
            for (int j = 1; j < 4; j++) buf[j] = Math.Sin(w[j] * buf[j - 1]);
            total += buf[3] * buf[3];
        }

        return total;
    }
}
