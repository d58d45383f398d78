using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Rules;

/// <summary>
/// Functions whose value is one of their arguments: <c>Max</c>, <c>Min</c>, <c>Clamp</c> and <c>Abs</c> (± its argument).
/// Their derivative routes the adjoint to the selected argument under a condition, never multiplies it by a 0/1 mask:
/// a mask turns an infinite adjoint (the derivative of <c>Sqrt</c> at 0 in <c>Math.Sqrt(Math.Max(v, 0))</c>) into
/// ∞ · 0 = NaN where the derivative is 0, as PyTorch's <c>where</c>-based backward of clamp and maximum does not.
/// Ties follow PyTorch: max/min split the adjoint evenly, clamp passes it on the closed interval, |x|'(0) = 0; a NaN
/// argument selects nothing. The tangent (forward mode) is the selected argument's tangent.
/// </summary>
internal static class SelectionRules
{
    /// <summary>Under <see cref="Condition"/>, argument <c>Routes[k].Argument</c> receives <c>Weight · seed</c>.</summary>
    internal sealed record Case(IrExpr Condition, IReadOnlyList<(int Argument, double Weight)> Routes);

    /// <summary>Whether <paramref name="function"/> with <paramref name="arity"/> arguments is a selection.</summary>
    public static bool IsSelection(string function, int arity) => (function, arity) is ("Abs", 1) or ("Max", 2) or ("Min", 2) or ("Clamp", 3);

    /// <summary>The cases of a selection, tested in order; when none holds, no argument receives anything.</summary>
    public static IReadOnlyList<Case> Cases(IntrinsicCallExpr call)
    {
        IrExpr[] a = call.Args.ToArray();
        ScalarKind t = call.Type;
        IrExpr Cmp(BinaryOp op, IrExpr l, IrExpr r) => Ir.Compare(op, l, r);
        switch (call.Function)
        {
            case "Abs":
                return new[]
                {
                    new Case(Cmp(BinaryOp.Greater, a[0], Ir.Const(0, t)), new[] { (0, 1.0) }),
                    new Case(Cmp(BinaryOp.Less, a[0], Ir.Const(0, t)), new[] { (0, -1.0) }),
                };
            case "Max":
                return new[]
                {
                    new Case(Cmp(BinaryOp.Greater, a[0], a[1]), new[] { (0, 1.0) }),
                    new Case(Cmp(BinaryOp.Less, a[0], a[1]), new[] { (1, 1.0) }),
                    new Case(Cmp(BinaryOp.Equal, a[0], a[1]), new[] { (0, 0.5), (1, 0.5) }),
                };
            case "Min":
                return new[]
                {
                    new Case(Cmp(BinaryOp.Less, a[0], a[1]), new[] { (0, 1.0) }),
                    new Case(Cmp(BinaryOp.Greater, a[0], a[1]), new[] { (1, 1.0) }),
                    new Case(Cmp(BinaryOp.Equal, a[0], a[1]), new[] { (0, 0.5), (1, 0.5) }),
                };
            case "Clamp":
                return new[]
                {
                    new Case(Cmp(BinaryOp.Less, a[0], a[1]), new[] { (1, 1.0) }),
                    new Case(Cmp(BinaryOp.Greater, a[0], a[2]), new[] { (2, 1.0) }),
                    new Case(Ir.And(Cmp(BinaryOp.GreaterOrEqual, a[0], a[1]), Cmp(BinaryOp.LessOrEqual, a[0], a[2])), new[] { (0, 1.0) }),
                };
            default:
                throw Ir.Unreachable("no selection rule for " + call.Function);
        }
    }

    /// <summary>
    /// The partial derivatives as multipliers (1 where an argument is selected, ½ at a tie, 0 elsewhere), for users of
    /// <see cref="MathRules.Rule.Derivative"/> that need them as values; pullbacks and tangents use the cases instead.
    /// </summary>
    public static IrExpr?[] Partials(ScalarKind t, IrExpr[] args, string function)
    {
        var call = new IntrinsicCallExpr(t, function, t.MathClass(), args.ToEquatableArray());
        var partials = new IrExpr?[args.Length];
        IReadOnlyList<Case> cases = Cases(call);
        for (int i = 0; i < args.Length; i++)
        {
            IrExpr value = Ir.Const(0, t);
            for (int c = cases.Count - 1; c >= 0; c--)
            {
                double weight = cases[c].Routes.Where(r => r.Argument == i).Select(r => r.Weight).FirstOrDefault();
                value = Ir.Cond(cases[c].Condition, Ir.Const(weight, t), value);
            }
            partials[i] = value;
        }
        return partials;
    }

    /// <summary>Tangent: the selected argument's tangent (a weighted sum at a tie); null when no argument has one.</summary>
    public static IrExpr? Tangent(IntrinsicCallExpr call, IReadOnlyList<IrExpr?> argumentTangents)
    {
        if (argumentTangents.All(d => d is null)) return null;
        IrExpr result = Ir.Const(0, call.Type);
        IReadOnlyList<Case> cases = Cases(call);
        for (int c = cases.Count - 1; c >= 0; c--)
        {
            IrExpr? selected = null;
            foreach ((int argument, double weight) in cases[c].Routes)
            {
                if (argumentTangents[argument] is IrExpr d) selected = OperatorRules.Sum(selected, Ir.Mul(Ir.Const(weight, call.Type), d));
            }
            result = Ir.Cond(cases[c].Condition, selected ?? Ir.Const(0, call.Type), result);
        }
        return result;
    }
}
