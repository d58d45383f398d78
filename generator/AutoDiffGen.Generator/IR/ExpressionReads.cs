using System.Collections.Generic;

namespace AutoDiffGen.Generator.IR;

/// <summary>Which variables an expression reads; spans count as read when any element, length or slice is.</summary>
internal static class ExpressionReads
{
    public static HashSet<int> Of(IrExpr? e)
    {
        var set = new HashSet<int>();
        Collect(e, set);
        return set;
    }

    public static void Collect(IrExpr? e, HashSet<int> into)
    {
        switch (e)
        {
            case null:
                return;
            case VarExpr v:
                into.Add(v.Var);
                return;
            case ElementExpr el:
                into.Add(el.Span);
                break;
            case LengthExpr len:
                into.Add(len.Span);
                return;
            case SpanRefExpr s:
                into.Add(s.Span);
                break;
            case ScheduleExpr q:
                into.Add(q.Schedule);
                break;
        }
        foreach (IrExpr child in Children(e)) Collect(child, into);
    }

    /// <summary>The direct subexpressions of <paramref name="e"/>, for traversals.</summary>
    public static IEnumerable<IrExpr> Children(IrExpr e)
    {
        switch (e)
        {
            case ElementExpr el:
                yield return el.Index;
                break;
            case UnaryExpr u:
                yield return u.Operand;
                break;
            case BinaryExpr b:
                yield return b.Left;
                yield return b.Right;
                break;
            case ConvertExpr c:
                yield return c.Operand;
                break;
            case ConditionalExpr c:
                yield return c.Condition;
                yield return c.WhenTrue;
                yield return c.WhenFalse;
                break;
            case IntrinsicCallExpr call:
                foreach (IrExpr a in call.Args) yield return a;
                break;
            case CallExpr call:
                foreach (IrExpr a in call.Args) yield return a;
                break;
            case SpanRefExpr s:
                if (s.Start is not null) yield return s.Start;
                if (s.Length is not null) yield return s.Length;
                break;
            case InvokeExpr invoke:
                foreach (IrExpr a in invoke.Args) yield return a;
                break;
            case RefExpr r:
                yield return r.Target;
                break;
            case OutExpr o:
                yield return o.Target;
                break;
            case SumExpr sum:
                yield return sum.Span;
                break;
            case ScheduleExpr { Argument: not null } q:
                yield return q.Argument;
                break;
        }
    }

    /// <summary>
    /// The variables through which a derivative can flow out of <paramref name="e"/>: real scalars and spans in value
    /// positions, not in conditions, comparisons or indices.
    /// </summary>
    public static void CollectDifferentiable(IrExpr? e, HashSet<int> into)
    {
        switch (e)
        {
            case null:
                return;
            case VarExpr v when v.Type.IsReal():
                into.Add(v.Var);
                return;
            case ElementExpr el when el.Type.IsReal():
                into.Add(el.Span);
                return;
            case SpanRefExpr s when s.Type.IsReal():
                into.Add(s.Span);
                return;
            case UnaryExpr u when u.Type.IsReal():
                CollectDifferentiable(u.Operand, into);
                return;
            case BinaryExpr b when b.Type.IsReal():
                CollectDifferentiable(b.Left, into);
                CollectDifferentiable(b.Right, into);
                return;
            case ConvertExpr c when c.Type.IsReal():
                CollectDifferentiable(c.Operand, into);
                return;
            case ConditionalExpr c when c.Type.IsReal():
                CollectDifferentiable(c.WhenTrue, into);
                CollectDifferentiable(c.WhenFalse, into);
                return;
            case IntrinsicCallExpr call when call.Type.IsReal():
                foreach (IrExpr a in call.Args) CollectDifferentiable(a, into);
                return;
            case CallExpr call:
                foreach (IrExpr a in call.Args) CollectDifferentiable(a, into);
                return;
            case SumExpr sum:
                CollectDifferentiable(sum.Span, into);
                return;
            case RefExpr r:
                CollectDifferentiable(r.Target, into);
                return;
        }
    }
}
