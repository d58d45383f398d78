using System;
using System.Linq;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using L = AutoDiffGen.IntegrationTests.Functions.LoopFunctions;
using V = AutoDiffGen.IntegrationTests.Functions.VectorizedFunctions;
using VectorizedModel = AutoDiffGen.IntegrationTests.Functions.VectorizedModel;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Loops the generator vectorizes (TensorPrimitives calls in both sweeps) and loops it must leave scalar, against central
/// finite differences at random points, in double and float, with warm calls allocating nothing. Lengths are chosen
/// beyond one vector (AVX-512 holds 8 doubles) with a remainder, so the kernels' vector and tail paths both run.
/// </summary>
public class VectorizedLoopTests
{
    private static readonly Random Data = new(18);
    private static readonly double[] X19 = Enumerable.Range(0, 19).Select(_ => Data.NextDouble() * 2 - 1).ToArray();

    public static readonly GradientCase[] Cases =
    {
        new("Layer", 3 * 19, w => V.Layer(w, X19, 3), (w, g) => V.LayerGradient(w, X19, 3, g, new double[19]), -0.5, 0.5, Reassociated: true),
        new("LayerInput", 19, x => V.Layer(Weights(3 * 19), x, 3), (x, g) => V.LayerGradient(Weights(3 * 19), x, 3, new double[3 * 19], g), -1, 1,
            Reassociated: true),
        new("ElementWise", 21, p => V.ElementWise(p.AsSpan(0, 19), p[19], p[20]),
            (p, g) => V.ElementWiseGradient(p.AsSpan(0, 19), p[19], p[20], g.AsSpan(0, 19), out g[19], out g[20]), 0.5, 1.5, Reassociated: true),
        new("Recurrence", 19, w => V.Recurrence(w, X19, 6), (w, g) => V.RecurrenceGradient(w, X19, 6, g, new double[19]), -1, 1, Reassociated: true),
        new("NotContiguous", 20, x => V.NotContiguous(x), (x, g) => V.NotContiguousGradient(x, g)),
        new("Window", 19, w => V.Window(w, X19, 3, 17), (w, g) => V.WindowGradient(w, X19, 3, 17, g), Reassociated: true),
        new("EmptyWindow", 19, w => V.Window(w, X19, 17, 3), (w, g) => V.WindowGradient(w, X19, 17, 3, g)),
        new("Views", 20, p => V.Views(p.AsSpan(0, 19), p[19], 3), (p, g) => V.ViewsGradient(p.AsSpan(0, 19), p[19], 3, g.AsSpan(0, 19), out g[19]), -1, 1,
            Reassociated: true),
        new("Model", 3 * 19 + 3, p => ModelAt(p).Loss(X19), (p, g) => ModelGradient(p, g), -0.5, 0.5, Reassociated: true),
        new("Chain", 38, p => V.Chain(p.AsSpan(0, 19), p.AsSpan(19), 0.3), (p, g) => V.ChainGradient(p.AsSpan(0, 19), p.AsSpan(19), 0.3, g.AsSpan(0, 19), g.AsSpan(19)),
            Reassociated: true),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.Name));

    private static VectorizedModel ModelAt(double[] p) => new() { W = p[..(3 * 19)], B = p[(3 * 19)..] };

    private static double ModelGradient(double[] p, double[] g)
    {
        VectorizedModel model = ModelAt(p);
        var gradient = new VectorizedModel.Gradient(model);
        gradient.W.AsSpan().Fill(double.NaN); // overwritten, not added into
        double value = model.LossGradient(X19, gradient);
        gradient.W.CopyTo(g, 0);
        gradient.B.CopyTo(g, 3 * 19);
        return value;
    }

    private static double[] Weights(int n) => Enumerable.Range(0, n).Select(i => Math.Sin(i * 0.7) * 0.4).ToArray();

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Gradient_matches_finite_differences(string name) => Check(Cases.Single(c => c.Name == name));

    [Fact]
    public void Single_precision_layer_matches_finite_differences()
    {
        float[] x = X19.Select(v => (float)v).ToArray();
        Check(new GradientCaseSingle("LayerSingle", 2 * 19, w => V.LayerSingle(w, x, 2), (w, g) => V.LayerSingleGradient(w, x, 2, g, new float[19]), -0.5f, 0.5f,
            Reassociated: true));
    }

    [Fact]
    public void Element_wise_and_axpy_loops_give_the_scalar_loops_results_bit_for_bit()
    {
        // Vectorizing an element-wise loop reorders nothing within an element: x·s + d is computed, rounded, as the
        // scalar statement computes it. Chain and ChainScalar differ only in that ChainScalar's loops stay scalar; the
        // value differs only through the dot product's order of summation, which no gradient component depends on.
        var rng = new Random(5);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = 1 + rng.Next(40);
            double[] w = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
            double[] x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
            double s = rng.NextDouble() - 0.5;
            double[] dW = new double[n], dX = new double[n], dWScalar = new double[n], dXScalar = new double[n];
            double value = V.ChainGradient(w, x, s, dW, dX);
            double scalar = V.ChainScalarGradient(w, x, s, dWScalar, dXScalar);
            Assert.True(SameValue(scalar, value, 1e-12), $"{value:R} vs {scalar:R}");
            Assert.Equal(dWScalar.Select(BitConverter.DoubleToInt64Bits), dW.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(dXScalar.Select(BitConverter.DoubleToInt64Bits), dX.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void A_loop_between_an_output_and_an_input_refuses_overlap_and_computes_what_the_original_computes_on_disjoint_slices()
    {
        double[] seed = { 0.4, -1.1, 0.9, 2.0, -0.3 };
        // In place and shifted: the backward's overlap check (issue 14) throws before any loop runs.
        foreach ((int input, int output) in new[] { (0, 0), (0, 1), (1, 0) })
        {
            double[] buffer = Enumerable.Range(0, 7).Select(i => 0.1 * i - 0.2).ToArray();
            double[] before = (double[])buffer.Clone();
            double[] dX = new double[5];
            double dS = 0;
            Assert.Throws<ArgumentException>(() => V.ScaleBackward(buffer.AsSpan(input, 5), 1.5, buffer.AsSpan(output, 5), seed, dX, ref dS));
            Assert.Equal(before, buffer);
        }
        // Disjoint slices of one buffer.
        double[] original = Enumerable.Range(0, 10).Select(i => 0.1 * i - 0.2).ToArray();
        double[] generated = (double[])original.Clone();
        V.Scale(original.AsSpan(0, 5), 1.5, original.AsSpan(5, 5));
        double[] dXDisjoint = new double[5];
        double dSDisjoint = 0;
        V.ScaleBackward(generated.AsSpan(0, 5), 1.5, generated.AsSpan(5, 5), seed, dXDisjoint, ref dSDisjoint);
        Assert.Equal(original, generated);
    }

    [Fact]
    public void Overwrite_mode_writes_every_gradient_component_on_both_sides_of_the_zero_seed_test()
    {
        // DotLossGradient writes dW by its first update (Multiply) instead of clearing it, or clears it where the seed is 0.
        double[] w = Weights(19);
        double[] dW = Enumerable.Repeat(double.NaN, 19).ToArray();
        double[] expected = new double[19];
        double value = L.DotLossGradient(w, X19, dW);
        Assert.Equal(value, L.DotLossBackward(w, X19, 1.0, expected));
        Assert.Equal(expected, dW);
        Assert.Equal(0.0, L.DotLossGradient(new double[19], X19, dW));
        Assert.All(dW, g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void Pullback_of_a_vectorized_loop_adds_into_the_adjoints()
    {
        double[] w = Weights(3 * 19);
        double[] gradient = new double[w.Length];
        double value = V.LayerGradient(w, X19, 3, gradient, new double[19]);
        double[] adjoints = Enumerable.Repeat(0.5, w.Length).ToArray();
        // An empty adjoint: the gradient of x is not needed.
        double backwardValue = V.LayerBackward(w, X19, 3, 2.5, adjoints, default);
        Assert.Equal(value, backwardValue);
        for (int i = 0; i < w.Length; i++) Assert.Equal(0.5 + 2.5 * gradient[i], adjoints[i], 12);
    }

    [Fact]
    public void Vectorized_gradients_allocate_nothing_when_warm()
    {
        double[] w = Weights(3 * 19), g = new double[3 * 19], dX = new double[19], p = Weights(21), gp = new double[21];
        float[] ws = w.Select(v => (float)v).ToArray(), gs = new float[ws.Length], xs = X19.Select(v => (float)v).ToArray(), dXs = new float[19];
        double sink = 0;
        Assert.Equal(0, AllocationTests.AllocatedBy(() => sink += V.LayerGradient(w, X19, 3, g, dX) + V.LayerSingleGradient(ws.AsSpan(0, 38), xs, 2, gs.AsSpan(0, 38), dXs)));
        Assert.Equal(0, AllocationTests.AllocatedBy(() => sink += V.ElementWiseGradient(p.AsSpan(0, 19), 0.7, 1.2, gp.AsSpan(0, 19), out _, out _)));
        Assert.Equal(0, AllocationTests.AllocatedBy(() => sink += V.RecurrenceGradient(w.AsSpan(0, 19), X19, 6, g.AsSpan(0, 19), dX) + V.WindowGradient(w.AsSpan(0, 19), X19, 3, 17, g.AsSpan(0, 19))));
    }
}
