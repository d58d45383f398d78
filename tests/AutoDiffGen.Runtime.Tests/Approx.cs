using System;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>Tolerance checks with messages that show both values.</summary>
public static class Approx
{
    /// <summary>|actual − expected| ≤ rel·|expected| + abs; NaN only matches NaN, infinities match exactly.</summary>
    public static void Equal(double expected, double actual, double rel, double abs = 0, string? context = null)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"{context}: expected NaN, got {actual:R}");
            return;
        }
        if (double.IsInfinity(expected))
        {
            Assert.True(expected == actual, $"{context}: expected {expected}, got {actual:R}");
            return;
        }
        double error = Math.Abs(actual - expected);
        Assert.True(error <= rel * Math.Abs(expected) + abs,
            $"{context}: expected {expected:R}, got {actual:R} (error {error:E2}, allowed {rel * Math.Abs(expected) + abs:E2})");
    }

    public static void Passed(GradientCheckResult result, string? context = null) => Assert.True(result.Passed, $"{context}: {result}");
}

/// <summary>
/// The runtime tests' finite-difference checks: <see cref="GradientCheck"/> with tolerances far below PyTorch's defaults
/// (the fourth-order differences are accurate to about 1e-10 here), so a wrong derivative cannot hide under them.
/// </summary>
public static class Fd
{
    public const double Atol = 1e-8;
    public const double Rtol = 1e-6;

    public static GradientCheckResult Compare(ScalarFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> analytic)
        => GradientCheck.Compare(f, x, analytic, atol: Atol, rtol: Rtol);

    public static GradientCheckResult Compare(ScalarFunctionSingle f, ReadOnlySpan<float> x, ReadOnlySpan<float> analytic)
        => GradientCheck.Compare(f, x, analytic);
}
