using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>
/// Adjoint locals declared in the loop body they live in (<c>LoopScopedAdjoints</c>), and the known-zero analysis that
/// allows it (<see cref="KnownZeros"/>).
/// </summary>
public class LoopScopedAdjointTests
{
    [Fact]
    public void An_adjoint_used_only_within_reverse_iterations_is_declared_in_the_loop_it_lives_in()
    {
        // A row sum per iteration, squared: dS lives in one reverse iteration of r (the inner loop reads it), dTotal is
        // set before the loop and read in every iteration, so it stays at the top.
        string backward = StageHarness.Print(StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, int rows, int cols)
            {
                double total = 0;
                for (int r = 0; r < rows; r++)
                {
                    double s = 0;
                    for (int c = 0; c < cols; c++) s += w[r * cols + c] * w[r * cols + c];
                    total += Math.Exp(s);
                }
                return total;
            }
            """), "FBackward");

        Assert.Contains("double dTotal = 0.0;\n\n// Forward sweep", backward);
        Assert.DoesNotContain("\ndouble dS = 0.0;", backward);
        Assert.Contains("""
            for (r = rows - 1; r >= 0; r--)
            {
                double dS = 0.0;
                double dExp1 = dTotal;
            """, backward);
        // The inner loop reads dS without declaring it again.
        Assert.Single(backward.Split('\n'), line => line.Contains("double dS"));
    }

    [Fact]
    public void The_known_zero_analysis_follows_resets_guards_and_continues()
    {
        var variables = new VariableTable(System.Array.Empty<IrVariable>(), System.Array.Empty<string>());
        IrVariable v = variables.Add("dV", ScalarKind.Double, SpanShape.None, VariableRole.Adjoint);
        IrVariable i = variables.Add("i", ScalarKind.Int32, SpanShape.None, VariableRole.Local);
        IrVariable n = variables.Add("n", ScalarKind.Int32, SpanShape.None, VariableRole.Parameter);
        IrStmt Add() => new AssignStmt(null, v.Id, new BinaryExpr(ScalarKind.Double, BinaryOp.Add, Ir.Var(v), Ir.Var(n)));
        IrStmt Reset() => new AssignStmt(null, v.Id, Ir.Zero(ScalarKind.Double));
        ForRangeStmt Loop(params IrStmt[] body) => new(null, i.Id, Ir.Int(0), Ir.Var(n), BinaryOp.Less, 1, null, body.ToEquatableArray());
        bool ZeroAtBody(ForRangeStmt loop) =>
            KnownZeros.AtLoopBodies(new IrStmt[] { new DeclareStmt(null, v.Id, null), loop }, new[] { v.Id })[loop].Contains(v.Id);

        // Reset at the end of every iteration: 0 wherever the body begins.
        Assert.True(ZeroAtBody(Loop(Add(), Reset())));
        // Carried from one iteration to the next.
        Assert.False(ZeroAtBody(Loop(Add())));
        // A guard on the value itself: where it is not taken the value is 0; where it is, the body resets it.
        Assert.True(ZeroAtBody(Loop(Add(), new GuardStmt(null, new IrExpr[] { Ir.Var(v) }.ToEquatableArray(), new[] { Reset() }.ToEquatableArray()))));
        // A guard on something else may skip the reset.
        Assert.False(ZeroAtBody(Loop(Add(), new GuardStmt(null, new IrExpr[] { Ir.Var(n) }.ToEquatableArray(), new[] { Reset() }.ToEquatableArray()))));
        // A continue before the reset comes back to the top with the value written.
        Assert.False(ZeroAtBody(Loop(Add(),
            new IfStmt(null, Ir.Compare(BinaryOp.Less, Ir.Var(n), Ir.Int(3)), new IrStmt[] { new ContinueStmt(null) }.ToEquatableArray(), EquatableArray<IrStmt>.Empty),
            Reset())));
        // A break before the reset leaves the loop: what the body's top sees is unchanged.
        Assert.True(ZeroAtBody(Loop(Add(),
            new IfStmt(null, Ir.Compare(BinaryOp.Less, Ir.Var(n), Ir.Int(3)), new IrStmt[] { new BreakStmt(null) }.ToEquatableArray(), EquatableArray<IrStmt>.Empty),
            Reset())));
        // A negative zero is not taken for the declared zero.
        Assert.False(ZeroAtBody(Loop(Add(), new AssignStmt(null, v.Id, new ConstExpr(ScalarKind.Double, -0.0, "-0.0")))));
    }
}
