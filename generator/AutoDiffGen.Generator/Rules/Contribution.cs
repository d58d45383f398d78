using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Rules;

/// <summary>
/// What one operand receives from a pullback: the adjoint <see cref="Value"/> to add into it, and <see cref="Partial"/>,
/// the expression of the primal the value multiplies the seed by (null when it is just ±seed). A contribution with a
/// partial can turn a zero seed into NaN where the partial is not finite, so the transform guards it.
/// A contribution with a <see cref="Guard"/> applies only where the guard holds: the partial is exactly zero elsewhere,
/// and the contribution is then skipped rather than multiplied by 0 (an infinite seed times 0 would be NaN).
/// </summary>
internal readonly record struct Contribution(IrExpr Operand, IrExpr Value, IrExpr? Partial, IrExpr? Guard = null);

/// <summary>Partials that are zero on part of their domain (<c>exponent == 0 ? 0 : …</c>) as a guard and the rest.</summary>
internal static class ZeroGuards
{
    /// <summary>
    /// <c>c ? 0 : p</c> → (!c, p); <c>c ? p : 0</c> → (c, p); anything else → (null, partial).
    /// </summary>
    public static (IrExpr? Guard, IrExpr Partial) Split(IrExpr partial) => partial switch
    {
        ConditionalExpr c when IsZero(c.WhenTrue) => (Ir.Not(c.Condition), c.WhenFalse),
        ConditionalExpr c when IsZero(c.WhenFalse) => (c.Condition, c.WhenTrue),
        _ => (null, partial),
    };

    /// <summary><c>partial · d</c> with a zero-guarded partial kept as a conditional, so 0 · ∞ never happens.</summary>
    public static IrExpr Times(IrExpr partial, IrExpr d)
    {
        (IrExpr? guard, IrExpr rest) = Split(partial);
        return guard is null ? Ir.Mul(partial, d) : Ir.Cond(guard, Ir.Mul(rest, d), Ir.Const(0, d.Type.Wider(rest.Type)));
    }

    private static bool IsZero(IrExpr e) => e is ConstExpr { Value: 0 } k && k.Type.IsReal();
}
