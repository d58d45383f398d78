using System;
using System.Linq;
using System.Threading;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using C = AutoDiffGen.IntegrationTests.Functions.TapeCursorFunctions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Loops that push and pop through a local cursor on the tape (TapeCursors), beside loops whose calls record on the same
/// tape: gradients against central finite differences, the tape balanced and the gradient unchanged with other values on
/// it, on a fresh thread whose tape must grow, and 0 B warm.
/// </summary>
public class TapeCursorTests
{
    public static readonly GradientCase[] Cases =
    {
        new("Damped", 2, p => C.Damped(p[0], p[1], 6), (p, g) => C.DampedGradient(p[0], p[1], 6, out g[0], out g[1])),
        new("Mixed", 6, p => C.Mixed(p.AsSpan(0, 5), p[5]), (p, g) => C.MixedGradient(p.AsSpan(0, 5), p[5], g.AsSpan(0, 5), out g[5]), Low: -1, High: 1),
        new("CallsATapeUser", 5, p => C.CallsATapeUser(p.AsSpan(0, 4), p[4]), (p, g) => C.CallsATapeUserGradient(p.AsSpan(0, 4), p[4], g.AsSpan(0, 4), out g[4]), Low: -1, High: 1),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Gradient_matches_finite_differences(string name) => Check(Cases.Single(c => c.Name == name));

    [Fact]
    public void Float_records_come_back_as_the_floats_pushed()
    {
        Check(new GradientCaseSingle("FloatStates", 4, p => C.FloatStates(p.AsSpan(0, 3), p[3], 5),
            (p, g) => C.FloatStatesGradient(p.AsSpan(0, 3), p[3], 5, g.AsSpan(0, 3), out g[3]), Low: -1, High: 1));
    }

    [Fact]
    public void Records_of_an_unfinished_computation_stay_on_the_tape_and_change_nothing()
    {
        double[] w = { 0.3, -0.8, 0.5, 1.1, -0.2, 0.7, 0.9 };
        var alone = new double[w.Length];
        double valueAlone = C.MixedGradient(w, 0.4, alone, out double dXAlone);

        Tape tape = Tape.Current;
        int before = tape.RealCount;
        for (int i = 0; i < 7; i++) tape.Push(1e300 * (i + 1));
        var nested = new double[w.Length];
        double valueNested = C.MixedGradient(w, 0.4, nested, out double dXNested);
        Assert.Equal(before + 7, tape.RealCount);
        for (int i = 0; i < 7; i++) Assert.Equal(1e300 * (7 - i), tape.PopReal());
        Assert.Equal(before, tape.RealCount);

        Assert.Equal(valueAlone, valueNested);
        Assert.Equal(dXAlone, dXNested);
        Assert.Equal(alone, nested);
    }

    [Fact]
    public void A_tape_that_grows_before_a_cursor_loop_gives_the_same_gradient()
    {
        // 3,000 weights: the first loop reserves 3,000 records and the last 6,000, beyond a new thread's 1,024.
        double[] w = Enumerable.Range(0, 3000).Select(i => Math.Sin(i * 0.37) * 0.5).ToArray();
        var here = new double[w.Length];
        double valueHere = C.MixedGradient(w, 0.3, here, out double dXHere);

        var there = new double[w.Length];
        double valueThere = 0, dXThere = 0;
        long grownTo = 0;
        int left = -1;
        var thread = new Thread(() =>
        {
            valueThere = C.MixedGradient(w, 0.3, there, out dXThere);
            grownTo = Tape.Current.ReservedBytes;
            left = Tape.Current.RealCount;
        });
        thread.Start();
        thread.Join();

        Assert.True(grownTo > 6000 * sizeof(double), $"the new thread's tape holds {grownTo} B");
        Assert.Equal(0, left);
        Assert.Equal(valueHere, valueThere);
        Assert.Equal(dXHere, dXThere);
        Assert.Equal(here, there);
    }

    [Fact]
    public void Warm_gradients_allocate_nothing()
    {
        double[] w = { 0.3, -0.8, 0.5, 1.1, -0.2 };
        float[] wf = { 0.3f, -0.8f, 0.5f };
        var g = new double[w.Length];
        var gf = new float[wf.Length];
        double sink = 0;
        Assert.Equal(0, AllocationTests.AllocatedBy(() => sink += C.MixedGradient(w, 0.4, g, out _) + C.DampedGradient(0.2, 0.9, 6, out _, out _)
            + C.FloatStatesGradient(wf, 0.4f, 5, gf, out _)));
        Assert.False(double.IsNaN(sink));
    }
}
