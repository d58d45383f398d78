using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.IR;

/// <summary>Traversals of statement trees shared by every stage.</summary>
internal static class StatementWalker
{
    /// <summary>Every statement, parents before children.</summary>
    public static IEnumerable<IrStmt> All(IEnumerable<IrStmt> block)
    {
        foreach (IrStmt s in block)
        {
            yield return s;
            foreach (IrStmt child in Children(s).SelectMany(All)) yield return child;
        }
    }

    public static IEnumerable<IReadOnlyList<IrStmt>> Children(IrStmt s) => s switch
    {
        IfStmt b => new IReadOnlyList<IrStmt>[] { b.Then, b.Else },
        WhileStmt w => new IReadOnlyList<IrStmt>[] { w.Body, w.Increment },
        ForRangeStmt f => new IReadOnlyList<IrStmt>[] { f.Body },
        GuardStmt g => new IReadOnlyList<IrStmt>[] { g.Body },
        _ => Array.Empty<IReadOnlyList<IrStmt>>(),
    };

    /// <summary>The expressions a statement evaluates itself (not those of nested statements).</summary>
    public static IEnumerable<IrExpr> OwnExpressions(IrStmt s) => s switch
    {
        AssignStmt a => new[] { a.Value },
        ElementAssignStmt e => new[] { e.Index, e.Value },
        StackAllocStmt sa => new[] { sa.Length },
        FillStmt f => f.Value is null ? new IrExpr[] { f.Target } : new IrExpr[] { f.Target, f.Value },
        CopyStmt c => new IrExpr[] { c.Source, c.Target },
        CallStmt c => new IrExpr[] { c.Call },
        IfStmt b => new[] { b.Condition },
        WhileStmt w => new[] { w.Condition },
        ForRangeStmt f => f.Guard is null ? new[] { f.Start, f.End } : new[] { f.Start, f.End, f.Guard },
        GuardStmt g => g.Seeds.ToArray(),
        ReturnStmt r when r.Value is not null => new[] { r.Value },
        DeclareStmt d when d.Init is not null => new[] { d.Init },
        PushStmt p => new[] { p.Value },
        ReserveStmt r => new[] { r.Reals, r.Ints },
        PopSpanStmt p => new IrExpr[] { p.Target },
        RentScratchStmt r => new[] { r.Length },
        ReturnScratchStmt r => new[] { r.Length },
        PullbackCallStmt p => p.Args.ToArray(),
        TangentCallStmt t => t.Args.ToArray(),
        ThrowIfStmt t => new[] { t.Condition },
        InvokeStmt i => new IrExpr[] { i.Call },
        AddIntoStmt a => new IrExpr[] { a.Source, a.Target },
        SinCosStmt s2 => new[] { s2.Argument },
        OverlapCheckStmt o => new IrExpr[] { o.Output, o.Other },
        ViewBindStmt v => new[] { v.Root, v.Start, v.Length },
        BeginCheckpointsStmt b when b.Steps is not null => new[] { b.Steps },
        EndForwardStmt e => new[] { e.Steps },
        VectorMapStmt v => v.Operands.Append(v.Destination).ToArray(),
        VectorReduceStmt v => v.Y is null ? new IrExpr[] { v.X } : new IrExpr[] { v.X, v.Y },
        SeededMultiplyAddStmt m => new IrExpr[] { m.Seed, m.Scale, m.Destination },
        SeededDotStmt d => new IrExpr[] { d.Target, d.Seed, d.Other },
        _ => Array.Empty<IrExpr>(),
    };

    public static void CollectReads(IrStmt s, HashSet<int> into)
    {
        foreach (IrExpr e in OwnExpressions(s)) ExpressionReads.Collect(e, into);
        if (s is ForRangeStmt f) into.Add(f.Counter);
        // target += reduction reads the target too.
        if (s is VectorReduceStmt r) into.Add(r.Target);
    }

    /// <summary>Every variable a block reads or writes.</summary>
    public static HashSet<int> Referenced(IEnumerable<IrStmt> block)
    {
        var set = new HashSet<int>();
        foreach (IrStmt s in All(block))
        {
            CollectReads(s, set);
            switch (s)
            {
                case AssignStmt a: set.Add(a.Var); break;
                case ElementAssignStmt e: set.Add(e.Span); break;
                case StackAllocStmt sa: set.Add(sa.Span); break;
                case CallStmt c when c.ResultVar >= 0: set.Add(c.ResultVar); break;
                case ViewBindStmt v: set.UnionWith(new[] { v.View, v.RootVar, v.StartVar, v.LengthVar }); set.UnionWith(v.Roots); break;
                case TangentCallStmt t when t.ResultVar >= 0: set.Add(t.ResultVar); break;
            }
        }
        return set;
    }

    /// <summary>Every scalar variable and span a block assigns (including loop counters and call results and outputs).</summary>
    public static HashSet<int> Assigned(IEnumerable<IrStmt> block)
    {
        var set = new HashSet<int>();
        foreach (IrStmt s in All(block))
        {
            switch (s)
            {
                case AssignStmt a: set.Add(a.Var); break;
                case ElementAssignStmt e: set.Add(e.Span); break;
                case StackAllocStmt sa: set.Add(sa.Span); break;
                case FillStmt f: set.Add(f.Target.Span); break;
                case CopyStmt c: set.Add(c.Target.Span); break;
                case ForRangeStmt f: set.Add(f.Counter); break;
                case VectorMapStmt v: set.Add(v.Destination.Span); break;
                case VectorReduceStmt v: set.Add(v.Target); break;
                case SeededMultiplyAddStmt m: set.Add(m.Destination.Span); break;
                case SeededDotStmt d: set.Add(d.Target is ElementExpr el ? el.Span : ((VarExpr)d.Target).Var); break;
                case ViewBindStmt v: set.UnionWith(new[] { v.View, v.RootVar, v.StartVar, v.LengthVar }); break;
                case CallStmt c:
                    if (c.ResultVar >= 0) set.Add(c.ResultVar);
                    foreach (SpanRefExpr o in c.Call.Outputs()) set.Add(o.Span);
                    break;
            }
        }
        return set;
    }

    /// <summary>
    /// Every variable a statement (and what it contains) may write: <see cref="Assigned"/> plus declarations, both results
    /// of a sine–cosine pair, a tangent call's result and any variable passed by reference.
    /// </summary>
    public static HashSet<int> MayWrite(IrStmt s)
    {
        var written = Assigned(new[] { s });
        foreach (IrStmt inner in All(new[] { s }))
        {
            if (inner is DeclareStmt declare) written.Add(declare.Var);
            if (inner is SinCosStmt sinCos) written.UnionWith(new[] { sinCos.Sin, sinCos.Cos });
            if (inner is TangentCallStmt { ResultVar: >= 0 } tangent) written.Add(tangent.ResultVar);
            foreach (IrExpr e in OwnExpressions(inner)) CollectByReference(e, written);
        }
        return written;
    }

    private static void CollectByReference(IrExpr e, HashSet<int> into)
    {
        if (e is RefExpr r) into.UnionWith(ExpressionReads.Of(r.Target));
        if (e is OutExpr o) into.UnionWith(ExpressionReads.Of(o.Target));
        foreach (IrExpr child in ExpressionReads.Children(e)) CollectByReference(child, into);
    }

    /// <summary>Rebuilds a block, replacing each leaf statement by <paramref name="map"/>'s result (null drops it).</summary>
    public static List<IrStmt> Rewrite(IEnumerable<IrStmt> block, Func<IrStmt, IrStmt?> map)
    {
        var output = new List<IrStmt>();
        foreach (IrStmt s in block)
        {
            IrStmt? r = s switch
            {
                IfStmt b => b with { Then = Rewrite(b.Then, map).ToEquatableArray(), Else = Rewrite(b.Else, map).ToEquatableArray() },
                WhileStmt w => w with { Body = Rewrite(w.Body, map).ToEquatableArray(), Increment = Rewrite(w.Increment, map).ToEquatableArray() },
                ForRangeStmt f => f with { Body = Rewrite(f.Body, map).ToEquatableArray() },
                GuardStmt g => g with { Body = Rewrite(g.Body, map).ToEquatableArray() },
                _ => map(s),
            };
            if (r is not null) output.Add(r);
        }
        return output;
    }

    /// <summary>
    /// Rebuilds a block bottom up: each compound statement with its blocks rebuilt first, then every statement (leaf or
    /// rebuilt compound) replaced by the statements <paramref name="map"/> returns for it.
    /// </summary>
    public static List<IrStmt> RewriteBottomUp(IEnumerable<IrStmt> block, Func<IrStmt, IEnumerable<IrStmt>> map)
    {
        var output = new List<IrStmt>();
        foreach (IrStmt s in block)
        {
            IrStmt rebuilt = s switch
            {
                IfStmt b => b with { Then = RewriteBottomUp(b.Then, map).ToEquatableArray(), Else = RewriteBottomUp(b.Else, map).ToEquatableArray() },
                WhileStmt w => w with { Body = RewriteBottomUp(w.Body, map).ToEquatableArray(), Increment = RewriteBottomUp(w.Increment, map).ToEquatableArray() },
                ForRangeStmt f => f with { Body = RewriteBottomUp(f.Body, map).ToEquatableArray() },
                GuardStmt g => g with { Body = RewriteBottomUp(g.Body, map).ToEquatableArray() },
                _ => s,
            };
            output.AddRange(map(rebuilt));
        }
        return output;
    }
}
