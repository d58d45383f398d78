using System;
using AutoDiffGen.TestLibrary;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>Scalar differentiable functions: one per construct of the supported subset.</summary>
public static partial class ScalarFunctions
{
    private const double Scale = 0.5;
    private static readonly double Offset = 0.25;

    [Differentiable]
    public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    [Differentiable]
    public static double Arithmetic(double a, double b, double c) => -(a + b) * c / (1.5 + b * b) - +a + (a - c) / 3;

    [Differentiable]
    public static double Constants(double x) => Scale * x * x + Offset * x + Math.PI;

    [Differentiable]
    public static double IntegerMix(double x, int n, long m) => x * n + (double)m / (n + 1) * x * x + n / 2;

    [Differentiable]
    public static double Reassign(double x)
    {
        double y = x;
        y = y * y;
        y = y * y + x;
        return y;
    }

    [Differentiable]
    public static double Compound(double x, double z)
    {
        double acc = 1;
        acc += x * z;
        acc -= z;
        acc *= x;
        acc /= 1 + z * z;
        return acc;
    }

    [Differentiable]
    public static double ParameterReassigned(double x, double y)
    {
        x = x * y;
        x += Math.Sin(x);
        y *= x;
        return x + y;
    }

    [Differentiable]
    public static double TanhChain(double x, double w)
    {
        double h = Math.Tanh(w * x);
        h = Math.Tanh(w * h + x);
        return h * h;
    }

    [Differentiable]
    public static double Piecewise(double x)
    {
        if (x < 0) return -x * Math.Exp(x);
        double y = x * x;
        y = y * y;
        return Math.Sqrt(y + 1);
    }

    [Differentiable]
    public static double ElseIfChain(double x, double y)
    {
        double r;
        if (x > 1 && y > 0)
        {
            r = x * y;
        }
        else if (x < -1 || !(y < 1))
        {
            r = x - y * y;
        }
        else
        {
            r = Math.Sin(x) * Math.Cos(y);
        }
        return r * x;
    }

    [Differentiable]
    public static double EarlyReturns(double x, double y)
    {
        double s = x + y;
        if (s > 2)
        {
            if (x > y) return s * x;
            s = s * 0.5;
        }
        else if (s < -2)
        {
            return -s * y;
        }
        return s * s + x;
    }

    [Differentiable]
    public static double Conditional(double x, double y) => x > y ? x * x * y : (y > 0 ? Math.Log(y + 1) * x : x - y);

    [Differentiable]
    public static double Exponentials(double x) => Math.Exp(0.5 * x) + Math.Log(x) + Math.Log(x, 3) + Math.Log2(x) + Math.Log10(x) + double.Exp2(x) + double.Exp10(0.1 * x);

    [Differentiable]
    public static double Roots(double x, double y) => Math.Sqrt(x) * Math.Cbrt(y) + Math.Pow(x, y) + Math.Pow(x, 2.5) + Math.Pow(2, y);

    [Differentiable]
    public static double Trigonometry(double x) => Math.Sin(x) * Math.Cos(2 * x) + Math.Tan(x / 2);

    [Differentiable]
    public static double InverseTrigonometry(double x, double y) => Math.Asin(x) + Math.Acos(x * 0.5) + Math.Atan(x * y) + Math.Atan2(y, x + 2);

    [Differentiable]
    public static double Hyperbolic(double x) => Math.Sinh(x) + Math.Cosh(0.5 * x) + Math.Tanh(2 * x);

    [Differentiable]
    public static double Kinks(double x, double y) => Math.Abs(x) * Math.Max(x, y) + Math.Min(x * y, 1) + Math.Clamp(x + y, -1, 1);

    [Differentiable]
    public static double FusedMultiplyAdd(double a, double b, double c) => Math.FusedMultiplyAdd(a, b * b, c) * a;

    [Differentiable]
    public static double ZeroDerivativeFunctions(double x) => x * Math.Floor(x) + Math.Ceiling(x) + Math.Round(x) * Math.Truncate(x) + Math.Sign(x) * x;

    [Differentiable]
    public static double UnusedNaN(double x)
    {
        double unused = Math.Acos(2.0);
        double alsoUnused = Math.Acos(2 * x + 10);
        return x * x;
    }

    [Differentiable]
    public static double NoDerivativeParameter(double x, [NoDerivative] double k) => k * x * x + Math.Sin(k);

    [Differentiable]
    public static double Helper(double x, double y) => x * Math.Exp(y);

    [Differentiable]
    public static double CallsSameType(double x, double y) => Helper(x * y, y) + Helper(y, 0.5) * x;

    [Differentiable]
    public static double CallsOtherType(double x) => OtherFunctions.Square(x + 1) * OtherFunctions.Square(x);

    [Differentiable]
    public static double CallsOtherAssembly(double x) => LibraryFunctions.SoftPlus(3 * x) + LibraryFunctions.Cube(x);

    [Differentiable]
    public static double CastsBetweenPrecisions(double x)
    {
        float f = (float)x;
        double back = f * 2.0;
        return back * x + (double)(float)(x * 0.5);
    }

    [Differentiable]
    public static double Comparisons(double x, double y)
    {
        bool positive = x >= 0;
        bool close = Math.Abs(x - y) <= 0.1;
        if (positive && !close) return x * y;
        if (!positive || x == y) return x - y;
        return y * y;
    }

    [Differentiable]
    public static double Recursive(double x, int depth) => depth <= 0 ? x : Math.Sin(Recursive(x * 1.1, depth - 1));

    [Differentiable]
    internal static double InternalMethod(double x) => x * x * x;

    [Differentiable]
    private static double PrivateMethod(double x) => Math.Exp(-x * x);

    /// <summary>Exposes the private method's generated gradient to the tests.</summary>
    public static double PrivateMethodGradientForTests(double x, out double dX) => PrivateMethodGradient(x, out dX);

    /// <summary>The private original, for the finite differences.</summary>
    public static double PrivateMethodForTests(double x) => PrivateMethod(x);
}

public static partial class OtherFunctions
{
    [Differentiable]
    public static double Square(double x) => x * x;
}

/// <summary>Values overwritten before any use must not reach the gradient (flow-sensitive activity).</summary>
public static partial class DeadValueFunctions
{
    [Differentiable]
    public static double OverwrittenNaN(double x)
    {
        double y = Math.Acos(2 * x + 10);
        y = x;
        return y * y;
    }

    [Differentiable]
    public static double OverwrittenInLoop(double x, int n)
    {
        double y = 0;
        for (int i = 0; i < n; i++)
        {
            y = Math.Log(x - 100);
            y = x * i;
        }
        return y;
    }
}

/// <summary>A value computed on every run but used only on a branch not taken this time.</summary>
public static partial class PathFunctions
{
    [Differentiable]
    public static double UnusedOnThisPath(double a, double b)
    {
        double v = Math.Sqrt(b);
        double w = v * a;
        if (a > -10.0) return a * a;
        return w;
    }
}
