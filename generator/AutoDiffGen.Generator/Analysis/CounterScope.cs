using System.Collections.Generic;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// Counters whose value nothing reads outside the loops counting with them. Replacing such a loop by a whole-slice call
/// leaves the counter unset, which only matters if something reads it afterwards (a later loop with the same counter
/// starts by setting it; the reverse sweep runs its loops with the counters of the forward sweep's).
/// </summary>
internal static class CounterScope
{
    /// <summary>The counters of the ForRange loops in <paramref name="body"/> that are read only inside their own loops.</summary>
    public static HashSet<int> LoopLocal(IReadOnlyList<IrStmt> body)
    {
        var counters = new HashSet<int>();
        var readOutside = new HashSet<int>();
        Walk(body, counters, readOutside, new HashSet<int>());
        counters.ExceptWith(readOutside);
        return counters;
    }

    private static void Walk(IReadOnlyList<IrStmt> block, HashSet<int> counters, HashSet<int> readOutside, HashSet<int> inside)
    {
        foreach (IrStmt s in block)
        {
            if (s is ForRangeStmt loop)
            {
                counters.Add(loop.Counter);
                // The start is evaluated before the counter is set; the end and guard within the loop.
                Reads(loop.Start, readOutside, inside);
                var innerScope = new HashSet<int>(inside) { loop.Counter };
                if (loop.Guard is not null) Reads(loop.Guard, readOutside, innerScope);
                Reads(loop.End, readOutside, innerScope);
                Walk(loop.Body, counters, readOutside, innerScope);
                continue;
            }
            var reads = new HashSet<int>();
            StatementWalker.CollectReads(s, reads);
            foreach (int v in reads)
            {
                if (!inside.Contains(v)) readOutside.Add(v);
            }
            foreach (IReadOnlyList<IrStmt> child in StatementWalker.Children(s)) Walk(child, counters, readOutside, inside);
        }
    }

    private static void Reads(IrExpr e, HashSet<int> readOutside, HashSet<int> inside)
    {
        foreach (int v in ExpressionReads.Of(e))
        {
            if (!inside.Contains(v)) readOutside.Add(v);
        }
    }
}
