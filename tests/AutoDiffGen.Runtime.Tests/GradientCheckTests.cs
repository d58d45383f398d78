using System;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>GradientCheck's test is PyTorch's: |a − n| ≤ atol + rtol·|n| per component, with atol and rtol settable.</summary>
public class GradientCheckTests
{
    // A "vanishing network": 20 linear layers of weight 1/8 on one input, so ∂f/∂x = 8⁻²⁰ ≈ 8.7e-19 and f itself is of that
    // scale, where central differences are accurate to ~1e-12 relative.
    private static double Vanishing(ReadOnlySpan<double> p)
    {
        double h = p[0];
        for (int layer = 0; layer < 20; layer++) h *= 0.125;
        return h;
    }

    [Fact]
    public void A_wrong_gradient_of_size_1e_18_fails_once_atol_is_below_its_scale()
    {
        double exact = Math.Pow(0.125, 20);
        double[] x = [0.7];
        Assert.True(GradientCheck.Compare(Vanishing, x, [exact], atol: 0, rtol: 1e-6).Passed);
        GradientCheckResult wrong = GradientCheck.Compare(Vanishing, x, [2 * exact], atol: 1e-30, rtol: 1e-6);
        Assert.False(wrong.Passed);
        Assert.Equal(0, wrong.WorstIndex);
        Assert.Equal(exact, wrong.WorstError, 1e-24);
        // The defaults (PyTorch's atol 1e-5) and the old max(1, |a|, |n|) scale cannot see it: that is what atol is for.
        Assert.True(GradientCheck.Compare(Vanishing, x, [2 * exact]).Passed);
        Assert.True(GradientCheck.Compare(Vanishing, x, [2 * exact], tolerance: 1e-6).Passed);
    }

    [Fact]
    public void Each_component_is_held_to_atol_plus_rtol_times_the_numeric_value()
    {
        double[] numeric = [1000, 1e-3, 0, -5];
        Assert.True(GradientCheck.Evaluate([1000.9, 1e-3, 0, -5], numeric, atol: 0, rtol: 1e-3).Passed);
        Assert.False(GradientCheck.Evaluate([1001.1, 1e-3, 0, -5], numeric, atol: 0, rtol: 1e-3).Passed);
        Assert.True(GradientCheck.Evaluate([1000, 1e-3, 1e-9, -5], numeric, atol: 1e-8, rtol: 0).Passed);
        GradientCheckResult r = GradientCheck.Evaluate([1000, 1e-3, 1e-7, -5], numeric, atol: 1e-8, rtol: 0);
        Assert.False(r.Passed);
        Assert.Equal(2, r.WorstIndex);
        Assert.Equal(1e-8, r.Allowed);
        Assert.Contains("FAILED", r.ToString());
        // NaN only matches NaN; equal infinities match; an infinity against a finite value never does.
        Assert.True(GradientCheck.Evaluate([double.NaN, double.PositiveInfinity], [double.NaN, double.PositiveInfinity], 0, 0).Passed);
        Assert.False(GradientCheck.Evaluate([double.NaN], [1.0], 1, 1).Passed);
        Assert.False(GradientCheck.Evaluate([double.PositiveInfinity], [1.0], 1, 1).Passed);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.Evaluate([1.0], [1.0], -1, 0));
    }

    [Fact]
    public void The_worst_component_is_the_one_furthest_over_its_own_allowance()
    {
        // Component 0 has the larger error but a larger allowance (rtol·|n|); component 1 is the one that fails.
        GradientCheckResult r = GradientCheck.Evaluate([101, 0.02], [100, 0.01], atol: 1e-3, rtol: 0.02);
        Assert.False(r.Passed);
        Assert.Equal(1, r.WorstIndex);
        Assert.Equal(0.01, r.WorstError, 15);
    }

    [Fact]
    public void Defaults_are_PyTorch_gradcheck_tolerances()
    {
        Assert.Equal(1e-5, GradientCheck.DefaultAbsoluteTolerance);
        Assert.Equal(1e-3, GradientCheck.DefaultRelativeTolerance);
        GradientCheckResult r = GradientCheck.Compare(p => p[0] * p[0], [3.0], [6.0]);
        Assert.True(r.Passed);
        Assert.Equal(1e-5, r.AbsoluteTolerance);
        Assert.Equal(1e-3, r.RelativeTolerance);
        Assert.False(GradientCheck.Compare(p => p[0] * p[0], [3.0], [6.1]).Passed);
        Assert.True(GradientCheck.Compare(p => p[0] * p[0], [3.0f], [6.001f]).Passed);
        Assert.False(GradientCheck.Compare(p => p[0] * p[0], [3.0f], [6.1f]).Passed);
    }
}
