using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Issue 14's constructs with every derivative kind (issue 16: forward mode goes wherever reverse mode goes): assignments
/// and increments inside expressions, enums, selections next to an infinite derivative, span locals made from values and
/// local arrays, double buffering (also checkpointed), in-out span outputs, local functions.
/// </summary>
public static partial class ForwardFunctions
{
    /// <summary>Assignments and increments inside expressions and loop conditions, and a switch on an enum.</summary>
    [Differentiable(All)]
    public static double SideEffectsAndEnum(double x, double y, ReadOnlySpan<double> a, OptionType type)
    {
        double s = 0, t = 0;
        int i = 0, n = a.Length;
        while (n-- > 0) s += a[i++] * x;
        double u = (t = x * y) + 1;
        s += u * t;
        switch (type)
        {
            case OptionType.Call:
                s += Math.Sin(y) * ++t;
                break;
            default:
                s -= Math.Cos(x) * t--;
                break;
        }
        return s + (type == OptionType.Put ? x * x * t : y * y * t);
    }

    /// <summary>Selections: Heston's full truncation <c>Math.Sqrt(Math.Max(v, 0))</c>, Clamp, a negated Min, Abs.</summary>
    [Differentiable(All)]
    public static double Selections(double v, double w)
    {
        double a = Math.Sqrt(Math.Max(v, 0)) * w;
        double b = Math.Clamp(v * w, -0.5, 0.5);
        double c = -Math.Min(-w * w, v);
        return a + b * b + c * Math.Abs(v - w);
    }

    /// <summary>Span locals from stackalloc initializers, collection expressions and a local array; foreach over them.</summary>
    [Differentiable(All)]
    public static double SpanLocals(double x, double y, ReadOnlySpan<double> w)
    {
        Span<double> a = stackalloc double[] { x, x * y, y * y + 1 };
        Span<double> b = [Math.Sin(x), y];
        double[] c = new double[w.Length];
        for (int i = 0; i < w.Length; i++) c[i] = w[i] * a[i % 3];
        double s = 0;
        foreach (double ci in c) s += ci * ci;
        foreach (double ai in a) s += ai * b[1];
        a[1] += b[0];
        a[2]++;
        return s + a[1] * a[2];
    }

    /// <summary>An explicit heat equation, the two buffers swapped through a temporary each step.</summary>
    [Differentiable(All)]
    public static double HeatSwap(ReadOnlySpan<double> u0, double k)
    {
        Span<double> u = stackalloc double[u0.Length];
        Span<double> next = stackalloc double[u0.Length];
        u0.CopyTo(u);
        for (int step = 0; step < 6; step++)
        {
            for (int i = 0; i < u.Length; i++)
            {
                double left = i > 0 ? u[i - 1] : 0, right = i < u.Length - 1 ? u[i + 1] : 0;
                next[i] = u[i] + k * (left - 2 * u[i] + right) + 0.1 * Math.Sin(u[i]);
            }
            Span<double> t = u;
            u = next;
            next = t;
        }
        double s = 0;
        foreach (double ui in u) s += ui * ui;
        return s;
    }

    /// <summary>
    /// <see cref="HeatSwap"/>, the same text with its time loop checkpointed (two snapshots): the loop to checkpoint must be
    /// the method's own, so the body is repeated rather than called.
    /// </summary>
    [Differentiable(All, Checkpoints = 2)]
    public static double HeatSwapCheckpointed(ReadOnlySpan<double> u0, double k)
    {
        Span<double> u = stackalloc double[u0.Length];
        Span<double> next = stackalloc double[u0.Length];
        u0.CopyTo(u);
        for (int step = 0; step < 6; step++)
        {
            for (int i = 0; i < u.Length; i++)
            {
                double left = i > 0 ? u[i - 1] : 0, right = i < u.Length - 1 ? u[i + 1] : 0;
                next[i] = u[i] + k * (left - 2 * u[i] + right) + 0.1 * Math.Sin(u[i]);
            }
            Span<double> t = u;
            u = next;
            next = t;
        }
        double s = 0;
        foreach (double ui in u) s += ui * ui;
        return s;
    }

    /// <summary>An in-out output: written on a condition, then updated in place (x may be longer than y).</summary>
    [Differentiable(Derivatives.Reverse | Derivatives.Forward | Derivatives.Jacobian)]
    public static void Relax(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            if (x[i] > 0) y[i] = Math.Tanh(x[i] + y[i]);
            y[i] += 0.5 * x[i] * y[i];
        }
    }

    /// <summary>Calls the in-out <see cref="Relax"/> twice on a buffer it filled.</summary>
    [Differentiable(All)]
    public static double CallsInOut(ReadOnlySpan<double> x)
    {
        Span<double> y = stackalloc double[x.Length];
        for (int i = 0; i < y.Length; i++) y[i] = x[i] * x[i];
        Relax(x, y);
        Relax(x, y);
        double s = 0;
        foreach (double v in y) s += v * v;
        return s;
    }

    /// <summary>Local functions: static ones, one with a local array writing a span output, one returning an index.</summary>
    [Differentiable(All)]
    public static double WithLocalFunctions(double x, ReadOnlySpan<double> w)
    {
        static double Sq(double v) => v * v;
        static int Mirror(int i, int n) => n - 1 - i;
        static void Smooth(ReadOnlySpan<double> a, Span<double> b)
        {
            double[] t = new double[a.Length];
            for (int i = 0; i < a.Length; i++) t[i] = Math.Sin(a[i]);
            for (int i = 0; i < b.Length; i++) b[i] = 0.5 * (t[i] + t[Mirror(i, t.Length)]);
        }
        Span<double> s = stackalloc double[w.Length];
        Smooth(w, s);
        double r = 0;
        for (int i = 0; i < s.Length; i++) r += Sq(s[i] - x) * w[Mirror(i, w.Length)];
        return r + Sq(Math.Exp(0.3 * x));
    }

    /// <summary>
    /// A <c>[NoDerivative]</c> span passed to a differentiable callee, whose pullback only reads it (found by the fuzzer:
    /// forward over reverse gave the span a tangent that was never declared).
    /// </summary>
    [Differentiable(All)]
    public static double ConstantSpanToCallee(double a, ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> data)
    {
        Span<double> y = stackalloc double[data.Length];
        ScaleInto(data, a, y);
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += y[i] * Math.Sin(w[i % w.Length] * a);
        return s;
    }

    [Differentiable]
    public static void ScaleInto(ReadOnlySpan<double> u, double k, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = u[i] * k * k;
    }

    /// <summary>An enum local toggled every step: it is carried from one iteration to the next.</summary>
    [Differentiable(All)]
    public static double Phases(double x, double k)
    {
        OptionType phase = OptionType.Call;
        double s = x;
        for (int step = 0; step < 7; step++)
        {
            s = phase == OptionType.Call ? s * Math.Cos(k * s) + 0.1 : s + k * Math.Sin(s);
            phase = phase == OptionType.Call ? OptionType.Put : OptionType.Call;
        }
        return s * s;
    }

    /// <summary><see cref="Phases"/> checkpointed: a snapshot keeps the enum (as its long value).</summary>
    [Differentiable(All, Checkpoints = 2)]
    public static double PhasesCheckpointed(double x, double k)
    {
        OptionType phase = OptionType.Call;
        double s = x;
        for (int step = 0; step < 7; step++)
        {
            s = phase == OptionType.Call ? s * Math.Cos(k * s) + 0.1 : s + k * Math.Sin(s);
            phase = phase == OptionType.Call ? OptionType.Put : OptionType.Call;
        }
        return s * s;
    }
}
