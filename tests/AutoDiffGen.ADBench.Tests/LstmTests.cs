using System;

namespace AutoDiffGen.ADBench.Tests;

public class LstmTests
{
    [Theory]
    [InlineData(2, 4, 14)]
    [InlineData(4, 3, 5)]
    public void GradientMatchesFiniteDifferences(int l, int c, int b)
    {
        LstmInstance lstm = LstmInstance.Generate(l, c, b);
        var dMain = new double[lstm.MainParams.Length];
        var dExtra = new double[lstm.ExtraParams.Length];
        Array.Fill(dMain, 5.0);
        double value = lstm.Gradient(dMain, dExtra);
        Assert.Equal(lstm.Objective(), value, 12);
        int nm = lstm.MainParams.Length;
        GradientCheckResult r = GradientCheck.Compare(
            v => Lstm.Objective(v.Slice(0, nm), v.Slice(nm), lstm.State, lstm.Sequence, l, c, b),
            [.. lstm.MainParams, .. lstm.ExtraParams], [.. dMain, .. dExtra], tolerance: 1e-6);
        Assert.True(r.Passed, r.ToString());
    }

    [Fact]
    public void WarmGradientAllocatesNothing()
    {
        LstmInstance lstm = LstmInstance.Generate(2, 64);
        var dMain = new double[lstm.MainParams.Length];
        var dExtra = new double[lstm.ExtraParams.Length];
        lstm.Gradient(dMain, dExtra);
        lstm.Gradient(dMain, dExtra);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++) lstm.Gradient(dMain, dExtra);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
