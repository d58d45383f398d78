using AutoDiffGen.Reliability.Tests.Fuzz;
using Xunit.Abstractions;

namespace AutoDiffGen.Reliability.Tests;

/// <summary>
/// Csmith-style differential testing: random valid programs, compiled with the generator, must give the plain
/// method's value exactly, gradients equal to finite differences and zero-allocation warm calls; half of them ask for
/// forward mode too (tangents along random directions against central differences) and a fifth for second order (H·v
/// against central differences of the gradient).
/// CI runs <see cref="CiPrograms"/> programs from a fixed seed; <c>AUTODIFFGEN_FUZZ_PROGRAMS=N</c> (and optionally
/// <c>AUTODIFFGEN_FUZZ_SEED=S</c>) runs any number locally. A failure prints each failing seed and a reduced program.
/// </summary>
public class DifferentialFuzzTests
{
    public const int CiSeed = 20_261_129;
    public const int CiPrograms = 320;

    private readonly ITestOutputHelper _output;

    public DifferentialFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Random_programs_have_exact_values_correct_gradients_and_allocation_free_warm_calls()
    {
        var (seed, count) = FuzzRunner.FromEnvironment() ?? (CiSeed, CiPrograms);
        FuzzStatistics stats = FuzzRunner.Run(seed, count, _output.WriteLine);
        string report = FuzzRunner.Report(stats, seed);
        _output.WriteLine(report);
        Assert.True(stats.Failures.Count == 0, report);
        Assert.Equal(count, stats.ProgramsRun);
        // The check must actually check: most programs get gradient-checked points, and forward mode and H·v get theirs.
        Assert.True(stats.PointsTested >= count, report);
        Assert.True(stats.TangentsTested >= count / 2 && stats.HessianVectorsTested >= count / 8, report);
    }
}
