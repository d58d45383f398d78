using System;
using AutoDiffGen.TestLibrary;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>Loops, spans, scratch buffers, vector outputs and custom derivatives (issue 3's subset).</summary>
public static partial class LoopFunctions
{
    [Differentiable]
    public static double DotLoss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += w[i] * x[i];
        return s * s;
    }

    [Differentiable]
    public static double Halving(double r, double w)
    {
        // The trip count depends on the active value r.
        while (r > 1) r *= 0.5;
        return r * w + r * r;
    }

    [Differentiable]
    public static double DoWhile(double x, int n)
    {
        double y = x;
        int i = 0;
        do
        {
            y = Math.Sin(y) + x * 0.5;
            i++;
        }
        while (i < n);
        return y;
    }

    [Differentiable]
    public static double ForEachSpan(ReadOnlySpan<double> w)
    {
        double product = 1;
        foreach (double v in w) product *= 1 + v * v;
        return Math.Log(product);
    }

    [Differentiable]
    public static double ForEachArray(double[] w)
    {
        double s = 0;
        foreach (double v in w) s += Math.Exp(-v * v);
        return s;
    }

    [Differentiable]
    public static double MatVec(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, int rows, int columns)
    {
        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            double a = 0;
            for (int c = 0; c < columns; c++) a += w[r * columns + c] * x[c];
            loss += Math.Tanh(a) * (r + 1);
        }
        return loss;
    }

    [Differentiable]
    public static double CyclicNeighbours(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        double s = 0;
        for (int k = 0; k < n; k++) s += x[k] * x[(k + 1) % n] - Math.Cos(x[(k + 2) % n]);
        return s;
    }

    [Differentiable]
    public static double BreakEarly(ReadOnlySpan<double> w, double limit)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * w[i] * limit;
            if (s > limit) break;
        }
        return s;
    }

    [Differentiable]
    public static double ContinueSkips(ReadOnlySpan<double> w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] < 0) continue;
            s += Math.Sqrt(w[i] + 1) * i;
        }
        return s;
    }

    [Differentiable]
    public static double ReturnFromLoop(ReadOnlySpan<double> w, double threshold)
    {
        double p = 1;
        for (int i = 0; i < w.Length; i++)
        {
            p *= w[i];
            if (Math.Abs(p) < threshold) return p * threshold;
        }
        return p + threshold;
    }

    [Differentiable]
    public static double NestedBreakContinue(ReadOnlySpan<double> w, int rows)
    {
        int columns = w.Length / rows;
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            double rowSum = 0;
            for (int c = 0; c < columns; c++)
            {
                double v = w[r * columns + c];
                if (v < -1.5) continue;
                rowSum += v * v;
                if (rowSum > 3) break;
            }
            total += Math.Sqrt(rowSum + 1);
        }
        return total;
    }

    [Differentiable]
    public static double NonCanonicalLoop(ReadOnlySpan<double> w)
    {
        double s = 0;
        int i = 0;
        while (i * i < w.Length * 4)
        {
            s = s * 0.9 + w[i % w.Length] * (i + 1);
            i += 2;
        }
        return s * s;
    }

    [Differentiable]
    public static double LongCounterStep(ReadOnlySpan<double> w)
    {
        double s = 0;
        for (long i = w.Length - 1; i >= 0; i -= 2) s = s * w[(int)i] + 1;
        return s;
    }

    [Differentiable]
    public static double ScalarRnn(double w, double u, [NoDerivative] ReadOnlySpan<double> xs)
    {
        double h = 0;
        for (int t = 0; t < xs.Length; t++) h = Math.Tanh(w * h + u * xs[t]);
        return h;
    }

    [Differentiable]
    public static double ScratchReuse(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        int n = x.Length;
        Span<double> h = stackalloc double[n];
        for (int i = 0; i < n; i++) h[i] = Math.Tanh(w[i] * x[i]);
        double first = 0;
        for (int i = 0; i < n; i++) first += h[i] * h[(i + 1) % n];
        // The same scratch, reused for a second purpose.
        for (int i = 0; i < n; i++) h[i] = h[i] * w[(i + 2) % n] + first;
        double second = 0;
        for (int i = 0; i < n; i++) second += h[i] * h[i];
        return second;
    }

    [Differentiable]
    public static void Dense(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y)
    {
        int inputs = x.Length;
        for (int r = 0; r < y.Length; r++)
        {
            double a = b[r];
            for (int c = 0; c < inputs; c++) a += w[r * inputs + c] * x[c];
            y[r] = a;
        }
    }

    [Differentiable]
    public static void TanhInPlaceCopy(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = Math.Tanh(x[i]);
    }

    /// <summary>A 4-8-8-1 MLP whose activations live in stackalloc scratch; layers are calls with span outputs.</summary>
    [Differentiable]
    public static double MlpLoss(ReadOnlySpan<double> parameters, [NoDerivative] ReadOnlySpan<double> input, double target)
    {
        ReadOnlySpan<double> w1 = parameters.Slice(0, 32);
        ReadOnlySpan<double> b1 = parameters.Slice(32, 8);
        ReadOnlySpan<double> w2 = parameters.Slice(40, 64);
        ReadOnlySpan<double> b2 = parameters.Slice(104, 8);
        Span<double> z = stackalloc double[8];
        Span<double> h = stackalloc double[8];
        Dense(w1, b1, input, z);
        TanhInPlaceCopy(z, h);
        // z is reused as the second layer's pre-activation, h as its activation.
        Dense(w2, b2, h, z);
        LibraryFunctions.TanhLayer(z, h);
        double output = parameters[112];
        for (int i = 0; i < 8; i++) output += parameters[113 + i] * h[i];
        double error = output - target;
        return 0.5 * error * error;
    }

    [Differentiable]
    public static double SlicedCalls(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
    {
        int half = w.Length / 2;
        return LibraryFunctions.WeightedSquares(w.Slice(0, half), x.Slice(half, half)) + LibraryFunctions.WeightedSquares(w.Slice(half), x.Slice(0, w.Length - half));
    }

    [Differentiable]
    public static double FillAndCopy(ReadOnlySpan<double> w, double c)
    {
        Span<double> a = stackalloc double[w.Length];
        Span<double> b = stackalloc double[w.Length];
        a.Fill(c * c);
        w.CopyTo(b);
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += a[i] * b[i] + Math.Sin(b[i]);
        b.Clear();
        a.Slice(1).CopyTo(b.Slice(0, w.Length - 1));
        for (int i = 0; i < w.Length; i++) s += b[i] * w[i];
        return s;
    }

    [Differentiable]
    public static double CustomDerivatives(double x, ReadOnlySpan<double> w)
    {
        double s = LibraryFunctions.Cube(x) + SmoothStep(x);
        for (int i = 0; i < w.Length; i++) s += SmoothStep(w[i] * x);
        return s;
    }

    /// <summary>3t² − 2t³ clamped to [0, 1]; its derivative is hand-written.</summary>
    public static double SmoothStep(double t)
    {
        double c = Math.Clamp(t, 0, 1);
        return c * c * (3 - 2 * c);
    }

    /// <summary>d/dt: 6c(1 − c) inside [0, 1], 0 outside.</summary>
    [DerivativeOf(nameof(SmoothStep))]
    public static double SmoothStepBackward(double t, double seed, ref double dT)
    {
        double c = Math.Clamp(t, 0, 1);
        if (t > 0 && t < 1) dT += seed * 6 * c * (1 - c);
        return c * c * (3 - 2 * c);
    }
}
