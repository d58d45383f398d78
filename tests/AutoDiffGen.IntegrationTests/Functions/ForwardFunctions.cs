using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Functions with every derivative: Tangent, Hessian-vector product, Hessian and Jacobian, over scalar, branch, loop,
/// span and call-heavy code, double and float.
/// </summary>
public static partial class ForwardFunctions
{
    private const Derivatives All = Derivatives.Reverse | Derivatives.Forward | Derivatives.Hessian | Derivatives.Jacobian;

    [Differentiable(All)]
    public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    [Differentiable(All)]
    public static double Transcendental(double x, double y)
    {
        double s = Math.Sin(x);
        double c = Math.Cos(y);
        return s * c + Math.Exp(x * y) / (1 + y * y) + Math.Log(1 + x * x) * Math.Atan2(y, 2 + x) + Math.Pow(1.5 + Math.Tanh(y), x);
    }

    [Differentiable(All)]
    public static double Piecewise(double x, double y)
    {
        if (x < 0) return y * x * x;
        double t = Math.Sin(x);
        if (t > 0.5) t *= y;
        else if (t < -0.5) return -t * y;
        else t += y * y;
        return t * x;
    }

    /// <summary>A trip count that depends on the active values, overwritten in place.</summary>
    [Differentiable(All)]
    public static double Contraction(double x, double y)
    {
        double r = x * x + 1;
        int k = 0;
        while (r > 0.1 && k < 40)
        {
            r = r * (0.6 + 0.2 * Math.Tanh(y)) + 0.01 * x;
            k++;
        }
        return r * y + k;
    }

    /// <summary>A recurrence over a span: values overwritten each step and recorded on the tape.</summary>
    [Differentiable(All)]
    public static double Recurrence(ReadOnlySpan<double> xs, double w, double u, double h0)
    {
        double h = h0;
        for (int t = 0; t < xs.Length; t++)
        {
            h = Math.Tanh(w * h + u * xs[t]) + Square(0.1 * h);
        }
        return h * h;
    }

    /// <summary>
    /// h ← tanh(w·h + u·x[t]) with the previous state kept: the reverse sweep copies overwritten temporaries back from the
    /// states instead of recording them, and H·v differentiates those copies too.
    /// </summary>
    [Differentiable(All)]
    public static double CopiedRecurrence(ReadOnlySpan<double> xs, double w, double u)
    {
        double h = 0.2, prev = 0.1;
        for (int t = 0; t < xs.Length; t++)
        {
            double next = Math.Tanh(w * h + u * xs[t] + 0.5 * prev);
            prev = h;
            h = next;
        }
        return h * prev;
    }

    /// <summary>A layer and a loss through scratch spans, calls of other differentiable methods, break and continue.</summary>
    [Differentiable(All)]
    public static double Network(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> hidden = stackalloc double[3];
        Layer(p.Slice(0, 3 * x.Length), x, hidden);
        double loss = 0;
        for (int i = 0; i < hidden.Length; i++)
        {
            if (hidden[i] > 50) break;
            if (hidden[i] == 0) continue;
            loss += Square(hidden[i] - p[3 * x.Length + i]);
        }
        return loss + Softplus(p[p.Length - 1]);
    }

    /// <summary>A span output: Tangent and Jacobian (a Hessian is of scalar functions only).</summary>
    [Differentiable(Derivatives.Reverse | Derivatives.Forward | Derivatives.Jacobian)]
    public static void Layer(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, Span<double> y)
    {
        for (int o = 0; o < y.Length; o++)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++) s += w[o * x.Length + i] * x[i];
            y[o] = Math.Sin(s) + s * s * 0.1;
        }
    }

    [Differentiable]
    public static double Square(double v) => v * v;

    [Differentiable]
    public static double Softplus(double v) => Math.Log(1 + Math.Exp(v));

    /// <summary>At y = 0 the adjoint of sin(x) is 0 while its derivative along y is not.</summary>
    [Differentiable(Derivatives.Hessian)]
    public static double ZeroAdjoint(double x, double y)
    {
        double s = Math.Sin(x);
        return y * s;
    }

    /// <summary>A method with hand-written derivatives of every kind, and a caller that uses them.</summary>
    public static double Cube(double v) => v * v * v;

    [DerivativeOf(nameof(Cube))]
    public static double CubeBackward(double v, double seed, ref double dV)
    {
        dV += 3 * v * v * seed;
        return v * v * v;
    }

    [DerivativeOf(nameof(Cube), Derivatives.Forward)]
    public static double CubeTangent(double v, double dV, out double dResult)
    {
        dResult = 3 * v * v * dV;
        return v * v * v;
    }

    [DerivativeOf(nameof(Cube), Derivatives.Hessian)]
    public static double CubeBackwardTangent(double v, double seed, ref double dV, double vV, double vSeed, ref double hvV, out double vResult)
    {
        dV += 3 * v * v * seed;
        hvV += 3 * v * v * vSeed + 6 * v * seed * vV;
        vResult = 3 * v * v * vV;
        return v * v * v;
    }

    [Differentiable(All)]
    public static double UsesCustom(double x, double y) => Cube(x * y) + Math.Sin(Cube(x));

    [Differentiable(All)]
    public static float RosenbrockSingle(float x, float y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    [Differentiable(All)]
    public static float TrigSingle(float x, float y) => MathF.Sin(x * y) + MathF.Exp(-x * x) * MathF.Cos(y);
}
