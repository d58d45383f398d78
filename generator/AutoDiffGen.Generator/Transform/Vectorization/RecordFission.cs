using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform.Vectorization;

/// <summary>
/// Records one slice per loop instead of one element per iteration, where the rest of the loop stays scalar. A plain
/// dense layer stores each unit's value into a buffer the reverse sweep reads, so the forward sweep records the old
/// element before each store and the reverse sweep puts it back, one push and one pop per unit:
/// <code>
/// for (j = 0; j &lt; 32; j++) { sum = …; tape.Push(pre[j]); pre[j] = sum; }          // forward
/// for (j = 31; j &gt;= 0; j--) { …; pre[j] = tape.PopReal(); …; }                    // reverse
/// </code>
/// The push is split off into a loop of its own ahead of the rest (fission), and the pop into one after it; each of those
/// is the one-statement loop <see cref="LoopShapes"/> recognizes, written <c>tape.Push(pre)</c> / <c>tape.Pop(pre)</c>. The
/// tape then holds the same values in the same order. Exact when, as checked here, every dependence the move could break
/// is absent:
/// <list type="bullet">
/// <item><description>the loop counts by ±1 (up for a push, down for a pop) with bounds and the element's index
/// <c>base + counter</c> that nothing in the loop changes, and has no early exit;</description></item>
/// <item><description>the push or pop is the loop's only tape operation at any depth (calls leave the tape as they found it);</description></item>
/// <item><description>the loop touches the recorded span only at that same element, and no span that may overlap it at all;</description></item>
/// <item><description>a push reads the element before the iteration writes it (nothing ahead of it writes the span); a pop is
/// the iteration's last touch of the span (nothing after it reads or writes it).</description></item>
/// </list>
/// Then each iteration's element is one no other iteration touches, its recorded value is the one it held when the loop
/// began (push), and nothing reads it between the pop and the loop's end (pop).
/// </summary>
internal static class RecordFission
{
    /// <summary>
    /// The loop as a one-statement loop recording its element and the rest of it, in the order to run them (the push's
    /// loop first, the pop's last); null when the loop has no such record or the split could change what it computes.
    /// </summary>
    public static (ForRangeStmt Record, ForRangeStmt Others, bool RecordFirst)? Split(ForRangeStmt loop, SpanAliasing aliasing)
    {
        if (loop.Guard is not null || loop.Step is not (1 or -1)) return null;
        IReadOnlyList<IrStmt> body = loop.Body;
        int at = -1;
        for (int i = 0; i < body.Count; i++)
        {
            if (!IsRecord(body[i], loop.Step)) continue;
            if (at >= 0) return null;
            at = i;
        }
        if (at < 0) return null;
        (int span, IrExpr index) = Element(body[at]);

        // Bounds, index and counter: unchanged by the loop; the index a plain sum of scalars.
        HashSet<int> assigned = StatementWalker.Assigned(body);
        if (assigned.Contains(loop.Counter)) return null;
        foreach (IrExpr e in new[] { loop.Start, loop.End, index })
        {
            if (!PureExpressions.IsPure(e) || ExpressionReads.Of(e).Overlaps(assigned)) return null;
        }
        if (!ScalarArithmetic(index)) return null;

        // No other tape operation, and the span touched only at the element.
        for (int i = 0; i < body.Count; i++)
        {
            bool record = i == at;
            foreach (IrStmt s in StatementWalker.All(new[] { body[i] }))
            {
                if (!record && !TapeFree(s)) return null;
                if (!TouchesOnlyElement(s, span, index, aliasing)) return null;
            }
        }
        // A push reads the element before the iteration writes it; a pop is the iteration's last touch of the span.
        IEnumerable<IrStmt> others = loop.Step == 1 ? body.Take(at) : body.Skip(at + 1);
        foreach (IrStmt s in StatementWalker.All(others))
        {
            if (s is ElementAssignStmt e && e.Span == span) return null;
            if (loop.Step == -1 && StatementWalker.OwnExpressions(s).Any(x => ExpressionReads.Of(x).Contains(span))) return null;
        }

        ForRangeStmt recordLoop = loop with { Body = new[] { body[at] }.ToEquatableArray() };
        ForRangeStmt rest = loop with { Body = body.Where((_, i) => i != at).ToEquatableArray() };
        return (recordLoop, rest, loop.Step == 1);
    }

    /// <summary><c>tape.Push(span[index])</c> in a loop counting up, <c>span[index] = tape.Pop()</c> in one counting down.</summary>
    private static bool IsRecord(IrStmt s, int step) => s switch
    {
        PushStmt { Value: ElementExpr } => step == 1,
        ElementAssignStmt { Value: PopExpr } => step == -1,
        _ => false,
    };

    private static (int Span, IrExpr Index) Element(IrStmt record) => record switch
    {
        PushStmt { Value: ElementExpr el } => (el.Span, el.Index),
        ElementAssignStmt e => (e.Span, e.Index),
        _ => throw Ir.Unreachable("not a record"),
    };

    /// <summary>Variables, constants and integer arithmetic only: no element read, no call.</summary>
    private static bool ScalarArithmetic(IrExpr e) =>
        e is VarExpr or ConstExpr or BinaryExpr or UnaryExpr or ConvertExpr && ExpressionReads.Children(e).All(ScalarArithmetic);

    /// <summary>
    /// Statements known to leave the tape as they found it: no push, no pop, no checkpoint or scratch bookkeeping (a call
    /// of a backward pushes and pops its own records, balanced).
    /// </summary>
    private static bool TapeFree(IrStmt s)
    {
        bool known = s is DeclareStmt or AssignStmt or ElementAssignStmt or VectorMapStmt or VectorReduceStmt or FillStmt or CopyStmt
            or CallStmt or PullbackCallStmt or AddIntoStmt or SinCosStmt or IfStmt or GuardStmt or ForRangeStmt or WhileStmt;
        return known && StatementWalker.OwnExpressions(s).All(PureOfPops);
    }

    private static bool PureOfPops(IrExpr e) => e is not PopExpr && ExpressionReads.Children(e).All(PureOfPops);

    /// <summary>
    /// Whether a statement reaches the span only through <c>span[index]</c> (read or written), and no span that may overlap
    /// it in any way; its length may be read.
    /// </summary>
    private static bool TouchesOnlyElement(IrStmt s, int span, IrExpr index, SpanAliasing aliasing)
    {
        bool Related(int v) => v == span || aliasing.MayOverlap(v, span);
        switch (s)
        {
            case ElementAssignStmt e when e.Span == span:
                if (!e.Index.Equals(index)) return false;
                break;
            case ElementAssignStmt e when Related(e.Span):
                return false;
            case AssignStmt a when Related(a.Var):
                return false;
            case DeclareStmt d when Related(d.Var):
                return false;
            case CallStmt c when c.ResultVar >= 0 && Related(c.ResultVar):
                return false;
        }
        return StatementWalker.OwnExpressions(s).All(e => OnlyElement(e, span, index, Related));
    }

    private static bool OnlyElement(IrExpr e, int span, IrExpr index, System.Func<int, bool> related)
    {
        switch (e)
        {
            case ElementExpr el when el.Span == span:
                if (!el.Index.Equals(index)) return false;
                break;
            case ElementExpr el when related(el.Span):
                return false;
            case SpanRefExpr r when related(r.Span):
                return false;
            case VarExpr v when related(v.Var):
                return false;
        }
        return ExpressionReads.Children(e).All(c => OnlyElement(c, span, index, related));
    }
}
