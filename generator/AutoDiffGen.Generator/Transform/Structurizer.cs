using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// Removes <c>break</c>, <c>continue</c> and <c>return</c>, so the reverse sweep deals only with if/else and loops.
/// A jump at the end of a branch moves the statements after the <c>if</c> into the other branch; any other jump sets
/// a flag that guards what follows and ends the loop (the flags are ordinary booleans whose branches are recorded).
/// Returns assign the result variable.
/// </summary>
internal sealed class Structurizer
{
    [Flags]
    private enum Exits
    {
        None = 0,
        Break = 1,
        Continue = 2,
        Return = 4,
    }

    private sealed class LoopContext
    {
        public IrVariable? BreakFlag;
        public IrVariable? ContinueFlag;
    }

    private readonly VariableTable _variables;
    private readonly int _resultVar;
    private IrVariable? _returnFlag;

    private Structurizer(VariableTable variables, int resultVar)
    {
        _variables = variables;
        _resultVar = resultVar;
    }

    public static List<IrStmt> Run(IReadOnlyList<IrStmt> body, VariableTable variables, int resultVar)
    {
        var s = new Structurizer(variables, resultVar);
        List<IrStmt> result = s.Block(body, null);
        if (s._returnFlag is not null) result.Insert(0, new AssignStmt(null, s._returnFlag.Id, Ir.Bool(false)));
        return RemoveUnreadFlags(result, variables);
    }

    private List<IrStmt> Block(IReadOnlyList<IrStmt> statements, LoopContext? loop)
    {
        var output = new List<IrStmt>();
        for (int i = 0; i < statements.Count; i++)
        {
            IrStmt s = statements[i];
            Exits exits = Escapes(s);
            if (exits == Exits.None)
            {
                output.AddRange(Transform(s, loop));
                continue;
            }
            var rest = statements.Skip(i + 1).ToList();
            switch (s)
            {
                case BreakStmt or ContinueStmt or ReturnStmt:
                    output.AddRange(Jump(s, loop));
                    return output; // anything after an unconditional jump is unreachable
                case IfStmt branch when AlwaysExits(branch.Then) || AlwaysExits(branch.Else):
                {
                    // Else-ification: the statements after the if run only on the branch that does not jump.
                    bool thenExits = AlwaysExits(branch.Then);
                    bool elseExits = AlwaysExits(branch.Else);
                    var thenPart = thenExits ? branch.Then.ToList() : branch.Then.Concat(rest).ToList();
                    var elsePart = elseExits ? branch.Else.ToList() : branch.Else.Concat(rest).ToList();
                    output.Add(new IfStmt(branch.Location, branch.Condition, Block(thenPart, loop).ToEquatableArray(), Block(elsePart, loop).ToEquatableArray()));
                    return output;
                }
            }
            output.AddRange(Transform(s, loop));
            List<IrStmt> guarded = Block(rest, loop);
            if (guarded.Count > 0) output.Add(new IfStmt(null, Guard(exits, loop), guarded.ToEquatableArray(), EquatableArray<IrStmt>.Empty));
            return output;
        }
        return output;
    }

    private IrExpr Guard(Exits exits, LoopContext? loop)
    {
        IrExpr? guard = null;
        void And(IrVariable? flag)
        {
            if (flag is null) return;
            IrExpr not = Ir.Not(Ir.Var(flag));
            guard = guard is null ? not : Ir.And(guard, not);
        }
        if ((exits & Exits.Break) != 0) And(loop!.BreakFlag ??= NewFlag("breakLoop"));
        if ((exits & Exits.Continue) != 0) And(loop!.ContinueFlag ??= NewFlag("continueLoop"));
        if ((exits & Exits.Return) != 0) And(_returnFlag ??= NewFlag("returned"));
        return guard ?? Ir.Bool(true);
    }

    private IrVariable NewFlag(string stem) => _variables.Add(stem, ScalarKind.Boolean, SpanShape.None, VariableRole.Flag, numbered: true);

    private IEnumerable<IrStmt> Jump(IrStmt jump, LoopContext? loop)
    {
        switch (jump)
        {
            case BreakStmt b:
                yield return new AssignStmt(b.Location, (loop!.BreakFlag ??= NewFlag("breakLoop")).Id, Ir.Bool(true));
                break;
            case ContinueStmt c:
                yield return new AssignStmt(c.Location, (loop!.ContinueFlag ??= NewFlag("continueLoop")).Id, Ir.Bool(true));
                break;
            case ReturnStmt r:
                if (r.Value is not null) yield return new AssignStmt(r.Location, _resultVar, r.Value);
                yield return new AssignStmt(r.Location, (_returnFlag ??= NewFlag("returned")).Id, Ir.Bool(true));
                break;
        }
    }

    private IEnumerable<IrStmt> Transform(IrStmt s, LoopContext? loop)
    {
        switch (s)
        {
            case IfStmt branch:
                return new[] { new IfStmt(branch.Location, branch.Condition, Block(branch.Then, loop).ToEquatableArray(), Block(branch.Else, loop).ToEquatableArray()) };
            case WhileStmt w:
            {
                var inner = new LoopContext();
                List<IrStmt> body = Block(w.Body, inner);
                IrExpr condition = WithExitGuards(w.Condition, inner, Escapes(w) != Exits.None);
                if (inner.ContinueFlag is not null) body.Insert(0, new AssignStmt(null, inner.ContinueFlag.Id, Ir.Bool(false)));
                List<IrStmt> increment = Block(w.Increment, inner);
                if (increment.Count > 0 && (inner.BreakFlag is not null || Escapes(w) != Exits.None))
                {
                    // break and return skip the increment; continue does not.
                    increment = new List<IrStmt> { new IfStmt(null, StopGuard(inner, Escapes(w) != Exits.None), increment.ToEquatableArray(), EquatableArray<IrStmt>.Empty) };
                }
                var loopStmt = new WhileStmt(w.Location, condition, body.ToEquatableArray(), increment.ToEquatableArray(), w.TestFirst);
                return inner.BreakFlag is null ? new IrStmt[] { loopStmt } : new IrStmt[] { new AssignStmt(null, inner.BreakFlag.Id, Ir.Bool(false)), loopStmt };
            }
            case ForRangeStmt f:
            {
                var inner = new LoopContext();
                List<IrStmt> body = Block(f.Body, inner);
                if (inner.ContinueFlag is not null) body.Insert(0, new AssignStmt(null, inner.ContinueFlag.Id, Ir.Bool(false)));
                bool returns = Escapes(f) != Exits.None;
                IrExpr? guard = inner.BreakFlag is null && !returns ? f.Guard : StopGuard(inner, returns);
                var loopStmt = new ForRangeStmt(f.Location, f.Counter, f.Start, f.End, f.Compare, f.Step, guard, body.ToEquatableArray());
                return inner.BreakFlag is null ? new IrStmt[] { loopStmt } : new IrStmt[] { new AssignStmt(null, inner.BreakFlag.Id, Ir.Bool(false)), loopStmt };
            }
            case BreakStmt or ContinueStmt or ReturnStmt:
                throw Ir.Unreachable("jump outside Block");
            default:
                return new[] { s };
        }
    }

    private IrExpr WithExitGuards(IrExpr condition, LoopContext inner, bool returns)
    {
        if (inner.BreakFlag is null && !returns) return condition;
        return Ir.And(StopGuard(inner, returns), condition);
    }

    private IrExpr StopGuard(LoopContext inner, bool returns)
    {
        IrExpr? guard = null;
        if (inner.BreakFlag is not null) guard = Ir.Not(Ir.Var(inner.BreakFlag));
        if (returns)
        {
            IrExpr notReturned = Ir.Not(Ir.Var(_returnFlag ??= NewFlag("returned")));
            guard = guard is null ? notReturned : Ir.And(guard, notReturned);
        }
        return guard!;
    }

    /// <summary>The jumps that leave <paramref name="s"/> (break/continue of an inner loop stay inside it).</summary>
    private static Exits Escapes(IrStmt s) => s switch
    {
        BreakStmt => Exits.Break,
        ContinueStmt => Exits.Continue,
        ReturnStmt => Exits.Return,
        IfStmt b => Escapes(b.Then) | Escapes(b.Else),
        WhileStmt w => (Escapes(w.Body) | Escapes(w.Increment)) & Exits.Return,
        ForRangeStmt f => Escapes(f.Body) & Exits.Return,
        _ => Exits.None,
    };

    private static Exits Escapes(IEnumerable<IrStmt> block)
    {
        Exits e = Exits.None;
        foreach (IrStmt s in block) e |= Escapes(s);
        return e;
    }

    /// <summary>Whether every path through the block ends in a jump or a throw.</summary>
    private static bool AlwaysExits(IReadOnlyList<IrStmt> block)
    {
        if (block.Count == 0) return false;
        return block[block.Count - 1] switch
        {
            BreakStmt or ContinueStmt or ReturnStmt or ThrowStmt => true,
            IfStmt b => AlwaysExits(b.Then) && AlwaysExits(b.Else),
            _ => false,
        } || block.Take(block.Count - 1).Any(s => s is BreakStmt or ContinueStmt or ReturnStmt or ThrowStmt);
    }

    /// <summary>Drops assignments to flags nothing reads (a return at the end of the method needs no flag).</summary>
    private static List<IrStmt> RemoveUnreadFlags(List<IrStmt> body, VariableTable variables)
    {
        var read = new HashSet<int>();
        foreach (IrStmt s in StatementWalker.All(body)) StatementWalker.CollectReads(s, read);
        return StatementWalker.Rewrite(body, s => s is AssignStmt a && variables[a.Var].Role == VariableRole.Flag && !read.Contains(a.Var) ? null : s);
    }
}
