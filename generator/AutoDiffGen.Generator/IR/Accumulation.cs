using System;
using System.Linq;

namespace AutoDiffGen.Generator.IR;

/// <summary>The shape <c>v = v ± rest</c> (or <c>rest + v</c>), which both the adjoint builder and the loop recognizer read.</summary>
internal static class Accumulation
{
    /// <summary>For <c>v = v ± rest</c> where v appears nowhere in rest: rest, and whether it is subtracted; null otherwise.</summary>
    public static (IrExpr Remainder, bool Negate)? Rest(IrExpr value, Func<IrExpr, bool> isSelf)
    {
        if (value is not BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } b) return null;
        if (isSelf(b.Left) && !Mentions(b.Right, isSelf)) return (b.Right, b.Op == BinaryOp.Subtract);
        if (b.Op == BinaryOp.Add && isSelf(b.Right) && !Mentions(b.Left, isSelf)) return (b.Left, false);
        return null;
    }

    private static bool Mentions(IrExpr e, Func<IrExpr, bool> isSelf) =>
        isSelf(e) || ExpressionReads.Children(e).Any(child => Mentions(child, isSelf));
}
