using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// Span lengths a generated method knows: an adjoint has its input's length (<c>PrepareAdjoint</c>, or the
/// <c>Gradient</c>'s length check), a buffer allocated once has the length it was allocated with when that length reads
/// nothing the method assigns. The vectorizer writes a
/// slice that covers a whole span as the span itself (<c>dW</c> rather than <c>dW.Slice(0, w.Length)</c>).
/// </summary>
internal sealed class SpanLengths
{
    private readonly Dictionary<int, IrExpr> _lengths = new();

    private SpanLengths()
    {
    }

    public static SpanLengths Of(IReadOnlyList<IrStmt> body, IReadOnlyList<IrVariable> variables)
    {
        var facts = new SpanLengths();
        List<IrStmt> all = StatementWalker.All(body).ToList();
        // A buffer allocated in several places (or declared with a value) may have several lengths.
        var allocations = all.Select(s => s switch
        {
            StackAllocStmt a => (Span: a.Span, Length: a.Length),
            RentScratchStmt r => (Span: r.Var, Length: r.Length),
            DeclareStmt { Init: not null } d when variables[d.Var].IsSpan => (Span: d.Var, Length: (IrExpr?)null),
            _ => (Span: -1, Length: null),
        }).Where(a => a.Span >= 0).GroupBy(a => a.Span).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single().Length);
        // A length read from variables nothing assigns (parameters), or from the length of a span allocated at most once,
        // holds wherever the buffer is used.
        HashSet<int> assigned = StatementWalker.Assigned(body);
        bool Stable(IrExpr? length) => length switch
        {
            null => false,
            LengthExpr l => !assigned.Contains(l.Span) || allocations.ContainsKey(l.Span),
            _ => PureExpressions.IsPure(length) && ExpressionReads.Children(length).All(Stable)
                && !(length is VarExpr or ElementExpr && ExpressionReads.Of(length).Overlaps(assigned)),
        };
        foreach (IrStmt s in all)
        {
            switch (s)
            {
                case PrepareAdjointStmt p:
                    facts._lengths[p.Adjoint] = facts.Canonical(new LengthExpr(p.Input));
                    break;
                case LengthCheckStmt { AllowEmpty: false } check:
                    facts._lengths[check.Span] = facts.Canonical(new LengthExpr(check.Of));
                    break;
                case StackAllocStmt or RentScratchStmt:
                    int span = s is StackAllocStmt a ? a.Span : ((RentScratchStmt)s).Var;
                    if (allocations.TryGetValue(span, out IrExpr? length) && Stable(length)) facts._lengths[span] = facts.Canonical(length!);
                    break;
            }
        }
        return facts;
    }

    /// <summary>The same length in its simplest known form: a constant, or the length of the span it was taken from.</summary>
    private IrExpr Canonical(IrExpr length) =>
        length is LengthExpr l && _lengths.TryGetValue(l.Span, out IrExpr? known) ? known : length;

    /// <summary>Whether <paramref name="span"/> is known to have exactly the length <paramref name="length"/>.</summary>
    public bool Covers(int span, IrExpr length)
    {
        IrExpr known = Canonical(new LengthExpr(span)), asked = Canonical(length);
        return known.Equals(asked) || (AffineForm.Of(known) is AffineForm k && AffineForm.Of(asked) is AffineForm a && k.SameAs(a));
    }
}
