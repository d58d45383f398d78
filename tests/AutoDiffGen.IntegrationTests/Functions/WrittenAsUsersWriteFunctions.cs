using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>The option type of <see cref="WrittenAsUsersWriteFunctions.BlackScholes"/>: a constant of enum type.</summary>
public enum OptionType
{
    Call,
    Put,
}

/// <summary>
/// C# as users write it (issue 14): assignments and increments inside expressions, enums, span locals made from
/// values, in-out span outputs, selections next to infinite derivatives, reassigned span locals, local functions.
/// </summary>
public static partial class WrittenAsUsersWriteFunctions
{
    /// <summary>x^n by counting down: <c>while (n-- &gt; 0)</c>.</summary>
    [Differentiable]
    public static double PowerByCountdown(double x, int n)
    {
        double r = 1;
        while (n-- > 0) r *= x;
        return r;
    }

    /// <summary>C++-style increments and assignments inside expressions, in C#'s evaluation order.</summary>
    [Differentiable]
    public static double SideEffects(double x, double y, ReadOnlySpan<double> a)
    {
        double s = 0;
        int i = 0;
        while (i < a.Length) s += a[i++] * x;
        double t;
        double u = (t = x * y) + 1;
        int k = 0;
        if (k++ < 1) u += t * k;
        Span<double> buf = stackalloc double[2];
        buf[0] = y;
        double v = ++buf[0] * x;
        double w = buf[0]++ + buf[0] * buf[1]++;
        for (int j = 0; j < 3; s += x * j++) u *= 0.5;
        x += (x = 2 * y) * x;
        int m = 3;
        do s += y * m; while (--m > 0 && (t = t * 0.5) > 0.01);
        return s + u + v + w + x + t + buf[1];
    }

    /// <summary>The value of the standard normal distribution function, with a copied erf (Abramowitz and Stegun 7.1.26).</summary>
    [Differentiable]
    public static double NormalCdf(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));

    [Differentiable]
    public static double Erf(double x)
    {
        double sign = x < 0 ? -1 : 1;
        x = Math.Abs(x);
        double t = 1 / (1 + 0.3275911 * x);
        double y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return sign * y;
    }

    /// <summary>Black–Scholes price of a European option whose type is an enum: a switch statement and comparisons on it.</summary>
    [Differentiable]
    public static double BlackScholes(double s, double k, double r, double sigma, double t, OptionType type)
    {
        double sqrtT = Math.Sqrt(t);
        double d1 = (Math.Log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
        double d2 = d1 - sigma * sqrtT;
        OptionType kind = type;
        double discount = k * Math.Exp(-r * t);
        switch (kind)
        {
            case OptionType.Call:
                return s * NormalCdf(d1) - discount * NormalCdf(d2);
            case OptionType.Put:
                return discount * NormalCdf(-d2) - s * NormalCdf(-d1);
            default:
                throw new ArgumentOutOfRangeException(nameof(type));
        }
    }

    /// <summary>Enum comparisons, a switch expression on an enum, an enum local reassigned, and a string constant.</summary>
    [Differentiable]
    public static double EnumSelections(double x, OptionType type, string mode)
    {
        OptionType other = type == OptionType.Call ? OptionType.Put : OptionType.Call;
        double scale = other switch
        {
            OptionType.Call => 2.0,
            OptionType.Put => -1.5,
            _ => 0.0,
        };
        if (type != OptionType.Put && mode == "square") x = x * x;
        other = OptionType.Call;
        return scale * x + (other == type ? Math.Sin(x) : Math.Cos(x));
    }

    /// <summary>Span locals made from values, local arrays, foreach over them, element compound assignments and increments.</summary>
    [Differentiable]
    public static double SpanLocalsFromValues(double x, double y, int n)
    {
        Span<double> a = stackalloc double[] { y, x * y, x * x + y };
        Span<double> b = stackalloc[] { x, 2.0 };
        Span<double> c = [x, y, .. b];
        ReadOnlySpan<double> r = [x * 0.5, y];
        double[] d = new double[n];
        double[] e = { 1.0, x, y };
        double[] f = [x, x * y];
        double s = 0;
        foreach (double v in a) s += v * v;
        foreach (var v in c) s += Math.Sin(v);
        for (int i = 0; i < d.Length; i++) d[i] = i * x;
        d[n - 1] += y;
        d[0]++;
        e[1] *= e[2];
        f[0]--;
        b[1] -= x;
        for (int k = 0; k < 3; k++)
        {
            double[] t = new double[2];
            t[k % 2] += x * k;
            Span<double> u = [t[0], t[1] + y];
            s += u[0] * u[1];
        }
        foreach (double v in d) s += v;
        return s + e[1] + f[0] + r[0] * r[1] + b[1] + c[3];
    }

    /// <summary>ADBench's Qtimesx as ADBench writes it: the output filled up to an int, then updated with +=.</summary>
    [Differentiable]
    public static void Qtimesx(int d, ReadOnlySpan<double> qdiag, ReadOnlySpan<double> ltri, ReadOnlySpan<double> x, Span<double> output)
    {
        for (int id = 0; id < d; id++) output[id] = qdiag[id] * x[id];
        int lparamsidx = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = i + 1; j < d; j++)
            {
                output[j] += ltri[lparamsidx] * x[i];
                lparamsidx++;
            }
        }
    }

    /// <summary>Forward substitution L y = b: reads y[j], j &lt; i, in the loop that writes y[i].</summary>
    [Differentiable]
    public static void ForwardSubstitution(ReadOnlySpan<double> l, ReadOnlySpan<double> b, Span<double> y)
    {
        int n = b.Length;
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int j = 0; j < i; j++) s -= l[i * n + j] * y[j];
            y[i] = s / l[i * n + i];
        }
    }

    /// <summary>A conditional write with no else: the elements not written keep their incoming contents.</summary>
    [Differentiable]
    public static void ConditionalWrite(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            if (x[i] > 0) y[i] = x[i] * x[i];
        }
    }

    /// <summary>An output updated in place.</summary>
    [Differentiable]
    public static void Accumulate(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] += a * Math.Sin(x[i]) * y[i];
    }

    /// <summary>A caller of in-out callees: what the spans held before each call flows back through them.</summary>
    [Differentiable]
    public static double InOutCaller(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> lower)
    {
        Span<double> y = stackalloc double[3];
        for (int i = 0; i < 3; i++) y[i] = p[i] * p[i];
        ConditionalWrite(p.Slice(3, 3), y);
        Accumulate(p.Slice(0, 3), p[6], y);
        Span<double> q = stackalloc double[3];
        Qtimesx(3, p.Slice(7, 3), p.Slice(10, 3), y, q);
        Span<double> z = stackalloc double[3];
        ForwardSubstitution(lower, q, z);
        double s = 0;
        for (int i = 0; i < 3; i++) s += z[i] * z[i] + y[i];
        ConditionalWrite(p.Slice(0, 3), z);
        return s + z[0] * z[2];
    }

    [Differentiable]
    public static void Square(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = x[i] * x[i];
    }

    /// <summary>Two slices of one buffer as input and output of one call, disjoint when <paramref name="offset"/> ≥ 4.</summary>
    [Differentiable]
    public static double SlicesOfOneBuffer(ReadOnlySpan<double> p, int offset)
    {
        Span<double> buf = stackalloc double[8];
        for (int i = 0; i < 4; i++) buf[i] = p[i];
        Square(buf.Slice(0, 4), buf.Slice(offset, 4));
        double s = 0;
        for (int i = 0; i < 8; i++) s += buf[i] * (i + 1);
        return s;
    }

    /// <summary>
    /// An explicit heat equation, double-buffered: the two arrays swap with a tuple each time step (C# has no tuples
    /// of spans; span locals swap through a temporary, as in <see cref="HeatTemporary"/>).
    /// </summary>
    [Differentiable]
    public static double HeatTuple(ReadOnlySpan<double> initial, double alpha, int steps)
    {
        int n = initial.Length;
        double[] u = new double[n];
        double[] uNext = new double[n];
        initial.CopyTo(u);
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < n; i++)
            {
                double left = u[(i + n - 1) % n], right = u[(i + 1) % n];
                uNext[i] = u[i] + alpha * (left - 2 * u[i] + right);
            }
            (u, uNext) = (uNext, u);
        }
        double s = 0;
        for (int i = 0; i < n; i++) s += u[i] * u[i] * (i + 1);
        return s;
    }

    /// <summary>The same with span locals swapped through a temporary, then a span local re-pointed at a slice.</summary>
    [Differentiable]
    public static double HeatTemporary(ReadOnlySpan<double> initial, double alpha, int steps)
    {
        int n = initial.Length;
        Span<double> a = stackalloc double[n];
        Span<double> b = stackalloc double[n];
        Span<double> u = a;
        Span<double> v = b;
        initial.CopyTo(u);
        for (int t = 0; t < steps; t++)
        {
            for (int i = 1; i < n - 1; i++) v[i] = u[i] + alpha * (u[i - 1] - 2 * u[i] + u[i + 1]);
            v[0] = u[0];
            v[n - 1] = u[n - 1];
            Span<double> swap = u;
            u = v;
            v = swap;
        }
        Span<double> view = u;
        double s = view[0];
        view = view.Slice(1, n - 2);
        foreach (double x in view) s += Math.Sin(x);
        view = a;
        return s + view[n - 1] * b[0];
    }

    /// <summary>A helper whose body allocates a local array: its callers' generated code calls its allocation-free copy.</summary>
    [Differentiable]
    public static double WithLocalArray(double p)
    {
        double[] t = new double[2];
        t[0] = p * p;
        t[1] = Math.Sin(p);
        return t[0] + t[1];
    }

    /// <summary>Calls <see cref="WithLocalArray"/>: allocates in its original form, through its callee.</summary>
    [Differentiable]
    public static double CallsWithLocalArray(double p) => WithLocalArray(p) * 2;

    /// <summary>Calls a method that calls one with a local array.</summary>
    [Differentiable]
    public static double CallsCallerOfLocalArray(double p) => Math.Exp(CallsWithLocalArray(p) * 0.1);

    /// <summary>
    /// <c>y[j] += c * y[i]</c> with j running over i too: y[i] is y[j] itself once per row, so the update's derivative
    /// must be taken at the value before the write (found by the mutation fuzzer: <c>j = i + 1</c> mutated to <c>j = i % 1</c>).
    /// </summary>
    [Differentiable]
    public static void UpdateReadingItsOwnSpan(ReadOnlySpan<double> u, Span<double> y)
    {
        for (int k = 0; k < y.Length; k++) y[k] = u[k] * 1.5;
        for (int i = 0; i < y.Length; i++)
        {
            for (int j = 0; j < y.Length; j++) y[j] += 0.25 * u[(i + j) % u.Length] * y[i];
        }
    }

    /// <summary>
    /// foreach over a span local that the body swaps with another: C# evaluates the collection once, so the loop runs over
    /// where it pointed when it began (found by the fuzzer: the loop read the swapped-in buffer).
    /// </summary>
    [Differentiable]
    public static double SwapWhileIterating(double x, double y)
    {
        Span<double> a = [x, x * y, y];
        Span<double> b = [y * y, 1.0, x];
        double s = 0;
        foreach (double e in a)
        {
            Span<double> t = a;
            a = b;
            b = t;
            s += e * a[0] + Math.Sin(e);
        }
        return s + a[1] * b[2];
    }

    /// <summary>
    /// Buffers swapped once, outside any loop, the one written read through the other's name afterwards (found by the
    /// fuzzer: liveness did not see the write as useful, and its derivative was dropped).
    /// </summary>
    [Differentiable]
    public static double SwapOnce(double a)
    {
        Span<double> b0 = stackalloc double[2];
        Span<double> b1 = [0.0, 0.25];
        b1[0] -= Math.Tanh(0.7 * a + 0.1);
        {
            Span<double> sw = b0;
            b0 = b1;
            b1 = sw;
        }
        return b0[0] * a;
    }

    /// <summary>Local functions, static or capturing nothing, calling each other.</summary>
    [Differentiable]
    public static double WithLocalFunctions(double x, ReadOnlySpan<double> w)
    {
        static double Sq(double v) => v * v;
        double Poly(double v, ReadOnlySpan<double> c)
        {
            double r = 0;
            foreach (double ci in c) r = r * v + Sq(ci);
            return r;
        }
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += Sq(w[i] - x);
        return s + Poly(x, w) + Sq(Math.Sin(x));
    }

    /// <summary>
    /// Local functions as ported C code has them: an index helper returning int, a span output written in full, an in-out
    /// span output, recursion, a local array, a local function inside a local function.
    /// </summary>
    [Differentiable]
    public static double LocalFunctionsWithOutputs(ReadOnlySpan<double> m, ReadOnlySpan<double> x)
    {
        static int At(int r, int c, int cols) => r * cols + c;
        static void MatVec(ReadOnlySpan<double> a, ReadOnlySpan<double> v, Span<double> y)
        {
            for (int r = 0; r < y.Length; r++)
            {
                double s = 0;
                for (int c = 0; c < v.Length; c++) s += a[At(r, c, v.Length)] * v[c];
                y[r] = s;
            }
        }
        static void AddScaled(Span<double> acc, ReadOnlySpan<double> v, double k)
        {
            for (int i = 0; i < acc.Length; i++) acc[i] += k * v[i];
        }
        static double PowInt(double b, int e) => e == 0 ? 1 : b * PowInt(b, e - 1);
        static double SumOfSquares(ReadOnlySpan<double> v)
        {
            double[] t = new double[v.Length];
            for (int i = 0; i < v.Length; i++) t[i] = v[i] * v[i];
            double s = 0;
            foreach (double ti in t) s += ti;
            return s;
        }
        static double SoftSign(double v)
        {
            static double Den(double w) => 1 + Math.Abs(w);
            return v / Den(v);
        }
        Span<double> y = stackalloc double[x.Length];
        MatVec(m, x, y);
        AddScaled(y, x, 0.5);
        double total = 0;
        for (int i = 0; i < y.Length; i++) total += PowInt(y[i], 3) + SoftSign(y[i]);
        return total + SumOfSquares(y);
    }

    /// <summary>Calls a method whose local function allocates: its gradient allocates nothing all the same.</summary>
    [Differentiable]
    public static double CallsLocalFunctionsWithOutputs(ReadOnlySpan<double> m, ReadOnlySpan<double> x) => Math.Tanh(0.1 * LocalFunctionsWithOutputs(m, x));

    /// <summary>Two overloads with a local function of the same name, and two local functions of one name in sibling blocks.</summary>
    [Differentiable]
    public static double SameLocalNames(double x)
    {
        static double Sq(double v) => v * v;
        return Sq(x) + 1;
    }

    /// <inheritdoc cref="SameLocalNames(double)"/>
    [Differentiable]
    public static double SameLocalNames(double x, bool cube)
    {
        if (cube)
        {
            static double Sq(double v) => v * v * v;
            return Sq(x);
        }
        else
        {
            static double Sq(double v) => v * v;
            return Sq(x);
        }
    }

    /// <summary>Local functions in single precision.</summary>
    [Differentiable]
    public static float LocalFunctionsSingle(float x, ReadOnlySpan<float> w)
    {
        static float Cube(float v) => v * v * v;
        float s = 0;
        foreach (float wi in w) s += Cube(wi * x);
        return s + MathF.Sin(Cube(x));
    }
}

/// <summary>An instance method with a static local function; the field it reads is a constant passed as an argument.</summary>
public partial class LocalFunctionsOnInstances
{
    private readonly double _scale;

    public LocalFunctionsOnInstances(double scale) => _scale = scale;

    [Differentiable]
    public double Energy(ReadOnlySpan<double> q)
    {
        static double Spring(double a, double b, double k) => 0.5 * k * (a - b) * (a - b);
        double e = 0;
        for (int i = 1; i < q.Length; i++) e += Spring(q[i], q[i - 1], _scale);
        return e;
    }
}
