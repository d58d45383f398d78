using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// Facts that checkpointing a loop's reverse sweep needs (<c>[Differentiable(Checkpoints = s)]</c>): which loops are worth
/// checkpointing, and their loop-carried state, the variables a snapshot must hold so that iterations can be run again
/// from it.
/// </summary>
internal static class LoopCarriedState
{
    /// <summary>The loops not nested in another loop (inside branches too), in order.</summary>
    public static List<IrStmt> OutermostLoops(IReadOnlyList<IrStmt> body)
    {
        var loops = new List<IrStmt>();
        void Walk(IReadOnlyList<IrStmt> block)
        {
            foreach (IrStmt s in block)
            {
                if (s is WhileStmt or ForRangeStmt) loops.Add(s);
                else foreach (IReadOnlyList<IrStmt> child in StatementWalker.Children(s)) Walk(child);
            }
        }
        Walk(body);
        return loops;
    }

    /// <summary>
    /// Whether one iteration of <paramref name="loop"/> pushes anything on the tape (the rules of the sweep assembler): an
    /// overwritten value the plan records, a branch decision or a nested loop's trip count that its reverse needs. A loop
    /// whose iterations record nothing gains nothing from checkpointing.
    /// </summary>
    /// <param name="hasReverse">Whether a leaf statement has adjoint statements.</param>
    public static bool RecordsPerIteration(IrStmt loop, RecordPlan plan, Func<IrStmt, bool> hasReverse)
    {
        bool Reversed(IrStmt s) => StatementWalker.All(new[] { s }).Any(x => StatementWalker.Children(x).Count() == 0
            && (hasReverse(x) || plan.RecordsValue(x) || plan.RecordsAnySpan(x)));
        foreach (IrStmt s in StatementWalker.All(StatementWalker.Children(loop).SelectMany(c => c)))
        {
            switch (s)
            {
                case IfStmt or WhileStmt when Reversed(s):
                    return true;
                case ForRangeStmt f when Reversed(f) && LoopFacts.StaticTripCount(f) is null && !LoopFacts.HasRecomputableBounds(f):
                    return true;
                default:
                    if (StatementWalker.Children(s).Count() == 0 && (plan.RecordsValue(s) || plan.RecordsAnySpan(s))) return true;
                    break;
            }
        }
        return false;
    }

    /// <summary>
    /// The loop-carried state of <paramref name="loop"/>: the variables it writes that an iteration may read before
    /// writing them (a loop condition counts as read before the body), and those it writes whose values at the loop's
    /// start the reverse sweep of earlier statements needs (<paramref name="neededAtEntry"/>). A counting loop's counter
    /// is not part of it: it is recomputed from the iteration's number. Ordered by variable.
    /// </summary>
    public static List<int> Of(IrStmt loop, ISet<int> neededAtEntry)
    {
        IReadOnlyList<IrStmt> body = loop switch
        {
            WhileStmt w => w.Body.Concat(w.Increment).ToList(),
            ForRangeStmt f => f.Body,
            _ => throw Ir.Unreachable("not a loop: " + loop.GetType().Name),
        };
        HashSet<int> written = StatementWalker.Assigned(body);
        if (loop is ForRangeStmt range) written.Remove(range.Counter);
        var reads = new HashSet<int>();
        foreach (IrStmt s in StatementWalker.All(new[] { loop })) StatementWalker.CollectReads(s, reads);

        // What the body writes whole, at its top level, before anything reads it: fresh in every iteration. Scalars
        // assigned, and spans overwritten whole by a copy, a fill or a call's output (a callee writes all of its outputs).
        var seen = new HashSet<int>();
        foreach (IrExpr e in StatementWalker.OwnExpressions(loop)) ExpressionReads.Collect(e, seen);
        var fresh = new HashSet<int>();
        foreach (IrStmt s in body)
        {
            var readsHere = new HashSet<int>();
            var targets = new List<int>();
            switch (s)
            {
                case AssignStmt a:
                    ExpressionReads.Collect(a.Value, readsHere);
                    targets.Add(a.Var);
                    break;
                case CopyStmt { Target: { Start: null, Length: null } } copy:
                    ExpressionReads.Collect(copy.Source, readsHere);
                    targets.Add(copy.Target.Span);
                    break;
                case FillStmt { Target: { Start: null, Length: null } } fill:
                    ExpressionReads.Collect(fill.Value, readsHere);
                    targets.Add(fill.Target.Span);
                    break;
                case CallStmt call:
                    for (int i = 0; i < call.Call.Args.Count; i++)
                    {
                        if (call.Call.IsOutput(i) && call.Call.Args[i] is SpanRefExpr { Start: null, Length: null } output) targets.Add(output.Span);
                        else ExpressionReads.Collect(call.Call.Args[i], readsHere);
                    }
                    if (call.ResultVar >= 0) targets.Add(call.ResultVar);
                    break;
                case ForRangeStmt f:
                    foreach (IrStmt x in StatementWalker.All(new[] { s })) StatementWalker.CollectReads(x, readsHere);
                    readsHere.Remove(f.Counter);
                    targets.Add(f.Counter);
                    break;
                default:
                    foreach (IrStmt x in StatementWalker.All(new[] { s })) StatementWalker.CollectReads(x, readsHere);
                    break;
            }
            foreach (int target in targets.Where(t => !seen.Contains(t) && !readsHere.Contains(t))) fresh.Add(target);
            seen.UnionWith(readsHere);
            seen.UnionWith(targets);
        }
        reads.ExceptWith(fresh);
        reads.UnionWith(neededAtEntry);
        written.IntersectWith(reads);
        return written.OrderBy(v => v).ToList();
    }

    /// <summary>Every variable and span the loop writes (its counter included): what running it again disturbs.</summary>
    public static HashSet<int> Written(IrStmt loop) => StatementWalker.Assigned(new[] { loop });
}
