using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform.Vectorization;

/// <summary>
/// <c>for (…) { if (dA != 0) { body } }</c> → <c>if (dA != 0) { for (…) { body } }</c> when the loop changes none of the
/// seeds: the reverse sweep of an inner product loop tests its loop-invariant seed once instead of once per element, and
/// the loop left inside is the plain axpy the vectorizer recognizes. Exact: the seeds' values are the same in every
/// iteration, and evaluating the test once more when the loop runs no iteration has no effect (seeds are variables, or
/// elements of loops with a positive constant trip count; never calls or tape pops).
/// </summary>
internal static class GuardHoisting
{
    /// <summary>The guard with the loop inside, or null when the loop is not a single guard of invariant seeds.</summary>
    public static GuardStmt? Hoist(ForRangeStmt loop, SpanAliasing aliasing)
    {
        if (loop.Body.Count != 1 || loop.Body[0] is not GuardStmt guard) return null;
        var assigned = StatementWalker.Assigned(guard.Body);
        assigned.Add(loop.Counter);
        foreach (IrExpr seed in guard.Seeds)
        {
            if (!(seed is VarExpr or ElementExpr) || ExpressionReads.Of(seed).Overlaps(assigned)) return null;
            if (seed is ElementExpr el && (!(el.Index is VarExpr or ConstExpr) || assigned.Any(v => aliasing.MayOverlap(v, el.Span)))) return null;
            // An element is read before the loop only where the loop surely runs: with no iteration the scalar code
            // never reads it, and its index may then be out of range (y[r] += … in a loop over zero columns).
            if (seed is ElementExpr && !(LoopFacts.StaticTripCount(loop) > 0)) return null;
        }
        ForRangeStmt inner = loop with { Body = guard.Body };
        return guard with { Body = new IrStmt[] { inner }.ToEquatableArray() };
    }

    /// <summary>
    /// <c>if (s != 0) { a } if (s != 0) { b }</c> → <c>if (s != 0) { a b }</c> when <c>a</c> changes no seed: two loops of one
    /// reverse statement hoist the same guard one after the other. Exact: the second test would find the seeds unchanged.
    /// </summary>
    public static List<IrStmt> MergeAdjacent(List<IrStmt> block, SpanAliasing aliasing)
    {
        var output = new List<IrStmt>();
        foreach (IrStmt s in block)
        {
            if (s is GuardStmt next && output.Count > 0 && output[output.Count - 1] is GuardStmt previous && previous.Seeds.Equals(next.Seeds)
                && !Changes(previous.Body, previous.Seeds, aliasing))
            {
                output[output.Count - 1] = previous with { Body = previous.Body.Concat(next.Body).ToEquatableArray() };
                continue;
            }
            output.Add(s);
        }
        return output;
    }

    private static bool Changes(EquatableArray<IrStmt> body, EquatableArray<IrExpr> seeds, SpanAliasing aliasing)
    {
        var assigned = StatementWalker.Assigned(body);
        return seeds.Any(seed => ExpressionReads.Of(seed).Any(v => assigned.Contains(v) || assigned.Any(a => aliasing.MayOverlap(a, v))));
    }
}
