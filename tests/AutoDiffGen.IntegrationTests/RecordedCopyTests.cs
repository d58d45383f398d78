using System;
using System.Linq;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using C = AutoDiffGen.IntegrationTests.Functions.RecordedCopyFunctions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Overwritten values restored from a copy instead of a record, and scalar adjoints collected in locals, against central
/// finite differences; the same gradient whether or not the tape already holds values of other calls; 0 B warm.
/// </summary>
public class RecordedCopyTests
{
    private static readonly double[] Steps = { 0.3, -1.2, 0.8, 2.0, -0.4, 1.1, -0.7, 0.05, -0.9 };

    public static readonly GradientCase[] Cases =
    {
        new("TanhRnn", 2, p => C.TanhRnn(p[0], p[1], Steps), (p, g) => C.TanhRnnGradient(p[0], p[1], Steps, out g[0], out g[1])),
        new("ShiftedStates", 2, p => C.ShiftedStates(p[0], p[1], Steps), (p, g) => C.ShiftedStatesGradient(p[0], p[1], Steps, out g[0], out g[1])),
        new("CopyOnOneBranch", 1, p => C.CopyOnOneBranch(p[0], Steps), (p, g) => C.CopyOnOneBranchGradient(p[0], Steps, out g[0])),
        new("StraightLineCopy", 2, p => C.StraightLineCopy(p[0], p[1]), (p, g) => C.StraightLineCopyGradient(p[0], p[1], out g[0], out g[1])),
        new("NestedCopies", 1, p => C.NestedCopies(p[0], Steps, 3), (p, g) => C.NestedCopiesGradient(p[0], Steps, 3, out g[0])),
        new("SameArgumentTwice", 2, p => C.SameArgumentTwice(p[0], p[1]), (p, g) => C.SameArgumentTwiceGradient(p[0], p[1], out g[0], out g[1])),
        new("ReassignedInput", 2, p => C.ReassignedInput(p[0], p[1]), (p, g) => C.ReassignedInputGradient(p[0], p[1], out g[0], out g[1])),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Gradient_matches_finite_differences(string name) => Check(Cases.Single(c => c.Name == name));

    [Fact]
    public void Backward_adds_into_incoming_adjoints()
    {
        // The locals are added into the ref parameters at the end: what the caller had there stays.
        double dA = 10, dB = -3;
        double value = C.SameArgumentTwiceBackward(0.4, -0.7, 2.0, ref dA, ref dB);
        C.SameArgumentTwiceGradient(0.4, -0.7, out double gA, out double gB);
        Assert.Equal(C.SameArgumentTwice(0.4, -0.7), value);
        Assert.Equal(10 + 2 * gA, dA, 12);
        Assert.Equal(-3 + 2 * gB, dB, 12);
    }

    [Fact]
    public void Copied_back_values_do_not_depend_on_the_tape_contents()
    {
        // A gradient taken with values of an unfinished outer computation on the tape is the same bit for bit.
        C.ShiftedStatesGradient(0.7, -0.4, Steps, out double alone0, out double alone1);
        Tape tape = Tape.Current;
        for (int i = 0; i < 5; i++) tape.Push(1e300 * (i + 1));
        C.ShiftedStatesGradient(0.7, -0.4, Steps, out double nested0, out double nested1);
        for (int i = 0; i < 5; i++) Assert.Equal(1e300 * (5 - i), tape.PopReal());
        Assert.Equal(alone0, nested0);
        Assert.Equal(alone1, nested1);
    }

    [Fact]
    public void Warm_gradients_allocate_nothing()
    {
        double sink = 0;
        Assert.Equal(0, AllocationTests.AllocatedBy(() => sink += C.TanhRnnGradient(0.9, 0.5, Steps, out _, out _)
            + C.ShiftedStatesGradient(0.9, 0.5, Steps, out _, out _) + C.NestedCopiesGradient(0.9, Steps, 3, out _)));
        Assert.False(double.IsNaN(sink));
    }
}
