using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.IR;

/// <summary>Rebuilds expressions bottom-up, and the statements of the original that hold them.</summary>
internal static class ExpressionRewriter
{
    /// <summary><paramref name="map"/> applied to every subexpression after its children (null keeps it).</summary>
    public static IrExpr Map(IrExpr e, Func<IrExpr, IrExpr?> map)
    {
        IrExpr rebuilt = e switch
        {
            ElementExpr el => el with { Index = Map(el.Index, map) },
            UnaryExpr u => u with { Operand = Map(u.Operand, map) },
            BinaryExpr b => b with { Left = Map(b.Left, map), Right = Map(b.Right, map) },
            ConvertExpr c => c with { Operand = Map(c.Operand, map) },
            ConditionalExpr c => c with { Condition = Map(c.Condition, map), WhenTrue = Map(c.WhenTrue, map), WhenFalse = Map(c.WhenFalse, map) },
            IntrinsicCallExpr call => call with { Args = call.Args.Select(a => Map(a, map)).ToEquatableArray() },
            CallExpr call => call with { Args = call.Args.Select(a => Map(a, map)).ToEquatableArray() },
            SpanRefExpr s => s with { Start = s.Start is null ? null : Map(s.Start, map), Length = s.Length is null ? null : Map(s.Length, map) },
            _ => e,
        };
        return map(rebuilt) ?? rebuilt;
    }

    private static SpanRefExpr MapSpan(SpanRefExpr s, Func<IrExpr, IrExpr?> map) => (SpanRefExpr)Map(s, map);

    /// <summary>Every expression of the statements (of the original's kinds) rebuilt with <paramref name="map"/>.</summary>
    public static List<IrStmt> Rewrite(IEnumerable<IrStmt> block, Func<IrExpr, IrExpr?> map)
    {
        var output = new List<IrStmt>();
        foreach (IrStmt s in block)
        {
            output.Add(s switch
            {
                AssignStmt a => a with { Value = Map(a.Value, map) },
                ElementAssignStmt e => e with { Index = Map(e.Index, map), Value = Map(e.Value, map) },
                StackAllocStmt sa => sa with { Length = Map(sa.Length, map) },
                FillStmt f => f with { Target = MapSpan(f.Target, map), Value = f.Value is null ? null : Map(f.Value, map) },
                CopyStmt c => c with { Source = MapSpan(c.Source, map), Target = MapSpan(c.Target, map) },
                CallStmt c => c with { Call = (CallExpr)Map(c.Call, map) },
                ReturnStmt r => r with { Value = r.Value is null ? null : Map(r.Value, map) },
                IfStmt b => b with { Condition = Map(b.Condition, map), Then = Rewrite(b.Then, map).ToEquatableArray(), Else = Rewrite(b.Else, map).ToEquatableArray() },
                WhileStmt w => w with { Condition = Map(w.Condition, map), Body = Rewrite(w.Body, map).ToEquatableArray(), Increment = Rewrite(w.Increment, map).ToEquatableArray() },
                ForRangeStmt f => f with
                {
                    Start = Map(f.Start, map), End = Map(f.End, map), Guard = f.Guard is null ? null : Map(f.Guard, map),
                    Body = Rewrite(f.Body, map).ToEquatableArray(),
                },
                OverlapCheckStmt o => o with { Output = MapSpan(o.Output, map), Other = MapSpan(o.Other, map) },
                _ => s,
            });
        }
        return output;
    }
}
