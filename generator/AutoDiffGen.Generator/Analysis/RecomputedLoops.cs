using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// Loops the reverse sweep runs again instead of recording what they overwrite: <c>for (i…) xc[i] = x[o + i] - μ[p + i];</c>
/// fills a local buffer from values nothing changes (inputs never written, counters of the loops around it, constants),
/// so at the reverse of the block that holds it the same loop computes the same values again. Recording them would cost a
/// copy of the buffer on the tape per execution (ADBench's GMM: d values per point and component).
/// <para>
/// A loop qualifies when its body is element writes of one local buffer only (no other statement of the method writes
/// that buffer except its allocation, and no view points at it), its values, indices and bounds read nothing the method
/// assigns except the counters of the counting loops around it and its own, it sits inside counting loops and branches
/// only, and every adjoint that reads the buffer belongs to a statement after it in the same block (so each reverse of
/// the block reads the values this execution wrote).
/// </para>
/// </summary>
internal static class RecomputedLoops
{
    /// <summary>The qualifying loops, each with the block that holds it.</summary>
    public static Dictionary<IrStmt, IReadOnlyList<IrStmt>> Find(IReadOnlyList<IrStmt> body, IReadOnlyDictionary<IrStmt, AdjointUse> uses)
    {
        var found = new Dictionary<IrStmt, IReadOnlyList<IrStmt>>(ReferenceComparer.Instance);
        HashSet<int> assigned = StatementWalker.Assigned(body);
        var viewRoots = new HashSet<int>(StatementWalker.All(body).OfType<ViewBindStmt>().SelectMany(v => v.Roots.Append(v.View)));
        var allocated = new HashSet<int>(StatementWalker.All(body).OfType<StackAllocStmt>().Select(a => a.Span));
        Visit(body, new List<int>(), assigned, viewRoots, allocated, uses, body, found);
        return found;
    }

    private static void Visit(IReadOnlyList<IrStmt> block, List<int> counters, HashSet<int> assigned, HashSet<int> viewRoots,
        HashSet<int> allocated, IReadOnlyDictionary<IrStmt, AdjointUse> uses, IReadOnlyList<IrStmt> method,
        Dictionary<IrStmt, IReadOnlyList<IrStmt>> found)
    {
        for (int i = 0; i < block.Count; i++)
        {
            switch (block[i])
            {
                case ForRangeStmt loop when Qualifies(loop, block, i, counters, assigned, viewRoots, allocated, uses, method):
                    found[loop] = block;
                    break;
                case ForRangeStmt loop:
                    counters.Add(loop.Counter);
                    Visit(loop.Body, counters, assigned, viewRoots, allocated, uses, method, found);
                    counters.RemoveAt(counters.Count - 1);
                    break;
                case IfStmt branch:
                    Visit(branch.Then, counters, assigned, viewRoots, allocated, uses, method, found);
                    Visit(branch.Else, counters, assigned, viewRoots, allocated, uses, method, found);
                    break;
            }
        }
    }

    private static bool Qualifies(ForRangeStmt loop, IReadOnlyList<IrStmt> block, int at, List<int> counters, HashSet<int> assigned,
        HashSet<int> viewRoots, HashSet<int> allocated, IReadOnlyDictionary<IrStmt, AdjointUse> uses, IReadOnlyList<IrStmt> method)
    {
        if (loop.Body.Count == 0 || !loop.Body.All(s => s is ElementAssignStmt)) return false;
        int buffer = ((ElementAssignStmt)loop.Body[0]).Span;
        if (loop.Body.Any(s => ((ElementAssignStmt)s).Span != buffer) || !allocated.Contains(buffer) || viewRoots.Contains(buffer)) return false;
        // Values, indices and bounds read only what holds the same value at the block's reverse.
        var invariant = new HashSet<int>(counters) { loop.Counter };
        var reads = new HashSet<int>();
        foreach (IrStmt s in loop.Body) StatementWalker.CollectReads(s, reads);
        reads.UnionWith(LoopFacts.BoundReads(loop));
        if (loop.Guard is not null) return false;
        if (reads.Contains(buffer) || reads.Any(r => assigned.Contains(r) && !invariant.Contains(r))) return false;
        // No other write of the buffer but its allocation.
        foreach (IrStmt s in StatementWalker.All(method))
        {
            if (s is StackAllocStmt || StatementWalker.Children(s).Any()) continue;
            if (loop.Body.Contains(s, ReferenceComparer.Instance)) continue;
            if (StatementWalker.Assigned(new[] { s }).Contains(buffer)) return false;
        }
        // Every adjoint that reads the buffer belongs to a later statement of the same block.
        var later = new HashSet<IrStmt>(StatementWalker.All(block.Skip(at + 1)), ReferenceComparer.Instance);
        foreach (KeyValuePair<IrStmt, AdjointUse> use in uses)
        {
            if (use.Value.Reads.Contains(buffer) && !later.Contains(use.Key)) return false;
        }
        return true;
    }
}
