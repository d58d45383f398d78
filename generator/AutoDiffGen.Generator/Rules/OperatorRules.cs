using System.Collections.Generic;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Rules;

/// <summary>
/// Derivative rules of C#'s arithmetic operators and conversions: the pullback (reverse mode: what each operand's
/// adjoint receives from the seed) beside the tangent (forward mode: the result's tangent from the operands' tangents).
/// </summary>
internal static class OperatorRules
{
    /// <summary>
    /// Pullback of <c>left op right</c> for the active operands. The seed is used once per contribution, so the caller
    /// names it first when both operands are active.
    /// </summary>
    public static IEnumerable<Contribution> Pullback(BinaryExpr e, IrExpr seed, bool leftActive, bool rightActive)
    {
        IrExpr l = e.Left, r = e.Right;
        switch (e.Op)
        {
            case BinaryOp.Add:
                if (leftActive) yield return new Contribution(l, seed, null);
                if (rightActive) yield return new Contribution(r, seed, null);
                break;
            case BinaryOp.Subtract:
                if (leftActive) yield return new Contribution(l, seed, null);
                if (rightActive) yield return new Contribution(r, Ir.Neg(seed), null);
                break;
            case BinaryOp.Multiply when leftActive && l.Equals(r):
                // s * s: one contribution 2·seed·s (exact in IEEE: scaling by 2 loses nothing) instead of two.
                yield return new Contribution(l, Ir.Mul(Ir.Mul(Ir.Const(2, e.Type), seed), r), r);
                break;
            case BinaryOp.Multiply:
                // A factor that is piecewise constant (a mask like Math.Sign(x) or c ? 1 : 0) selects: where it is 0 the
                // other factor receives nothing, not seed · 0 (NaN for an infinite seed).
                if (leftActive) yield return new Contribution(l, Ir.Mul(seed, r), r, NonzeroSelector(r));
                if (rightActive) yield return new Contribution(r, Ir.Mul(seed, l), l, NonzeroSelector(l));
                break;
            case BinaryOp.Divide:
                if (leftActive) yield return new Contribution(l, Ir.Div(seed, r), r);
                // ∂(a/b)/∂b = −(a/b)/b
                if (rightActive) yield return new Contribution(r, Ir.Neg(Ir.Div(Ir.Mul(seed, Ir.Div(l, r)), r)), e);
                break;
            case BinaryOp.Remainder:
                // a % b = a − trunc(a/b)·b
                if (leftActive) yield return new Contribution(l, seed, null);
                // The quotient is piecewise constant; where it is 0 (|a| < |b|) a % b does not depend on b.
                if (rightActive)
                {
                    IrExpr quotient = Ir.Call(e.Type, "Truncate", Ir.Div(l, r));
                    yield return new Contribution(r, Ir.Neg(Ir.Mul(seed, quotient)), e, Ir.Compare(BinaryOp.NotEqual, quotient, Ir.Const(0, e.Type)));
                }
                break;
            default:
                throw Ir.Unreachable("no derivative for operator " + e.Op);
        }
    }

    /// <summary>Tangent of <c>left op right</c> from the operands' tangents (null: the operand is constant).</summary>
    public static IrExpr? Tangent(BinaryExpr e, IrExpr? dLeft, IrExpr? dRight)
    {
        IrExpr l = e.Left, r = e.Right;
        switch (e.Op)
        {
            case BinaryOp.Add:
                return Sum(dLeft, dRight);
            case BinaryOp.Subtract:
                return Sum(dLeft, dRight is null ? null : Ir.Neg(dRight));
            case BinaryOp.Multiply:
                return Sum(dLeft is null ? null : Selected(r, Ir.Mul(dLeft, r)), dRight is null ? null : Selected(l, Ir.Mul(l, dRight)));
            case BinaryOp.Divide:
                // d(a/b) = da/b − (a/b)·db/b
                return Sum(dLeft is null ? null : Ir.Div(dLeft, r), dRight is null ? null : Ir.Neg(Ir.Div(Ir.Mul(dRight, Ir.Div(l, r)), r)));
            case BinaryOp.Remainder:
                return Sum(dLeft, dRight is null ? null : Ir.Neg(Ir.Mul(dRight, Ir.Call(e.Type, "Truncate", Ir.Div(l, r)))));
            default:
                throw Ir.Unreachable("no derivative for operator " + e.Op);
        }
    }

    /// <summary>
    /// For a piecewise-constant factor (a selector: <c>Math.Sign(x)</c>, <c>(double)k</c>, <c>c ? 1.0 : 0.0</c>, Floor …),
    /// the condition under which it selects (<c>factor != 0</c>); null for any other factor.
    /// </summary>
    public static IrExpr? NonzeroSelector(IrExpr factor) =>
        IsPiecewiseConstant(factor) ? Ir.Compare(BinaryOp.NotEqual, factor, Ir.Const(0, factor.Type)) : null;

    private static IrExpr Selected(IrExpr factor, IrExpr product) =>
        NonzeroSelector(factor) is IrExpr guard ? Ir.Cond(guard, product, Ir.Const(0, product.Type)) : product;

    /// <summary>Whether a real expression takes only values that are constant between jumps (its derivative is 0 wherever it has one).</summary>
    public static bool IsPiecewiseConstant(IrExpr e) => e switch
    {
        // A mask converted from an integer or a bool (the result of Math.Sign, of a choice); not any integer (a loop
        // counter in x * i), which would put a branch in every such product.
        ConvertExpr c => c.Operand is IntrinsicCallExpr or ConditionalExpr ? IsPiecewiseConstant(c.Operand) || !c.Operand.Type.IsReal() : IsPiecewiseConstant(c.Operand),
        IntrinsicCallExpr call => MathRules.Find(call.Function, call.Args.Count)?.ZeroDerivative == true || call.Function == "Sign",
        ConditionalExpr c => (c.WhenTrue is ConstExpr || IsPiecewiseConstant(c.WhenTrue)) && (c.WhenFalse is ConstExpr || IsPiecewiseConstant(c.WhenFalse)),
        UnaryExpr { Op: UnaryOp.Negate } u => IsPiecewiseConstant(u.Operand),
        _ => false,
    };

    /// <summary>Pullback of <c>-operand</c>: the operand receives −seed.</summary>
    public static Contribution Negate(UnaryExpr e, IrExpr seed) => new(e.Operand, Ir.Neg(seed), null);

    /// <summary>Pullback of a conversion: the seed, converted back to the operand's precision.</summary>
    public static Contribution Convert(ConvertExpr e, IrExpr seed) => new(e.Operand, Ir.Convert(seed, e.Operand.Type), null);

    /// <summary>The sum of two optional tangents (null is zero).</summary>
    public static IrExpr? Sum(IrExpr? a, IrExpr? b) => a is null ? b : b is null ? a : Ir.Add(a, b);
}
