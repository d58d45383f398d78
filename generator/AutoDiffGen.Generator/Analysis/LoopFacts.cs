using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>Facts about counting loops shared by the to-be-recorded analysis and the sweep assembler.</summary>
internal static class LoopFacts
{
    /// <summary>
    /// The reverse sweep can run the loop backwards from its own bounds instead of a recorded trip count: step ±1,
    /// no early exit (no guard), bounds that read no span element and nothing the body assigns. The bounds' variables
    /// then only need their loop-time values back at the loop's reverse, which the to-be-recorded analysis ensures.
    /// </summary>
    public static bool HasRecomputableBounds(ForRangeStmt loop)
    {
        if (loop.Guard is not null || (loop.Step != 1 && loop.Step != -1)) return false;
        if (ContainsElement(loop.Start) || ContainsElement(loop.End)) return false;
        return !BoundReads(loop).Overlaps(StatementWalker.Assigned(loop.Body));
    }

    /// <summary>The trip count of a loop with constant bounds and no early exit; null when it is known only at run time.</summary>
    public static long? StaticTripCount(ForRangeStmt loop)
    {
        if (loop.Guard is not null || loop.Start is not ConstExpr start || loop.End is not ConstExpr end) return null;
        long s = (long)start.Value, e = (long)end.Value, step = loop.Step;
        long span = loop.Compare switch
        {
            BinaryOp.Less => e - s,
            BinaryOp.LessOrEqual => e - s + 1,
            BinaryOp.Greater => s - e,
            _ => s - e + 1,
        };
        long stride = step > 0 ? step : -step;
        return span <= 0 ? 0 : (span + stride - 1) / stride;
    }

    /// <summary>The variables the bounds read.</summary>
    public static HashSet<int> BoundReads(ForRangeStmt loop)
    {
        var reads = ExpressionReads.Of(loop.Start);
        reads.UnionWith(ExpressionReads.Of(loop.End));
        return reads;
    }

    /// <summary>Whether <paramref name="e"/> reads a span element anywhere.</summary>
    public static bool ContainsElement(IrExpr e) => e is ElementExpr || ExpressionReads.Children(e).Any(ContainsElement);
}
