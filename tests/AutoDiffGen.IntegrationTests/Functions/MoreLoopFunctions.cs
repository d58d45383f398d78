using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>More loop shapes: integer bookkeeping, nested while, recorded branches, hoisted scratch, float networks.</summary>
public static partial class MoreLoopFunctions
{
    [Differentiable]
    public static double ManualIndex(ReadOnlySpan<double> w)
    {
        double s = 0;
        int i = 0;
        int stride = 1;
        while (i < w.Length)
        {
            s = s * w[i] + Math.Sin(w[i] * stride);
            i += stride;
            stride = stride == 1 ? 2 : 1;
        }
        return s;
    }

    [Differentiable]
    public static double NestedWhile(double x, int outer)
    {
        double y = x;
        for (int k = 0; k < outer; k++)
        {
            int inner = 0;
            while (inner < k + 1)
            {
                y = y * 0.8 + Math.Cos(y) * x;
                inner++;
            }
        }
        return y;
    }

    [Differentiable]
    public static double BranchesInLoop(ReadOnlySpan<double> w, double x)
    {
        double h = x;
        for (int i = 0; i < w.Length; i++)
        {
            if (h * w[i] > 0)
            {
                h = Math.Tanh(h * w[i]) + 0.1 * h;
            }
            else
            {
                h = h * h * 0.5 - w[i];
            }
        }
        return h;
    }

    [Differentiable]
    public static double ScratchInBranch(ReadOnlySpan<double> w, bool square)
    {
        double total = 0;
        if (square)
        {
            Span<double> t = stackalloc double[w.Length];
            for (int i = 0; i < w.Length; i++) t[i] = w[i] * w[i];
            for (int i = 0; i < w.Length; i++) total += t[i] * t[(i + 1) % w.Length];
        }
        else
        {
            for (int i = 0; i < w.Length; i++) total += Math.Exp(w[i]);
        }
        return total;
    }

    [Differentiable]
    public static void CumulativeLayer(ReadOnlySpan<double> x, double decay, Span<double> y)
    {
        double running = 0;
        for (int i = 0; i < x.Length; i++)
        {
            running = running * decay + x[i];
            if (running > 1) running = 1 + Math.Log(running);
            y[i] = running * running;
        }
    }

    [Differentiable]
    public static double UsesCumulativeLayer(ReadOnlySpan<double> x, double decay)
    {
        Span<double> y = stackalloc double[x.Length];
        CumulativeLayer(x, decay, y);
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += y[i] * (i + 1);
        return s;
    }

    [Differentiable]
    public static double ForEachOverSlice(ReadOnlySpan<double> w)
    {
        ReadOnlySpan<double> tail = w.Slice(1, w.Length - 2);
        double s = 0;
        foreach (double v in tail) s = s * 0.5 + v * v;
        return s + w[0] * w[w.Length - 1];
    }

    [Differentiable]
    public static double NestedEarlyReturn(ReadOnlySpan<double> w, int rows)
    {
        int columns = w.Length / rows;
        double acc = 0;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                acc += w[r * columns + c] * (r + 1);
                if (acc > 4) return Math.Sqrt(acc);
            }
            acc *= 0.9;
        }
        return acc * acc;
    }

    [Differentiable]
    public static double CountDown(ReadOnlySpan<double> w)
    {
        double s = 1;
        for (int i = w.Length - 1; i >= 0; i--) s = s * 0.5 + Math.Atan(w[i] * s);
        return s;
    }

    [Differentiable]
    public static float SingleRnn(float w, float u, [NoDerivative] ReadOnlySpan<float> xs)
    {
        float h = 0;
        for (int t = 0; t < xs.Length; t++) h = MathF.Tanh(w * h + u * xs[t]);
        return h * h;
    }

    [Differentiable]
    public static float SingleMlp(ReadOnlySpan<float> w, [NoDerivative] ReadOnlySpan<float> x)
    {
        Span<float> h = stackalloc float[3];
        for (int r = 0; r < 3; r++)
        {
            float a = 0;
            for (int c = 0; c < x.Length; c++) a += w[r * x.Length + c] * x[c];
            h[r] = MathF.Max(a, 0.01f * a);
        }
        float o = 0;
        for (int r = 0; r < 3; r++) o += h[r] * w[3 * x.Length + r];
        return o * o;
    }
}

/// <summary>Switch statements and expressions (lowered to if / else-if chains).</summary>
public static partial class SwitchFunctions
{
    [Differentiable]
    public static double Activation(double x, int kind)
    {
        double y;
        switch (kind)
        {
            case 0:
                y = Math.Tanh(x);
                break;
            case 1:
            case 2:
                y = x > 0 ? x : 0.01 * kind * x;
                break;
            default:
                return 1 / (1 + Math.Exp(-x));
        }
        return y * y;
    }

    [Differentiable]
    public static double Network(ReadOnlySpan<double> w, double x, int kind)
    {
        double h = x;
        for (int i = 0; i < w.Length; i++)
        {
            double z = w[i] * h + 0.1;
            h = kind switch
            {
                0 => Math.Tanh(z),
                1 or 2 => Math.Max(z, 0.05 * z),
                not 3 => z * z,
                _ => Math.Sin(z),
            };
        }
        return h;
    }
}
