using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Transform;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// To-be-recorded analysis (Tapenade's TBR): a forward data-flow of the set of variables whose <i>current</i> value
/// some already-executed statement's adjoint will read. A statement that overwrites such a variable must record the
/// old value so the reverse sweep can restore it; every other overwrite records nothing. Inputs and constants are
/// never overwritten, so they are never recorded. Loops iterate to a fixed point (the sets only grow).
/// </summary>
internal static class ToBeRecordedAnalysis
{
    public static void Run(TransformContext context, IReadOnlyList<IrStmt> body) => Flow(context, body, new HashSet<int>());

    private static HashSet<int> Flow(TransformContext c, IReadOnlyList<IrStmt> block, HashSet<int> needed)
    {
        needed = new HashSet<int>(needed);
        foreach (IrStmt s in block)
        {
            switch (s)
            {
                case IfStmt branch:
                {
                    HashSet<int> afterThen = Flow(c, branch.Then, needed);
                    HashSet<int> afterElse = Flow(c, branch.Else, needed);
                    afterThen.UnionWith(afterElse);
                    needed = afterThen;
                    break;
                }
                case WhileStmt loop:
                    needed = FixedPoint(c, loop.Body.Concat(loop.Increment).ToList(), needed);
                    break;
                case ForRangeStmt loop:
                    needed = FixedPoint(c, loop.Body, needed);
                    // The reverse sweep evaluates these bounds again (LoopFacts), reading their variables there.
                    if (LoopFacts.HasRecomputableBounds(loop)) needed.UnionWith(LoopFacts.BoundReads(loop));
                    break;
                default:
                    Leaf(c, s, needed);
                    break;
            }
        }
        return needed;
    }

    private static HashSet<int> FixedPoint(TransformContext c, IReadOnlyList<IrStmt> body, HashSet<int> before)
    {
        var entry = new HashSet<int>(before);
        while (true)
        {
            HashSet<int> exit = Flow(c, body, entry);
            exit.UnionWith(before);
            if (exit.SetEquals(entry)) return entry;
            entry = exit;
        }
    }

    private static void Leaf(TransformContext c, IrStmt s, HashSet<int> needed)
    {
        if (!c.Plans.TryGetValue(s, out StatementPlan? plan)) return;
        switch (s)
        {
            case AssignStmt a:
                Overwrite(a.Var, plan, needed, kills: true);
                break;
            case ElementAssignStmt e:
                Overwrite(e.Span, plan, needed, kills: false);
                break;
            case StackAllocStmt alloc:
                needed.Remove(alloc.Span);
                break;
            case FillStmt f:
                if (needed.Contains(f.Target.Span)) plan.RecordSpans.Add(f.Target.Span);
                needed.UnionWith(plan.Reads);
                break;
            case CopyStmt copy:
                if (needed.Contains(copy.Target.Span)) plan.RecordSpans.Add(copy.Target.Span);
                needed.UnionWith(plan.Reads);
                break;
            case CallStmt call:
                for (int i = 0; i < call.Call.Args.Count; i++)
                {
                    if (call.Call.Target.Parameters[i] == ParameterRole.Output && call.Call.Args[i] is SpanRefExpr output
                        && needed.Contains(output.Span))
                    {
                        plan.RecordSpans.Add(output.Span);
                    }
                }
                if (call.ResultVar >= 0)
                {
                    if (needed.Contains(call.ResultVar)) plan.Record = true;
                    needed.Remove(call.ResultVar);
                }
                needed.UnionWith(plan.Reads);
                break;
        }
    }

    /// <summary>
    /// An overwrite of <paramref name="target"/>. When the adjoint needs the overwritten value itself (pre-mode), that
    /// value is needed too; a whole-variable write ends the need for the old value, an element write does not.
    /// </summary>
    private static void Overwrite(int target, StatementPlan plan, HashSet<int> needed, bool kills)
    {
        if (plan.PreMode)
        {
            if (needed.Contains(target) || plan.Reads.Contains(target)) plan.Record = true;
            needed.UnionWith(plan.Reads);
            if (kills) needed.Remove(target);
        }
        else
        {
            if (needed.Contains(target)) plan.Record = true;
            if (kills) needed.Remove(target);
            needed.UnionWith(plan.Reads);
        }
    }
}
