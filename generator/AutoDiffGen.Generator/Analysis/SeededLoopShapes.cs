using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>One guarded statement of a seeded loop.</summary>
internal abstract record SeededPart(LocationInfo? Location);

/// <summary>
/// A seeded axpy <c>destination[base + k] += seed[k] · scale</c> (a loop-invariant scalar) or <c>· factor[base' + k]</c> (a
/// stream, when <see cref="Factor"/> is set) under the guard <c>seed[k] != 0</c>.
/// </summary>
internal sealed record SeededAxpyPart(LocationInfo? Location, SpanStream Destination, IrExpr? Scale, SpanStream? Factor) : SeededPart(Location);

/// <summary>A seeded dot product <c>target += seed[k] · other[base + k]</c> summed over the loop.</summary>
internal sealed record SeededDotPart(LocationInfo? Location, IrExpr Target, SpanStream Other) : SeededPart(Location);

/// <summary>
/// A loop the reverse sweep guards per element by one seed (<c>for (k…) if (s[b + k] != 0) { … }</c>) whose guarded
/// statements are axpys into one span each and dot products into one scalar or element each, in the body's order; then,
/// when <see cref="ClearsSeed"/>, the seed set to 0 (the guard's last statement), and when <see cref="Popped"/> is set, one
/// element of that stream popped from the tape after the guard.
/// </summary>
internal sealed record SeededLoopShape(ScalarKind Element, AffineForm Lowest, AffineForm Count, SpanStream Seed, IReadOnlyList<SeededPart> Parts,
    bool ClearsSeed, SpanStream? Popped);

/// <summary>
/// Recognizes the reverse of a contiguous axpy-shaped increment loop (<c>q[j] += L[c + j] · x[i]</c> reversed:
/// <c>for (j…) if (dQ[j] != 0) { dL[c + j] += dQ[j] · x[i]; dX[i] += dQ[j] · L[c + j]; }</c>): the guard's seed is an element
/// at the counter, and every guarded statement is an axpy of the seed times a loop-invariant scalar or a stream into a
/// stream, or a dot product of the seed with a stream added into a loop-invariant scalar or element; the guard may end by
/// clearing its seed (<c>dQ[j] = 0</c>), and a loop counting down may pop one element of a stream after the guard
/// (<c>q[j] = tape.Pop()</c>, the record of the forward statement). The loop then runs as one seeded kernel call per
/// statement (fission), the seed slice cleared and the popped slice popped after them: every written span or element is
/// touched by no other statement and overlaps nothing else the loop reads (<see cref="SpanAliasing"/>), and the seed is
/// written only by its clear, after every read of it. Anything else: null.
/// </summary>
internal sealed class SeededLoopShapes
{
    private readonly ForRangeStmt _loop;
    private readonly IReadOnlyList<IrVariable> _variables;
    private readonly SpanAliasing _aliasing;
    private HashSet<int> _assigned = new();
    private ScalarKind? _element;

    private SeededLoopShapes(ForRangeStmt loop, IReadOnlyList<IrVariable> variables, SpanAliasing aliasing)
    {
        _loop = loop;
        _variables = variables;
        _aliasing = aliasing;
    }

    public static SeededLoopShape? Recognize(ForRangeStmt loop, IReadOnlyList<IrVariable> variables, SpanAliasing aliasing) =>
        new SeededLoopShapes(loop, variables, aliasing).Run();

    private SeededLoopShape? Run()
    {
        if (_loop.Guard is not null || _loop.Start.Type != ScalarKind.Int32) return null;
        if (_loop.Body.Count is not (1 or 2) || _loop.Body[0] is not GuardStmt { Seeds.Count: 1 } guard) return null;
        if (LoopTemporaries.Inline(guard.Body, _variables, _aliasing) is not List<IrStmt> body || body.Count == 0) return null;
        _assigned = StatementWalker.Assigned(_loop.Body);
        _assigned.Add(_loop.Counter);
        if (LoopFacts.BoundReads(_loop).Overlaps(_assigned) || LoopFacts.ContainsElement(_loop.Start) || LoopFacts.ContainsElement(_loop.End)) return null;
        if (LoopShapes.Range(_loop) is not (AffineForm lowest, AffineForm count)) return null;
        if (count.IsConstant && count.Constant <= 0) return null;
        if (guard.Seeds[0] is not ElementExpr seedElement || Stream(seedElement) is not SpanStream seed) return null;

        var parts = new List<SeededPart>();
        var written = new List<(int Span, IrExpr? Index)>();
        var read = new List<int> { seed.Span };
        // The guard's last statement may clear its seed (dQ[j] = 0 after its uses): the slice is cleared after the calls.
        bool clears = body[body.Count - 1] is ElementAssignStmt { Value: ConstExpr zero } last && last.Span == seedElement.Span
            && last.Index.Equals(seedElement.Index) && zero.Value == 0;
        if (clears) body.RemoveAt(body.Count - 1);
        if (body.Count == 0) return null;
        // One element popped per iteration after the guard, counting down: the slice popped after the calls.
        SpanStream? popped = null;
        if (_loop.Body.Count == 2)
        {
            if (_loop.Step != -1 || _loop.Body[1] is not ElementAssignStmt { Value: PopExpr pop } restore) return null;
            if (pop.Type != _variables[restore.Span].Element || Stream(new ElementExpr(pop.Type, restore.Span, restore.Index)) is not SpanStream p) return null;
            popped = p;
            written.Add((p.Span, null));
        }
        foreach (IrStmt s in body)
        {
            SeededPart? part = s switch
            {
                ElementAssignStmt e => Element(e, seedElement),
                AssignStmt a => Scalar(a, seedElement),
                _ => null,
            };
            switch (part)
            {
                case SeededAxpyPart axpy:
                    written.Add((axpy.Destination.Span, null));
                    if (axpy.Scale is not null) read.AddRange(Spans(axpy.Scale));
                    if (axpy.Factor is not null) read.Add(axpy.Factor.Span);
                    break;
                case SeededDotPart dot:
                    written.Add(dot.Target is ElementExpr el ? (el.Span, el.Index) : (((VarExpr)dot.Target).Var, null));
                    read.Add(dot.Other.Span);
                    if (dot.Target is ElementExpr target) read.AddRange(Spans(target.Index));
                    break;
                default:
                    return null;
            }
            parts.Add(part);
        }
        // Each written span or scalar once, overlapping nothing else the loop touches (the seed included).
        for (int w = 0; w < written.Count; w++)
        {
            int span = written[w].Span;
            if (written.Where((other, o) => o != w).Any(other => other.Span == span || _aliasing.MayOverlap(other.Span, span))) return null;
            if (read.Any(r => r == span || _aliasing.MayOverlap(r, span))) return null;
        }
        return _element is ScalarKind element ? new SeededLoopShape(element, lowest, count, seed, parts, clears, popped) : null;
    }

    /// <summary><c>d[b + k] += seed · s</c> (an axpy) or <c>t[i] += seed · o[b + k]</c> (a dot product into an element).</summary>
    private SeededPart? Element(ElementAssignStmt e, ElementExpr seed)
    {
        if (!Same(_variables[e.Span].Element)) return null;
        var self = new ElementExpr(_variables[e.Span].Element, e.Span, e.Index);
        if (Accumulation.Rest(e.Value, x => x.Equals(self)) is not (IrExpr rest, false)) return null;
        if (Other(rest, seed) is not IrExpr other) return null;
        if (Stream(self) is SpanStream destination)
        {
            if (other is ElementExpr factor && Stream(factor) is SpanStream factorStream) return new SeededAxpyPart(e.Location, destination, null, factorStream);
            return Invariant(other) && Same(other.Type) ? new SeededAxpyPart(e.Location, destination, other, null) : null;
        }
        // A dot product into one element: its index must not move with the loop.
        if (!Invariant(e.Index) || other is not ElementExpr o || Stream(o) is not SpanStream stream) return null;
        return new SeededDotPart(e.Location, self, stream);
    }

    /// <summary><c>t += seed · o[b + k]</c>: a dot product into a scalar.</summary>
    private SeededPart? Scalar(AssignStmt a, ElementExpr seed)
    {
        if (_variables[a.Var].IsSpan || !Same(_variables[a.Var].Element)) return null;
        if (Accumulation.Rest(a.Value, x => x is VarExpr v && v.Var == a.Var) is not (IrExpr rest, false)) return null;
        if (Other(rest, seed) is not ElementExpr o || Stream(o) is not SpanStream stream) return null;
        return new SeededDotPart(a.Location, new VarExpr(_variables[a.Var].Element, a.Var), stream);
    }

    /// <summary>The factor next to the seed in <c>seed · f</c> or <c>f · seed</c> (products commute exactly).</summary>
    private static IrExpr? Other(IrExpr rest, ElementExpr seed)
    {
        if (rest is not BinaryExpr { Op: BinaryOp.Multiply } product) return null;
        if (product.Left.Equals(seed) && !product.Right.Equals(seed)) return product.Right;
        if (product.Right.Equals(seed) && !product.Left.Equals(seed)) return product.Left;
        return null;
    }

    /// <summary><c>span[base + counter]</c> of a real span with a loop-invariant base.</summary>
    private SpanStream? Stream(ElementExpr el)
    {
        if (!Same(el.Type) || AffineForm.Of(el.Index) is not AffineForm index || index.CoefficientOf(_loop.Counter) != 1) return null;
        AffineForm bases = index.Without(_loop.Counter);
        return bases.Terms.All(t => Invariant(t.Term)) ? new SpanStream(el.Span, bases) : null;
    }

    /// <summary>Pure and reading nothing the loop assigns, nor any span it writes or one overlapping it.</summary>
    private bool Invariant(IrExpr e) =>
        PureExpressions.IsPure(e) && !ExpressionReads.Of(e).Any(v => _assigned.Contains(v) || _assigned.Any(a => _aliasing.MayOverlap(a, v)));

    private bool Same(ScalarKind kind)
    {
        if (!kind.IsReal()) return false;
        _element ??= kind;
        return _element == kind;
    }

    private static IEnumerable<int> Spans(IrExpr e)
    {
        if (e is ElementExpr el) yield return el.Span;
        if (e is SpanRefExpr s) yield return s.Span;
        foreach (int inner in ExpressionReads.Children(e).SelectMany(Spans)) yield return inner;
    }
}
