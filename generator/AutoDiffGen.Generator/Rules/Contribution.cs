using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Rules;

/// <summary>
/// What one operand receives from a pullback: the adjoint <see cref="Value"/> to add into it, and <see cref="Partial"/>,
/// the expression of the primal the value multiplies the seed by (null when it is just ±seed). A contribution with a
/// partial can turn a zero seed into NaN where the partial is not finite, so the transform guards it.
/// </summary>
internal readonly record struct Contribution(IrExpr Operand, IrExpr Value, IrExpr? Partial);
