using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Loops the generator turns into TensorPrimitives calls (reductions, element-wise arithmetic, axpy adjoint updates, a
/// buffer pushed and popped whole), next to loops it must leave scalar (strided, recurrent, possibly aliased, nonlinear).
/// </summary>
public static partial class VectorizedFunctions
{
    /// <summary>A dense layer then a squared norm: dot products forward, two axpy updates per row backward.</summary>
    [Differentiable]
    public static double Layer(ReadOnlySpan<double> w, ReadOnlySpan<double> x, int rows)
    {
        int columns = x.Length;
        Span<double> y = stackalloc double[rows];
        for (int r = 0; r < rows; r++)
        {
            double a = 0;
            for (int c = 0; c < columns; c++) a += w[r * columns + c] * x[c];
            y[r] = Math.Tanh(a);
        }
        double s = 0;
        for (int r = 0; r < rows; r++) s += y[r] * y[r];
        return s;
    }

    /// <summary>The same in single precision.</summary>
    [Differentiable]
    public static float LayerSingle(ReadOnlySpan<float> w, ReadOnlySpan<float> x, int rows)
    {
        int columns = x.Length;
        Span<float> y = stackalloc float[rows];
        for (int r = 0; r < rows; r++)
        {
            float a = 0;
            for (int c = 0; c < columns; c++) a += w[r * columns + c] * x[c];
            y[r] = MathF.Tanh(a);
        }
        float s = 0;
        for (int r = 0; r < rows; r++) s += y[r] * y[r];
        return s;
    }

    /// <summary>Element-wise arithmetic of every shape the vectorizer writes, a sum and a fill.</summary>
    [Differentiable]
    public static double ElementWise(ReadOnlySpan<double> x, double s, double t)
    {
        int n = x.Length;
        Span<double> a = stackalloc double[n];
        Span<double> b = stackalloc double[n];
        for (int i = 0; i < n; i++) a[i] = t;
        for (int i = 0; i < n; i++) b[i] = x[i] * s + a[i];
        for (int i = 0; i < n; i++) a[i] = b[i] - x[i];
        for (int i = 0; i < n; i++) a[i] = a[i] * x[i];
        for (int i = 0; i < n; i++) b[i] = s / b[i];
        for (int i = 0; i < n; i++) b[i] = -b[i];
        for (int i = 0; i < n; i++) a[i] += b[i] * t;
        for (int i = 0; i < n; i++) a[i] -= x[i] * s;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += a[i];
        return sum;
    }

    /// <summary>A vector recurrence: h overwritten every step, pushed and popped as a whole buffer.</summary>
    [Differentiable]
    public static double Recurrence(ReadOnlySpan<double> w, ReadOnlySpan<double> x, int steps)
    {
        int n = w.Length;
        Span<double> h = stackalloc double[n];
        Span<double> next = stackalloc double[n];
        for (int i = 0; i < n; i++) h[i] = x[i];
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < n; i++) next[i] = h[i] * w[i] + x[i];
            for (int i = 0; i < n; i++) h[i] = next[i] * 0.5;
        }
        double s = 0;
        for (int i = 0; i < n; i++) s += h[i] * h[i];
        return s;
    }

    /// <summary>Strided, cyclic and recurrent index patterns: none is contiguous or independent, all stay scalar.</summary>
    [Differentiable]
    public static double NotContiguous(ReadOnlySpan<double> x)
    {
        int n = x.Length / 2;
        Span<double> y = stackalloc double[n + 1];
        double a = 0;
        for (int k = 0; k < n; k++) a += x[2 * k] * x[2 * k + 1];
        for (int k = 0; k < n; k++) a += x[k] * x[(k + 1) % n];
        y[0] = 1;
        for (int k = 0; k < n; k++) y[k + 1] = y[k] * 0.5 + x[k];
        return a + y[n];
    }

    /// <summary>
    /// A span output written from a span argument: the loop stays scalar (SpanAliasing lets an output overlap any
    /// argument); the backward refuses overlapping memory (issue 14's check) and computes what the original computes on
    /// disjoint slices of one buffer.
    /// </summary>
    [Differentiable]
    public static void Scale(ReadOnlySpan<double> x, double s, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = s * x[i];
    }

    /// <summary>Bounds that may give no iteration (from ≥ to): the vector call runs only for a positive count.</summary>
    [Differentiable]
    public static double Window(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, int from, int to)
    {
        double a = 0;
        for (int k = from; k < to; k++) a += w[k] * x[k];
        return a * a + w[0];
    }

    /// <summary>
    /// Element-wise statements, and a dot product whose adjoint updates are axpys with a seed that does not depend on its
    /// value (s is not differentiated, so no reduction collects its adjoint): the vectorized backward must give the
    /// gradient <see cref="ChainScalar"/>, the same arithmetic kept scalar, gives, bit for bit; only the value may differ
    /// in the last bits, where the dot product sums in another order.
    /// </summary>
    [Differentiable]
    public static double Chain(ReadOnlySpan<double> w, ReadOnlySpan<double> x, [NoDerivative] double s)
    {
        int n = w.Length;
        Span<double> a = stackalloc double[n];
        Span<double> b = stackalloc double[n];
        for (int i = 0; i < n; i++) a[i] = w[i] * x[i] + s;
        for (int i = 0; i < n; i++) b[i] = a[i] * w[i] - x[i];
        for (int i = 0; i < n; i++) b[i] += a[i] * s;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            int j = i;
            sum += b[j] * b[j];
        }
        double dot = 0;
        for (int i = 0; i < n; i++) dot += w[i] * x[i];
        return sum + dot * 0.75;
    }

    /// <summary><see cref="Chain"/> with every index read through a local, which keeps every loop scalar.</summary>
    [Differentiable]
    public static double ChainScalar(ReadOnlySpan<double> w, ReadOnlySpan<double> x, [NoDerivative] double s)
    {
        int n = w.Length;
        Span<double> a = stackalloc double[n];
        Span<double> b = stackalloc double[n];
        for (int i = 0; i < n; i++)
        {
            int j = i;
            a[j] = w[j] * x[j] + s;
        }
        for (int i = 0; i < n; i++)
        {
            int j = i;
            b[j] = a[j] * w[j] - x[j];
        }
        for (int i = 0; i < n; i++)
        {
            int j = i;
            b[j] += a[j] * s;
        }
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            int j = i;
            sum += b[j] * b[j];
        }
        double dot = 0;
        for (int i = 0; i < n; i++)
        {
            int j = i;
            dot += w[j] * x[j];
        }
        return sum + dot * 0.75;
    }

    /// <summary>
    /// Double buffering through views (issue 14: u and v swap) beside a buffer of its own: the loop between the views stays
    /// scalar, the loops on h (from a view, into the buffer) run as vector calls (19 elements: vector and tail paths).
    /// </summary>
    [Differentiable]
    public static double Views(ReadOnlySpan<double> x, double s, int steps)
    {
        Span<double> u = stackalloc double[19];
        Span<double> v = stackalloc double[19];
        Span<double> h = stackalloc double[19];
        x.Slice(0, 19).CopyTo(u);
        for (int t = 0; t < steps; t++)
        {
            for (int k = 0; k < 19; k++) v[k] = u[k] * s + x[k];
            Span<double> swap = u;
            u = v;
            v = swap;
        }
        for (int k = 0; k < 19; k++) h[k] = u[k] * u[k];
        double r = 0;
        for (int k = 0; k < 19; k++) r += h[k];
        return r;
    }
}
