using System.Collections.Generic;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

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
            case ConstExpr:
            case OpaqueExpr:
                return;
            case VarExpr v:
                into.Add(v.Var);
                return;
            case ElementExpr el:
                into.Add(el.Span);
                Collect(el.Index, into);
                return;
            case LengthExpr len:
                into.Add(len.Span);
                return;
            case UnaryExpr u:
                Collect(u.Operand, into);
                return;
            case BinaryExpr b:
                Collect(b.Left, into);
                Collect(b.Right, into);
                return;
            case ConvertExpr c:
                Collect(c.Operand, into);
                return;
            case ConditionalExpr c:
                Collect(c.Condition, into);
                Collect(c.WhenTrue, into);
                Collect(c.WhenFalse, into);
                return;
            case IntrinsicCallExpr call:
                foreach (IrExpr a in call.Args) Collect(a, into);
                return;
            case CallExpr call:
                foreach (IrExpr a in call.Args) Collect(a, into);
                return;
            case SpanRefExpr s:
                into.Add(s.Span);
                Collect(s.Start, into);
                Collect(s.Length, into);
                return;
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
        }
    }
}
