using System;
using System.Linq;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using P = AutoDiffGen.IntegrationTests.Functions.PullbackReuseFunctions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>Pullbacks that reuse the forward's outputs, and the recomputing one kept where the output was overwritten, against finite differences.</summary>
public class PullbackReuseTests
{
    private static readonly double[] X4 = { 0.3, -0.8, 1.1, 0.4 };

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
}
