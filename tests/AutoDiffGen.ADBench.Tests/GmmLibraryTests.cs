using System;

namespace AutoDiffGen.ADBench.Tests;

/// <summary>The library form of the GMM objective (GmmLibrary) computes what Gmm.Objective computes, and so does its gradient.</summary>
public class GmmLibraryTests
{
    [Theory]
    [InlineData(2, 5, 50)]
    [InlineData(5, 4, 20)] // one block of four columns and one column left over
    [InlineData(10, 5, 20)]
    [InlineData(20, 10, 5)]
    [InlineData(64, 5, 3)]
    public void ObjectiveAndGradientAgreeWithManual(int d, int k, int n)
    {
        GmmInstance g = GmmInstance.Generate(d, k, n);
        double expected = g.Objective();
        double tolerance = 1e-10 * Math.Max(1, Math.Abs(expected));
        Assert.Equal(expected, GmmLibrary.Objective(g.Alphas, g.Means, g.Icf, g.X, d, k, g.WishartGamma, g.WishartM), tolerance);

        double[] da = new double[g.Alphas.Length], dm = new double[g.Means.Length], dq = new double[g.Icf.Length];
        double[] la = new double[g.Alphas.Length], lm = new double[g.Means.Length], lq = new double[g.Icf.Length];
        // Garbage in the outputs: gradients overwrite, they do not accumulate.
        Array.Fill(la, 7.0); Array.Fill(lm, -3.0); Array.Fill(lq, 11.0);
        g.GradientManual(da, dm, dq);
        Assert.Equal(expected, GmmLibrary.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, d, k, g.WishartGamma, g.WishartM, la, lm, lq), tolerance);
        double[] manual = [.. da, .. dm, .. dq], library = [.. la, .. lm, .. lq];
        for (int i = 0; i < manual.Length; i++)
            Assert.True(Math.Abs(manual[i] - library[i]) <= 1e-9 * Math.Max(1, Math.Abs(manual[i])), $"entry {i}: {library[i]} vs manual {manual[i]}");
    }

    [Theory]
    [InlineData(2, 5, 10)]
    [InlineData(6, 3, 7)]
    [InlineData(9, 2, 4)]
    public void GradientMatchesFiniteDifferences(int d, int k, int n)
    {
        // Smaller icf spread than the benchmark data, so every component carries weight for some point (as in GmmTests).
        GmmInstance g = GmmInstance.Generate(d, k, n, seed: 11 + d);
        for (int i = 0; i < g.Icf.Length; i++) g.Icf[i] *= 0.3;
        double[] da = new double[g.Alphas.Length], dm = new double[g.Means.Length], dq = new double[g.Icf.Length];
        GmmLibrary.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, d, k, g.WishartGamma, g.WishartM, da, dm, dq);
        int na = g.Alphas.Length, nm = g.Means.Length;
        GradientCheckResult r = GradientCheck.Compare(
            p => GmmLibrary.Objective(p.Slice(0, na), p.Slice(na, nm), p.Slice(na + nm), g.X, d, k, g.WishartGamma, g.WishartM),
            [.. g.Alphas, .. g.Means, .. g.Icf], [.. da, .. dm, .. dq], tolerance: 1e-6);
        Assert.True(r.Passed, r.ToString());
    }
}
