using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// Keeps the count of a loop's floating-point records in a local. Each <c>tape.PushReserved(v)</c> or
/// <c>tape.PopReal()</c> loads the count from the tape object and stores it back, so every record waits for the store
/// of the one before (a chain through memory, a few cycles a link); in a local the count lives in a register. A reserved
/// loop (<see cref="TapeReservation"/>) reads the record array and the count into locals after its <c>tape.Reserve</c>,
/// pushes with <c>reals[top++] = v</c> and writes the count back after it; a reverse loop that only pops does the same
/// with <c>v = reals[--top]</c>. Measured on ADBench's GMM gradient: 4–11 % for the row-wise form at d = 2 and 6–8 % for
/// the library form at d = 10 (benchmarks/ADBench.md, "Tape records through a local cursor").
/// <para>
/// Only a loop that no other code can push to or pop from while it runs holds a cursor: it calls nothing that could
/// use the tape (a user method, another generated method, a pullback; math and the runtime's loop kernels only use
/// scratch space), runs no checkpoint schedule, does not return from inside, and records only into reserved room (a
/// growth would move the array). Integer records keep their own count on the tape.
/// </para>
/// </summary>
internal static class TapeCursors
{
    public static DerivativeMethod Apply(DerivativeMethod method)
    {
        // The method's own variables: a gradient method may hold variables of its own (LoopOverwrite's flags).
        var variables = new VariableTable(method.Variables, System.Array.Empty<string>());
        bool held = false;
        List<IrStmt> body = Block(method.Body, variables, ref held);
        if (!held) return method;
        return method with { Body = body.ToEquatableArray(), Variables = variables.All.ToEquatableArray() };
    }

    private static List<IrStmt> Block(IReadOnlyList<IrStmt> block, VariableTable variables, ref bool held)
    {
        var output = new List<IrStmt>();
        for (int i = 0; i < block.Count; i++)
        {
            IrStmt s = block[i];
            // The reserved loop follows its reservation (TapeReservation).
            if (s is ReserveStmt && i + 1 < block.Count && block[i + 1] is ForRangeStmt recording && Holds(recording, pops: false)
                && WithCursor(recording, variables) is (ForRangeStmt pushing, TapeCursor pushed))
            {
                output.Add(s);
                output.AddRange(Around(pushing, pushed));
                held = true;
                i++;
                continue;
            }
            if (s is ForRangeStmt reversing && Holds(reversing, pops: true) && WithCursor(reversing, variables) is (ForRangeStmt popping, TapeCursor popped))
            {
                output.AddRange(Around(popping, popped));
                held = true;
                continue;
            }
            output.Add(s switch
            {
                ForRangeStmt f => f with { Body = Block(f.Body, variables, ref held).ToEquatableArray() },
                WhileStmt w => w with { Body = Block(w.Body, variables, ref held).ToEquatableArray(), Increment = Block(w.Increment, variables, ref held).ToEquatableArray() },
                IfStmt b => b with { Then = Block(b.Then, variables, ref held).ToEquatableArray(), Else = Block(b.Else, variables, ref held).ToEquatableArray() },
                GuardStmt g => g with { Body = Block(g.Body, variables, ref held).ToEquatableArray() },
                _ => s,
            });
        }
        return output;
    }

    private static IEnumerable<IrStmt> Around(ForRangeStmt loop, TapeCursor cursor)
    {
        yield return new TapeCursorStmt(null, cursor, Open: true);
        yield return loop;
        yield return new TapeCursorStmt(null, cursor, Open: false);
    }

    /// <summary>
    /// Whether a loop may hold a cursor: it pushes floating-point records into reserved room and pops none
    /// (<paramref name="pops"/> false), or pops them and pushes nothing; and nothing else in it touches the tape's records.
    /// </summary>
    private static bool Holds(ForRangeStmt loop, bool pops)
    {
        bool records = false;
        foreach (IrStmt s in StatementWalker.All(new IrStmt[] { loop }))
        {
            switch (s)
            {
                case CallStmt or PullbackCallStmt or TangentCallStmt or InvokeStmt or BeginCheckpointsStmt or EndForwardStmt or ReturnStmt
                    or ReserveStmt or TapeCursorStmt:
                    return false;
                case PushStmt push:
                    if (pops || !push.Reserved) return false;
                    records |= push.Value.Type.IsReal();
                    break;
                case PopSpanStmt:
                    if (!pops) return false;
                    records = true;
                    break;
            }
            foreach (IrExpr e in StatementWalker.OwnExpressions(s).SelectMany(Subexpressions))
            {
                if (e is CallExpr or InvokeExpr or ScheduleExpr) return false;
                if (e is PopExpr pop && pop.Type.IsReal())
                {
                    if (!pops) return false;
                    records = true;
                }
            }
        }
        return records;
    }

    /// <summary>The loop with its floating-point records through a fresh cursor, or null if a pop sits where it is not rewritten.</summary>
    private static (ForRangeStmt Loop, TapeCursor Cursor)? WithCursor(ForRangeStmt loop, VariableTable variables)
    {
        var cursor = new TapeCursor(
            variables.Add("tapeReals", ScalarKind.Opaque, SpanShape.None, VariableRole.Record, typeText: "double[]").Id,
            variables.Add("tapeTop", ScalarKind.Int32, SpanShape.None, VariableRole.Record).Id);
        IrExpr Pops(IrExpr e) => ExpressionRewriter.Map(e, x => x is PopExpr pop && pop.Type.IsReal() ? pop with { Cursor = cursor } : null);
        var rewritten = (ForRangeStmt)StatementWalker.Rewrite(new IrStmt[] { loop }, s => s switch
        {
            PushStmt push when push.Value.Type.IsReal() => push with { Cursor = cursor },
            PopSpanStmt pop => pop with { Cursor = cursor },
            AssignStmt a => a with { Value = Pops(a.Value) },
            ElementAssignStmt e => e with { Index = Pops(e.Index), Value = Pops(e.Value) },
            DeclareStmt { Init: IrExpr init } d => d with { Init = Pops(init) },
            _ => s,
        })[0];
        // A pop is rewritten where a value is assigned; one anywhere else (none is generated today) would read the tape's
        // stale count, so such a loop keeps the tape's count.
        bool missed = StatementWalker.All(new IrStmt[] { rewritten }).SelectMany(StatementWalker.OwnExpressions).SelectMany(Subexpressions)
            .Any(e => e is PopExpr { Cursor: null } pop && pop.Type.IsReal());
        return missed ? null : (rewritten, cursor);
    }

    private static IEnumerable<IrExpr> Subexpressions(IrExpr e) => new[] { e }.Concat(ExpressionReads.Children(e).SelectMany(Subexpressions));
}
