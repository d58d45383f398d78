using System;
using System.Collections.Generic;
using System.Linq;

namespace AutoDiffGen.IntegrationTests;

/// <summary>Computes a generated gradient into <paramref name="gradient"/> and returns the function's value.</summary>
public delegate double GradientFunction(double[] x, double[] gradient);

/// <summary>Single-precision counterpart of <see cref="GradientFunction"/>.</summary>
public delegate float GradientFunctionSingle(float[] x, float[] gradient);

/// <summary>A differentiable function under test: its original, its generated gradient and where to sample it.</summary>
public sealed record GradientCase(
    string Name,
    int Dimension,
    Func<double[], double> Value,
    GradientFunction Gradient,
    double Low = -2,
    double High = 2,
    Func<double[], bool>? Admissible = null,
    double Tolerance = 1e-6,
    bool Reassociated = false);

/// <summary>A single-precision case.</summary>
public sealed record GradientCaseSingle(
    string Name,
    int Dimension,
    Func<float[], float> Value,
    GradientFunctionSingle Gradient,
    float Low = -2,
    float High = 2,
    Func<float[], bool>? Admissible = null,
    bool Reassociated = false);

/// <summary>Shared checks: values equal the original's, gradients match central finite differences.</summary>
public static class GradientAssert
{
    public const int PointsPerCase = 8;

    public static void Check(GradientCase c)
    {
        double tolerance = c.Tolerance;
        var rng = new Random(StableSeed(c.Name));
        int tested = 0;
        for (int attempt = 0; tested < PointsPerCase; attempt++)
        {
            Assert.True(attempt < 10_000, $"{c.Name}: no admissible sample point found");
            double[] x = Enumerable.Range(0, c.Dimension).Select(_ => c.Low + (c.High - c.Low) * rng.NextDouble()).ToArray();
            if (c.Admissible is not null && !c.Admissible(x)) continue;
            tested++;
            var gradient = new double[c.Dimension];
            double value = c.Gradient(x, gradient);
            double expected = c.Value(x);
            Assert.True(SameValue(expected, value, c.Reassociated ? 1e-12 : 0), $"{c.Name} at {Format(x)}: generated value {value:R} differs from the original's {expected:R}");
            GradientCheckResult result = GradientCheck.Compare(xs => c.Value(xs.ToArray()), x, gradient, tolerance: tolerance);
            Assert.True(result.Passed, $"{c.Name} at {Format(x)}: {result}");
        }
    }

    public static void Check(GradientCaseSingle c, double tolerance = 2e-3)
    {
        var rng = new Random(StableSeed(c.Name));
        int tested = 0;
        for (int attempt = 0; tested < PointsPerCase; attempt++)
        {
            Assert.True(attempt < 10_000, $"{c.Name}: no admissible sample point found");
            float[] x = Enumerable.Range(0, c.Dimension).Select(_ => c.Low + (c.High - c.Low) * (float)rng.NextDouble()).ToArray();
            if (c.Admissible is not null && !c.Admissible(x)) continue;
            tested++;
            var gradient = new float[c.Dimension];
            float value = c.Gradient(x, gradient);
            float expected = c.Value(x);
            Assert.True(SameValue(expected, value, c.Reassociated ? 2e-6 : 0), $"{c.Name} at {string.Join(", ", x)}: generated value {value:R} differs from the original's {expected:R}");
            GradientCheckResult result = GradientCheck.Compare(xs => c.Value(xs.ToArray()), x, gradient, tolerance: tolerance);
            Assert.True(result.Passed, $"{c.Name} at {string.Join(", ", x)}: {result}");
        }
    }

    /// <summary>
    /// The forward sweep runs the same operations in the same order, so values agree exactly; except where the generator
    /// vectorized a reduction (<c>s += w[i] * x[i]</c> as <c>TensorPrimitives.Dot</c>): a vector sum adds in another order, so
    /// the value may differ in the last bits (<paramref name="relative"/> · max(1, |expected|)).
    /// </summary>
    public static bool SameValue(double expected, double actual, double relative = 0) =>
        expected.Equals(actual) || Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected));

    private static string Format(double[] x) => string.Join(", ", x.Select(v => v.ToString("R")));

    public static int StableSeed(string name)
    {
        unchecked
        {
            int h = (int)2166136261;
            foreach (char ch in name) h = (h ^ ch) * 16777619;
            return h;
        }
    }

    public static bool AwayFrom(double value, double kink, double margin = 0.05) => Math.Abs(value - kink) > margin;

    public static bool AwayFromMultiples(double value, double period, double margin = 0.05)
    {
        double r = Math.Abs(value / period - Math.Round(value / period)) * period;
        return r > margin;
    }
}
