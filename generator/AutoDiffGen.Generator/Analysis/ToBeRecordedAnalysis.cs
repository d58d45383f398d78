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
    private WholeSpanWrites? _wholeWrites;

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
        // Checkpointed loops run iterations again in the reverse sweep, reading what they read at their start: no buffer's
        // earlier contents stop mattering there, so the whole-span rule is off in methods that have them.
        if (analysis._checkpointed.Count == 0) analysis._wholeWrites = WholeSpanWrites.Of(body);
        analysis.Flow(body, new HashSet<int>(), new CopyFacts());
        return analysis._plan;
    }

    private HashSet<int> Flow(IReadOnlyList<IrStmt> block, HashSet<int> needed, CopyFacts facts)
    {
        needed = new HashSet<int>(needed);
        foreach (IrStmt s in block)
        {
            switch (s)
            {
                case IfStmt branch:
                {
                    CopyFacts thenFacts = facts.Clone(), elseFacts = facts.Clone();
                    HashSet<int> afterThen = Flow(branch.Then, needed, thenFacts);
                    HashSet<int> afterElse = Flow(branch.Else, needed, elseFacts);
                    facts.ReplaceWith(CopyFacts.Join(thenFacts, afterThen, elseFacts, afterElse));
                    afterThen.UnionWith(afterElse);
                    needed = afterThen;
                    break;
                }
                case WhileStmt loop:
                    if (_checkpointed.Contains(loop)) _plan.SetNeededAtEntry(loop, needed);
                    needed = FixedPoint(loop.Body.Concat(loop.Increment).ToList(), needed, facts, counter: null);
                    if (_checkpointed.Contains(loop)) Reads(needed, facts, ReadsOf(loop));
                    break;
                case ForRangeStmt loop:
                    if (_checkpointed.Contains(loop)) _plan.SetNeededAtEntry(loop, needed);
                    needed = FixedPoint(loop.Body, needed, facts, loop.Counter);
                    // The reverse sweep evaluates these bounds again (LoopFacts), reading their variables there.
                    if (LoopFacts.HasRecomputableBounds(loop)) Reads(needed, facts, LoopFacts.BoundReads(loop));
                    // A loop that writes a buffer whole, reading none of it in its reverse, restores (or need not restore)
                    // every element for what ran before it: later writes answer only to the adjoints after it.
                    if (_wholeWrites is not null)
                    {
                        foreach (int span in _wholeWrites.WrittenBy(loop, _uses, _aliasClass)) needed.Remove(span);
                    }
                    if (_checkpointed.Contains(loop)) Reads(needed, facts, ReadsOf(loop));
                    break;
                default:
                    Leaf(s, needed, facts);
                    break;
            }
        }
        return needed;
    }

    /// <summary>The reverse sweep reads the current values of <paramref name="reads"/> here.</summary>
    private static void Reads(HashSet<int> needed, CopyFacts facts, HashSet<int> reads)
    {
        needed.UnionWith(reads);
        facts.Read(reads);
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

    /// <summary>
    /// A loop's head: the needed sets grow and the copy facts shrink until both hold for the entry and the back edge
    /// (<paramref name="facts"/> receives the head's facts, which hold where the loop exits too). A counting loop's counter
    /// changes at the head.
    /// </summary>
    private HashSet<int> FixedPoint(IReadOnlyList<IrStmt> body, HashSet<int> before, CopyFacts facts, int? counter)
    {
        var entry = new HashSet<int>(before);
        CopyFacts head = CopyFacts.LoopStart(facts, before, LoopCopies(body));
        if (counter is int i) head.Write(i, null);
        while (true)
        {
            CopyFacts exitFacts = head.Clone();
            HashSet<int> exit = Flow(body, entry, exitFacts);
            CopyFacts next = CopyFacts.Join(facts, before, exitFacts, exit);
            if (counter is int c) next.Write(c, null);
            next.IntersectWith(head);
            exit.UnionWith(before);
            if (exit.SetEquals(entry) && next.SameAs(head))
            {
                facts.ReplaceWith(head);
                return entry;
            }
            entry = exit;
            head = next;
        }
    }

    /// <summary>
    /// The pairs a loop's copies can make equal: every two variables joined by a chain of copies <c>v = u</c> in the body
    /// (next = tanh1; h = next makes h and tanh1 equal), both ways round.
    /// </summary>
    private static IEnumerable<(int, int)> LoopCopies(IReadOnlyList<IrStmt> body)
    {
        var groups = new List<HashSet<int>>();
        foreach (AssignStmt a in StatementWalker.All(body).OfType<AssignStmt>())
        {
            if (a.Value is not VarExpr source || source.Var == a.Var) continue;
            var joined = new HashSet<int> { a.Var, source.Var };
            foreach (HashSet<int> g in groups.Where(g => g.Overlaps(joined)).ToList())
            {
                joined.UnionWith(g);
                groups.Remove(g);
            }
            groups.Add(joined);
        }
        return groups.SelectMany(g => g.SelectMany(v => g.Where(u => u != v).Select(u => (v, u))));
    }

    private void Leaf(IrStmt s, HashSet<int> needed, CopyFacts facts)
    {
        if (!_uses.TryGetValue(s, out AdjointUse? use)) return;
        switch (s)
        {
            case AssignStmt a:
                Overwrite(s, a.Var, use, needed, kills: true, facts);
                return;
            case ElementAssignStmt e when _aliasClass.Contains(e.Span):
                // An element written through a view (or into a buffer a view points at).
                if (Needs(needed, e.Span) || (use.PreMode && use.Reads.Overlaps(_aliasClass))) _plan.RecordValue(s);
                needed.UnionWith(use.Reads);
                break;
            case ElementAssignStmt e:
                Overwrite(s, e.Span, use, needed, kills: false, facts: null);
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
        // Any other write: what the statement's adjoint reads, it reads around the write.
        facts.Read(use.Reads);
        foreach (int written in StatementWalker.Assigned(new[] { s })) facts.Write(written, null);
        facts.Read(use.Reads);
    }

    /// <summary>
    /// An overwrite of <paramref name="target"/>. When the adjoint needs the overwritten value itself (pre-mode), that
    /// value is needed too; a whole-variable write ends the need for the old value, an element write does not.
    /// A whole-variable write whose old value equals another variable's (<see cref="CopyFacts"/>) that the statement's own
    /// adjoint reads records nothing: the reverse sweep has that variable back at this point and copies it.
    /// </summary>
    private void Overwrite(IrStmt s, int target, AdjointUse use, HashSet<int> needed, bool kills, CopyFacts? facts)
    {
        if (use.PreMode)
        {
            if (needed.Contains(target) || use.Reads.Contains(target)) _plan.RecordValue(s);
            needed.UnionWith(use.Reads);
            if (kills) needed.Remove(target);
            facts?.Read(use.Reads);
            facts?.Write(target, null);
            return;
        }
        if (needed.Contains(target))
        {
            int? source = facts is null ? null : CopySource(target, use, facts);
            _plan.RecordValue(s, source);
        }
        if (kills) needed.Remove(target);
        needed.UnionWith(use.Reads);
        if (facts is null) return;
        // The adjoint reads the other variables before the write and the target (the result) after it.
        facts.Read(use.Reads.Where(r => r != target));
        facts.Write(target, s is AssignStmt { Value: VarExpr copy } ? copy.Var : null);
        if (use.Reads.Contains(target)) facts.Read(new[] { target });
    }

    /// <summary>
    /// A variable holding the overwritten value of <paramref name="target"/> that the statement's adjoint reads (so the
    /// reverse sweep has its value of this point back when it reverses the statement); none in checkpointed methods,
    /// whose snapshots carry only the loop state.
    /// </summary>
    private int? CopySource(int target, AdjointUse use, CopyFacts facts)
    {
        if (_checkpointed.Count > 0) return null;
        foreach ((int v, int u) in facts.Relaxed.OrderBy(p => p.Item2))
        {
            if (v == target && u != target && use.Reads.Contains(u)) return u;
        }
        return null;
    }
}
