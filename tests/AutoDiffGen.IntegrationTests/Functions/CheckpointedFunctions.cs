using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Loop-heavy programs written once without checkpointing and again with <c>Checkpoints = s</c> for several s: a vanilla
/// RNN whose cell is a differentiable callee (span state), a heat equation stepped in time (two span buffers, a nested
/// loop per step), a fixed-point iteration run until it converges (a while loop on an active condition: online
/// schedule), a loop left early with break, and a method writing a span output inside a checkpointed loop. The bodies of
/// each family are identical; only the attribute differs.
/// </summary>
public static partial class CheckpointedFunctions
{
    private const Derivatives Second = Derivatives.Reverse | Derivatives.Hessian;

    /// <summary>One step of a vanilla RNN: next = tanh(W h + u x + b).</summary>
    [Differentiable]
    public static void RnnCell(ReadOnlySpan<double> w, ReadOnlySpan<double> u, ReadOnlySpan<double> b, ReadOnlySpan<double> h, double x, Span<double> next)
    {
        int n = h.Length;
        for (int i = 0; i < n; i++)
        {
            double s = b[i] + u[i] * x;
            for (int j = 0; j < n; j++) s += w[i * n + j] * h[j];
            next[i] = Math.Tanh(s);
        }
    }

    [Differentiable(Second)]
    public static double Rnn(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> xs, int hidden)
    {
        Span<double> h = stackalloc double[hidden];
        Span<double> next = stackalloc double[hidden];
        for (int t = 0; t < xs.Length; t++)
        {
            RnnCell(p.Slice(0, hidden * hidden), p.Slice(hidden * hidden, hidden), p.Slice(hidden * hidden + hidden, hidden), h, xs[t], next);
            next.CopyTo(h);
        }
        double loss = 0;
        for (int i = 0; i < hidden; i++) loss += (h[i] - 0.25) * (h[i] - 0.25);
        return loss;
    }

    [Differentiable(Second, Checkpoints = 1)]
    public static double RnnC1(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> xs, int hidden)
    {
        Span<double> h = stackalloc double[hidden];
        Span<double> next = stackalloc double[hidden];
        for (int t = 0; t < xs.Length; t++)
        {
            RnnCell(p.Slice(0, hidden * hidden), p.Slice(hidden * hidden, hidden), p.Slice(hidden * hidden + hidden, hidden), h, xs[t], next);
            next.CopyTo(h);
        }
        double loss = 0;
        for (int i = 0; i < hidden; i++) loss += (h[i] - 0.25) * (h[i] - 0.25);
        return loss;
    }

    [Differentiable(Second, Checkpoints = 2)]
    public static double RnnC2(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> xs, int hidden)
    {
        Span<double> h = stackalloc double[hidden];
        Span<double> next = stackalloc double[hidden];
        for (int t = 0; t < xs.Length; t++)
        {
            RnnCell(p.Slice(0, hidden * hidden), p.Slice(hidden * hidden, hidden), p.Slice(hidden * hidden + hidden, hidden), h, xs[t], next);
            next.CopyTo(h);
        }
        double loss = 0;
        for (int i = 0; i < hidden; i++) loss += (h[i] - 0.25) * (h[i] - 0.25);
        return loss;
    }

    [Differentiable(Second, Checkpoints = 5)]
    public static double RnnC5(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> xs, int hidden)
    {
        Span<double> h = stackalloc double[hidden];
        Span<double> next = stackalloc double[hidden];
        for (int t = 0; t < xs.Length; t++)
        {
            RnnCell(p.Slice(0, hidden * hidden), p.Slice(hidden * hidden, hidden), p.Slice(hidden * hidden + hidden, hidden), h, xs[t], next);
            next.CopyTo(h);
        }
        double loss = 0;
        for (int i = 0; i < hidden; i++) loss += (h[i] - 0.25) * (h[i] - 0.25);
        return loss;
    }

    /// <summary>More snapshots than iterations: every iteration gets one, nothing is run twice.</summary>
    [Differentiable(Second, Checkpoints = 1000)]
    public static double RnnC1000(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> xs, int hidden)
    {
        Span<double> h = stackalloc double[hidden];
        Span<double> next = stackalloc double[hidden];
        for (int t = 0; t < xs.Length; t++)
        {
            RnnCell(p.Slice(0, hidden * hidden), p.Slice(hidden * hidden, hidden), p.Slice(hidden * hidden + hidden, hidden), h, xs[t], next);
            next.CopyTo(h);
        }
        double loss = 0;
        for (int i = 0; i < hidden; i++) loss += (h[i] - 0.25) * (h[i] - 0.25);
        return loss;
    }

    /// <summary>Explicit heat equation u ← u + k Δu − c u³ with fixed ends, stepped <paramref name="steps"/> times.</summary>
    [Differentiable(Second)]
    public static double Heat(ReadOnlySpan<double> u0, double k, double c, int steps)
    {
        int n = u0.Length;
        Span<double> u = stackalloc double[n];
        Span<double> next = stackalloc double[n];
        u0.CopyTo(u);
        for (int t = 0; t < steps; t++)
        {
            next[0] = u[0];
            next[n - 1] = u[n - 1];
            for (int i = 1; i < n - 1; i++) next[i] = u[i] + k * (u[i - 1] - 2 * u[i] + u[i + 1]) - c * u[i] * u[i] * u[i];
            next.CopyTo(u);
        }
        double energy = 0;
        for (int i = 0; i < n; i++) energy += u[i] * u[i] * (1 + 0.1 * i);
        return energy;
    }

    [Differentiable(Second, Checkpoints = 1)]
    public static double HeatC1(ReadOnlySpan<double> u0, double k, double c, int steps)
    {
        int n = u0.Length;
        Span<double> u = stackalloc double[n];
        Span<double> next = stackalloc double[n];
        u0.CopyTo(u);
        for (int t = 0; t < steps; t++)
        {
            next[0] = u[0];
            next[n - 1] = u[n - 1];
            for (int i = 1; i < n - 1; i++) next[i] = u[i] + k * (u[i - 1] - 2 * u[i] + u[i + 1]) - c * u[i] * u[i] * u[i];
            next.CopyTo(u);
        }
        double energy = 0;
        for (int i = 0; i < n; i++) energy += u[i] * u[i] * (1 + 0.1 * i);
        return energy;
    }

    [Differentiable(Second, Checkpoints = 3)]
    public static double HeatC3(ReadOnlySpan<double> u0, double k, double c, int steps)
    {
        int n = u0.Length;
        Span<double> u = stackalloc double[n];
        Span<double> next = stackalloc double[n];
        u0.CopyTo(u);
        for (int t = 0; t < steps; t++)
        {
            next[0] = u[0];
            next[n - 1] = u[n - 1];
            for (int i = 1; i < n - 1; i++) next[i] = u[i] + k * (u[i - 1] - 2 * u[i] + u[i + 1]) - c * u[i] * u[i] * u[i];
            next.CopyTo(u);
        }
        double energy = 0;
        for (int i = 0; i < n; i++) energy += u[i] * u[i] * (1 + 0.1 * i);
        return energy;
    }

    [Differentiable(Second, Checkpoints = 7)]
    public static double HeatC7(ReadOnlySpan<double> u0, double k, double c, int steps)
    {
        int n = u0.Length;
        Span<double> u = stackalloc double[n];
        Span<double> next = stackalloc double[n];
        u0.CopyTo(u);
        for (int t = 0; t < steps; t++)
        {
            next[0] = u[0];
            next[n - 1] = u[n - 1];
            for (int i = 1; i < n - 1; i++) next[i] = u[i] + k * (u[i - 1] - 2 * u[i] + u[i + 1]) - c * u[i] * u[i] * u[i];
            next.CopyTo(u);
        }
        double energy = 0;
        for (int i = 0; i < n; i++) energy += u[i] * u[i] * (1 + 0.1 * i);
        return energy;
    }

    /// <summary>The fixed point of x = b cos(a x) + 0.1 x², iterated until it stops moving: its trip count is known only at the end.</summary>
    [Differentiable(Second)]
    public static double Converge(double a, double b)
    {
        double x = 0.5;
        double change = 1;
        int iterations = 0;
        while (change > 1e-13 && iterations < 500)
        {
            double next = b * Math.Cos(a * x) + 0.1 * x * x;
            change = Math.Abs(next - x);
            x = next;
            iterations++;
        }
        return x * x + a * x;
    }

    [Differentiable(Second, Checkpoints = 1)]
    public static double ConvergeC1(double a, double b)
    {
        double x = 0.5;
        double change = 1;
        int iterations = 0;
        while (change > 1e-13 && iterations < 500)
        {
            double next = b * Math.Cos(a * x) + 0.1 * x * x;
            change = Math.Abs(next - x);
            x = next;
            iterations++;
        }
        return x * x + a * x;
    }

    [Differentiable(Second, Checkpoints = 2)]
    public static double ConvergeC2(double a, double b)
    {
        double x = 0.5;
        double change = 1;
        int iterations = 0;
        while (change > 1e-13 && iterations < 500)
        {
            double next = b * Math.Cos(a * x) + 0.1 * x * x;
            change = Math.Abs(next - x);
            x = next;
            iterations++;
        }
        return x * x + a * x;
    }

    [Differentiable(Second, Checkpoints = 6)]
    public static double ConvergeC6(double a, double b)
    {
        double x = 0.5;
        double change = 1;
        int iterations = 0;
        while (change > 1e-13 && iterations < 500)
        {
            double next = b * Math.Cos(a * x) + 0.1 * x * x;
            change = Math.Abs(next - x);
            x = next;
            iterations++;
        }
        return x * x + a * x;
    }

    /// <summary>A counting loop left early (break and return): its trip count is known only at the end.</summary>
    [Differentiable(Second)]
    public static double EarlyExit(ReadOnlySpan<double> w, double y)
    {
        double h = y;
        for (int t = 0; t < 200; t++)
        {
            h = Math.Sin(w[t % w.Length] * h) + 0.5 * h;
            if (h > 3) return h * y;
            if (h * h > 2.2) break;
        }
        return h * h * y;
    }

    [Differentiable(Second, Checkpoints = 3)]
    public static double EarlyExitC3(ReadOnlySpan<double> w, double y)
    {
        double h = y;
        for (int t = 0; t < 200; t++)
        {
            h = Math.Sin(w[t % w.Length] * h) + 0.5 * h;
            if (h > 3) return h * y;
            if (h * h > 2.2) break;
        }
        return h * h * y;
    }

    /// <summary>A span output rewritten in every iteration of a checkpointed loop; the backward must leave its final contents.</summary>
    [Differentiable]
    public static void Smooth(ReadOnlySpan<double> x, double k, int steps, Span<double> y)
    {
        x.CopyTo(y);
        for (int t = 0; t < steps; t++)
        {
            for (int i = 1; i < y.Length; i++) y[i] = y[i] + k * Math.Sin(y[i - 1] - y[i]);
        }
    }

    [Differentiable(Checkpoints = 4)]
    public static void SmoothC4(ReadOnlySpan<double> x, double k, int steps, Span<double> y)
    {
        x.CopyTo(y);
        for (int t = 0; t < steps; t++)
        {
            for (int i = 1; i < y.Length; i++) y[i] = y[i] + k * Math.Sin(y[i - 1] - y[i]);
        }
    }

    /// <summary>Float state through an online schedule (a do loop with a computed exit).</summary>
    [Differentiable]
    public static float Decay(float a, float b)
    {
        float v = b;
        int n = 0;
        do
        {
            v = v * a + 0.05f * MathF.Sin(v);
            n++;
        } while (MathF.Abs(v) > 0.01f && n < 300);
        return v * b + n;
    }

    [Differentiable(Checkpoints = 4)]
    public static float DecayC4(float a, float b)
    {
        float v = b;
        int n = 0;
        do
        {
            v = v * a + 0.05f * MathF.Sin(v);
            n++;
        } while (MathF.Abs(v) > 0.01f && n < 300);
        return v * b + n;
    }
}
