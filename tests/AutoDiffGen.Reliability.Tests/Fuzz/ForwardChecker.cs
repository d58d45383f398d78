using System;
using System.Globalization;
using System.Linq;

namespace AutoDiffGen.Reliability.Tests.Fuzz;

/// <summary>
/// Forward mode and second order of a program that asks for them (issue 16), at a point whose gradient already passed:
/// <c>FTangent</c> along a random direction v returns F's value, equals gradient · v up to rounding and matches central
/// differences of F along v; a warm call allocates nothing; <c>FHessianVectorProduct</c> returns F's value and gradient,
/// and its H·v matches central differences of the generated gradient along v. Stencils that leave the centre's smooth
/// piece (the trace changes) are skipped, and finite differences that disagree with each other do not fail a program.
/// </summary>
public static class ForwardChecker
{
    private static string Format(double[] x) => "[" + string.Join(", ", x.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";

    /// <param name="gradient">The generated gradient at x, already checked.</param>
    /// <param name="centre">The trace of x's smooth piece.</param>
    /// <param name="allocationChecked">Whether a warm FTangent call was measured already (once per program).</param>
    public static void Check(UnitOutcome unit, TraceAccess trace, double[] x, double value, double[] gradient, ulong centre,
        Random rng, CheckResult result, ref bool allocationChecked)
    {
        if (unit.Tangent is null) return;
        int d = x.Length;
        double[] v = Enumerable.Range(0, d).Select(_ => Math.Round(rng.NextDouble() * 2 - 1, 6)).ToArray();
        double tangent, tangentValue;
        try
        {
            tangentValue = unit.Tangent(x, v, out tangent);
        }
        catch (Exception e)
        {
            result.Fail(CheckResult.Kinds.Tangent, $"FTangent threw at {Format(x)} along {Format(v)}: {e}");
            return;
        }
        if (!tangentValue.Equals(value))
        {
            result.Fail(CheckResult.Kinds.Tangent, $"FTangent returned {tangentValue:R}, F returns {value:R} at {Format(x)}");
            return;
        }
        // Both are exact derivatives: they differ by rounding only, relative to the terms of the dot product.
        double dot = 0, scale = 0;
        for (int i = 0; i < d; i++)
        {
            dot += gradient[i] * v[i];
            scale += Math.Abs(gradient[i] * v[i]);
        }
        if (double.IsFinite(dot) && !(Math.Abs(tangent - dot) <= GradientChecker.Atol + GradientChecker.Rtol * scale))
        {
            result.Fail(CheckResult.Kinds.Tangent, $"FTangent along {Format(v)} is {tangent:R}, gradient · v is {dot:R} at {Format(x)}");
            return;
        }
        if (!allocationChecked && unit.WarmTangentAllocation is not null)
        {
            allocationChecked = true;
            long bytes = unit.WarmTangentAllocation(x, v);
            if (bytes != 0)
            {
                result.Fail(CheckResult.Kinds.Allocation, $"a warm FTangent call allocated {bytes} bytes at {Format(x)}");
                return;
            }
        }
        Func<double, double[]?> valueAlong = step => Along(unit, trace, x, v, centre, step, (_, traced) => new[] { traced });
        if (valueAlong(1e-4) is double[] numeric)
        {
            switch (GradientChecker.Compare(new[] { tangent }, numeric, valueAlong, out string? why))
            {
                case GradientChecker.Verdict.Disagrees:
                    result.Fail(CheckResult.Kinds.Tangent, $"at {Format(x)} along {Format(v)}: FTangent{why}");
                    return;
                case GradientChecker.Verdict.Agrees:
                    result.TangentsTested++;
                    break;
            }
        }
        if (unit.HessianVector is null) return;

        double[] g = new double[d], hv = new double[d];
        double hvValue;
        try
        {
            hvValue = unit.HessianVector(x, v, g, hv);
        }
        catch (Exception e)
        {
            result.Fail(CheckResult.Kinds.HessianVector, $"FHessianVectorProduct threw at {Format(x)}: {e}");
            return;
        }
        if (!hvValue.Equals(value))
        {
            result.Fail(CheckResult.Kinds.HessianVector, $"FHessianVectorProduct returned {hvValue:R}, F returns {value:R} at {Format(x)}");
            return;
        }
        if (GradientChecker.Excess(g, gradient, out int worst) > 1)
        {
            result.Fail(CheckResult.Kinds.HessianVector, $"FHessianVectorProduct's gradient[{worst}] is {g[worst]:R}, FGradient's {gradient[worst]:R} at {Format(x)}");
            return;
        }
        Func<double, double[]?> gradientAlong = step => Along(unit, trace, x, v, centre, step, (at, _) =>
        {
            var gAt = new double[d];
            try
            {
                unit.Gradient!(at, gAt);
            }
            catch (Exception)
            {
                return null; // the program's own throw at a shifted point: no stencil there
            }
            return gAt;
        });
        if (gradientAlong(1e-4) is not double[] hvNumeric) return;
        switch (GradientChecker.Compare(hv, hvNumeric, gradientAlong, out string? reason))
        {
            case GradientChecker.Verdict.Disagrees:
                result.Fail(CheckResult.Kinds.HessianVector, $"at {Format(x)} along {Format(v)}: H·v{reason}");
                return;
            case GradientChecker.Verdict.Agrees:
                result.HessianVectorsTested++;
                break;
        }
    }

    /// <summary>
    /// Fourth-order central differences along v of <paramref name="f"/>, given a point and the traced copy's value there
    /// (F's value, which the traced copy computes too, or the generated gradient): null when a stencil point's trace
    /// differs from the centre's.
    /// </summary>
    private static double[]? Along(UnitOutcome unit, TraceAccess trace, double[] x, double[] v, ulong centre, double step, Func<double[], double, double[]?> f)
    {
        double h = step * Math.Max(1.0, x.Max(Math.Abs));
        double[]? At(double t)
        {
            double[] point = x.Select((xi, i) => xi + t * v[i]).ToArray();
            trace.Reset();
            double traced = unit.Traced!(point);
            return trace.Hash() == centre ? f(point, traced) : null;
        }
        double[]? p2 = At(2 * h), p1 = At(h), m1 = At(-h), m2 = At(-2 * h);
        if (p2 is null || p1 is null || m1 is null || m2 is null) return null;
        return p2.Select((_, i) => (-p2[i] + 8 * p1[i] - 8 * m1[i] + m2[i]) / (12 * h)).ToArray();
    }
}
