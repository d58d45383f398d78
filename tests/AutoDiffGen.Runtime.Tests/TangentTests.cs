using System;
using System.Linq;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// Forward mode and forward over reverse of every runtime function (<see cref="TangentCatalog"/>), double and float, at
/// random points: the Tangent against fourth-order central differences of the function along a random direction, the
/// BackwardTangent's H·v part against central differences of the pullback's adjoints along (vz, vSeeds), and the parts
/// both forms share with other forms (values, adjoints, output tangents) equal to those forms' bit for bit. Empty direction
/// spans must act as zeros and empty output spans must be skipped without changing anything else.
/// </summary>
public class TangentTests
{
    private const int Points = 4;

    private static double[] Random(Random rng, int n, double low = -1, double high = 1, bool single = false)
        => Enumerable.Range(0, n).Select(_ => low + (high - low) * rng.NextDouble()).Select(v => single ? (float)v : v).ToArray();

    private static double[] Filled(int n, double value) => Enumerable.Repeat(value, n).ToArray();

    private static double[] Axpy(double[] x, double h, double[] v) => x.Zip(v, (a, b) => a + h * b).ToArray();

    /// <summary>Fourth-order central difference of a vector function along a line: (−g(2h) + 8g(h) − 8g(−h) + g(−2h)) / 12h.</summary>
    private static double[] Derivative(Func<double, double[]> g, double h)
    {
        double[] p2 = g(2 * h), p1 = g(h), m1 = g(-h), m2 = g(-2 * h);
        return Enumerable.Range(0, p1.Length).Select(i => (-p2[i] + 8 * p1[i] - 8 * m1[i] + m2[i]) / (12 * h)).ToArray();
    }

    /// <summary>|actual − expected| ≤ rel · |expected| + abs · max|expected| element by element.</summary>
    private static void Close(double[] expected, double[] actual, double rel, double abs, string what)
    {
        double scale = expected.Select(Math.Abs).DefaultIfEmpty(0).Max() + 1e-300;
        for (int i = 0; i < expected.Length; i++)
        {
            double allowed = rel * Math.Abs(expected[i]) + abs * Math.Max(scale, 1e-3);
            Assert.True(Math.Abs(actual[i] - expected[i]) <= allowed,
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (allowed {allowed:E2})");
        }
    }

    private static void Same(double[] expected, double[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].Equals(actual[i]), $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (bit for bit)");
        }
    }

    private static double[] Value(TangentCase c, double[] z)
    {
        var o = new double[c.Outputs];
        c.Value(z, o);
        return o;
    }

    private static (double[] Outputs, double[] Adjoints) Backward(TangentCase c, double[] z, double[] seeds, double[] prefill)
    {
        double[] o = new double[c.Outputs], dz = (double[])prefill.Clone();
        c.Backward(z, seeds, o, dz);
        return (o, dz);
    }

    // Double: steps of 1e-3 leave a truncation error near 1e-13; float: steps of 1e-2 against rounding near 1e-5.
    private static (double Step, double Rel, double Abs) Tolerance(TangentCase c) => c.Single ? (1e-2, 2e-3, 2e-3) : (1e-3, 1e-8, 1e-9);

    [Theory]
    [MemberData(nameof(TangentCatalog.Names), MemberType = typeof(TangentCatalog))]
    public void Tangent_matches_central_differences_along_a_random_direction(string name)
    {
        TangentCase c = TangentCatalog.Get(name);
        var rng = new Random(GradientSeed(name + "/tangent"));
        (double h, double rel, double abs) = Tolerance(c);
        for (int k = 0; k < Points; k++)
        {
            double[] z = c.Sample(rng), dz = Random(rng, c.Inputs, single: c.Single);
            double[] outputs = new double[c.Outputs], tangent = Filled(c.Outputs, double.NaN);
            c.Tangent(z, dz, outputs, tangent);
            Same(Value(c, z), outputs, $"{name}: Tangent's outputs vs the function's");
            Close(Derivative(t => Value(c, Axpy(z, t, dz)), h), tangent, rel, abs, $"{name}: tangent vs central differences");
        }
    }

    [Theory]
    [MemberData(nameof(TangentCatalog.Names), MemberType = typeof(TangentCatalog))]
    public void BackwardTangent_is_the_derivative_of_the_pullback(string name)
    {
        TangentCase c = TangentCatalog.Get(name);
        var rng = new Random(GradientSeed(name + "/backward-tangent"));
        (double h, double rel, double abs) = Tolerance(c);
        for (int k = 0; k < Points; k++)
        {
            double[] z = c.Sample(rng);
            double[] seeds = Random(rng, c.Outputs, single: c.Single), vz = Random(rng, c.Inputs, single: c.Single), vSeeds = Random(rng, c.Outputs, single: c.Single);
            // Adjoints and their tangents accumulate: start them away from zero.
            double[] dz0 = Random(rng, c.Inputs, single: c.Single), hvz0 = Random(rng, c.Inputs, single: c.Single);
            double[] outputs = new double[c.Outputs], dz = (double[])dz0.Clone(), hvz = (double[])hvz0.Clone(), vOutputs = Filled(c.Outputs, double.NaN);
            c.BackwardTangent(z, seeds, vz, vSeeds, outputs, dz, hvz, vOutputs);

            (double[] expectedOutputs, double[] expectedAdjoints) = Backward(c, z, seeds, dz0);
            Same(expectedOutputs, outputs, $"{name}: outputs vs the pullback's");
            Same(expectedAdjoints, dz, $"{name}: adjoints vs the pullback's");
            double[] tangent = Filled(c.Outputs, double.NaN);
            c.Tangent(z, vz, new double[c.Outputs], tangent);
            Same(tangent, vOutputs, $"{name}: output tangents vs the Tangent's");

            double[] zeros = new double[c.Inputs];
            double[] expected = Derivative(t => Backward(c, Axpy(z, t, vz), Axpy(seeds, t, vSeeds), zeros).Adjoints, h);
            Close(expected, hvz.Zip(hvz0, (a, b) => a - b).ToArray(), rel, abs, $"{name}: adjoint tangents vs central differences of the pullback");
        }
    }

    [Theory]
    [MemberData(nameof(TangentCatalog.Names), MemberType = typeof(TangentCatalog))]
    public void Empty_directions_are_zeros_and_empty_outputs_are_skipped(string name)
    {
        TangentCase c = TangentCatalog.Get(name);
        var rng = new Random(GradientSeed(name + "/empty"));
        double[] z = c.Sample(rng), seeds = Random(rng, c.Outputs, single: c.Single), dz0 = Random(rng, c.Inputs, single: c.Single), hvz0 = Random(rng, c.Inputs, single: c.Single);
        double[] vz = Random(rng, c.Inputs, single: c.Single), vSeeds = Random(rng, c.Outputs, single: c.Single);

        (double[] O, double[] Dz, double[] Hvz, double[] Vo) Run(double[] directions, double[] seedDirections, bool empty, int omit)
        {
            double[] o = new double[c.Outputs], dz = (double[])dz0.Clone(), hvz = (double[])hvz0.Clone(), vo = Filled(c.Outputs, 7.0);
            TangentCatalog.EmptyForZero = empty;
            TangentCatalog.Omit = omit;
            try
            {
                c.BackwardTangent(z, seeds, directions, seedDirections, o, dz, hvz, vo);
            }
            finally
            {
                TangentCatalog.EmptyForZero = false;
                TangentCatalog.Omit = 0;
            }
            return (o, dz, hvz, vo);
        }

        double[] noInputs = new double[c.Inputs], noSeeds = new double[c.Outputs];
        foreach ((double[] directions, double[] seedDirections, string what) in new[]
        {
            (noInputs, noSeeds, "no direction"), (vz, noSeeds, "no seed direction"), (noInputs, vSeeds, "no input direction"),
        })
        {
            var zerosPassed = Run(directions, seedDirections, empty: false, omit: 0);
            var emptyPassed = Run(directions, seedDirections, empty: true, omit: 0);
            Same(zerosPassed.O, emptyPassed.O, $"{name}, {what}: outputs");
            Same(zerosPassed.Dz, emptyPassed.Dz, $"{name}, {what}: adjoints");
            Close(zerosPassed.Hvz, emptyPassed.Hvz, 1e-15, 1e-15, $"{name}, {what}: adjoint tangents, empty vs zero directions");
            Close(zerosPassed.Vo, emptyPassed.Vo, 1e-15, 1e-15, $"{name}, {what}: output tangents, empty vs zero directions");
        }

        var full = Run(vz, vSeeds, empty: false, omit: 0);
        var noAdjoints = Run(vz, vSeeds, empty: false, omit: TangentCatalog.OmitAdjoints);
        var noHv = Run(vz, vSeeds, empty: false, omit: TangentCatalog.OmitAdjointTangents);
        var noVo = Run(vz, vSeeds, empty: false, omit: TangentCatalog.OmitOutputTangents);
        foreach (var (run, what) in new[] { (noAdjoints, "without adjoints"), (noHv, "without adjoint tangents"), (noVo, "without output tangents") })
        {
            Same(full.O, run.O, $"{name} {what}: outputs");
        }
        Same(full.Hvz, noAdjoints.Hvz, $"{name} without adjoints: adjoint tangents");
        Same(full.Vo, noAdjoints.Vo, $"{name} without adjoints: output tangents");
        Same(full.Dz, noHv.Dz, $"{name} without adjoint tangents: adjoints");
        Same(full.Vo, noHv.Vo, $"{name} without adjoint tangents: output tangents");
        Same(full.Dz, noVo.Dz, $"{name} without output tangents: adjoints");
        Same(full.Hvz, noVo.Hvz, $"{name} without output tangents: adjoint tangents");

        // The Tangent: an empty direction gives zero output tangents; an empty output tangent leaves the outputs as they were.
        double[] outputs = new double[c.Outputs], tangent = Filled(c.Outputs, double.NaN), skipped = new double[c.Outputs];
        TangentCatalog.EmptyForZero = true;
        try
        {
            c.Tangent(z, noInputs, outputs, tangent);
        }
        finally
        {
            TangentCatalog.EmptyForZero = false;
        }
        Assert.All(tangent, t => Assert.Equal(0.0, t));
        TangentCatalog.Omit = TangentCatalog.OmitOutputTangents;
        try
        {
            c.Tangent(z, vz, skipped, Filled(c.Outputs, 3.0));
        }
        finally
        {
            TangentCatalog.Omit = 0;
        }
        Same(outputs, skipped, $"{name}: outputs of a Tangent without output tangents");
    }

    [Theory]
    [MemberData(nameof(TangentCatalog.Names), MemberType = typeof(TangentCatalog))]
    public void Single_precision_agrees_with_double_precision(string name)
    {
        TangentCase c = TangentCatalog.Get(name);
        if (!c.Single) return;
        TangentCase d = TangentCatalog.Get(name.Replace("/float", "/double", StringComparison.Ordinal));
        var rng = new Random(GradientSeed(name + "/single"));
        for (int k = 0; k < Points; k++)
        {
            // Points and directions are floats, so both precisions differentiate at the same point.
            double[] z = c.Sample(rng), seeds = Random(rng, c.Outputs, single: true), vz = Random(rng, c.Inputs, single: true), vSeeds = Random(rng, c.Outputs, single: true);
            double[] tf = new double[c.Outputs], td = new double[c.Outputs];
            c.Tangent(z, vz, new double[c.Outputs], tf);
            d.Tangent(z, vz, new double[c.Outputs], td);
            Close(td, tf, 1e-4, 1e-5, $"{name}: float tangent vs double tangent");
            double[] hf = new double[c.Inputs], hd = new double[c.Inputs];
            c.BackwardTangent(z, seeds, vz, vSeeds, new double[c.Outputs], new double[c.Inputs], hf, new double[c.Outputs]);
            d.BackwardTangent(z, seeds, vz, vSeeds, new double[c.Outputs], new double[c.Inputs], hd, new double[c.Outputs]);
            Close(hd, hf, 1e-4, 1e-5, $"{name}: float adjoint tangents vs double");
        }
    }

    [Fact]
    public void Other_IEEE_types_agree_with_double_through_the_scalar_paths()
    {
        // Half has no vector kernels: these run the one-lane paths, computed as double and rounded (Half: 3 significant digits).
        const int n = 9;
        var rng = new Random(3);
        double[] x = Random(rng, n, -2, 2), v = Random(rng, n), dy = Random(rng, n);
        Half[] xh = x.Select(a => (Half)a).ToArray(), vh = v.Select(a => (Half)a).ToArray(), dyh = dy.Select(a => (Half)a).ToArray();
        x = xh.Select(a => (double)a).ToArray();
        v = vh.Select(a => (double)a).ToArray();
        dy = dyh.Select(a => (double)a).ToArray();

        void Agree(Half[] actual, double[] expected, string what) => Close(expected, actual.Select(a => (double)a).ToArray(), 1e-2, 1e-2, what);

        double[] y = new double[n], dx = new double[n], hv = new double[n], vy = new double[n];
        Half[] yh = new Half[n], dxh = new Half[n], hvh = new Half[n], vyh = new Half[n];
        Activations.TanhBackwardTangent<double>(x, y, dy, dx, v, dy, hv, vy);
        Activations.TanhBackwardTangent<Half>(xh, yh, dyh, dxh, vh, dyh, hvh, vyh);
        Agree(hvh, hv, "Tanh hvX");
        Agree(vyh, vy, "Tanh vY");

        Array.Clear(hv);
        Array.Clear(hvh);
        Normalization.LayerNormBackwardTangent<double>(x, v, dy, y, 1e-5, dy, dx, default, default, v, dy, default, dy, hv, default, default, vy);
        Normalization.LayerNormBackwardTangent<Half>(xh, vh, dyh, yh, 1e-5, dyh, dxh, default, default, vh, dyh, default, dyh, hvh, default, default, vyh);
        Agree(hvh, hv, "LayerNorm hvX");
        Agree(vyh, vy, "LayerNorm vY");

        Array.Clear(hv);
        Array.Clear(hvh);
        Losses.SoftmaxCrossEntropyBackwardTangent<double>(x, 4, 1.0, dx, v, 0.5, hv, out double vResult);
        Losses.SoftmaxCrossEntropyBackwardTangent<Half>(xh, 4, Half.One, dxh, vh, (Half)0.5, hvh, out Half vResultHalf);
        Agree(hvh, hv, "SoftmaxCrossEntropy hvLogits");
        Agree([vResultHalf], [vResult], "SoftmaxCrossEntropy vResult");

        // A 3 × 3 dense layer on the first three inputs: hvX += Wᵀ vDY + vWᵀ dY.
        double[] w = x, hx = new double[3];
        Half[] wh = xh, hxh = new Half[3];
        Linear.DenseBackwardTangent<double>(w, default, x.AsSpan(0, 3), y.AsSpan(0, 3), dy.AsSpan(0, 3), default, default, default,
            v, default, default, dy.AsSpan(0, 3), default, default, hx, default);
        Linear.DenseBackwardTangent<Half>(wh, default, xh.AsSpan(0, 3), yh.AsSpan(0, 3), dyh.AsSpan(0, 3), default, default, default,
            vh, default, default, dyh.AsSpan(0, 3), default, default, hxh, default);
        Agree(hxh, hx, "Dense hvX");
    }

    private static int GradientSeed(string name)
    {
        // Stable across runs and processes (string.GetHashCode is randomized per process).
        int h = 17;
        foreach (char ch in name) h = unchecked(h * 31 + ch);
        return h;
    }
}
