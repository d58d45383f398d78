using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform.Vectorization;

/// <summary>
/// Overwrite mode for a gradient first updated inside a loop. A plain dense layer's reverse sweep adds one row of the
/// weight gradient per unit (<c>dW1[j * 64 + k] += dA * x[…]</c>, vectorized to a <c>MultiplyAdd</c> of the row) and one
/// bias element (<c>dB1[j] += dA</c>), inside the loop over samples, so <c>{Name}Gradient</c> cleared dW1 and the first
/// sample's pass then added into the zeros. Where one loop (the covering loop) is the only place that touches the
/// gradient, and each of its iterations updates a distinct part of it — a slice <c>g.Slice(c + n·i, n)</c> or an element
/// <c>g[c + i]</c>, with constant bounds, so that the iterations together cover <c>[0, L)</c> — the first complete run of
/// that loop writes every element exactly once. The gradient method then keeps a flag, true until that run has finished:
/// <code>
/// bool dW1Unwritten = dW1.Length == 8192 &amp;&amp; dB1.Length == 128;       // the cover is all of each gradient
/// if (!dW1Unwritten) { dW1.Clear(); dB1.Clear(); }                   // else: clear and add, as before
/// …   if (dW1Unwritten) { for (j = 127; j &gt;= 0; j--) { … if (dA != 0) Multiply(x, dA, row) else row.Clear(); dB1[j] = dA; … } }
///     else             { for (j = 127; j &gt;= 0; j--) { … if (dA != 0) MultiplyAdd(x, dA, row, row); dB1[j] += dA; … } }
///     dW1Unwritten = false;
/// …
/// if (dW1Unwritten) { dW1.Clear(); dB1.Clear(); }                    // the loop never ran (a batch of 0)
/// </code>
/// Exact as the top-level overwrite mode is: writing <c>e</c> where <c>0 + e</c> was stored (only a −0 differs), and a zero
/// where a guarded update added nothing. Conservative: any other touch of the gradient anywhere in the method, a loop
/// with an early exit or non-constant bounds, two updates of one gradient per iteration, or an update under a branch
/// other than the zero-seed guard, and the gradient keeps its clear.
/// </summary>
internal static class LoopOverwrite
{
    /// <summary>What the gradient method does differently for the gradients this rule covers.</summary>
    internal sealed record Plan(
        Dictionary<int, IrStmt> Rewritten,
        List<IrStmt> Prologue,
        List<IrStmt> Epilogue,
        HashSet<int> Gradients,
        EquatableArray<IrVariable> Variables);

    /// <summary>
    /// The plan for those of <paramref name="candidates"/> (gradient spans, untouched before the reverse sweep, which
    /// starts at <paramref name="reverseAt"/>) that a covering loop writes first; null when none qualifies.
    /// </summary>
    public static Plan? Make(IReadOnlyList<IrStmt> body, int reverseAt, IEnumerable<int> candidates, IReadOnlyList<IrVariable> variables)
    {
        var covers = new Dictionary<IrStmt, List<Update>>(ReferenceComparer.Instance);
        var topOf = new Dictionary<IrStmt, int>(ReferenceComparer.Instance);
        foreach (int g in candidates)
        {
            int first = -1;
            for (int i = reverseAt; i < body.Count; i++)
            {
                if (!Touches(body[i], g)) continue;
                if (first >= 0) { first = -2; break; }
                first = i;
            }
            if (first < 0 || Cover(body[first], g) is not (ForRangeStmt loop, Update update)) continue;
            if (!covers.TryGetValue(loop, out List<Update>? list)) covers[loop] = list = new List<Update>();
            list.Add(update);
            topOf[loop] = first;
        }
        if (covers.Count == 0) return null;

        var table = new VariableTable(variables, System.Array.Empty<string>());
        var flags = new Dictionary<IrStmt, IrVariable>(ReferenceComparer.Instance);
        var prologue = new List<IrStmt>();
        var epilogue = new List<IrStmt>();
        foreach (KeyValuePair<IrStmt, List<Update>> cover in covers)
        {
            IrVariable flag = table.Add(variables[cover.Value[0].Gradient].Name + "Unwritten", ScalarKind.Boolean, SpanShape.None, VariableRole.Temporary);
            flags[cover.Key] = flag;
            IrExpr whole = cover.Value.Select(u => Ir.Compare(BinaryOp.Equal, new LengthExpr(u.Gradient), Ir.Int(u.Length)))
                .Aggregate(Ir.And);
            var clears = cover.Value.Select(u => (IrStmt)new FillStmt(null, Ir.Span(variables[u.Gradient]), null)).ToEquatableArray();
            prologue.Add(new DeclareStmt(null, flag.Id, whole));
            prologue.Add(new IfStmt(null, Ir.Not(Ir.Var(flag)), clears, EquatableArray<IrStmt>.Empty));
            epilogue.Add(new IfStmt(null, Ir.Var(flag), clears, EquatableArray<IrStmt>.Empty));
        }
        var rewritten = new Dictionary<int, IrStmt>();
        foreach (int top in topOf.Values.Distinct())
        {
            List<IrStmt> replaced = Rewrite(body[top], covers, flags);
            if (replaced.Count != 1) return null;
            rewritten[top] = replaced[0];
        }
        var gradients = new HashSet<int>(covers.Values.SelectMany(l => l).Select(u => u.Gradient));
        return new Plan(rewritten, prologue, epilogue, gradients, table.All.ToEquatableArray());
    }

    /// <summary>One iteration's update of a gradient in its covering loop, and the length the loop covers.</summary>
    private sealed record Update(int Gradient, IrStmt Statement, IrStmt Written, IrStmt Cleared, int Length);

    /// <summary>The covering loop of <paramref name="g"/> inside <paramref name="s"/> (all of its touches), with its update.</summary>
    private static (ForRangeStmt Loop, Update Update)? Cover(IrStmt s, int g)
    {
        int touches = OwnTouches(s, g);
        IrStmt current = s;
        while (true)
        {
            if (current is ForRangeStmt loop && OwnTouches(loop, g) == touches && Covering(loop, g) is Update update) return (loop, update);
            var inner = StatementWalker.Children(current).SelectMany(block => block).Where(c => Touches(c, g)).ToList();
            // Descend only where one statement holds every touch (its own expressions none).
            if (inner.Count != 1 || OwnTouches(inner[0], g) != touches) return null;
            current = inner[0];
        }
    }

    /// <summary>The update when <paramref name="loop"/> writes every element of <paramref name="g"/> once per complete run.</summary>
    private static Update? Covering(ForRangeStmt loop, int g)
    {
        if (loop.Guard is not null || loop.Step is not (1 or -1)) return null;
        if (AffineForm.Of(loop.Start) is not { IsConstant: true } start || AffineForm.Of(loop.End) is not { IsConstant: true } end) return null;
        long lowest, count;
        switch (loop.Step, loop.Compare)
        {
            case (1, BinaryOp.Less): lowest = start.Constant; count = end.Constant - start.Constant; break;
            case (1, BinaryOp.LessOrEqual): lowest = start.Constant; count = end.Constant - start.Constant + 1; break;
            case (-1, BinaryOp.GreaterOrEqual): lowest = end.Constant; count = start.Constant - end.Constant + 1; break;
            case (-1, BinaryOp.Greater): lowest = end.Constant + 1; count = start.Constant - end.Constant; break;
            default: return null;
        }
        if (count <= 0 || StatementWalker.Assigned(loop.Body).Contains(loop.Counter)) return null;
        var touching = loop.Body.Where(t => Touches(t, g)).ToList();
        if (touching.Count != 1) return null;
        IrStmt top = touching[0];
        IrStmt statement = top;
        if (top is GuardStmt guard)
        {
            if (guard.Seeds.Any(seed => ExpressionReads.Of(seed).Contains(g))) return null;
            var inGuard = guard.Body.Where(t => Touches(t, g)).ToList();
            if (inGuard.Count != 1) return null;
            statement = inGuard[0];
        }
        if (UpdateOf(statement, g, loop.Counter, lowest, count) is not Update update) return null;
        return update;
    }

    /// <summary><c>g[c + i] ±= e</c> or a slice <c>g.Slice(c + n·i, n)</c> added into, covering <c>[0, L)</c> over the loop.</summary>
    private static Update? UpdateOf(IrStmt s, int g, int counter, long lowest, long count)
    {
        bool Other(IrExpr e) => !ExpressionReads.Of(e).Contains(g);
        switch (s)
        {
            case ElementAssignStmt e when e.Span == g:
            {
                if (AffineForm.Of(e.Index) is not AffineForm index || index.CoefficientOf(counter) != 1) return null;
                AffineForm rest = index.Without(counter);
                if (!rest.IsConstant || rest.Constant + lowest != 0 || !Other(e.Index)) return null;
                if (Accumulation.Rest(e.Value, x => x is ElementExpr el && el.Span == g && el.Index.Equals(e.Index)) is not (IrExpr added, bool subtract)
                    || !Other(added)) return null;
                IrStmt written = e with { Value = subtract ? Ir.Neg(added) : added };
                IrStmt cleared = e with { Value = Ir.Zero(e.Value.Type) };
                return Checked(new Update(g, s, written, cleared, (int)count), count);
            }
            case VectorMapStmt map when map.Destination is { Span: var span, Start: IrExpr offset, Length: ConstExpr { Type: ScalarKind.Int32 } length } && span == g:
            {
                long n = (long)length.Value;
                if (n <= 0 || AffineForm.Of(offset) is not AffineForm o || o.CoefficientOf(counter) != n) return null;
                AffineForm rest = o.Without(counter);
                if (!rest.IsConstant || rest.Constant + n * lowest != 0 || !Other(offset)) return null;
                if (GradientOverwrite.Written(map, g) is not IrStmt written) return null;
                return Checked(new Update(g, s, written, new FillStmt(null, map.Destination, null), (int)(n * count)), n * count);
            }
            default:
                return null;
        }
    }

    private static Update? Checked(Update u, long length) => length <= int.MaxValue ? u : null;

    /// <summary>
    /// The statement with each covering loop run in two versions, <c>if (flag) { loop writing } else { loop adding }</c>,
    /// and the flag cleared after it: the flag is tested once per run of the loop, not once per iteration (a loop run
    /// 10⁵ times would otherwise pay a test per element for a gain made in its first run only).
    /// </summary>
    private static List<IrStmt> Rewrite(IrStmt s, Dictionary<IrStmt, List<Update>> covers, Dictionary<IrStmt, IrVariable> flags)
    {
        if (s is ForRangeStmt loop && covers.TryGetValue(loop, out List<Update>? updates))
        {
            IrVariable flag = flags[loop];
            ForRangeStmt writing = loop with { Body = loop.Body.Select(t => Writing(t, updates)).ToEquatableArray() };
            return new List<IrStmt>
            {
                new IfStmt(null, Ir.Var(flag), new IrStmt[] { writing }.ToEquatableArray(), new IrStmt[] { loop }.ToEquatableArray()),
                new AssignStmt(null, flag.Id, Ir.Bool(false)),
            };
        }
        EquatableArray<IrStmt> Block(IReadOnlyList<IrStmt> block) => block.SelectMany(c => Rewrite(c, covers, flags)).ToEquatableArray();
        IrStmt rebuilt = s switch
        {
            IfStmt b => b with { Then = Block(b.Then), Else = Block(b.Else) },
            WhileStmt w => w with { Body = Block(w.Body), Increment = Block(w.Increment) },
            ForRangeStmt f => f with { Body = Block(f.Body) },
            GuardStmt g => g with { Body = Block(g.Body) },
            _ => s,
        };
        return new List<IrStmt> { rebuilt };
    }

    /// <summary>An update as its write; a zero-seed guard holding updates gets an <c>else</c> that writes their zeros.</summary>
    private static IrStmt Writing(IrStmt t, List<Update> updates)
    {
        IrStmt Write(IrStmt u) => updates.FirstOrDefault(x => ReferenceEquals(x.Statement, u)) is Update update ? update.Written : u;
        if (t is not GuardStmt guard) return Write(t);
        var inside = updates.Where(u => guard.Body.Any(b => ReferenceEquals(b, u.Statement))).ToList();
        if (inside.Count == 0) return t;
        return new IfStmt(guard.Location, GradientOverwrite.SeedTest(guard), guard.Body.Select(Write).ToEquatableArray(), inside.Select(u => u.Cleared).ToEquatableArray());
    }

    private static bool Touches(IrStmt s, int span) => GradientOverwrite.Touches(s, span);

    /// <summary>How many statements within <paramref name="s"/> (itself included) reference the span themselves.</summary>
    private static int OwnTouches(IrStmt s, int span) => StatementWalker.All(new[] { s }).Count(t => OwnReference(t, span));

    private static bool OwnReference(IrStmt t, int span)
    {
        var own = new HashSet<int>();
        StatementWalker.CollectReads(t, own);
        if (t is ElementAssignStmt e) own.Add(e.Span);
        if (t is AssignStmt a) own.Add(a.Var);
        if (t is DeclareStmt d) own.Add(d.Var);
        if (t is StackAllocStmt sa) own.Add(sa.Span);
        if (t is ViewBindStmt or ViewPointStmt) return true;
        return own.Contains(span);
    }
}
