namespace AutoDiffGen.ADBench.Tests;

/// <summary>
/// The C++ side of the ADBench side-by-side (benchmarks/adbench-cpp) reproduces <see cref="GmmInstance.Generate"/>
/// bit for bit; its digests of these instances were recorded from its <c>--tool digest</c> output. The side-by-side
/// script checks the two generators against each other on every size it runs; this test, which needs no C++ compiler,
/// keeps the C# generator (System.Random's seeded sequence, Box–Muller, the drawing order) from drifting away from them.
/// </summary>
public class GmmDigestTests
{
    [Theory]
    [InlineData(2, 5, 1000, "3546062918882ece")]
    [InlineData(10, 5, 1000, "525d22c159cbf658")]
    [InlineData(2, 200, 10000, "836a893683ab9038")]
    [InlineData(64, 200, 10000, "798601f93ccc8128")]
    public void GeneratorMatchesTheCppGenerator(int d, int k, int n, string expected) =>
        Assert.Equal(expected, GmmDigest.Hex(GmmInstance.Generate(d, k, n)));
}
