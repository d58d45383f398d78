using System;
using System.Collections.Generic;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Rules;

/// <summary>
/// Derivative rules of the elementary functions of <c>Math</c>, <c>MathF</c>, <c>double</c> and <c>float</c>:
/// for <c>r = f(args)</c>, the partial derivative ∂r/∂argᵢ as an expression of the arguments and of <c>r</c>. One rule
/// serves both modes: reverse mode adds <c>seed · ∂r/∂argᵢ</c> into each argument's adjoint (<see cref="Pullback"/>),
/// forward mode computes <c>Σ ∂r/∂argᵢ · dargᵢ</c> (<see cref="Tangent"/>).
/// Non-differentiable points follow PyTorch (|x|'(0) = 0, max/min ties split the gradient evenly,
/// clamp passes the gradient on the closed interval, pow's exponent gradient is 0 where the base is 0).
/// </summary>
internal static class MathRules
{
    /// <summary>A rule: the partials for arguments <c>a</c> and result <c>r</c> in precision <c>t</c>; null entries are zero.</summary>
    internal delegate IrExpr?[] Partials(ScalarKind t, IrExpr[] a, IrExpr r);

    /// <param name="Singular">A partial may be infinite at a finite argument (Sqrt and Log at 0, Asin at ±1, …): forward mode
    /// then takes a zero tangent to exactly zero, as reverse mode skips a zero seed, so ∞ · 0 never makes a NaN where
    /// the derivative is 0 (the tangent of <c>Math.Sqrt(Math.Max(v, 0))</c> at v &lt; 0).</param>
    internal sealed record Rule(int Arity, Partials Derivative, bool ZeroDerivative = false, bool IsSelection = false, bool Singular = false);

    private static readonly Dictionary<string, Rule[]> s_rules = new()
    {
        ["Exp"] = One((t, a, r) => new[] { r }),
        ["Exp2"] = One((t, a, r) => new[] { Ir.Mul(r, Ir.Const(Math.Log(2), t)) }),
        ["Exp10"] = One((t, a, r) => new[] { Ir.Mul(r, Ir.Const(Math.Log(10), t)) }),
        ["ExpM1"] = One((t, a, r) => new[] { Ir.Add(r, Ir.Const(1, t)) }),
        ["Log"] = Singular(new[]
        {
            new Rule(1, (t, a, r) => new[] { Ir.Div(Ir.Const(1, t), a[0]) }),
            // log_b(x) = ln x / ln b
            new Rule(2, (t, a, r) => new[]
            {
                Ir.Div(Ir.Const(1, t), Ir.Mul(a[0], Ir.Call(t, "Log", a[1]))),
                Ir.Neg(Ir.Div(r, Ir.Mul(a[1], Ir.Call(t, "Log", a[1])))),
            }),
        }),
        ["Log2"] = Singular(One((t, a, r) => new[] { Ir.Div(Ir.Const(1, t), Ir.Mul(a[0], Ir.Const(Math.Log(2), t))) })),
        ["Log10"] = Singular(One((t, a, r) => new[] { Ir.Div(Ir.Const(1, t), Ir.Mul(a[0], Ir.Const(Math.Log(10), t))) })),
        ["LogP1"] = Singular(One((t, a, r) => new[] { Ir.Div(Ir.Const(1, t), Ir.Add(a[0], Ir.Const(1, t))) })),
        ["Sqrt"] = Singular(One((t, a, r) => new[] { Ir.Div(Ir.Const(0.5, t), r) })),
        ["Cbrt"] = Singular(One((t, a, r) => new[] { Ir.Div(Ir.Const(1, t), Ir.Mul(Ir.Const(3, t), Ir.Mul(r, r))) })),
        ["Pow"] = Singular(Two((t, a, r) => new[]
        {
            // PyTorch pow_backward: an exponent of exactly 0 gives 0 (not 0 · x⁻¹ = NaN at x = 0).
            Ir.Cond(Ir.Compare(BinaryOp.Equal, a[1], Ir.Const(0, t)), Ir.Const(0, t),
                Ir.Mul(a[1], Ir.Call(t, "Pow", a[0], Ir.Sub(a[1], Ir.Const(1, t))))),
            // PyTorch pow_backward_exponent: 0 where the base is 0 and the exponent ≥ 0.
            Ir.Cond(Ir.And(Ir.Compare(BinaryOp.Equal, a[0], Ir.Const(0, t)), Ir.Compare(BinaryOp.GreaterOrEqual, a[1], Ir.Const(0, t))),
                Ir.Const(0, t), Ir.Mul(r, Ir.Call(t, "Log", a[0]))),
        })),
        ["Hypot"] = Singular(Two((t, a, r) => new[] { Ir.Div(a[0], r), Ir.Div(a[1], r) })),
        ["Sin"] = One((t, a, r) => new[] { Ir.Call(t, "Cos", a[0]) }),
        ["Cos"] = One((t, a, r) => new[] { Ir.Neg(Ir.Call(t, "Sin", a[0])) }),
        ["Tan"] = One((t, a, r) => new[] { Ir.Add(Ir.Const(1, t), Ir.Mul(r, r)) }),
        ["Asin"] = Singular(One((t, a, r) => new[] { Ir.Div(Ir.Const(1, t), Ir.Call(t, "Sqrt", Ir.Sub(Ir.Const(1, t), Ir.Mul(a[0], a[0])))) })),
        ["Acos"] = Singular(One((t, a, r) => new[] { Ir.Neg(Ir.Div(Ir.Const(1, t), Ir.Call(t, "Sqrt", Ir.Sub(Ir.Const(1, t), Ir.Mul(a[0], a[0]))))) })),
        ["Atan"] = One((t, a, r) => new[] { Ir.Div(Ir.Const(1, t), Ir.Add(Ir.Const(1, t), Ir.Mul(a[0], a[0]))) }),
        // Atan2(y, x): ∂/∂y = x / (x² + y²), ∂/∂x = −y / (x² + y²)
        ["Atan2"] = Singular(Two((t, a, r) => new[]
        {
            Ir.Div(a[1], Ir.Add(Ir.Mul(a[0], a[0]), Ir.Mul(a[1], a[1]))),
            Ir.Neg(Ir.Div(a[0], Ir.Add(Ir.Mul(a[0], a[0]), Ir.Mul(a[1], a[1])))),
        })),
        ["Sinh"] = One((t, a, r) => new[] { Ir.Call(t, "Cosh", a[0]) }),
        ["Cosh"] = One((t, a, r) => new[] { Ir.Call(t, "Sinh", a[0]) }),
        ["Tanh"] = One((t, a, r) => new[] { Ir.Sub(Ir.Const(1, t), Ir.Mul(r, r)) }),
        ["Asinh"] = One((t, a, r) => new[] { Ir.Div(Ir.Const(1, t), Ir.Call(t, "Sqrt", Ir.Add(Ir.Mul(a[0], a[0]), Ir.Const(1, t)))) }),
        ["Acosh"] = Singular(One((t, a, r) => new[] { Ir.Div(Ir.Const(1, t), Ir.Call(t, "Sqrt", Ir.Sub(Ir.Mul(a[0], a[0]), Ir.Const(1, t)))) })),
        ["Atanh"] = Singular(One((t, a, r) => new[] { Ir.Div(Ir.Const(1, t), Ir.Sub(Ir.Const(1, t), Ir.Mul(a[0], a[0]))) })),
        // Selections: the value is one of the arguments; SelectionRules routes the adjoint with conditions.
        ["Abs"] = Selection(1, "Abs"),
        ["Max"] = Selection(2, "Max"),
        ["Min"] = Selection(2, "Min"),
        ["Clamp"] = Selection(3, "Clamp"),
        ["FusedMultiplyAdd"] = new[] { new Rule(3, (t, a, r) => new[] { a[1], a[0], Ir.Const(1, t) }) },
        ["Floor"] = Zero(),
        ["Ceiling"] = Zero(),
        ["Round"] = Zero(),
        ["Truncate"] = Zero(),
    };

    /// <summary>Finds the rule for <paramref name="function"/> called with <paramref name="arity"/> arguments.</summary>
    public static Rule? Find(string function, int arity)
    {
        if (!s_rules.TryGetValue(function, out Rule[]? rules)) return null;
        foreach (Rule rule in rules)
        {
            if (rule.Arity == arity || rule.ZeroDerivative) return rule;
        }
        return null;
    }

    /// <summary>
    /// Pullback of <c>r = f(args)</c>: for each active argument with a nonzero partial, the contribution
    /// <c>seed · ∂r/∂argᵢ</c>. <paramref name="result"/> stands for r.
    /// </summary>
    public static IEnumerable<Contribution> Pullback(Rule rule, IntrinsicCallExpr call, IrExpr result, IrExpr seed, Func<IrExpr, bool> isActive)
    {
        IrExpr[] args = System.Linq.Enumerable.ToArray(call.Args);
        IrExpr?[] partials = rule.Derivative(call.Type, args, result);
        for (int i = 0; i < args.Length; i++)
        {
            if (partials[i] is not IrExpr partial || !isActive(args[i])) continue;
            (IrExpr? guard, IrExpr rest) = ZeroGuards.Split(partial);
            yield return new Contribution(args[i], Ir.Mul(seed, rest), rest, guard);
        }
    }

    /// <summary>Tangent of <c>r = f(args)</c>: <c>Σ ∂r/∂argᵢ · dargᵢ</c> over the arguments with a tangent (null: constant).</summary>
    public static IrExpr? Tangent(Rule rule, IntrinsicCallExpr call, IrExpr result, IReadOnlyList<IrExpr?> argumentTangents)
    {
        if (rule.IsSelection) return SelectionRules.Tangent(call, argumentTangents);
        IrExpr?[] partials = rule.Derivative(call.Type, System.Linq.Enumerable.ToArray(call.Args), result);
        IrExpr? tangent = null;
        for (int i = 0; i < partials.Length; i++)
        {
            if (partials[i] is not IrExpr partial || argumentTangents[i] is not IrExpr d) continue;
            IrExpr term = ZeroGuards.Times(partial, d);
            if (rule.Singular) term = Ir.Cond(Ir.Compare(BinaryOp.NotEqual, d, Ir.Const(0, d.Type)), term, Ir.Const(0, term.Type));
            tangent = OperatorRules.Sum(tangent, term);
        }
        return tangent;
    }

    private static Rule[] One(Partials p) => new[] { new Rule(1, p) };

    private static Rule[] Two(Partials p) => new[] { new Rule(2, p) };

    private static Rule[] Singular(Rule[] rules) => System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(rules, r => r with { Singular = true }));

    private static Rule[] Selection(int arity, string function) =>
        new[] { new Rule(arity, (t, a, r) => SelectionRules.Partials(t, a, function), IsSelection: true) };

    private static Rule[] Zero() => new[] { new Rule(-1, (t, a, r) => new IrExpr?[a.Length], ZeroDerivative: true) };
}
