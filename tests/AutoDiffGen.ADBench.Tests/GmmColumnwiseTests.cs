using System;

namespace AutoDiffGen.ADBench.Tests;

/// <summary>The analysis forms of the GMM objective (GmmColumnwise) compute what Gmm.Objective computes.</summary>
public class GmmColumnwiseTests
{
    [Theory]
    [InlineData(2, 5, 50)]
    [InlineData(10, 5, 20)]
    [InlineData(20, 10, 5)]
    [InlineData(64, 5, 3)]
    public void ObjectivesAndGradientAgree(int d, int k, int n)
    {
        GmmInstance g = GmmInstance.Generate(d, k, n);
        double expected = g.Objective();
        double tolerance = 1e-10 * Math.Max(1, Math.Abs(expected));
        Assert.Equal(expected, GmmColumnwise.Objective(g.Alphas, g.Means, g.Icf, g.X, d, k, g.WishartGamma, g.WishartM), tolerance);
        Assert.Equal(expected, GmmColumnwise.ObjectiveVectorized(g.Alphas, g.Means, g.Icf, g.X, d, k, g.WishartGamma, g.WishartM), tolerance);
        Assert.Equal(expected, GmmColumnwise.ObjectiveRowwiseStrided(g.Alphas, g.Means, g.Icf, g.X, d, k, g.WishartGamma, g.WishartM), tolerance);
        Assert.Equal(expected, GmmColumnwise.ObjectiveSimd(g.Alphas, g.Means, g.Icf, g.X, d, k, g.WishartGamma, g.WishartM), tolerance);

        double[] da = new double[g.Alphas.Length], dm = new double[g.Means.Length], dq = new double[g.Icf.Length];
        double[] ca = new double[g.Alphas.Length], cm = new double[g.Means.Length], cq = new double[g.Icf.Length];
        g.Gradient(da, dm, dq);
        Assert.Equal(expected, GmmColumnwise.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, d, k, g.WishartGamma, g.WishartM, ca, cm, cq), tolerance);
        double[] rowwise = [.. da, .. dm, .. dq], columnwise = [.. ca, .. cm, .. cq];
        double scale = 0;
        foreach (double v in rowwise) scale = Math.Max(scale, Math.Abs(v));
        for (int i = 0; i < rowwise.Length; i++) Assert.True(Math.Abs(rowwise[i] - columnwise[i]) <= 1e-10 * scale, $"entry {i}: {rowwise[i]} vs {columnwise[i]}");
    }
}
