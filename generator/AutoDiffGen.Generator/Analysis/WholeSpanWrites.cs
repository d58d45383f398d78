using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// Loops that write every element of one of the method's buffers and whose adjoints read nothing of it:
/// <c>for (k = 0; k &lt; n; k++) { … a[k] = e; … }</c> where <c>a</c> was allocated once with length <c>n</c>. For the
/// to-be-recorded analysis such a loop ends the need for the buffer's earlier contents: every element is written
/// unconditionally (recorded if an earlier adjoint reads it), so the reverse sweep has each element's value of before the
/// loop back when it reverses the loop, whatever later statements do without recording; and after the write nothing in
/// the loop's reverse reads the buffer. A later increment <c>a[j] += e</c> whose derivative does not read <c>a</c> then
/// needs no record unless an adjoint reads <c>a</c> between this loop and it (Tapenade's to-be-recorded rule for increments).
/// </summary>
internal sealed class WholeSpanWrites
{
    private readonly Dictionary<int, IrExpr> _lengths = new();

    private WholeSpanWrites()
    {
    }

    /// <summary>The buffers of <paramref name="body"/> allocated exactly once, with a length that reads nothing the method assigns.</summary>
    public static WholeSpanWrites Of(IReadOnlyList<IrStmt> body)
    {
        var facts = new WholeSpanWrites();
        List<IrStmt> all = StatementWalker.All(body).ToList();
        HashSet<int> assigned = StatementWalker.Assigned(body);
        var allocations = all.Select(s => s switch
        {
            StackAllocStmt a => (Span: a.Span, Length: a.Length),
            RentScratchStmt r => (Span: r.Var, Length: r.Length),
            _ => (Span: -1, Length: (IrExpr?)null),
        }).Where(a => a.Span >= 0).GroupBy(a => a.Span).Where(g => g.Count() == 1);
        // A span declared with a value (a slice, a parameter's alias) is not one of these: its length is not known here.
        var declaredWithValue = new HashSet<int>(all.OfType<DeclareStmt>().Where(d => d.Init is not null).Select(d => d.Var));
        // A variable the method assigns once, by a statement of its top level, holds one value after that statement
        // (int n = v.Length; … stackalloc double[n] … for (k = 0; k < n; k++)).
        var position = all.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, ReferenceComparer.Instance);
        var assignments = all.OfType<AssignStmt>().GroupBy(a => a.Var).ToDictionary(g => g.Key, g => g.ToList());
        bool SetOnceBefore(int variable, IrStmt use) =>
            assignments.TryGetValue(variable, out List<AssignStmt>? writes) && writes.Count == 1 && body.Contains(writes[0], ReferenceComparer.Instance)
            && position[writes[0]] < position[use] && StatementWalker.All(body).Count(s => StatementWalker.Assigned(new[] { s }).Contains(variable)) == 1;
        foreach (var allocation in allocations)
        {
            (int span, IrExpr? length) = allocation.Single();
            if (length is null || declaredWithValue.Contains(span) || !PureExpressions.IsPure(length) || LoopFacts.ContainsElement(length)) continue;
            IrStmt allocating = all.First(s => s is StackAllocStmt a && a.Span == span || s is RentScratchStmt r && r.Var == span);
            if (ExpressionReads.Of(length).Any(v => assigned.Contains(v) && !SetOnceBefore(v, allocating))) continue;
            facts._lengths[span] = length;
        }
        return facts;
    }

    /// <summary>
    /// The buffers <paramref name="loop"/> writes whole, at the index of its counter, none of whose elements the adjoints of
    /// the loop's statements read (<paramref name="uses"/>), leaving out <paramref name="excluded"/> (views and their roots).
    /// </summary>
    public IEnumerable<int> WrittenBy(ForRangeStmt loop, IReadOnlyDictionary<IrStmt, AdjointUse> uses, ICollection<int> excluded)
    {
        if (loop.Guard is not null || loop.Step != 1 || loop.Compare != BinaryOp.Less) yield break;
        if (loop.Start is not ConstExpr { Value: 0 }) yield break;
        var readByAdjoints = new HashSet<int>();
        foreach (IrStmt s in StatementWalker.All(loop.Body))
        {
            if (uses.TryGetValue(s, out AdjointUse? use)) readByAdjoints.UnionWith(use.Reads);
        }
        HashSet<int> assigned = StatementWalker.Assigned(loop.Body);
        // The bounds must hold for the whole loop; the written element must be the counter's, at the top of the body
        // (every iteration writes it, no branch around it).
        if (LoopFacts.BoundReads(loop).Overlaps(assigned) || assigned.Contains(loop.Counter)) yield break;
        foreach (ElementAssignStmt e in loop.Body.OfType<ElementAssignStmt>())
        {
            if (e.Index is not VarExpr index || index.Var != loop.Counter) continue;
            if (excluded.Contains(e.Span) || readByAdjoints.Contains(e.Span)) continue;
            if (!_lengths.TryGetValue(e.Span, out IrExpr? length) || !SameLength(e.Span, length, loop.End)) continue;
            yield return e.Span;
        }
    }

    private static bool SameLength(int span, IrExpr allocated, IrExpr end) =>
        (end is LengthExpr l && l.Span == span) || allocated.Equals(end) || (AffineForm.Of(allocated) is AffineForm a && AffineForm.Of(end) is AffineForm b && a.SameAs(b));
}
