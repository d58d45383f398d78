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
    public void Vector_exp_expm1_and_log1p_agree_with_scalar_to_a_few_ulps()
    {
        var rng = new Random(11);
        double[] x = new double[4096];
        for (int i = 0; i < x.Length; i++) x[i] = (rng.NextDouble() * 2 - 1) * Math.Pow(10, rng.Next(-12, 3));
        x[0] = 709.7; x[1] = -745; x[2] = 710; x[3] = -746; x[4] = 0; x[5] = -0.0;
        x[6] = 1000; x[7] = -1000; x[8] = 2000; x[9] = -2000; x[10] = 1e300; x[11] = -1e300; x[12] = -708.5; x[13] = -740;
        for (int i = 0; i + 4 <= x.Length; i += 4)
        {
            var v = System.Runtime.Intrinsics.Vector256.Create(x[i], x[i + 1], x[i + 2], x[i + 3]);
            var e = Simd.Exp(v);
            var m = Simd.ExpM1(v);
            var l = Simd.Log1PNonNegative(System.Runtime.Intrinsics.Vector256.Abs(v));
            for (int k = 0; k < 4; k++)
            {
                double xi = x[i + k];
                Approx.Equal(Math.Exp(xi), e.GetElement(k), 3e-16 * 4, Math.Exp(xi) < 1e-300 ? 1e-310 : 0, $"exp({xi:R})");
                Approx.Equal(ScalarMath.ExpM1(xi), m.GetElement(k), 3e-16 * 4, 0, $"expm1({xi:R})");
                Approx.Equal(ScalarMath.Log1P(Math.Abs(xi)), l.GetElement(k), 3e-16 * 4, 0, $"log1p({Math.Abs(xi):R})");
            }
        }
    }
}
