using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// To-be-recorded analysis (Tapenade's TBR): a forward data-flow of the set of variables whose <i>current</i> value
/// some already-executed statement's adjoint will read. A statement that overwrites such a variable must record the
/// old value so the reverse sweep can restore it; every other overwrite records nothing. Inputs and constants are
/// never overwritten, so they are never recorded. Loops iterate to a fixed point (the sets only grow).
/// </summary>
internal sealed class ToBeRecordedAnalysis
{
    private readonly IReadOnlyDictionary<IrStmt, AdjointUse> _uses;
    private readonly ISet<IrStmt> _checkpointed;
    private readonly RecordPlan _plan = new();
    private readonly HashSet<int> _aliasClass = new();

    /// <summary>Whether <paramref name="needed"/> holds the current contents of <paramref name="span"/>, directly or through a view.</summary>
    private bool Needs(HashSet<int> needed, int span) => needed.Contains(span) || (_aliasClass.Contains(span) && needed.Overlaps(_aliasClass));

    private ToBeRecordedAnalysis(IReadOnlyDictionary<IrStmt, AdjointUse> uses, ISet<IrStmt> checkpointed)
    {
        _uses = uses;
        _checkpointed = checkpointed;
    }

    /// <param name="body">The structured body (no jumps).</param>
    /// <param name="uses">What each leaf statement's adjoint reads (statements without an entry have no adjoint).</param>
    /// <param name="checkpointed">
    /// Loops whose reverse sweep runs iterations again from snapshots: it reads everything the loop reads, so a later
    /// overwrite of any of it is recorded; and what the statements before such a loop need at its start is noted.
    /// </param>
    public static RecordPlan Run(IReadOnlyList<IrStmt> body, IReadOnlyDictionary<IrStmt, AdjointUse> uses, ISet<IrStmt>? checkpointed = null)
    {
        var analysis = new ToBeRecordedAnalysis(uses, checkpointed ?? new HashSet<IrStmt>(ReferenceComparer.Instance));
        // Views and the buffers they point at share elements: a write through one overwrites what another's adjoint reads.
        foreach (ViewBindStmt bind in StatementWalker.All(body).OfType<ViewBindStmt>())
        {
            foreach (int v in bind.Roots.Append(bind.View)) analysis._aliasClass.Add(v);
        }
        analysis.Flow(body, new HashSet<int>());
        return analysis._plan;
    }

    private HashSet<int> Flow(IReadOnlyList<IrStmt> block, HashSet<int> needed)
    {
        needed = new HashSet<int>(needed);
        foreach (IrStmt s in block)
        {
            switch (s)
            {
                case IfStmt branch:
                {
                    HashSet<int> afterThen = Flow(branch.Then, needed);
                    HashSet<int> afterElse = Flow(branch.Else, needed);
                    afterThen.UnionWith(afterElse);
                    needed = afterThen;
                    break;
                }
                case WhileStmt loop:
                    if (_checkpointed.Contains(loop)) _plan.SetNeededAtEntry(loop, needed);
                    needed = FixedPoint(loop.Body.Concat(loop.Increment).ToList(), needed);
                    if (_checkpointed.Contains(loop)) needed.UnionWith(ReadsOf(loop));
                    break;
                case ForRangeStmt loop:
                    if (_checkpointed.Contains(loop)) _plan.SetNeededAtEntry(loop, needed);
                    needed = FixedPoint(loop.Body, needed);
                    // The reverse sweep evaluates these bounds again (LoopFacts), reading their variables there.
                    if (LoopFacts.HasRecomputableBounds(loop)) needed.UnionWith(LoopFacts.BoundReads(loop));
                    if (_checkpointed.Contains(loop)) needed.UnionWith(ReadsOf(loop));
                    break;
                default:
                    Leaf(s, needed);
                    break;
            }
        }
        return needed;
    }

    /// <summary>
    /// What running a checkpointed loop's iterations again reads of the values it finds: everything it reads but does not
    /// write (what it writes it either restores from its snapshots or writes before reading).
    /// </summary>
    private static HashSet<int> ReadsOf(IrStmt loop)
    {
        var reads = new HashSet<int>();
        foreach (IrStmt s in StatementWalker.All(new[] { loop })) StatementWalker.CollectReads(s, reads);
        reads.ExceptWith(StatementWalker.Assigned(new[] { loop }));
        return reads;
    }

    private HashSet<int> FixedPoint(IReadOnlyList<IrStmt> body, HashSet<int> before)
    {
        var entry = new HashSet<int>(before);
        while (true)
        {
            HashSet<int> exit = Flow(body, entry);
            exit.UnionWith(before);
            if (exit.SetEquals(entry)) return entry;
            entry = exit;
        }
    }

    private void Leaf(IrStmt s, HashSet<int> needed)
    {
        if (!_uses.TryGetValue(s, out AdjointUse? use)) return;
        switch (s)
        {
            case AssignStmt a:
                Overwrite(s, a.Var, use, needed, kills: true);
                break;
            case ElementAssignStmt e when _aliasClass.Contains(e.Span):
                // An element written through a view (or into a buffer a view points at).
                if (Needs(needed, e.Span) || (use.PreMode && use.Reads.Overlaps(_aliasClass))) _plan.RecordValue(s);
                needed.UnionWith(use.Reads);
                break;
            case ElementAssignStmt e:
                Overwrite(s, e.Span, use, needed, kills: false);
                break;
            case StackAllocStmt alloc:
                needed.Remove(alloc.Span);
                break;
            case FillStmt f:
                if (Needs(needed, f.Target.Span)) _plan.RecordSpan(s, f.Target.Span);
                needed.UnionWith(use.Reads);
                break;
            case CopyStmt copy:
                if (Needs(needed, copy.Target.Span)) _plan.RecordSpan(s, copy.Target.Span);
                needed.UnionWith(use.Reads);
                break;
            case CallStmt call:
                for (int i = 0; i < call.Call.Args.Count; i++)
                {
                    if (!call.Call.IsOutput(i)) continue;
                    int output = ((SpanRefExpr)call.Call.Args[i]).Span;
                    // An in-out callee's backward reads the contents the call overwrote (pre-mode).
                    if (Needs(needed, output) || (call.Call.IsInOut(i) && use.Reads.Contains(output))) _plan.RecordSpan(s, output);
                }
                if (call.ResultVar >= 0)
                {
                    if (needed.Contains(call.ResultVar)) _plan.RecordValue(s);
                    needed.Remove(call.ResultVar);
                }
                needed.UnionWith(use.Reads);
                break;
        }
    }

    /// <summary>
    /// An overwrite of <paramref name="target"/>. When the adjoint needs the overwritten value itself (pre-mode), that
    /// value is needed too; a whole-variable write ends the need for the old value, an element write does not.
    /// </summary>
    private void Overwrite(IrStmt s, int target, AdjointUse use, HashSet<int> needed, bool kills)
    {
        if (use.PreMode)
        {
            if (needed.Contains(target) || use.Reads.Contains(target)) _plan.RecordValue(s);
            needed.UnionWith(use.Reads);
            if (kills) needed.Remove(target);
        }
        else
        {
            if (needed.Contains(target)) _plan.RecordValue(s);
            if (kills) needed.Remove(target);
            needed.UnionWith(use.Reads);
        }
    }
}
