using System;
using System.Linq;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using P = AutoDiffGen.IntegrationTests.Functions.PullbackReuseFunctions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>Pullbacks that reuse the forward's outputs, and the recomputing one kept where the output was overwritten, against finite differences.</summary>
public class PullbackReuseTests
{
    private static readonly double[] X4 = { 0.3, -0.8, 1.1, 0.4 };
    private static readonly double[] X8 = { 0.3, -0.8, 1.1, 0.4, -0.2, 0.9, 0.5, -1.3 };

    [Fact]
    public void Reused_outputs_give_the_gradient() =>
        Check(new GradientCase("Reused", 52, p => P.Reused(p.AsSpan(0, 48), p.AsSpan(48)), (p, g) => P.ReusedGradient(p.AsSpan(0, 48), p.AsSpan(48), g.AsSpan(0, 48), g.AsSpan(48)), -0.7, 0.7));

    [Fact]
    public void Recomputed_outputs_give_the_gradient() =>
        Check(new GradientCase("Recomputed", 16, p => P.Recomputed(p.AsSpan(0, 12), p.AsSpan(12)), (p, g) => P.RecomputedGradient(p.AsSpan(0, 12), p.AsSpan(12), g.AsSpan(0, 12), g.AsSpan(12))));

    [Fact]
    public void Reused_outputs_allocate_nothing_when_warm()
    {
        double[] p = Enumerable.Range(0, 52).Select(i => 0.1 * Math.Sin(i)).ToArray(), g = new double[52];
        double sink = 0;
        Assert.Equal(0, AllocationTests.AllocatedBy(() => sink += P.ReusedGradient(p.AsSpan(0, 48), p.AsSpan(48), g.AsSpan(0, 48), g.AsSpan(48))));
    }

    [Fact]
    public void Gradients_written_by_a_pullback_are_the_gradient()
    {
        Check(new GradientCase("Written", 18, p => P.Written(p.AsSpan(0, 12), p.AsSpan(12, 3), p.AsSpan(15), X4),
            (p, g) => P.WrittenGradient(p.AsSpan(0, 12), p.AsSpan(12, 3), p.AsSpan(15), X4, g.AsSpan(0, 12), g.AsSpan(12, 3), g.AsSpan(15))));
        Check(new GradientCase("WrittenBatch", 21, p => P.WrittenBatch(p.AsSpan(0, 12), p.AsSpan(12, 3), p.AsSpan(15), X8),
            (p, g) => P.WrittenBatchGradient(p.AsSpan(0, 12), p.AsSpan(12, 3), p.AsSpan(15), X8, g.AsSpan(0, 12), g.AsSpan(12, 3), g.AsSpan(15))));
        Check(new GradientCase("DotWritten", 4, p => P.DotWritten(p, X4, 0.25), (p, g) => P.DotWrittenGradient(p, X4, 0.25, g)));
    }

    [Fact]
    public void Gradients_written_by_a_pullback_equal_clearing_and_adding_bit_for_bit_whatever_the_spans_held()
    {
        var rng = new Random(12);
        double[] p = Enumerable.Range(0, 21).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] written = Enumerable.Range(0, 21).Select(_ => 9.0).ToArray(), added = new double[21];
        double value = P.WrittenBatchGradient(p.AsSpan(0, 12), p.AsSpan(12, 3), p.AsSpan(15), X8, written.AsSpan(0, 12), written.AsSpan(12, 3), written.AsSpan(15));
        double expected = P.WrittenBatchBackward(p.AsSpan(0, 12), p.AsSpan(12, 3), p.AsSpan(15), X8, 1.0, added.AsSpan(0, 12), added.AsSpan(12, 3), added.AsSpan(15));
        Assert.Equal(expected, value);
        Assert.Equal(added.Select(BitConverter.DoubleToInt64Bits), written.Select(BitConverter.DoubleToInt64Bits));

        double[] dW = { 5, 5, 5, 5 }, dWAdded = new double[4];
        P.DotWrittenGradient(X4, X4, 0.25, dW);
        P.DotWrittenBackward(X4, X4, 0.25, 1.0, dWAdded);
        Assert.Equal(dWAdded, dW);
    }

    [Fact]
    public void Gradients_written_by_a_pullback_allocate_nothing_when_warm()
    {
        double[] p = Enumerable.Range(0, 21).Select(i => 0.1 * Math.Sin(i)).ToArray(), g = new double[21];
        double sink = 0;
        Assert.Equal(0, AllocationTests.AllocatedBy(() => sink += P.WrittenBatchGradient(p.AsSpan(0, 12), p.AsSpan(12, 3), p.AsSpan(15), X8, g.AsSpan(0, 12), g.AsSpan(12, 3), g.AsSpan(15))));
        Assert.Equal(0, AllocationTests.AllocatedBy(() => sink += P.DotWrittenGradient(p.AsSpan(0, 4), X4, 0.25, g.AsSpan(0, 4))));
    }
}
