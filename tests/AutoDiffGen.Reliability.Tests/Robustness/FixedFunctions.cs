using System;

namespace AutoDiffGen.Reliability.Tests.Robustness;

/// <summary>
/// Fixed differentiable methods, compiled by the generator running as an analyzer on this project (as in any
/// consumer): loop-heavy code that records on the per-thread tape (overwritten values, data-dependent trip counts,
/// break/continue, early return, stackalloc scratch, nested differentiable calls), for the non-finite and thread tests.
/// </summary>
public static partial class FixedFunctions
{
    [Differentiable]
    public static double Smooth(double x, double y) => Math.Exp(Math.Sin(x) * y) + Math.Log(1 + x * x) * Math.Tanh(y) + Math.Sqrt(2 + Math.Cos(x * y));

    [Differentiable]
    public static double Branchy(double x, double y)
    {
        double s = x * y;
        if (s > 0.5) s = Math.Sin(s) * x;
        else if (s < -0.5) return Math.Atan(s) + y;
        s += Math.Max(x, y) * Math.Abs(y);
        return s * s;
    }

    [Differentiable]
    public static double Cell(double h, double x, double w, double u) => Math.Tanh(w * h + u * x);

    /// <summary>A recurrent net: every step overwrites h, so the forward sweep records it on the tape.</summary>
    [Differentiable]
    public static double Recurrent(ReadOnlySpan<double> weights, [NoDerivative] ReadOnlySpan<double> inputs)
    {
        double h = 0;
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            h = Cell(h, inputs[t], weights[t % weights.Length], weights[(t + 1) % weights.Length]);
            if (h > 0.95) continue;
            loss += h * h * 0.5;
            if (loss > 50) break;
        }
        return loss + h;
    }

    /// <summary>Scratch reuse, a data-dependent inner loop and an early return inside a loop.</summary>
    [Differentiable]
    public static double ScratchAndHalving(ReadOnlySpan<double> w, double scale, int rounds)
    {
        int n = w.Length;
        Span<double> z = stackalloc double[n];
        for (int i = 0; i < n; i++) z[i] = w[i] * scale;
        double total = 0;
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < n; i++) z[i] = Math.Sin(z[i]) + w[(i + r) % n] * 0.5;
            double norm = 0;
            for (int i = 0; i < n; i++) norm += z[i] * z[i];
            int guard = 0;
            while (norm > 1 && guard < 30)
            {
                norm *= 0.5;
                guard++;
            }
            total += norm * (r + 1);
            if (total > 1e6) return total;
        }
        return total;
    }
}
