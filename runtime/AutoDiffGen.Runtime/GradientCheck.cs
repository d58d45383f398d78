using System;
using System.ComponentModel;
using System.Globalization;

namespace AutoDiffGen;

/// <summary>A scalar function of a vector of doubles, the form <see cref="GradientCheck"/> differentiates numerically.</summary>
public delegate double ScalarFunction(ReadOnlySpan<double> x);

/// <summary>A scalar function of a vector of floats.</summary>
public delegate float ScalarFunctionSingle(ReadOnlySpan<float> x);

/// <summary>
/// Compares a gradient with finite differences, like <c>torch.autograd.gradcheck</c>.
/// Each component is estimated with the fourth-order central difference
/// <c>∂f/∂xᵢ ≈ (−f(x+2h) + 8 f(x+h) − 8 f(x−h) + f(x−2h)) / 12h</c>, with <c>h = step · max(1, |xᵢ|)</c>,
/// and compared per component with <c>|analytic − numeric| ≤ atol + rtol · |numeric|</c>, PyTorch's test and defaults
/// (atol 1e-5, rtol 1e-3), both settable.
/// </summary>
public static class GradientCheck
{
    /// <summary>Default step for double-precision functions.</summary>
    public const double DefaultStep = 1e-4;

    /// <summary>Default step for single-precision functions (float rounding needs a wider stencil).</summary>
    public const double DefaultStepSingle = 1e-2;

    /// <summary>Default absolute tolerance for double, PyTorch's <c>gradcheck</c> <c>atol</c>.</summary>
    public const double DefaultAbsoluteTolerance = 1e-5;

    /// <summary>Default relative tolerance for double, PyTorch's <c>gradcheck</c> <c>rtol</c>.</summary>
    public const double DefaultRelativeTolerance = 1e-3;

    /// <summary>Default absolute and relative tolerance for single-precision functions.</summary>
    public const double DefaultToleranceSingle = 2e-3;

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

    /// <summary>
    /// Compares <paramref name="analytic"/> with the finite-difference gradient of <paramref name="f"/> at <paramref name="x"/>:
    /// every component must satisfy <c>|a − n| ≤ atol + rtol · |n|</c> (<c>torch.autograd.gradcheck</c>'s test; NaN only
    /// matches NaN, infinities match exactly).
    /// </summary>
    /// <remarks>
    /// The absolute tolerance decides how small a gradient is still checked: with the default 1e-5, components below it pass
    /// whatever their value. To check a vanishing gradient (say 1e-18 in the first layer of a deep sigmoid network), pass an
    /// <paramref name="atol"/> below its size; the finite differences themselves are accurate to about
    /// <c>1e-12 · max(1, |f|)</c> in double, so this works where <c>f</c> itself is of the gradient's scale.
    /// </remarks>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="analytic">The gradient to check (e.g. from a generated <c>{Name}Gradient</c>).</param>
    /// <param name="atol">Absolute tolerance (default 1e-5, PyTorch's gradcheck).</param>
    /// <param name="rtol">Relative tolerance, a fraction of |numeric| (default 1e-3, PyTorch's gradcheck).</param>
    /// <param name="step">Relative finite-difference step.</param>
    public static GradientCheckResult Compare(ScalarFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> analytic,
        double atol = DefaultAbsoluteTolerance, double rtol = DefaultRelativeTolerance, double step = DefaultStep)
    {
        double[] numeric = new double[x.Length];
        Numeric(f, x, numeric, step);
        return Evaluate(analytic, numeric, atol, rtol);
    }

    /// <summary>
    /// Compares a single-precision gradient with finite differences of <paramref name="f"/> (taken in double), component by
    /// component with <c>|a − n| ≤ atol + rtol · |n|</c>; the defaults (2e-3 both) allow for float rounding in f and in the gradient.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="analytic">The gradient to check.</param>
    /// <param name="atol">Absolute tolerance.</param>
    /// <param name="rtol">Relative tolerance, a fraction of |numeric|.</param>
    /// <param name="step">Relative finite-difference step.</param>
    public static GradientCheckResult Compare(ScalarFunctionSingle f, ReadOnlySpan<float> x, ReadOnlySpan<float> analytic,
        double atol = DefaultToleranceSingle, double rtol = DefaultToleranceSingle, double step = DefaultStepSingle)
    {
        double[] numeric = new double[x.Length];
        Numeric(f, x, numeric, step);
        double[] a = new double[analytic.Length];
        for (int i = 0; i < a.Length; i++) a[i] = analytic[i];
        return Evaluate(a, numeric, atol, rtol);
    }

    /// <summary>The earlier shape with one tolerance: the same test with <c>atol = rtol = tolerance</c>.</summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="analytic">The gradient to check.</param>
    /// <param name="tolerance">Both tolerances.</param>
    /// <param name="step">Relative finite-difference step.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GradientCheckResult Compare(ScalarFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> analytic, double tolerance, double step = DefaultStep)
        => Compare(f, x, analytic, atol: tolerance, rtol: tolerance, step: step);

    /// <inheritdoc cref="Compare(ScalarFunction, ReadOnlySpan{double}, ReadOnlySpan{double}, double, double)"/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GradientCheckResult Compare(ScalarFunctionSingle f, ReadOnlySpan<float> x, ReadOnlySpan<float> analytic, double tolerance, double step = DefaultStepSingle)
        => Compare(f, x, analytic, atol: tolerance, rtol: tolerance, step: step);

    /// <summary>
    /// Compares two gradients component by component with <c>|a − n| ≤ atol + rtol · |n|</c> and reports the component that
    /// exceeds its allowance the most (NaN only matches NaN; equal infinities match).
    /// </summary>
    /// <param name="analytic">The gradient to check.</param>
    /// <param name="numeric">The reference (finite differences).</param>
    /// <param name="atol">Absolute tolerance (≥ 0).</param>
    /// <param name="rtol">Relative tolerance (≥ 0), a fraction of |numeric|.</param>
    public static GradientCheckResult Evaluate(ReadOnlySpan<double> analytic, ReadOnlySpan<double> numeric, double atol, double rtol)
    {
        if (analytic.Length != numeric.Length) throw new ArgumentException("analytic and numeric must have the same length.", nameof(numeric));
        if (!(atol >= 0)) throw new ArgumentOutOfRangeException(nameof(atol), atol, "atol must be a non-negative number.");
        if (!(rtol >= 0)) throw new ArgumentOutOfRangeException(nameof(rtol), rtol, "rtol must be a non-negative number.");
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < analytic.Length; i++)
        {
            double excess = Excess(analytic[i], numeric[i], atol, rtol);
            if (worst < 0 || excess > worstExcess)
            {
                worst = i;
                worstExcess = excess;
            }
        }
        if (worst < 0) return new GradientCheckResult(true, -1, 0, 0, 0, 0, atol, rtol);
        double a = analytic[worst], n = numeric[worst];
        return new GradientCheckResult(worstExcess <= 1, worst, Math.Abs(a - n), atol + rtol * Math.Abs(n), a, n, atol, rtol);
    }

    /// <summary>The earlier shape with one tolerance: <see cref="Evaluate(ReadOnlySpan{double}, ReadOnlySpan{double}, double, double)"/> with <c>atol = rtol = tolerance</c>.</summary>
    /// <param name="analytic">The gradient to check.</param>
    /// <param name="numeric">The reference.</param>
    /// <param name="tolerance">Both tolerances.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GradientCheckResult Evaluate(ReadOnlySpan<double> analytic, ReadOnlySpan<double> numeric, double tolerance)
        => Evaluate(analytic, numeric, tolerance, tolerance);

    // |a − n| / (atol + rtol·|n|): at most 1 passes. Exact agreement is 0 (also for atol = rtol = 0 and equal infinities);
    // a NaN on one side only, or any disagreement with no allowance, is +∞.
    private static double Excess(double a, double n, double atol, double rtol)
    {
        if (double.IsNaN(a) || double.IsNaN(n)) return double.IsNaN(a) && double.IsNaN(n) ? 0 : double.PositiveInfinity;
        if (a == n) return 0;
        double allowed = atol + rtol * Math.Abs(n);
        double error = Math.Abs(a - n);
        return allowed > 0 ? error / allowed : double.PositiveInfinity;
    }
}

/// <summary>The outcome of a <see cref="GradientCheck"/> comparison: whether it passed and its worst component.</summary>
/// <param name="Passed">Whether every component satisfies <c>|a − n| ≤ atol + rtol · |n|</c>.</param>
/// <param name="WorstIndex">Index of the component that exceeds its allowance the most (−1 for an empty gradient).</param>
/// <param name="WorstError">That component's error <c>|a − n|</c>.</param>
/// <param name="Allowed">That component's allowance <c>atol + rtol · |n|</c>.</param>
/// <param name="Analytic">The checked gradient's value there.</param>
/// <param name="Numeric">The finite-difference value there.</param>
/// <param name="AbsoluteTolerance">The atol used.</param>
/// <param name="RelativeTolerance">The rtol used.</param>
public readonly record struct GradientCheckResult(bool Passed, int WorstIndex, double WorstError, double Allowed, double Analytic, double Numeric,
    double AbsoluteTolerance, double RelativeTolerance)
{
    /// <inheritdoc />
    public override string ToString() => WorstIndex < 0
        ? "empty gradient"
        : string.Create(CultureInfo.InvariantCulture,
            $"{(Passed ? "passed" : "FAILED")}: worst component {WorstIndex}: analytic {Analytic:R}, numeric {Numeric:R}, |a − n| = {WorstError:E3}, allowed atol + rtol·|n| = {Allowed:E3} (atol {AbsoluteTolerance:E1}, rtol {RelativeTolerance:E1})");
}
