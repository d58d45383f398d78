using System;
using System.Linq;
using AutoDiffGen.IntegrationTests.Functions;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using F = AutoDiffGen.IntegrationTests.Functions.ForwardFunctions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>Computes a generated tangent along <c>v</c> and returns (value, derivative of the value along v).</summary>
public delegate (double Value, double Tangent) TangentFunction(double[] x, double[] v);

/// <summary>Computes value, gradient and H·v with the generated Hessian-vector product.</summary>
public delegate double HessianVectorFunction(double[] x, double[] v, double[] gradient, double[] hv);

/// <summary>Computes value and the dense Hessian (n × n, row-major) with the generated Hessian.</summary>
public delegate double HessianFunction(double[] x, double[] hessian);

/// <summary>A scalar function with all its derivatives, flattened to arrays.</summary>
public sealed record SecondOrderCase(
    string Name,
    int Dimension,
    Func<double[], double> Value,
    GradientFunction Gradient,
    TangentFunction Tangent,
    HessianVectorFunction HessianVector,
    HessianFunction Hessian,
    HessianFunction Jacobian,
    double Low = -1.5,
    double High = 1.5,
    Func<double[], bool>? Admissible = null);

/// <summary>
/// Forward mode and second order against finite differences at random points: tangents against central differences of
/// the function along the direction (and against gradient · v), H·v against central differences of the gradient, the
/// Hessian symmetric and equal to H·eⱼ column by column, the Jacobian of a scalar function equal to its gradient.
/// </summary>
public class ForwardModeTests
{
    private const int Points = 6;

    public static readonly SecondOrderCase[] Cases =
    {
        new("Rosenbrock", 2, x => F.Rosenbrock(x[0], x[1]), (x, g) => F.RosenbrockGradient(x[0], x[1], out g[0], out g[1]),
            (x, v) => (F.RosenbrockTangent(x[0], x[1], v[0], v[1], out double d), d),
            (x, v, g, hv) => F.RosenbrockHessianVectorProduct(x[0], x[1], v[0], v[1], out g[0], out g[1], out hv[0], out hv[1]),
            (x, h) => F.RosenbrockHessian(x[0], x[1], h), (x, j) => F.RosenbrockJacobian(x[0], x[1], j)),
        new("Transcendental", 2, x => F.Transcendental(x[0], x[1]), (x, g) => F.TranscendentalGradient(x[0], x[1], out g[0], out g[1]),
            (x, v) => (F.TranscendentalTangent(x[0], x[1], v[0], v[1], out double d), d),
            (x, v, g, hv) => F.TranscendentalHessianVectorProduct(x[0], x[1], v[0], v[1], out g[0], out g[1], out hv[0], out hv[1]),
            (x, h) => F.TranscendentalHessian(x[0], x[1], h), (x, j) => F.TranscendentalJacobian(x[0], x[1], j), -1, 1),
        new("Piecewise", 2, x => F.Piecewise(x[0], x[1]), (x, g) => F.PiecewiseGradient(x[0], x[1], out g[0], out g[1]),
            (x, v) => (F.PiecewiseTangent(x[0], x[1], v[0], v[1], out double d), d),
            (x, v, g, hv) => F.PiecewiseHessianVectorProduct(x[0], x[1], v[0], v[1], out g[0], out g[1], out hv[0], out hv[1]),
            (x, h) => F.PiecewiseHessian(x[0], x[1], h), (x, j) => F.PiecewiseJacobian(x[0], x[1], j),
            -3, 3, x => AwayFrom(x[0], 0) && AwayFrom(Math.Sin(x[0]), 0.5) && AwayFrom(Math.Sin(x[0]), -0.5)),
        new("Contraction", 2, x => F.Contraction(x[0], x[1]), (x, g) => F.ContractionGradient(x[0], x[1], out g[0], out g[1]),
            (x, v) => (F.ContractionTangent(x[0], x[1], v[0], v[1], out double d), d),
            (x, v, g, hv) => F.ContractionHessianVectorProduct(x[0], x[1], v[0], v[1], out g[0], out g[1], out hv[0], out hv[1]),
            (x, h) => F.ContractionHessian(x[0], x[1], h), (x, j) => F.ContractionJacobian(x[0], x[1], j),
            Admissible: x => TripCountIsStable(x)),
        new("Recurrence", 6, x => F.Recurrence(x.AsSpan(0, 3), x[3], x[4], x[5]),
            (x, g) => F.RecurrenceGradient(x.AsSpan(0, 3), x[3], x[4], x[5], g.AsSpan(0, 3), out g[3], out g[4], out g[5]),
            (x, v) => (F.RecurrenceTangent(x.AsSpan(0, 3), x[3], x[4], x[5], v.AsSpan(0, 3), v[3], v[4], v[5], out double d), d),
            (x, v, g, hv) => F.RecurrenceHessianVectorProduct(x.AsSpan(0, 3), x[3], x[4], x[5], v.AsSpan(0, 3), v[3], v[4], v[5],
                g.AsSpan(0, 3), out g[3], out g[4], out g[5], hv.AsSpan(0, 3), out hv[3], out hv[4], out hv[5]),
            (x, h) => F.RecurrenceHessian(x.AsSpan(0, 3), x[3], x[4], x[5], h),
            (x, j) => F.RecurrenceJacobian(x.AsSpan(0, 3), x[3], x[4], x[5], j)),
        new("CopiedRecurrence", 5, x => F.CopiedRecurrence(x.AsSpan(0, 3), x[3], x[4]),
            (x, g) => F.CopiedRecurrenceGradient(x.AsSpan(0, 3), x[3], x[4], g.AsSpan(0, 3), out g[3], out g[4]),
            (x, v) => (F.CopiedRecurrenceTangent(x.AsSpan(0, 3), x[3], x[4], v.AsSpan(0, 3), v[3], v[4], out double d), d),
            (x, v, g, hv) => F.CopiedRecurrenceHessianVectorProduct(x.AsSpan(0, 3), x[3], x[4], v.AsSpan(0, 3), v[3], v[4],
                g.AsSpan(0, 3), out g[3], out g[4], hv.AsSpan(0, 3), out hv[3], out hv[4]),
            (x, h) => F.CopiedRecurrenceHessian(x.AsSpan(0, 3), x[3], x[4], h),
            (x, j) => F.CopiedRecurrenceJacobian(x.AsSpan(0, 3), x[3], x[4], j)),
        new("Network", 10, x => F.Network(x, NetworkInput), (x, g) => F.NetworkGradient(x, NetworkInput, g),
            (x, v) => (F.NetworkTangent(x, NetworkInput, v, out double d), d),
            (x, v, g, hv) => F.NetworkHessianVectorProduct(x, NetworkInput, v, g, hv),
            (x, h) => F.NetworkHessian(x, NetworkInput, h), (x, j) => F.NetworkJacobian(x, NetworkInput, j)),
        new("UsesCustom", 2, x => F.UsesCustom(x[0], x[1]), (x, g) => F.UsesCustomGradient(x[0], x[1], out g[0], out g[1]),
            (x, v) => (F.UsesCustomTangent(x[0], x[1], v[0], v[1], out double d), d),
            (x, v, g, hv) => F.UsesCustomHessianVectorProduct(x[0], x[1], v[0], v[1], out g[0], out g[1], out hv[0], out hv[1]),
            (x, h) => F.UsesCustomHessian(x[0], x[1], h), (x, j) => F.UsesCustomJacobian(x[0], x[1], j), -1, 1),
        // Issue 14's constructs (Functions/ForwardWrittenAsUsersWriteFunctions.cs).
        SideEffectsAndEnum(OptionType.Call),
        SideEffectsAndEnum(OptionType.Put),
        new("Selections", 2, x => F.Selections(x[0], x[1]), (x, g) => F.SelectionsGradient(x[0], x[1], out g[0], out g[1]),
            (x, v) => (F.SelectionsTangent(x[0], x[1], v[0], v[1], out double d), d),
            (x, v, g, hv) => F.SelectionsHessianVectorProduct(x[0], x[1], v[0], v[1], out g[0], out g[1], out hv[0], out hv[1]),
            (x, h) => F.SelectionsHessian(x[0], x[1], h), (x, j) => F.SelectionsJacobian(x[0], x[1], j),
            Admissible: x => AwayFrom(x[0], 0) && AwayFrom(Math.Abs(x[0] * x[1]), 0.5) && AwayFrom(-x[1] * x[1], x[0]) && AwayFrom(x[0], x[1])),
        new("SpanLocals", 6, x => F.SpanLocals(x[0], x[1], x.AsSpan(2)), (x, g) => F.SpanLocalsGradient(x[0], x[1], x.AsSpan(2), out g[0], out g[1], g.AsSpan(2)),
            (x, v) => (F.SpanLocalsTangent(x[0], x[1], x.AsSpan(2), v[0], v[1], v.AsSpan(2), out double d), d),
            (x, v, g, hv) => F.SpanLocalsHessianVectorProduct(x[0], x[1], x.AsSpan(2), v[0], v[1], v.AsSpan(2), out g[0], out g[1], g.AsSpan(2), out hv[0], out hv[1], hv.AsSpan(2)),
            (x, h) => F.SpanLocalsHessian(x[0], x[1], x.AsSpan(2), h), (x, j) => F.SpanLocalsJacobian(x[0], x[1], x.AsSpan(2), j)),
        Heat("HeatSwap", false),
        Heat("HeatSwapCheckpointed", true),
        new("CallsInOut", 3, x => F.CallsInOut(x), (x, g) => F.CallsInOutGradient(x, g),
            (x, v) => (F.CallsInOutTangent(x, v, out double d), d),
            (x, v, g, hv) => F.CallsInOutHessianVectorProduct(x, v, g, hv),
            (x, h) => F.CallsInOutHessian(x, h), (x, j) => F.CallsInOutJacobian(x, j),
            Admissible: x => x.All(v => AwayFrom(v, 0))),
        new("WithLocalFunctions", 4, x => F.WithLocalFunctions(x[0], x.AsSpan(1)), (x, g) => F.WithLocalFunctionsGradient(x[0], x.AsSpan(1), out g[0], g.AsSpan(1)),
            (x, v) => (F.WithLocalFunctionsTangent(x[0], x.AsSpan(1), v[0], v.AsSpan(1), out double d), d),
            (x, v, g, hv) => F.WithLocalFunctionsHessianVectorProduct(x[0], x.AsSpan(1), v[0], v.AsSpan(1), out g[0], g.AsSpan(1), out hv[0], hv.AsSpan(1)),
            (x, h) => F.WithLocalFunctionsHessian(x[0], x.AsSpan(1), h), (x, j) => F.WithLocalFunctionsJacobian(x[0], x.AsSpan(1), j)),
        new("ConstantSpanToCallee", 4, x => F.ConstantSpanToCallee(x[0], x.AsSpan(1), ConstantData),
            (x, g) => F.ConstantSpanToCalleeGradient(x[0], x.AsSpan(1), ConstantData, out g[0], g.AsSpan(1)),
            (x, v) => (F.ConstantSpanToCalleeTangent(x[0], x.AsSpan(1), ConstantData, v[0], v.AsSpan(1), out double d), d),
            (x, v, g, hv) => F.ConstantSpanToCalleeHessianVectorProduct(x[0], x.AsSpan(1), ConstantData, v[0], v.AsSpan(1), out g[0], g.AsSpan(1), out hv[0], hv.AsSpan(1)),
            (x, h) => F.ConstantSpanToCalleeHessian(x[0], x.AsSpan(1), ConstantData, h), (x, j) => F.ConstantSpanToCalleeJacobian(x[0], x.AsSpan(1), ConstantData, j)),
    };

    private static readonly double[] ConstantData = { 0.4, -1.2, 0.7, 2.0 };

    private static SecondOrderCase SideEffectsAndEnum(OptionType type) =>
        new("SideEffectsAndEnum" + type, 5, x => F.SideEffectsAndEnum(x[0], x[1], x.AsSpan(2), type),
            (x, g) => F.SideEffectsAndEnumGradient(x[0], x[1], x.AsSpan(2), type, out g[0], out g[1], g.AsSpan(2)),
            (x, v) => (F.SideEffectsAndEnumTangent(x[0], x[1], x.AsSpan(2), type, v[0], v[1], v.AsSpan(2), out double d), d),
            (x, v, g, hv) => F.SideEffectsAndEnumHessianVectorProduct(x[0], x[1], x.AsSpan(2), type, v[0], v[1], v.AsSpan(2), out g[0], out g[1], g.AsSpan(2), out hv[0], out hv[1], hv.AsSpan(2)),
            (x, h) => F.SideEffectsAndEnumHessian(x[0], x[1], x.AsSpan(2), type, h),
            (x, j) => F.SideEffectsAndEnumJacobian(x[0], x[1], x.AsSpan(2), type, j));

    /// <summary>u0 (4 values) then k, kept where the explicit scheme is stable (|k| &lt; 0.3), so values stay moderate.</summary>
    private static SecondOrderCase Heat(string name, bool checkpointed) => checkpointed
        ? new(name, 5, x => F.HeatSwapCheckpointed(x.AsSpan(0, 4), x[4]), (x, g) => F.HeatSwapCheckpointedGradient(x.AsSpan(0, 4), x[4], g.AsSpan(0, 4), out g[4]),
            (x, v) => (F.HeatSwapCheckpointedTangent(x.AsSpan(0, 4), x[4], v.AsSpan(0, 4), v[4], out double d), d),
            (x, v, g, hv) => F.HeatSwapCheckpointedHessianVectorProduct(x.AsSpan(0, 4), x[4], v.AsSpan(0, 4), v[4], g.AsSpan(0, 4), out g[4], hv.AsSpan(0, 4), out hv[4]),
            (x, h) => F.HeatSwapCheckpointedHessian(x.AsSpan(0, 4), x[4], h), (x, j) => F.HeatSwapCheckpointedJacobian(x.AsSpan(0, 4), x[4], j), -1, 1, StableHeat)
        : new(name, 5, x => F.HeatSwap(x.AsSpan(0, 4), x[4]), (x, g) => F.HeatSwapGradient(x.AsSpan(0, 4), x[4], g.AsSpan(0, 4), out g[4]),
            (x, v) => (F.HeatSwapTangent(x.AsSpan(0, 4), x[4], v.AsSpan(0, 4), v[4], out double d), d),
            (x, v, g, hv) => F.HeatSwapHessianVectorProduct(x.AsSpan(0, 4), x[4], v.AsSpan(0, 4), v[4], g.AsSpan(0, 4), out g[4], hv.AsSpan(0, 4), out hv[4]),
            (x, h) => F.HeatSwapHessian(x.AsSpan(0, 4), x[4], h), (x, j) => F.HeatSwapJacobian(x.AsSpan(0, 4), x[4], j), -1, 1, StableHeat);

    private static bool StableHeat(double[] x) => Math.Abs(x[4]) < 0.3;

    private static readonly double[] NetworkInput = { 0.3, -0.7 };

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.Name));

    private static SecondOrderCase Case(string name) => Cases.Single(c => c.Name == name);

    private static bool TripCountIsStable(double[] x)
    {
        // The loop's trip count is piecewise constant; finite differences must not straddle a step.
        var probe = new double[2];
        return Enumerable.Range(-1, 3).Select(s => { probe[0] = x[0] + s * 1e-4; probe[1] = x[1] + s * 1e-4; return Math.Floor(F.Contraction(probe[0], probe[1])); }).Distinct().Count() == 1;
    }

    private static double[] Random(Random rng, int n, double low, double high) => Enumerable.Range(0, n).Select(_ => low + (high - low) * rng.NextDouble()).ToArray();

    private static System.Collections.Generic.IEnumerable<double[]> SamplePoints(SecondOrderCase c)
    {
        var rng = new Random(StableSeed(c.Name + "/points"));
        int found = 0;
        for (int attempt = 0; found < Points; attempt++)
        {
            Assert.True(attempt < 10_000, $"{c.Name}: no admissible sample point");
            double[] x = Random(rng, c.Dimension, c.Low, c.High);
            if (c.Admissible is not null && !c.Admissible(x)) continue;
            found++;
            yield return x;
        }
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

    private static double[] Axpy(double[] x, double h, double[] v) => x.Zip(v, (p, q) => p + h * q).ToArray();

    private static void Close(double expected, double actual, double rtol, double atol, string what) =>
        Assert.True(Math.Abs(expected - actual) <= atol + rtol * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R}");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Tangent_is_the_directional_derivative(string name)
    {
        SecondOrderCase c = Case(name);
        var rng = new Random(StableSeed(name + "/tangent"));
        foreach (double[] x in SamplePoints(c))
        {
            double[] v = Random(rng, c.Dimension, -1, 1);
            (double value, double tangent) = c.Tangent(x, v);
            Assert.Equal(c.Value(x), value);
            var gradient = new double[c.Dimension];
            c.Gradient(x, gradient);
            // Both are exact derivatives: they agree to rounding.
            Close(Dot(gradient, v), tangent, 1e-10, 1e-12, $"{name}: tangent vs gradient · v");
            const double h = 1e-6;
            double central = (c.Value(Axpy(x, h, v)) - c.Value(Axpy(x, -h, v))) / (2 * h);
            Close(central, tangent, 1e-6, 1e-7, $"{name}: tangent vs central difference");
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Hessian_vector_product_matches_central_differences_of_the_gradient(string name)
    {
        SecondOrderCase c = Case(name);
        var rng = new Random(StableSeed(name + "/hvp"));
        foreach (double[] x in SamplePoints(c))
        {
            double[] v = Random(rng, c.Dimension, -1, 1);
            double[] gradient = new double[c.Dimension], hv = new double[c.Dimension], expectedGradient = new double[c.Dimension];
            double value = c.HessianVector(x, v, gradient, hv);
            Assert.Equal(c.Value(x), value);
            c.Gradient(x, expectedGradient);
            for (int i = 0; i < c.Dimension; i++) Close(expectedGradient[i], gradient[i], 1e-12, 1e-14, $"{name}: gradient[{i}] of the H·v method");
            const double h = 1e-5;
            double[] plus = new double[c.Dimension], minus = new double[c.Dimension];
            c.Gradient(Axpy(x, h, v), plus);
            c.Gradient(Axpy(x, -h, v), minus);
            for (int i = 0; i < c.Dimension; i++) Close((plus[i] - minus[i]) / (2 * h), hv[i], 2e-5, 1e-6, $"{name}: (H·v)[{i}] vs central difference of the gradient");
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Hessian_is_symmetric_and_its_columns_are_Hessian_vector_products(string name)
    {
        SecondOrderCase c = Case(name);
        int n = c.Dimension;
        foreach (double[] x in SamplePoints(c))
        {
            var hessian = new double[n * n];
            Assert.Equal(c.Value(x), c.Hessian(x, hessian));
            double scale = hessian.Max(Math.Abs) + 1e-300;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < i; j++) Close(hessian[i * n + j], hessian[j * n + i], 1e-9, 1e-12 * scale, $"{name}: H[{i},{j}] vs H[{j},{i}]");
            }
            for (int j = 0; j < n; j++)
            {
                double[] e = new double[n], g = new double[n], hv = new double[n];
                e[j] = 1;
                c.HessianVector(x, e, g, hv);
                for (int i = 0; i < n; i++) Assert.Equal(hv[i], hessian[i * n + j]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Jacobian_of_a_scalar_function_is_its_gradient(string name)
    {
        SecondOrderCase c = Case(name);
        foreach (double[] x in SamplePoints(c))
        {
            double[] jacobian = new double[c.Dimension], gradient = new double[c.Dimension];
            Assert.Equal(c.Value(x), c.Jacobian(x, jacobian));
            c.Gradient(x, gradient);
            // One output, n inputs: one reverse sweep, the same sweep the gradient runs.
            Assert.Equal(gradient, jacobian);
        }
    }

    [Fact]
    public void An_adjoint_that_is_zero_does_not_hide_its_tangent()
    {
        // f = y·sin x at y = 0: the adjoint of sin x is y = 0, but its derivative along v = (0, 1) is 1, so H·v = (cos x, 0).
        double x = 0.7;
        F.ZeroAdjointHessianVectorProduct(x, 0, 0, 1, out double gx, out double gy, out double hx, out double hy);
        Assert.Equal(0, gx);
        Assert.Equal(Math.Sin(x), gy);
        Assert.Equal(Math.Cos(x), hx, 15);
        Assert.Equal(0, hy);
    }

    [Fact]
    public void Wrong_lengths_are_argument_exceptions()
    {
        Assert.Throws<ArgumentException>(() => F.RosenbrockHessian(1, 2, new double[3]));
        Assert.Throws<ArgumentException>(() => F.RosenbrockJacobian(1, 2, new double[3]));
        Assert.Throws<ArgumentException>(() => F.RecurrenceTangent(new double[3], 1, 1, 1, new double[2], 0, 0, 0, out _));
        Assert.Throws<ArgumentException>(() => F.NetworkHessianVectorProduct(new double[10], NetworkInput, new double[10], new double[9], new double[10]));
    }

    [Fact]
    public void An_empty_tangent_span_is_a_zero_tangent()
    {
        double[] xs = { 0.1, -0.4, 0.8 };
        double withEmpty = F.RecurrenceTangent(xs, 0.5, 0.7, 0.2, default, 1, 0, 0, out double empty);
        F.RecurrenceTangent(xs, 0.5, 0.7, 0.2, new double[3], 1, 0, 0, out double zeros);
        Assert.Equal(zeros, empty);
        Assert.Equal(F.Recurrence(xs, 0.5, 0.7, 0.2), withEmpty);
    }

    [Fact]
    public void Jacobian_of_a_layer_matches_central_differences_by_forward_and_by_reverse_sweeps()
    {
        var rng = new Random(7);
        foreach ((int inputs, int outputs) in new[] { (2, 3), (3, 2) })
        {
            // w is outputs × inputs: n = |w| inputs; m = outputs. Few outputs → reverse sweeps; a wide layer of one input → forward.
            double[] x = Random(rng, inputs, -1, 1), w = Random(rng, outputs * inputs, -1, 1);
            int n = w.Length, m = outputs;
            var jacobian = new double[m * n];
            var y = new double[m];
            F.LayerJacobian(w, x, y, jacobian);
            var expected = new double[m];
            F.Layer(w, x, expected);
            Assert.Equal(expected, y);
            const double h = 1e-6;
            for (int j = 0; j < n; j++)
            {
                double[] wp = (double[])w.Clone(), wm = (double[])w.Clone();
                wp[j] += h;
                wm[j] -= h;
                double[] yp = new double[m], ym = new double[m];
                F.Layer(wp, x, yp);
                F.Layer(wm, x, ym);
                for (int i = 0; i < m; i++) Close((yp[i] - ym[i]) / (2 * h), jacobian[i * n + j], 1e-6, 1e-8, $"J[{i},{j}] of a {outputs}×{inputs} layer");
            }
            // The tangent along v is J·v.
            double[] v = Random(rng, n, -1, 1);
            var dy = new double[m];
            F.LayerTangent(w, x, y, v, dy);
            for (int i = 0; i < m; i++) Close(Enumerable.Range(0, n).Sum(j => jacobian[i * n + j] * v[j]), dy[i], 1e-10, 1e-12, $"(J·v)[{i}]");
        }
    }

    [Fact]
    public void An_in_out_outputs_tangent_holds_the_incoming_tangent_on_entry_and_the_outgoing_one_on_return()
    {
        // Relax reads y's incoming contents: along (vX, vY) its outgoing tangent is the derivative of y_out(x + h vX, y_in + h vY).
        var rng = new Random(StableSeed("Relax/tangent"));
        for (int tested = 0; tested < Points;)
        {
            double[] x = Random(rng, 3, -1.5, 1.5), yIn = Random(rng, 3, -1, 1), vX = Random(rng, 3, -1, 1), vY = Random(rng, 3, -1, 1);
            if (!x.All(e => AwayFrom(e, 0))) continue; // x[i] > 0 chooses a branch
            tested++;
            double[] y = (double[])yIn.Clone(), dY = (double[])vY.Clone();
            F.RelaxTangent(x, y, vX, dY);
            double[] expected = (double[])yIn.Clone();
            F.Relax(x, expected);
            Assert.Equal(expected, y);
            const double h = 1e-6;
            double[] plus = Axpy(yIn, h, vY), minus = Axpy(yIn, -h, vY);
            F.Relax(Axpy(x, h, vX), plus);
            F.Relax(Axpy(x, -h, vX), minus);
            for (int i = 0; i < 3; i++) Close((plus[i] - minus[i]) / (2 * h), dY[i], 1e-6, 1e-8, $"Relax: outgoing tangent[{i}]");
        }
    }

    [Fact]
    public void Jacobian_of_an_in_out_output_by_forward_and_by_reverse_sweeps()
    {
        // Columns are x only: every sweep starts again from y's incoming contents, and y holds the final contents at the end.
        var rng = new Random(StableSeed("Relax/jacobian"));
        foreach (int inputs in new[] { 3, 5 })
        {
            const int m = 3;
            double[] x = Random(rng, inputs, 0.2, 1.2), yIn = Random(rng, m, -1, 1);
            if (inputs == 5) x[1] = -x[1]; // one untaken branch
            double[] y = (double[])yIn.Clone(), jacobian = new double[m * inputs];
            F.RelaxJacobian(x, y, jacobian);
            double[] expected = (double[])yIn.Clone();
            F.Relax(x, expected);
            Assert.Equal(expected, y);
            const double h = 1e-6;
            for (int j = 0; j < inputs; j++)
            {
                double[] e = new double[inputs];
                e[j] = 1;
                double[] plus = (double[])yIn.Clone(), minus = (double[])yIn.Clone();
                F.Relax(Axpy(x, h, e), plus);
                F.Relax(Axpy(x, -h, e), minus);
                for (int i = 0; i < m; i++) Close((plus[i] - minus[i]) / (2 * h), jacobian[i * inputs + j], 1e-6, 1e-8, $"J[{i},{j}] with {inputs} inputs");
            }
        }
    }

    [Fact]
    public void Selections_next_to_an_infinite_derivative_have_finite_tangents_and_Hessian_vector_products()
    {
        // Heston's full truncation at v < 0: Sqrt(Max(v, 0)) is 0 there, and so are its derivatives, in every kind.
        const double v = -0.3, w = 0.8;
        F.SelectionsTangent(v, w, 1, 1, out double tangent);
        F.SelectionsGradient(v, w, out double gv, out double gw);
        Assert.Equal(gv + gw, tangent, 12);
        F.SelectionsHessianVectorProduct(v, w, 1, 0.5, out _, out _, out double hvV, out double hvW);
        Assert.True(double.IsFinite(tangent) && double.IsFinite(hvV) && double.IsFinite(hvW), $"tangent {tangent}, H·v ({hvV}, {hvW})");
        const double h = 1e-5;
        F.SelectionsGradient(v + h, w + 0.5 * h, out double pv, out double pw);
        F.SelectionsGradient(v - h, w - 0.5 * h, out double mv, out double mw);
        Close((pv - mv) / (2 * h), hvV, 1e-5, 1e-6, "H·v[v]");
        Close((pw - mw) / (2 * h), hvW, 1e-5, 1e-6, "H·v[w]");
    }

    [Fact]
    public void Single_precision_tangents_and_Hessians_match_double_precision_references()
    {
        var rng = new Random(11);
        for (int k = 0; k < Points; k++)
        {
            float x = (float)(rng.NextDouble() * 2 - 1), y = (float)(rng.NextDouble() * 2 - 1);
            float vx = (float)(rng.NextDouble() * 2 - 1), vy = (float)(rng.NextDouble() * 2 - 1);
            F.RosenbrockSingleTangent(x, y, vx, vy, out float tangent);
            F.RosenbrockTangent(x, y, vx, vy, out double reference);
            Close(reference, tangent, 2e-5, 1e-4, "float Rosenbrock tangent");
            var hessian = new float[4];
            var referenceHessian = new double[4];
            F.RosenbrockSingleHessian(x, y, hessian);
            F.RosenbrockHessian(x, y, referenceHessian);
            for (int i = 0; i < 4; i++) Close(referenceHessian[i], hessian[i], 2e-5, 1e-3, $"float Rosenbrock H[{i}]");
            F.TrigSingleHessianVectorProduct(x, y, vx, vy, out float gx, out float gy, out float hx, out float hy);
            const double h = 1e-4;
            F.TrigSingleGradient((float)(x + h * vx), (float)(y + h * vy), out float px, out float py);
            F.TrigSingleGradient((float)(x - h * vx), (float)(y - h * vy), out float mx, out float my);
            Close((px - mx) / (2 * h), hx, 2e-2, 2e-2, "float H·v x");
            Close((py - my) / (2 * h), hy, 2e-2, 2e-2, "float H·v y");
        }
    }
}
