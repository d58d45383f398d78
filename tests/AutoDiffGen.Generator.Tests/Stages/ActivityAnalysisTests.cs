using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>Activity analysis: what depends on a differentiated input and reaches an output, per variable and per assignment.</summary>
public class ActivityAnalysisTests
{
    private const string Mixed = """
        [Differentiable] public static double F(double x, double y, int n)
        {
            double unused = Math.Acos(2.0 * x);
            double k = 3 * n;
            double c = k * 2;
            double z = Math.Acos(2 * x);
            z = x * y;
            double v = y;
            return z * c;
        }
        """;

    [Fact]
    public void Active_variables_are_varied_and_useful()
    {
        var stages = StageHarness.Lower(Mixed);
        var activity = stages.Activity(stages.Structured());

        // unused and v never reach the result; k and c never depend on x or y; acos2 is active as a variable, but see below.
        Assert.Equal(new[] { "acos2", "result", "x", "y", "z" }, stages.Names(activity.Active));
    }

    [Fact]
    public void A_value_overwritten_before_any_use_is_not_useful_after_its_assignment()
    {
        var stages = StageHarness.Lower(Mixed);
        var body = stages.Structured();
        var activity = stages.Activity(body);
        int z = stages.Variables.All.Single(v => v.Name == "z").Id;
        var assignments = StatementWalker.All(body).OfType<AssignStmt>().Where(a => a.Var == z).ToList();

        Assert.Equal(2, assignments.Count);
        Assert.False(activity.IsUsefulAfter(assignments[0], z)); // z = acos2, overwritten by z = x * y
        Assert.True(activity.IsUsefulAfter(assignments[1], z));
    }

    [Fact]
    public void A_call_is_active_when_its_result_reaches_the_output()
    {
        var stages = StageHarness.Lower("""
            [Differentiable] public static double F(double x) { double a = G(x); double b = G(2.0); double c = G(x); return a * b; }
            [Differentiable] public static double G(double x) => x * x;
            """);
        var body = stages.Structured();
        var activity = stages.Activity(body);
        var calls = StatementWalker.All(body).OfType<CallStmt>().ToList();

        Assert.Equal(new[] { true, false, false }, calls.Select(activity.IsCallActive).ToArray());
    }
}
