using System;
using System.Linq;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using P = AutoDiffGen.IntegrationTests.Functions.PlainLayerFunctions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Plain-loop dense layers over a batch: slice records instead of one per unit (<c>RecordFission</c>) and gradients written
/// by the first run of the loop that covers them (<c>LoopOverwrite</c>), against central finite differences at random
/// points, with the gradient buffers filled with NaN first (an element the overwrite misses fails), a batch of 0, a gradient
/// longer than the loop covers, and functions where the rules must not apply.
/// </summary>
public class PlainLayerTests
{
    private const int W1 = P.Hidden * P.Inputs;
    private const int Parameters = W1 + P.Hidden + P.Outputs * P.Hidden;
    private static readonly double[] X3 = Enumerable.Range(0, 3 * P.Inputs).Select(i => Math.Cos(i * 1.3)).ToArray();

    /// <summary>The gradient of TwoLayers at batch 3, w1 with <paramref name="extra"/> unused elements after its 6 × 5.</summary>
    private static GradientCase TwoLayers(int extra) => new(
        "TwoLayers+" + extra,
        Parameters + extra,
        p => P.TwoLayers(p.AsSpan(0, W1 + extra), p.AsSpan(W1 + extra, P.Hidden), p.AsSpan(W1 + extra + P.Hidden), X3, 3),
        (p, g) =>
        {
            g.AsSpan().Fill(double.NaN);
            return P.TwoLayersGradient(p.AsSpan(0, W1 + extra), p.AsSpan(W1 + extra, P.Hidden), p.AsSpan(W1 + extra + P.Hidden), X3, 3,
                g.AsSpan(0, W1 + extra), g.AsSpan(W1 + extra, P.Hidden), g.AsSpan(W1 + extra + P.Hidden));
        },
        -1, 1, Reassociated: true);

    [Fact]
    public void Two_layers_over_a_batch_match_finite_differences_with_every_gradient_element_written() => Check(TwoLayers(0));

    [Fact]
    public void A_gradient_longer_than_its_covering_loop_is_cleared_and_added_into_and_matches_finite_differences()
    {
        // dW1.Length is 32, not the 30 the loop covers: the generated check takes the clearing path, so the two elements
        // no loop writes read 0 (finite differences: w1[30] and w1[31] do not change the value).
        Check(TwoLayers(2));
    }

    [Fact]
    public void Relu_layers_with_dead_units_match_finite_differences_with_every_gradient_element_written() =>
        Check(new GradientCase("ReluLayers", Parameters,
            p => P.ReluLayers(p.AsSpan(0, W1), p.AsSpan(W1, P.Hidden), p.AsSpan(W1 + P.Hidden), X3, 3),
            (p, g) =>
            {
                g.AsSpan().Fill(double.NaN);
                return P.ReluLayersGradient(p.AsSpan(0, W1), p.AsSpan(W1, P.Hidden), p.AsSpan(W1 + P.Hidden), X3, 3,
                    g.AsSpan(0, W1), g.AsSpan(W1, P.Hidden), g.AsSpan(W1 + P.Hidden));
            },
            -1, 1, Admissible: p => HasDeadUnit(p), Reassociated: true));

    /// <summary>Some unit is dead for the first sample (its row of dW1 is then written as zeros), and no unit sits near the kink.</summary>
    private static bool HasDeadUnit(double[] p)
    {
        bool dead = false;
        for (int s = 0; s < 3; s++)
        {
            for (int j = 0; j < P.Hidden; j++)
            {
                double a = p[W1 + j];
                for (int k = 0; k < P.Inputs; k++) a += p[j * P.Inputs + k] * X3[s * P.Inputs + k];
                if (Math.Abs(a) < 1e-3) return false;
                dead |= s == 2 && a < 0;
            }
        }
        return dead;
    }

    [Fact]
    public void A_batch_of_zero_leaves_every_gradient_zero()
    {
        double[] p = Enumerable.Range(0, Parameters).Select(i => Math.Sin(i * 0.3)).ToArray();
        double[] g = Enumerable.Repeat(double.NaN, Parameters).ToArray();
        double value = P.TwoLayersGradient(p.AsSpan(0, W1), p.AsSpan(W1, P.Hidden), p.AsSpan(W1 + P.Hidden), X3, 0,
            g.AsSpan(0, W1), g.AsSpan(W1, P.Hidden), g.AsSpan(W1 + P.Hidden));
        Assert.Equal(0.0, value);
        Assert.All(g, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Writing_the_first_update_gives_the_values_of_adding_into_cleared_gradients()
    {
        // The gradient method writes; the backward adds into cleared buffers (seed 1): equal values for every batch size.
        var rng = new Random(31);
        for (int batch = 1; batch <= 3; batch++)
        {
            double[] p = Enumerable.Range(0, Parameters).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            double[] written = Enumerable.Repeat(double.NaN, Parameters).ToArray();
            double[] added = new double[Parameters];
            double a = P.TwoLayersGradient(p.AsSpan(0, W1), p.AsSpan(W1, P.Hidden), p.AsSpan(W1 + P.Hidden), X3, batch,
                written.AsSpan(0, W1), written.AsSpan(W1, P.Hidden), written.AsSpan(W1 + P.Hidden));
            double b = P.TwoLayersBackward(p.AsSpan(0, W1), p.AsSpan(W1, P.Hidden), p.AsSpan(W1 + P.Hidden), X3, batch, 1.0,
                added.AsSpan(0, W1), added.AsSpan(W1, P.Hidden), added.AsSpan(W1 + P.Hidden));
            Assert.Equal(b, a);
            for (int i = 0; i < Parameters; i++) Assert.True(written[i] == added[i], $"batch {batch}, element {i}: {written[i]:R} vs {added[i]:R}");
        }
    }

    [Fact]
    public void A_gradient_used_outside_its_row_loop_matches_finite_differences()
    {
        double[] x = Enumerable.Range(0, 8).Select(i => Math.Sin(i * 0.9)).ToArray();
        Check(new GradientCase("RowsAndTail", 14, w => P.RowsAndTail(w, x, 2), (w, g) =>
        {
            g.AsSpan().Fill(double.NaN);
            return P.RowsAndTailGradient(w, x, 2, g);
        }, -1, 1, Reassociated: true));
    }

    [Fact]
    public void A_buffer_read_at_another_unit_keeps_its_records_and_matches_finite_differences()
    {
        Check(new GradientCase("Chained", 4, w => P.Chained(w, 3), (w, g) =>
        {
            g.AsSpan().Fill(double.NaN);
            return P.ChainedGradient(w, 3, g);
        }, -1, 1));
    }

    [Fact]
    public void Warm_gradient_calls_allocate_nothing()
    {
        double[] p = Enumerable.Range(0, Parameters).Select(i => Math.Sin(i * 0.3)).ToArray();
        double[] g = new double[Parameters];
        double Call() => P.TwoLayersGradient(p.AsSpan(0, W1), p.AsSpan(W1, P.Hidden), p.AsSpan(W1 + P.Hidden), X3, 3,
            g.AsSpan(0, W1), g.AsSpan(W1, P.Hidden), g.AsSpan(W1 + P.Hidden));
        Call();
        Call();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 16; i++) Call();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
