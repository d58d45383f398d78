using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using AutoDiffGen.Generator.Rules;

namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>Selection rules: the tangent (forward mode) is the selected argument's tangent, chosen by conditions.</summary>
public class SelectionRuleTests
{
    private static readonly VariableTable Variables = Table();

    private static VariableTable Table()
    {
        var table = new VariableTable();
        foreach (string name in new[] { "a", "b", "dA", "dB" }) table.Add(name, ScalarKind.Double, SpanShape.None, VariableRole.Local);
        return table;
    }

    private static IrExpr V(int id) => new VarExpr(ScalarKind.Double, id);

    private static string Print(IrExpr e) => new ExpressionPrinter(Variables).Print(e).Replace("global::System.", "");

    [Fact]
    public void Max_tangent_is_the_tangent_of_the_larger_argument_and_half_of_each_at_a_tie()
    {
        var call = new IntrinsicCallExpr(ScalarKind.Double, "Max", "global::System.Math", new[] { V(0), V(1) }.ToEquatableArray());
        MathRules.Rule rule = MathRules.Find("Max", 2)!;
        Assert.True(rule.IsSelection);
        Assert.Equal("a > b ? dA : a < b ? dB : a == b ? 0.5 * dA + 0.5 * dB : 0.0", Print(MathRules.Tangent(rule, call, call, new IrExpr?[] { V(2), V(3) })!));
        Assert.Equal("a > b ? dA : a < b ? 0.0 : a == b ? 0.5 * dA : 0.0", Print(MathRules.Tangent(rule, call, call, new IrExpr?[] { V(2), null })!));
    }

    [Fact]
    public void Abs_and_clamp_tangents_select_without_multiplying_by_a_mask()
    {
        var abs = new IntrinsicCallExpr(ScalarKind.Double, "Abs", "global::System.Math", new[] { V(0) }.ToEquatableArray());
        Assert.Equal("a > 0.0 ? dA : a < 0.0 ? -dA : 0.0", Print(SelectionRules.Tangent(abs, new IrExpr?[] { V(2) })!));
        var clamp = new IntrinsicCallExpr(ScalarKind.Double, "Clamp", "global::System.Math", new[] { V(0), Ir.Const(0, ScalarKind.Double), V(1) }.ToEquatableArray());
        Assert.Equal("a < 0.0 ? 0.0 : a > b ? dB : a >= 0.0 && a <= b ? dA : 0.0", Print(SelectionRules.Tangent(clamp, new IrExpr?[] { V(2), null, V(3) })!));
    }

    [Fact]
    public void Pow_tangent_is_zero_without_multiplying_where_the_exponent_is_zero()
    {
        var pow = new IntrinsicCallExpr(ScalarKind.Double, "Pow", "global::System.Math", new[] { V(0), V(1) }.ToEquatableArray());
        string tangent = Print(MathRules.Tangent(MathRules.Find("Pow", 2)!, pow, V(0), new IrExpr?[] { V(2), null })!);
        // Pow's partial may be infinite (a⁻½ at 0), so a zero tangent is taken to exactly 0 first.
        Assert.Equal("dA != 0.0 ? (!(b == 0.0) ? b * Math.Pow(a, b - 1.0) * dA : 0.0) : 0.0", tangent);
    }

    [Fact]
    public void A_rule_with_a_possibly_infinite_partial_takes_a_zero_tangent_to_zero()
    {
        var sqrt = new IntrinsicCallExpr(ScalarKind.Double, "Sqrt", "global::System.Math", new[] { V(0) }.ToEquatableArray());
        Assert.Equal("dA != 0.0 ? 0.5 / b * dA : 0.0", Print(MathRules.Tangent(MathRules.Find("Sqrt", 1)!, sqrt, V(1), new IrExpr?[] { V(2) })!));
        // A smooth rule's partial is finite where its argument is: no guard.
        var sin = new IntrinsicCallExpr(ScalarKind.Double, "Sin", "global::System.Math", new[] { V(0) }.ToEquatableArray());
        Assert.Equal("Math.Cos(a) * dA", Print(MathRules.Tangent(MathRules.Find("Sin", 1)!, sin, V(1), new IrExpr?[] { V(2) })!));
    }
}
