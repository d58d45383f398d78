using System;
using System.Linq;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using AutoDiffGen.IntegrationTests.Functions;
using M = AutoDiffGen.IntegrationTests.Functions.MoreLoopFunctions;

namespace AutoDiffGen.IntegrationTests;

public class MoreLoopGradientTests
{
    public static readonly GradientCase[] Cases =
    {
        new("ManualIndex", 7, w => M.ManualIndex(w), (w, g) => M.ManualIndexGradient(w, g)),
        new("NestedWhile", 1, x => M.NestedWhile(x[0], 4), (x, g) => M.NestedWhileGradient(x[0], 4, out g[0])),
        new("BranchesInLoop", 6, x => M.BranchesInLoop(x.AsSpan(0, 5), x[5]), (x, g) => M.BranchesInLoopGradient(x.AsSpan(0, 5), x[5], g.AsSpan(0, 5), out g[5]),
            Admissible: x => BranchProductsAwayFromZero(x)),
        new("ScratchInBranchTrue", 5, w => M.ScratchInBranch(w, true), (w, g) => M.ScratchInBranchGradient(w, true, g)),
        new("ScratchInBranchFalse", 5, w => M.ScratchInBranch(w, false), (w, g) => M.ScratchInBranchGradient(w, false, g)),
        new("UsesCumulativeLayer", 6, x => M.UsesCumulativeLayer(x.AsSpan(0, 5), x[5]), (x, g) => M.UsesCumulativeLayerGradient(x.AsSpan(0, 5), x[5], g.AsSpan(0, 5), out g[5]),
            0.05, 0.9, x => RunningAwayFromOne(x)),
        new("ForEachOverSlice", 6, w => M.ForEachOverSlice(w), (w, g) => M.ForEachOverSliceGradient(w, g)),
        new("NestedEarlyReturn", 9, w => M.NestedEarlyReturn(w, 3), (w, g) => M.NestedEarlyReturnGradient(w, 3, g), -1, 2, w => AccumulatorAwayFromFour(w)),
        new("CountDown", 6, w => M.CountDown(w), (w, g) => M.CountDownGradient(w, g)),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Gradient_matches_finite_differences(string name) => Check(Cases.Single(c => c.Name == name));

    [Fact]
    public void Single_precision_rnn()
    {
        float[] xs = { 0.3f, -0.5f, 0.9f, 0.1f, -0.7f, 0.4f };
        Check(new GradientCaseSingle("SingleRnn", 2, p => M.SingleRnn(p[0], p[1], xs), (p, g) => M.SingleRnnGradient(p[0], p[1], xs, out g[0], out g[1]), -1f, 1f));
    }

    [Fact]
    public void Single_precision_mlp()
    {
        float[] x = { 0.5f, -1f };
        Check(new GradientCaseSingle("SingleMlp", 9, w => M.SingleMlp(w, x), (w, g) => M.SingleMlpGradient(w, x, g), -1f, 1f,
            w => Enumerable.Range(0, 3).All(r => Math.Abs(w[2 * r] * x[0] + w[2 * r + 1] * x[1]) > 0.05f), Reassociated: true));
    }

    [Fact]
    public void Layer_with_span_output_backward_matches_its_projection()
    {
        double[] x = { 0.2, 0.5, 0.1, 0.4 };
        double[] seed = { 1.0, -0.5, 0.25, 2.0 };
        double Projected(double[] p)
        {
            var y = new double[4];
            M.CumulativeLayer(p.AsSpan(0, 4), p[4], y);
            return y.Zip(seed, (a, s) => a * s).Sum();
        }
        var dX = new double[4];
        double dDecay = 0;
        var output = new double[4];
        // y is in-out (the loop runs over x.Length, so elements past it keep their contents): the backward replaces
        // the seed by the adjoint of y's incoming contents, so it gets a copy.
        M.CumulativeLayerBackward(x, 0.7, output, (double[])seed.Clone(), dX, ref dDecay);
        GradientCheckResult result = GradientCheck.Compare(p => Projected(p.ToArray()), x.Append(0.7).ToArray(), dX.Append(dDecay).ToArray());
        Assert.True(result.Passed, result.ToString());
    }

    private static bool BranchProductsAwayFromZero(double[] x)
    {
        double h = x[5];
        for (int i = 0; i < 5; i++)
        {
            if (Math.Abs(h * x[i]) < 0.02) return false;
            h = h * x[i] > 0 ? Math.Tanh(h * x[i]) + 0.1 * h : h * h * 0.5 - x[i];
        }
        return true;
    }

    private static bool RunningAwayFromOne(double[] x)
    {
        double running = 0;
        for (int i = 0; i < 5; i++)
        {
            running = running * x[5] + x[i];
            if (Math.Abs(running - 1) < 0.02) return false;
            if (running > 1) running = 1 + Math.Log(running);
        }
        return true;
    }

    private static bool AccumulatorAwayFromFour(double[] w)
    {
        double acc = 0;
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                acc += w[r * 3 + c] * (r + 1);
                if (Math.Abs(acc - 4) < 0.02) return false;
                if (acc > 4) return true;
            }
            acc *= 0.9;
        }
        return true;
    }
}

public class SwitchGradientTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Switch_statement_takes_the_matching_section(int kind) =>
        Check(new GradientCase("SwitchActivation" + kind, 1, x => Functions.SwitchFunctions.Activation(x[0], kind),
            (x, g) => Functions.SwitchFunctions.ActivationGradient(x[0], kind, out g[0]), Admissible: x => AwayFrom(x[0], 0)));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(3)]
    public void Switch_expression_in_a_loop(int kind) =>
        Check(new GradientCase("SwitchNetwork" + kind, 4, p => Functions.SwitchFunctions.Network(p.AsSpan(0, 3), p[3], kind),
            (p, g) => Functions.SwitchFunctions.NetworkGradient(p.AsSpan(0, 3), p[3], kind, g.AsSpan(0, 3), out g[3]), -1, 1,
            p => AwayFromKinks(p, kind)));

    private static bool AwayFromKinks(double[] p, int kind)
    {
        if (kind is not (1 or 2)) return true;
        double h = p[3];
        for (int i = 0; i < 3; i++)
        {
            double z = p[i] * h + 0.1;
            if (Math.Abs(z) < 0.02) return false;
            h = Math.Max(z, 0.05 * z);
        }
        return true;
    }
}
