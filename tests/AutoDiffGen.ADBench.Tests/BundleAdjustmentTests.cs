using System;

namespace AutoDiffGen.ADBench.Tests;

public class BundleAdjustmentTests
{
    /// <summary>Residual <paramref name="row"/> of one observation as a function of its 15 parameters.</summary>
    private static double Residual(ReadOnlySpan<double> v, ReadOnlySpan<double> feat, int row)
    {
        Span<double> err = stackalloc double[2];
        BundleAdjustment.ReprojectionError(v.Slice(0, 11), v.Slice(11, 3), v[14], feat, err);
        return err[row];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void JacobianBlockMatchesFiniteDifferences(bool zeroRotation)
    {
        BaInstance ba = BaInstance.Generate(3, 4, 5);
        if (zeroRotation) Array.Clear(ba.Cams, 0, 3); // the first-order branch of Rodrigues for camera 0
        var reproj = new double[2 * ba.P];
        var wErr = new double[ba.P];
        var blocks = new double[2 * BundleAdjustment.BlockColumns * ba.P];
        var wBlocks = new double[ba.P];
        BundleAdjustment.Jacobian(ba, reproj, wErr, blocks, wBlocks);

        var expectedReproj = new double[2 * ba.P];
        var expectedW = new double[ba.P];
        BundleAdjustment.Objective(ba, expectedReproj, expectedW);
        Assert.Equal(expectedReproj, reproj);
        Assert.Equal(expectedW, wErr);

        for (int i = 0; i < ba.P; i++)
        {
            int cam = ba.Obs[2 * i], pt = ba.Obs[2 * i + 1];
            double[] v = [.. ba.Cams.AsSpan(cam * 11, 11), .. ba.X.AsSpan(pt * 3, 3), ba.W[i]];
            double[] feat = ba.Feats.AsSpan(2 * i, 2).ToArray();
            for (int row = 0; row < 2; row++)
            {
                var analytic = new double[15];
                for (int c = 0; c < 15; c++) analytic[c] = blocks[2 * 15 * i + 2 * c + row];
                int r = row;
                // Rotation parameters at exactly 0 sit on the branch point; the first-order branch is only checked there
                // against a step small enough to stay on the smooth side (its second-order term is what FD would see).
                double step = zeroRotation && cam == 0 ? 1e-7 : GradientCheck.DefaultStep;
                GradientCheckResult result = GradientCheck.Compare(p => Residual(p, feat, r), v, analytic, tolerance: zeroRotation && cam == 0 ? 1e-4 : 1e-6, step: step);
                Assert.True(result.Passed, $"observation {i} row {row}: {result}");
            }
            Assert.Equal(-2 * ba.W[i], wBlocks[i], 12);
        }
    }

    [Fact]
    public void WarmJacobianAllocatesNothing()
    {
        BaInstance ba = BaInstance.Generate(5, 20, 100);
        var reproj = new double[2 * ba.P];
        var wErr = new double[ba.P];
        var blocks = new double[2 * BundleAdjustment.BlockColumns * ba.P];
        var wBlocks = new double[ba.P];
        BundleAdjustment.Jacobian(ba, reproj, wErr, blocks, wBlocks);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++) BundleAdjustment.Jacobian(ba, reproj, wErr, blocks, wBlocks);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
