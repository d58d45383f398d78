using System;
using System.Runtime.Intrinsics;
using AutoDiffGen.Internal;

namespace AutoDiffGen.Runtime.Tests;

public class SpecialFunctionTests
{
    [Fact]
    public void Erf_and_erfc_match_high_precision_values_to_about_1e_15()
    {
        for (int i = 0; i < ActivationReference.ErfPoints.Length; i++)
        {
            double x = ActivationReference.ErfPoints[i];
            Approx.Equal(ActivationReference.Erf[i], ScalarMath.Erf(x), 1.2e-15, 1e-320, $"erf({x:R})");
            Approx.Equal(ActivationReference.Erfc[i], ScalarMath.Erfc(x), 1.2e-15, 1e-320, $"erfc({x:R})");
        }
        Assert.True(double.IsNaN(ScalarMath.Erf(double.NaN)));
        Assert.True(double.IsNaN(ScalarMath.Erfc(double.NaN)));
        Assert.Equal(1.0, ScalarMath.Erf(double.PositiveInfinity));
        Assert.Equal(-1.0, ScalarMath.Erf(double.NegativeInfinity));
        Assert.Equal(0.0, ScalarMath.Erfc(double.PositiveInfinity));
        Assert.Equal(2.0, ScalarMath.Erfc(double.NegativeInfinity));
    }

    [Fact]
    public void Expm1_and_log1p_are_accurate_near_zero_and_at_the_ends()
    {
        foreach (double x in new[] { 1e-300, 1e-20, -1e-12, 1e-5, -0.3, 0.3, 2, -2, 50, -50, 700, -800 })
        {
            // Reference: Taylor series for tiny x, exp − 1 where there is no cancellation.
            double expected = Math.Abs(x) < 1e-4 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1;
            Approx.Equal(expected, ScalarMath.ExpM1(x), 2e-15, 0, $"expm1({x})");
        }
        Assert.Equal(double.PositiveInfinity, ScalarMath.ExpM1(1000));
        Assert.Equal(-1.0, ScalarMath.ExpM1(-1000));
        foreach (double x in new[] { 1e-300, 1e-20, 1e-12, 1e-5, 0.3, 2, 1e10, 1e300 })
        {
            double expected = x < 1e-4 ? x - x * x / 2 + x * x * x / 3 : Math.Log(1 + x);
            Approx.Equal(expected, ScalarMath.Log1P(x), 2e-15, 0, $"log1p({x})");
        }
    }

    [Fact]
    public void Vector_exp_expm1_and_log1p_agree_with_scalar_to_a_few_ulps_at_every_width()
    {
        var rng = new Random(11);
        double[] x = new double[4096];
        for (int i = 0; i < x.Length; i++) x[i] = (rng.NextDouble() * 2 - 1) * Math.Pow(10, rng.Next(-12, 3));
        x[0] = 709.7; x[1] = -745; x[2] = 710; x[3] = -746; x[4] = 0; x[5] = -0.0;
        x[6] = 1000; x[7] = -1000; x[8] = 2000; x[9] = -2000; x[10] = 1e300; x[11] = -1e300; x[12] = -708.5; x[13] = -740;
        CheckWidth<V1<double>>(x);
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) CheckWidth<V256<double>>(x);
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) CheckWidth<V512<double>>(x);
    }

    private static void CheckWidth<TV>(double[] x) where TV : struct, IVec<TV, double, TV>
    {
        double[] e = new double[TV.Count], m = new double[TV.Count], l = new double[TV.Count], a = new double[TV.Count];
        for (int i = 0; i + TV.Count <= x.Length; i += TV.Count)
        {
            TV v = TV.Load(ref x[i], 0);
            TV.Store(VMath.Exp<TV, double, TV>(v), ref e[0], 0);
            TV.Store(VMath.ExpM1<TV, double, TV>(v), ref m[0], 0);
            TV.Store(TV.Abs(v), ref a[0], 0);
            TV.Store(VMath.Log1PNonNegative<TV, double, TV>(TV.Abs(v)), ref l[0], 0);
            for (int k = 0; k < TV.Count; k++)
            {
                double xi = x[i + k];
                string width = typeof(TV).Name;
                Approx.Equal(Math.Exp(xi), e[k], 3e-16 * 4, Math.Exp(xi) < 1e-300 ? 1e-310 : 0, $"{width} exp({xi:R})");
                Approx.Equal(ScalarMath.ExpM1(xi), m[k], 3e-16 * 4, 0, $"{width} expm1({xi:R})");
                Approx.Equal(ScalarMath.Log1P(a[k]), l[k], 3e-16 * 4, 0, $"{width} log1p({a[k]:R})");
            }
        }
    }
}
