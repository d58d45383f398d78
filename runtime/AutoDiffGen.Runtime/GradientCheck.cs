using System;

namespace AutoDiffGen;

/// <summary>A scalar function of a vector of doubles, the form <see cref="GradientCheck"/> differentiates numerically.</summary>
public delegate double ScalarFunction(ReadOnlySpan<double> x);

/// <summary>A scalar function of a vector of floats.</summary>
public delegate float ScalarFunctionSingle(ReadOnlySpan<float> x);

/// <summary>
/// Compares a gradient with finite differences, like <c>torch.autograd.gradcheck</c>.
/// Each component is estimated with the fourth-order central difference
/// <c>∂f/∂xᵢ ≈ (−f(x+2h) + 8 f(x+h) − 8 f(x−h) + f(x−2h)) / 12h</c>, with <c>h = step · max(1, |xᵢ|)</c>,
/// and compared with the error measure <c>|analytic − numeric| / max(1, |analytic|, |numeric|)</c>
/// (relative for large components, absolute for small ones).
/// </summary>
public static class GradientCheck
{
    /// <summary>Default step for double-precision functions.</summary>
    public const double DefaultStep = 1e-4;

    /// <summary>Default step for single-precision functions (float rounding needs a wider stencil).</summary>
    public const double DefaultStepSingle = 1e-2;

    /// <summary>Estimates the gradient of <paramref name="f"/> at <paramref name="x"/> by central differences.</summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point (not modified).</param>
    /// <param name="gradient">Receives ∂f/∂xᵢ; same length as <paramref name="x"/>.</param>
    /// <param name="step">Relative step <c>h / max(1, |xᵢ|)</c>.</param>
    public static void Numeric(ScalarFunction f, ReadOnlySpan<double> x, Span<double> gradient, double step = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (gradient.Length != x.Length) throw new ArgumentException("gradient must have the length of x.", nameof(gradient));
        double[] point = x.ToArray();
        for (int i = 0; i < point.Length; i++)
        {
            double xi = point[i];
            double h = step * Math.Max(1.0, Math.Abs(xi));
            point[i] = xi + 2 * h; double f2 = f(point);
            point[i] = xi + h; double f1 = f(point);
            point[i] = xi - h; double fm1 = f(point);
            point[i] = xi - 2 * h; double fm2 = f(point);
            point[i] = xi;
            gradient[i] = (-f2 + 8 * f1 - 8 * fm1 + fm2) / (12 * h);
        }
    }

    /// <summary>Estimates the gradient of a single-precision function; differences are taken in double.</summary>
    public static void Numeric(ScalarFunctionSingle f, ReadOnlySpan<float> x, Span<double> gradient, double step = DefaultStepSingle)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (gradient.Length != x.Length) throw new ArgumentException("gradient must have the length of x.", nameof(gradient));
        float[] point = x.ToArray();
        for (int i = 0; i < point.Length; i++)
        {
            float xi = point[i];
            float h = (float)(step * Math.Max(1.0, Math.Abs(xi)));
            // The step actually taken after float rounding, so the quotient uses the true spacing.
            double hUp = (double)(xi + h) - xi;
            double hDown = xi - (double)(xi - h);
            point[i] = xi + 2 * h; double f2 = f(point);
            point[i] = xi + h; double f1 = f(point);
            point[i] = xi - h; double fm1 = f(point);
            point[i] = xi - 2 * h; double fm2 = f(point);
            point[i] = xi;
            double hm = 0.5 * (hUp + hDown);
            gradient[i] = (-f2 + 8 * f1 - 8 * fm1 + fm2) / (12 * hm);
        }
    }

    /// <summary>Compares <paramref name="analytic"/> with the finite-difference gradient of <paramref name="f"/> at <paramref name="x"/>.</summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="analytic">The gradient to check (e.g. from a generated <c>{Name}Gradient</c>).</param>
    /// <param name="tolerance">Largest accepted error <c>|a − n| / max(1, |a|, |n|)</c>.</param>
    /// <param name="step">Relative finite-difference step.</param>
    public static GradientCheckResult Compare(ScalarFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> analytic,
        double tolerance = 1e-6, double step = DefaultStep)
    {
        double[] numeric = new double[x.Length];
        Numeric(f, x, numeric, step);
        return Evaluate(analytic, numeric, tolerance);
    }

    /// <summary>Compares a single-precision gradient with finite differences of <paramref name="f"/>.</summary>
    public static GradientCheckResult Compare(ScalarFunctionSingle f, ReadOnlySpan<float> x, ReadOnlySpan<float> analytic,
        double tolerance = 2e-3, double step = DefaultStepSingle)
    {
        double[] numeric = new double[x.Length];
        Numeric(f, x, numeric, step);
        double[] a = new double[analytic.Length];
        for (int i = 0; i < a.Length; i++) a[i] = analytic[i];
        return Evaluate(a, numeric, tolerance);
    }

    /// <summary>Compares two gradients component by component and reports the worst one.</summary>
    public static GradientCheckResult Evaluate(ReadOnlySpan<double> analytic, ReadOnlySpan<double> numeric, double tolerance)
    {
        if (analytic.Length != numeric.Length) throw new ArgumentException("analytic and numeric must have the same length.", nameof(numeric));
        int worst = -1;
        double worstError = 0;
        for (int i = 0; i < analytic.Length; i++)
        {
            double a = analytic[i], n = numeric[i];
            double error;
            if (double.IsNaN(a) || double.IsNaN(n)) error = double.IsNaN(a) && double.IsNaN(n) ? 0 : double.PositiveInfinity;
            else if (a == n) error = 0; // covers equal infinities
            else error = Math.Abs(a - n) / Math.Max(1.0, Math.Max(Math.Abs(a), Math.Abs(n)));
            if (worst < 0 || error > worstError || double.IsNaN(error))
            {
                worst = i;
                worstError = error;
            }
        }
        return worst < 0
            ? new GradientCheckResult(true, -1, 0, 0, 0, tolerance)
            : new GradientCheckResult(worstError <= tolerance, worst, worstError, analytic[worst], numeric[worst], tolerance);
    }
}

/// <summary>The outcome of a <see cref="GradientCheck"/> comparison: whether it passed and its worst component.</summary>
/// <param name="Passed">Whether every component's error is within <paramref name="Tolerance"/>.</param>
/// <param name="WorstIndex">Index of the component with the largest error (−1 for an empty gradient).</param>
/// <param name="WorstError">That component's error <c>|a − n| / max(1, |a|, |n|)</c>.</param>
/// <param name="Analytic">The checked gradient's value there.</param>
/// <param name="Numeric">The finite-difference value there.</param>
/// <param name="Tolerance">The tolerance used.</param>
public readonly record struct GradientCheckResult(bool Passed, int WorstIndex, double WorstError, double Analytic, double Numeric, double Tolerance)
{
    /// <inheritdoc />
    public override string ToString() => WorstIndex < 0
        ? "empty gradient"
        : $"{(Passed ? "passed" : "FAILED")}: worst component {WorstIndex}: analytic {Analytic:R}, numeric {Numeric:R}, error {WorstError:E3} (tolerance {Tolerance:E1})";
}
