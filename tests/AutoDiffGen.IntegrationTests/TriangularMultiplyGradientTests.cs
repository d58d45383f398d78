using System;
using System.Linq;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using T = AutoDiffGen.IntegrationTests.Functions.TriangularFunctions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Generated derivatives of user code that calls <see cref="Linear.TriangularMultiply(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
/// (<see cref="T"/>): the gradient against central differences of the original and against a naive dense reference, the
/// tangent against directional differences, H·v against central differences of the gradient, the dense Hessian symmetric
/// and equal to H·v, and a warm gradient allocating nothing.
/// </summary>
public class TriangularMultiplyGradientTests
{
    private const int Points = 6;

    /// <summary>A function of flattened parameters θ, with its generated derivatives and an independent reference.</summary>
    private sealed record TriangularCase(
        string Name,
        int Dimension,
        Func<double[], double> Value,
        Func<double[], double[], double> Gradient,
        Func<double[], double[], (double Value, double Tangent)> Tangent,
        Func<double[], double[], double[], double[], double> Hvp,
        Func<double[], double[], double> Hessian,
        Func<double[], (double Value, double[] Gradient)> Reference,
        double[] Start);

    private static int Packed(int n) => n * (n - 1) / 2;

    private static double[] Uniform(Random rng, int length, double low, double high)
        => Enumerable.Range(0, length).Select(_ => low + (high - low) * rng.NextDouble()).ToArray();

    /// <summary>
    /// Σ_p ‖Q (p − μ)‖² and its gradient with respect to μ, diag Q and the packed strict lower triangle, from a dense Q and
    /// plain loops (Q[j, i] at i (2n − i − 1)/2 + j − i − 1): r = Q xc, ∂/∂Q[j, i] = 2 Σ_p r_j xc_i, ∂/∂μ = −2 Σ_p Qᵀ r.
    /// </summary>
    private static (double Value, double[] Mean, double[] Diagonal, double[] StrictLower) Naive(int n, double[] mean, double[] diagonal, double[] strictLower, double[] points)
    {
        var q = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            q[j, j] = diagonal[j];
            for (int i = 0; i < j; i++) q[j, i] = strictLower[i * (2 * n - i - 1) / 2 + j - i - 1];
        }
        double value = 0;
        double[] gMean = new double[n], gDiagonal = new double[n], gLower = new double[Packed(n)];
        for (int p = 0; p < points.Length / n; p++)
        {
            double[] xc = Enumerable.Range(0, n).Select(i => points[p * n + i] - mean[i]).ToArray();
            double[] r = new double[n];
            for (int j = 0; j < n; j++)
                for (int i = 0; i <= j; i++) r[j] += q[j, i] * xc[i];
            for (int j = 0; j < n; j++)
            {
                value += r[j] * r[j];
                gDiagonal[j] += 2 * r[j] * xc[j];
                for (int i = 0; i < j; i++) gLower[i * (2 * n - i - 1) / 2 + j - i - 1] += 2 * r[j] * xc[i];
                for (int i = 0; i <= j; i++) gMean[i] -= 2 * q[j, i] * r[j];
            }
        }
        return (value, gMean, gDiagonal, gLower);
    }

    private static TriangularCase Mahalanobis(int n)
    {
        var rng = new Random(StableSeed($"Mahalanobis/{n}"));
        double[] points = Uniform(rng, Points * n, -2, 2);
        int m = Packed(n), dimension = 2 * n + m;
        double[] start = Uniform(rng, n, -1, 1).Concat(Uniform(rng, n, 0.5, 1.5)).Concat(Uniform(rng, m, -1, 1)).ToArray();
        return new TriangularCase($"Mahalanobis/{n}", dimension,
            th => T.Mahalanobis(th.AsSpan(0, n), th.AsSpan(n, n), th.AsSpan(2 * n, m), points),
            (th, g) => T.MahalanobisGradient(th.AsSpan(0, n), th.AsSpan(n, n), th.AsSpan(2 * n, m), points, g.AsSpan(0, n), g.AsSpan(n, n), g.AsSpan(2 * n, m)),
            (th, v) =>
            {
                double value = T.MahalanobisTangent(th.AsSpan(0, n), th.AsSpan(n, n), th.AsSpan(2 * n, m), points, v.AsSpan(0, n), v.AsSpan(n, n), v.AsSpan(2 * n, m), out double d);
                return (value, d);
            },
            (th, v, g, hv) => T.MahalanobisHessianVectorProduct(th.AsSpan(0, n), th.AsSpan(n, n), th.AsSpan(2 * n, m), points,
                v.AsSpan(0, n), v.AsSpan(n, n), v.AsSpan(2 * n, m), g.AsSpan(0, n), g.AsSpan(n, n), g.AsSpan(2 * n, m), hv.AsSpan(0, n), hv.AsSpan(n, n), hv.AsSpan(2 * n, m)),
            (th, h) => T.MahalanobisHessian(th.AsSpan(0, n), th.AsSpan(n, n), th.AsSpan(2 * n, m), points, h),
            th =>
            {
                var r = Naive(n, th[..n], th[n..(2 * n)], th[(2 * n)..], points);
                return (r.Value, r.Mean.Concat(r.Diagonal).Concat(r.StrictLower).ToArray());
            },
            start);
    }

    private static TriangularCase GaussianNegativeLogLikelihood(int n)
    {
        var rng = new Random(StableSeed($"GaussianNegativeLogLikelihood/{n}"));
        double[] points = Uniform(rng, Points * n, -2, 2);
        int m = Packed(n), dimension = 2 * n + m;
        double[] start = Uniform(rng, n, -1, 1).Concat(Uniform(rng, n, -0.5, 0.5)).Concat(Uniform(rng, m, -1, 1)).ToArray();
        return new TriangularCase($"GaussianNegativeLogLikelihood/{n}", dimension,
            th => T.GaussianNegativeLogLikelihood(th, n, points),
            (th, g) => T.GaussianNegativeLogLikelihoodGradient(th, n, points, g),
            (th, v) =>
            {
                double value = T.GaussianNegativeLogLikelihoodTangent(th, n, points, v, out double d);
                return (value, d);
            },
            (th, v, g, hv) => T.GaussianNegativeLogLikelihoodHessianVectorProduct(th, n, points, v, g, hv),
            (th, h) => T.GaussianNegativeLogLikelihoodHessian(th, n, points, h),
            th =>
            {
                // ½ Σ ‖Q xc‖² − count Σ log Q_ii + ½ count n log 2π, with Q_ii = exp(θ): the chain rule on the naive gradient.
                double[] diagonal = th[n..(2 * n)].Select(Math.Exp).ToArray();
                var r = Naive(n, th[..n], diagonal, th[(2 * n)..], points);
                double value = 0.5 * r.Value - Points * th[n..(2 * n)].Sum() + 0.5 * Points * n * Math.Log(2 * Math.PI);
                double[] gradient = r.Mean.Select(g => 0.5 * g)
                    .Concat(r.Diagonal.Select((g, i) => 0.5 * g * diagonal[i] - Points))
                    .Concat(r.StrictLower.Select(g => 0.5 * g)).ToArray();
                return (value, gradient);
            },
            start);
    }

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in new[] { nameof(T.Mahalanobis), nameof(T.GaussianNegativeLogLikelihood) })
            foreach (int n in new[] { 1, 2, 5, 9, 20 })
                data.Add(name, n);
        return data;
    }

    private static TriangularCase Get(string name, int n) => name == nameof(T.Mahalanobis) ? Mahalanobis(n) : GaussianNegativeLogLikelihood(n);

    /// <summary>The start and two points nearby (the parameters perturbed by up to ±0.3).</summary>
    private static double[][] SamplePoints(TriangularCase c)
    {
        var rng = new Random(StableSeed(c.Name + "/points"));
        return new[] { c.Start }.Concat(Enumerable.Range(0, 2).Select(_ => c.Start.Select(v => v + 0.6 * rng.NextDouble() - 0.3).ToArray())).ToArray();
    }

    private static double[] Axpy(double[] x, double h, double[] v) => x.Zip(v, (a, b) => a + h * b).ToArray();

    /// <summary>Fourth-order central differences (exact for cubics, so for the gradient of Mahalanobis along a line).</summary>
    private static double Difference(Func<double, double> f, double h = 1e-3)
        => (-f(2 * h) + 8 * f(h) - 8 * f(-h) + f(-2 * h)) / (12 * h);

    private static void Close(double expected, double actual, double rel, double abs, string what)
    {
        double error = Math.Abs(expected - actual), allowed = abs + rel * Math.Abs(expected);
        Assert.True(error <= allowed, $"{what}: expected {expected:R}, got {actual:R} (error {error:E2}, allowed {allowed:E2})");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_matches_central_differences_and_the_naive_reference(string name, int n)
    {
        TriangularCase c = Get(name, n);
        foreach (double[] theta in SamplePoints(c))
        {
            double[] gradient = Enumerable.Repeat(double.NaN, c.Dimension).ToArray(); // overwritten
            double value = c.Gradient(theta, gradient);
            Assert.Equal(c.Value(theta), value);
            (double referenceValue, double[] reference) = c.Reference(theta);
            Close(referenceValue, value, 1e-12, 1e-12, $"{c.Name}: value vs the naive reference");
            double gradientScale = Math.Max(1, reference.Max(Math.Abs));
            for (int k = 0; k < c.Dimension; k++)
                Close(reference[k], gradient[k], 1e-10, 1e-12 * gradientScale, $"{c.Name}: gradient[{k}] vs the naive reference");

            double valueScale = Math.Max(1, Math.Abs(value));
            for (int k = 0; k < c.Dimension; k++)
            {
                int at = k;
                double[] e = new double[c.Dimension];
                e[at] = 1;
                double fd = Difference(h => c.Value(Axpy(theta, h, e)));
                Close(fd, gradient[k], 1e-6, 1e-9 * valueScale, $"{c.Name}: gradient[{k}] vs central differences");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tangent_matches_directional_differences_and_the_gradient(string name, int n)
    {
        TriangularCase c = Get(name, n);
        var rng = new Random(StableSeed(c.Name + "/tangent"));
        foreach (double[] theta in SamplePoints(c))
        {
            double[] v = Uniform(rng, c.Dimension, -1, 1);
            (double value, double tangent) = c.Tangent(theta, v);
            Assert.Equal(c.Value(theta), value);
            double fd = Difference(h => c.Value(Axpy(theta, h, v)));
            Close(fd, tangent, 1e-6, 1e-9 * Math.Max(1, Math.Abs(value)), $"{c.Name}: tangent vs directional differences");
            double[] gradient = new double[c.Dimension];
            c.Gradient(theta, gradient);
            double dot = gradient.Zip(v, (a, b) => a * b).Sum(), scale = gradient.Zip(v, (a, b) => Math.Abs(a * b)).Sum();
            Close(dot, tangent, 0, 1e-12 * scale, $"{c.Name}: tangent vs gradient · v");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hessian_vector_product_matches_central_differences_of_the_gradient(string name, int n)
    {
        TriangularCase c = Get(name, n);
        int d = c.Dimension;
        var rng = new Random(StableSeed(c.Name + "/hvp"));
        foreach (double[] theta in SamplePoints(c))
        {
            double[] v = Uniform(rng, d, -1, 1), gradient = new double[d], hv = new double[d], expectedGradient = new double[d];
            Assert.Equal(c.Value(theta), c.Hvp(theta, v, gradient, hv));
            c.Gradient(theta, expectedGradient);
            double gradientScale = Math.Max(1, expectedGradient.Max(Math.Abs));
            for (int k = 0; k < d; k++) Close(expectedGradient[k], gradient[k], 1e-12, 1e-13 * gradientScale, $"{c.Name}: gradient[{k}] of H·v");

            // Each component's difference along v, from whole gradients at θ ± h v, θ ± 2h v.
            double[][] at = new[] { 2, 1, -1, -2 }.Select(s =>
            {
                double[] g = new double[d];
                c.Gradient(Axpy(theta, s * 1e-3, v), g);
                return g;
            }).ToArray();
            double[] expected = Enumerable.Range(0, d).Select(k => (-at[0][k] + 8 * at[1][k] - 8 * at[2][k] + at[3][k]) / (12 * 1e-3)).ToArray();
            double scale = Math.Max(1, expected.Max(Math.Abs));
            for (int k = 0; k < d; k++) Close(expected[k], hv[k], 1e-6, 1e-8 * scale, $"{c.Name}: (H·v)[{k}] vs central differences of the gradient");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hessian_is_symmetric_and_times_v_is_the_Hessian_vector_product(string name, int n)
    {
        TriangularCase c = Get(name, n);
        int d = c.Dimension;
        double[] theta = c.Start, hessian = new double[d * d];
        Assert.Equal(c.Value(theta), c.Hessian(theta, hessian));
        double scale = Math.Max(1, hessian.Max(Math.Abs));
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++)
                Close(hessian[i * d + j], hessian[j * d + i], 0, 1e-12 * scale, $"{c.Name}: H[{i},{j}] vs H[{j},{i}]");

        double[] v = Uniform(new Random(StableSeed(c.Name + "/hessian")), d, -1, 1), gradient = new double[d], hv = new double[d];
        c.Hvp(theta, v, gradient, hv);
        for (int i = 0; i < d; i++)
        {
            double row = 0, rowScale = 0;
            for (int j = 0; j < d; j++)
            {
                row += hessian[i * d + j] * v[j];
                rowScale += Math.Abs(hessian[i * d + j] * v[j]);
            }
            Close(row, hv[i], 0, 1e-12 * Math.Max(1, rowScale), $"{c.Name}: (H v)[{i}] vs H·v");
        }
    }

    [Fact]
    public void Warm_derivatives_allocate_nothing()
    {
        double sink = 0;
        foreach (int n in new[] { 5, 20 })
        {
            var rng = new Random(n);
            int m = Packed(n);
            double[] points = Uniform(rng, Points * n, -2, 2), theta = Uniform(rng, 2 * n + m, -0.5, 0.5), v = Uniform(rng, 2 * n + m, -1, 1);
            double[] g = new double[theta.Length], hv = new double[theta.Length];
            Assert.Equal(0, AllocationTests.AllocatedBy(() => sink += T.GaussianNegativeLogLikelihoodGradient(theta, n, points, g)));
            Assert.Equal(0, AllocationTests.AllocatedBy(() => sink += T.MahalanobisGradient(theta.AsSpan(0, n), theta.AsSpan(n, n), theta.AsSpan(2 * n, m), points,
                g.AsSpan(0, n), g.AsSpan(n, n), g.AsSpan(2 * n, m))));
            Assert.Equal(0, AllocationTests.AllocatedBy(() => sink += T.GaussianNegativeLogLikelihoodTangent(theta, n, points, v, out double d) + d));
            Assert.Equal(0, AllocationTests.AllocatedBy(() => sink += T.GaussianNegativeLogLikelihoodHessianVectorProduct(theta, n, points, v, g, hv)));
        }
        Assert.True(double.IsFinite(sink));
    }
}
