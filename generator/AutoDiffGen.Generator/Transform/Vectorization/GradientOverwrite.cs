using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform.Vectorization;

/// <summary>
/// Overwrite mode: <c>{Name}Gradient</c> clears each gradient span and the backward then adds into it, so the gradient is
/// written twice and read once. Where the backward's first touch of a gradient is provably a write of all of it (a
/// whole-span <c>MultiplyAdd</c>/<c>Add</c>/<c>Subtract</c> into it at the reverse sweep's top level, possibly under a
/// zero-seed guard or a positive-count test, which then clear it otherwise), the gradient method runs the backward's
/// sweeps itself with seed 1 and writes that update (<c>Multiply</c>, <c>CopyTo</c>, <c>Negate</c>) instead of clearing
/// first. Exact: adding into zeros gives the same values (a −0 stays −0 where the add would have made it +0). A call of a
/// library pullback that reuses the forward's outputs and is the first update of every gradient span it is given becomes
/// a call of the same pullback writing them, where the library offers one (<c>Derivatives.Overwrite</c>: Vectors.Dot,
/// Linear.Dense, Linear.DenseBatch). A gradient a view's adjoint may point into stays cleared. Where no gradient
/// qualifies the gradient method stays the short call of the backward.
/// </summary>
internal static class GradientOverwrite
{
    public static DerivativeMethod Apply(DerivativeMethod gradient, DerivativeMethod backward, Signature signature)
    {
        IReadOnlyList<IrStmt> body = backward.Body;
        int reverseAt = body.ToList().FindIndex(s => s is SectionStmt { Title: "Reverse sweep" });
        if (reverseAt < 0 || signature.Seed is null) return gradient;
        var prepared = body.Take(reverseAt).OfType<PrepareAdjointStmt>().ToDictionary(p => p.Adjoint);
        var replaced = new Dictionary<int, (int At, IrStmt With)>();
        // A gradient a view's adjoint points into may be written through the view before its first write by name.
        var viewed = new HashSet<int>(StatementWalker.All(body).SelectMany(s => s switch
        {
            ViewBindStmt bind => (IEnumerable<int>)bind.Roots,
            ViewPointStmt point => point.Roots,
            _ => Enumerable.Empty<int>(),
        }));
        var candidates = new HashSet<int>(signature.InputAdjoints.Where(a => a.Input.Role == ParameterRole.ActiveSpan).Select(a => a.Adjoint.Id)
            .Where(id => prepared.ContainsKey(id) && !viewed.Contains(id) && !TouchedBefore(body, reverseAt, id)));
        foreach ((ParameterModel input, IrVariable adjoint) in signature.InputAdjoints.Where(a => candidates.Contains(a.Adjoint.Id)))
        {
            int first = FirstTouch(body, reverseAt, adjoint.Id);
            // Two gradients first written by the same statement: rewrite it once, for the first of them only.
            if (first < 0 || replaced.Values.Any(r => r.At == first)) continue;
            // A pullback that writes covers every gradient it is given: each must be first written here.
            bool FirstHere(int span) => candidates.Contains(span) && FirstTouch(body, reverseAt, span) == first;
            if (Overwrite(body[first], adjoint.Id, FirstHere) is (IrStmt overwritten, List<SpanRefExpr> written))
            {
                foreach (SpanRefExpr w in written) replaced[w.Span] = (first, overwritten);
            }
        }
        // Gradients first updated inside a loop that covers each of them once (LoopOverwrite), unless the statement
        // holding that loop is rewritten above, or the method returns elsewhere than at its end.
        LoopOverwrite.Plan? inLoops = LoopOverwrite.Make(body, reverseAt, candidates.Where(id => !replaced.ContainsKey(id)), backward.Variables);
        if (inLoops is not null && (inLoops.Rewritten.Keys.Any(i => replaced.Values.Any(r => r.At == i))
            || StatementWalker.All(body).Count(s => s is ReturnStmt) != 1 || body[body.Count - 1] is not ReturnStmt))
        {
            inLoops = null;
        }
        if (replaced.Count == 0 && inLoops is null) return gradient;

        var statements = new List<IrStmt>();
        // The gradient method's own checks, and its clears of the gradients not overwritten.
        foreach (IrStmt s in gradient.Body.Where(s => s is not ReturnStmt))
        {
            if (s is FillStmt { Value: null } clear && (replaced.ContainsKey(clear.Target.Span) || inLoops?.Gradients.Contains(clear.Target.Span) == true)) continue;
            statements.Add(s);
        }
        if (inLoops is not null) statements.AddRange(inLoops.Prologue);
        statements.Add(new DeclareStmt(null, signature.Seed.Id, Ir.Const(1, signature.Seed.Element)));
        var rented = new HashSet<int>(prepared.Values.Select(p => p.Rented));
        for (int i = 0; i < body.Count; i++)
        {
            IrStmt s = body[i];
            // The gradient spans are checked above and never empty: nothing to prepare or give back.
            if (s is PrepareAdjointStmt || (s is ReturnScratchStmt back && back.Length is VarExpr v && rented.Contains(v.Var))) continue;
            KeyValuePair<int, (int At, IrStmt With)> hit = replaced.FirstOrDefault(r => r.Value.At == i);
            if (s is ReturnStmt && inLoops is not null) statements.AddRange(inLoops.Epilogue);
            statements.Add(hit.Value.With ?? (inLoops is not null && inLoops.Rewritten.TryGetValue(i, out IrStmt? looped) ? looped : s));
        }
        // The tape may have served only to prepare the adjoints.
        if (!statements.Any(UsesTape)) statements.RemoveAll(s => s is DeclareStmt d && backward.Variables[d.Var].Role == VariableRole.Tape);
        string names = string.Join(", ", replaced.Keys.Concat(inLoops?.Gradients ?? Enumerable.Empty<int>()).Select(k => $"<c>{backward.Variables[k].Name}</c>"));
        var docs = gradient.Documentation.Take(gradient.Documentation.Count - 1).Concat(new[]
        {
            $"Runs the sweeps of <c>{backward.Name}</c> with seed 1 itself, so its first update of {names} writes the gradient",
            "instead of adding into a cleared one.",
            "</summary>",
        });
        return gradient with
        {
            Variables = inLoops?.Variables ?? backward.Variables,
            Documentation = docs.ToEquatableArray(),
            Body = statements.ToEquatableArray(),
        };
    }

    private static int FirstTouch(IReadOnlyList<IrStmt> body, int from, int span)
    {
        for (int i = from; i < body.Count; i++)
        {
            if (Touches(body[i], span)) return i;
        }
        return -1;
    }

    private static bool TouchedBefore(IReadOnlyList<IrStmt> body, int end, int span) =>
        body.Take(end).Any(s => s is not PrepareAdjointStmt && Touches(s, span));

    internal static bool Touches(IrStmt s, int span) => StatementWalker.Referenced(new[] { s }).Contains(span);

    /// <summary>The condition a zero-seed guard tests: some seed is not zero.</summary>
    internal static IrExpr SeedTest(GuardStmt guard) => guard.Seeds.Select(seed => Ir.Compare(BinaryOp.NotEqual, seed, Ir.Int(0)))
        .Aggregate((a, b) => new BinaryExpr(ScalarKind.Boolean, BinaryOp.ConditionalOr, a, b));

    /// <summary>
    /// The statement writing all of <paramref name="span"/> where it added into it, with the whole spans it now writes (one, or
    /// every gradient a writing pullback is given, each of which <paramref name="firstHere"/> must accept); or null.
    /// </summary>
    private static (IrStmt Statement, List<SpanRefExpr> Written)? Overwrite(IrStmt s, int span, Func<int, bool> firstHere)
    {
        switch (s)
        {
            case VectorMapStmt map when IsWhole(map.Destination, span):
                return Written(map, span) is IrStmt written ? (written, new List<SpanRefExpr> { map.Destination }) : null;
            case PullbackCallStmt call:
                return Writing(call, span, firstHere);
            case GuardStmt guard:
            {
                return Branch(SeedTest(guard), guard.Body, span, firstHere);
            }
            case IfStmt { Else.Count: 0 } branch when !ExpressionReads.Of(branch.Condition).Contains(span):
                return Branch(branch.Condition, branch.Then, span, firstHere);
            default:
                return null;
        }
    }

    /// <summary><c>if (c) { …overwrite… } else { span.Clear(); … }</c>: a branch not taken leaves the gradients zero.</summary>
    private static (IrStmt Statement, List<SpanRefExpr> Written)? Branch(IrExpr condition, EquatableArray<IrStmt> then, int span, Func<int, bool> firstHere)
    {
        int first = FirstTouch(then, 0, span);
        if (first < 0 || Overwrite(then[first], span, firstHere) is not (IrStmt overwritten, List<SpanRefExpr> written)) return null;
        // The other gradients it writes must not be touched in the branch before it either.
        if (written.Any(w => FirstTouch(then, 0, w.Span) != first)) return null;
        var body = then.ToList();
        body[first] = overwritten;
        var clears = written.Select(w => (IrStmt)new FillStmt(null, w, null)).ToEquatableArray();
        return (new IfStmt(null, condition, body.ToEquatableArray(), clears), written);
    }

    /// <summary>
    /// A call of a library pullback that reuses the forward's outputs (<see cref="PullbackReuse"/>), as a call of the same
    /// pullback writing its adjoint spans (<c>Derivatives.ReverseFromOutputs | Derivatives.Overwrite</c>): where each adjoint
    /// span it is given is a whole gradient first written by this call, and no other argument of the call reads one.
    /// </summary>
    private static (IrStmt Statement, List<SpanRefExpr> Written)? Writing(PullbackCallStmt call, int span, Func<int, bool> firstHere)
    {
        CallTarget target = call.Target;
        if (target.OverwriteText is null || target.BackwardText != target.ReuseText) return null;
        int adjoints = target.Parameters.Count(r => r is ParameterRole.ActiveScalar or ParameterRole.ActiveSpan);
        var written = new List<SpanRefExpr>();
        foreach (IrExpr arg in call.Args.Skip(call.Args.Count - adjoints))
        {
            switch (arg)
            {
                case DefaultExpr or RefExpr:
                    break;
                case SpanRefExpr { Start: null, Length: null } whole when firstHere(whole.Span) && !written.Any(w => w.Span == whole.Span):
                    written.Add(whole);
                    break;
                default:
                    return null;
            }
        }
        if (!written.Any(w => w.Span == span)) return null;
        foreach (SpanRefExpr w in written)
        {
            if (call.Args.Count(a => ExpressionReads.Of(a).Contains(w.Span)) != 1) return null;
        }
        return (call with { Target = target with { BackwardText = target.OverwriteText } }, written);
    }

    /// <summary>
    /// The update of <paramref name="map"/>'s destination (all of <paramref name="span"/>, or one slice of it) as a write:
    /// <c>d = x·y + d</c> → <c>d = x·y</c>; <c>d = d + z</c> → <c>d = z</c>; <c>d = d − z</c> → <c>d = −z</c>; null for
    /// anything else, or when the other operands read the span.
    /// </summary>
    internal static IrStmt? Written(VectorMapStmt map, int span)
    {
        IReadOnlyList<IrExpr> o = map.Operands;
        bool Other(IrExpr e) => !ExpressionReads.Of(e).Contains(span);
        switch (map.Op)
        {
            case VectorOp.MultiplyAdd when o[2].Equals(map.Destination) && Other(o[0]) && Other(o[1]):
                return map with { Op = VectorOp.Multiply, Operands = new[] { o[0], o[1] }.ToEquatableArray() };
            case VectorOp.Add when o[0].Equals(map.Destination) && Other(o[1]):
                return o[1] is SpanRefExpr source ? new CopyStmt(map.Location, source, map.Destination) : new FillStmt(map.Location, map.Destination, o[1]);
            case VectorOp.Subtract when o[0].Equals(map.Destination) && Other(o[1]):
                return o[1] is SpanRefExpr negated
                    ? map with { Op = VectorOp.Negate, Operands = new IrExpr[] { negated }.ToEquatableArray() }
                    : new FillStmt(map.Location, map.Destination, Ir.Neg(o[1]));
            default:
                return null;
        }
    }

    /// <summary>
    /// Whether a statement may use the tape local: anything but the statements known to print no tape call and hold no
    /// tape pop (calls of other methods use their own thread's tape).
    /// </summary>
    private static bool UsesTape(IrStmt s)
    {
        bool knownFree = s is DeclareStmt or AssignStmt or ElementAssignStmt or VectorMapStmt or VectorReduceStmt or SeededMultiplyAddStmt or SeededDotStmt or FillStmt or CopyStmt
            or CallStmt or PullbackCallStmt or AddIntoStmt or SinCosStmt or LengthCheckStmt or ThrowIfStmt or ThrowStmt or ReturnStmt
            or SectionStmt or IfStmt or GuardStmt or ForRangeStmt or WhileStmt;
        if (!knownFree) return true;
        if (StatementWalker.OwnExpressions(s).Any(ContainsPop)) return true;
        return StatementWalker.Children(s).Any(block => block.Any(UsesTape));
    }

    private static bool ContainsPop(IrExpr e) => e is PopExpr || ExpressionReads.Children(e).Any(ContainsPop);

    private static bool IsWhole(IrExpr e, int span) => e is SpanRefExpr { Start: null, Length: null } s && s.Span == span;
}
