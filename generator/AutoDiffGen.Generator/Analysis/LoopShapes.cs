using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// Recognizes counting loops that are one whole-slice operation per statement: reductions (<c>a += w[o + k] * x[p + k]</c>,
/// <c>a += x[k]</c>, <c>a += x[k] * x[k]</c>), element-wise statements with simple arithmetic
/// (<c>y[o + k] = x[p + k] * s + z[k]</c>, copies, fills), the axpy-shaped adjoint updates of the reverse sweep
/// (<c>dW[o + k] += s * x[p + k]</c>), and tape pushes and pops of one element per iteration. A loop qualifies only when
/// <list type="bullet">
/// <item><description>it counts by ±1 with no early exit, and every index is <c>base + counter</c> with a base the loop does not change (contiguous);</description></item>
/// <item><description>every scalar operand is loop-invariant, and a reduction's target is touched by no other statement;</description></item>
/// <item><description>a span the loop writes is touched elsewhere in the loop only at the very same index, and overlaps no other span
/// it touches (<see cref="SpanAliasing"/>): then every dependence stays within one iteration, so running each statement
/// over the whole range in turn (loop fission) computes what the loop computes;</description></item>
/// <item><description>there is at most one tape operation (a push in a loop counting up, a pop in one counting down), so the tape
/// holds the same values in the same order.</description></item>
/// </list>
/// Anything else is left to scalar code (null).
/// </summary>
internal sealed class LoopShapes
{
    private readonly ForRangeStmt _loop;
    private readonly IReadOnlyList<IrStmt> _body;
    private readonly IReadOnlyList<IrVariable> _variables;
    private readonly SpanAliasing _aliasing;
    private readonly HashSet<int> _assigned;
    private readonly HashSet<int> _writtenSpans;
    private ScalarKind? _element;

    private LoopShapes(ForRangeStmt loop, IReadOnlyList<IrStmt> body, IReadOnlyList<IrVariable> variables, SpanAliasing aliasing)
    {
        _loop = loop;
        _body = body;
        _variables = variables;
        _aliasing = aliasing;
        _assigned = StatementWalker.Assigned(body);
        _assigned.Add(loop.Counter);
        _writtenSpans = new HashSet<int>(body.OfType<ElementAssignStmt>().Select(e => e.Span));
    }

    /// <summary>The loop as whole-slice parts, or null when it must stay scalar.</summary>
    public static LoopShape? Recognize(ForRangeStmt loop, IReadOnlyList<IrVariable> variables, SpanAliasing aliasing) =>
        LoopTemporaries.Inline(loop.Body, variables, aliasing) is List<IrStmt> body ? new LoopShapes(loop, body, variables, aliasing).Run() : null;

    private LoopShape? Run()
    {
        if (_loop.Guard is not null || _loop.Start.Type != ScalarKind.Int32 || _body.Count == 0) return null;
        if (!Invariant(_loop.Start) || !Invariant(_loop.End)) return null;
        if (Range(_loop) is not (AffineForm lowest, AffineForm count)) return null;
        if (count.IsConstant && count.Constant <= 0) return null;

        var parts = new List<LoopPart>();
        var reductionTargets = new List<int>();
        foreach (IrStmt s in _body)
        {
            IReadOnlyList<LoopPart>? statementParts = s switch
            {
                AssignStmt a => Reduction(a),
                ElementAssignStmt e => ElementWise(e) is LoopPart part ? new[] { part } : null,
                PushStmt p => Push(p) is LoopPart part ? new[] { part } : null,
                _ => null,
            };
            if (statementParts is null) return null;
            parts.AddRange(statementParts);
            if (s is AssignStmt reduction) reductionTargets.Add(reduction.Var);
        }
        // A reduction's target is written by no other statement (its readers are rejected as not invariant).
        if (reductionTargets.Distinct().Count() != reductionTargets.Count) return null;
        if (_element is not ScalarKind element || !Independent(parts)) return null;
        if (parts.Count(p => p is PushPart or PopPart) > 1) return null;
        return new LoopShape(element, lowest, count, CountMayBeNegative(count, parts), parts);
    }

    /// <summary>The lowest counter value and the trip count, from the bounds (an empty range gives a count ≤ 0).</summary>
    public static (AffineForm Lowest, AffineForm Count)? Range(ForRangeStmt loop)
    {
        if (AffineForm.Of(loop.Start) is not AffineForm start || AffineForm.Of(loop.End) is not AffineForm end) return null;
        AffineForm one = AffineForm.Of(1);
        return (loop.Step, loop.Compare) switch
        {
            (1, BinaryOp.Less) => (start, end.Minus(start)),
            (1, BinaryOp.LessOrEqual) => (start, end.Minus(start).Plus(one)),
            (-1, BinaryOp.GreaterOrEqual) => (end, start.Minus(end).Plus(one)),
            (-1, BinaryOp.Greater) => (end.Plus(one), start.Minus(end)),
            _ => null,
        };
    }

    /// <summary>
    /// Whether the parts need a <c>Count &gt; 0</c> test: not when the count is a positive constant, nor when it is a span's
    /// length, every slice starts at 0 (then an empty range gives empty slices, which are always valid) and no scalar
    /// operand reads an element (which the loop would not read when it runs no iteration; its index may be out of range then).
    /// </summary>
    private static bool CountMayBeNegative(AffineForm count, IReadOnlyList<LoopPart> parts)
    {
        if (count.IsConstant) return false;
        bool isLength = count.Constant == 0 && count.Terms.Count == 1 && count.Terms[0] is { Term: LengthExpr, Coefficient: 1 };
        bool readsElement = parts.OfType<MapPart>().SelectMany(m => m.Operands).Any(o => o.Scalar is IrExpr scalar && Spans(scalar).Any())
            || parts.OfType<FillPart>().Any(f => Spans(f.Value).Any());
        return !isLength || readsElement || Streams(parts).Any(s => !(s.Base.IsConstant && s.Base.Constant == 0));
    }

    private LoopPart? Push(PushStmt p)
    {
        if (_loop.Step != 1 || p.Value is not ElementExpr el || Stream(el) is not SpanStream source) return null;
        return new PushPart(p.Location, source);
    }

    /// <summary>
    /// <c>a ±= t₁ ± t₂ …</c> with every term <c>x[i]</c>, <c>x[i]²</c> or <c>x[i] · y[i]</c>: one reduction per term, in order
    /// (<c>total += s[i] − z[i] * y[i]</c> is <c>total += Sum(s); total −= Dot(z, y)</c>; a reordered sum like Dot's own).
    /// </summary>
    private IReadOnlyList<LoopPart>? Reduction(AssignStmt a)
    {
        if (_variables[a.Var].IsSpan || !SameElement(_variables[a.Var].Element)) return null;
        if (Accumulation.Rest(a.Value, e => e is VarExpr v && v.Var == a.Var) is not (IrExpr rest, bool subtract)) return null;
        var parts = new List<LoopPart>();
        return Terms(rest, subtract, a, parts) ? parts : null;
    }

    private bool Terms(IrExpr e, bool subtract, AssignStmt a, List<LoopPart> parts)
    {
        switch (e)
        {
            case BinaryExpr { Op: BinaryOp.Add } b:
                return Terms(b.Left, subtract, a, parts) && Terms(b.Right, subtract, a, parts);
            case BinaryExpr { Op: BinaryOp.Subtract } b:
                return Terms(b.Left, subtract, a, parts) && Terms(b.Right, !subtract, a, parts);
            case UnaryExpr { Op: UnaryOp.Negate } u:
                return Terms(u.Operand, !subtract, a, parts);
            case BinaryExpr { Op: BinaryOp.Multiply, Left: ElementExpr l, Right: ElementExpr r } when Stream(l) is SpanStream x && Stream(r) is SpanStream y:
                parts.Add(x.SameElements(y)
                    ? new ReductionPart(a.Location, a.Var, subtract, VectorReduction.SumOfSquares, x, null)
                    : new ReductionPart(a.Location, a.Var, subtract, VectorReduction.Dot, x, y));
                return true;
            case ElementExpr el when Stream(el) is SpanStream only:
                parts.Add(new ReductionPart(a.Location, a.Var, subtract, VectorReduction.Sum, only, null));
                return true;
            default:
                return false;
        }
    }

    private LoopPart? ElementWise(ElementAssignStmt e)
    {
        ScalarKind element = _variables[e.Span].Element;
        if (Stream(new ElementExpr(element, e.Span, e.Index)) is not SpanStream d) return null;
        if (e.Value is PopExpr pop) return _loop.Step == -1 && pop.Type == element ? new PopPart(e.Location, d) : null;
        if (Accumulation.Rest(e.Value, x => x is ElementExpr el && el.Span == e.Span && el.Index.Equals(e.Index)) is (IrExpr rest, bool subtract))
        {
            return Accumulate(e, d, rest, subtract);
        }
        if (Operand(e.Value) is LoopOperand single)
        {
            if (single.Stream is SpanStream source) return source.SameElements(d) ? null : new CopyPart(e.Location, source, d);
            return new FillPart(e.Location, single.Scalar!, d);
        }
        return e.Value switch
        {
            UnaryExpr { Op: UnaryOp.Negate } u when Operand(u.Operand) is { Stream: not null } x => Map(e, VectorOp.Negate, d, x),
            BinaryExpr { Op: BinaryOp.Add } b when Product(b.Left) is var (x, y) && Operand(b.Right) is LoopOperand z => Map(e, VectorOp.MultiplyAdd, d, x, y, z),
            BinaryExpr { Op: BinaryOp.Add } b when Product(b.Right) is var (x, y) && Operand(b.Left) is LoopOperand z => Map(e, VectorOp.MultiplyAdd, d, x, y, z),
            BinaryExpr { Op: BinaryOp.Subtract } b when Product(b.Left) is var (x, y) && Operand(b.Right) is { Scalar: not null } z =>
                Map(e, VectorOp.MultiplyAdd, d, x, y, LoopOperand.Of(Ir.Neg(z.Scalar!))),
            BinaryExpr b when Operand(b.Left) is LoopOperand l && Operand(b.Right) is LoopOperand r => Binary(e, b.Op, d, l, r),
            _ => null,
        };
    }

    /// <summary><c>d[i] ±= rest</c>: adds into the destination in place (the axpy of the reverse sweep).</summary>
    private LoopPart? Accumulate(ElementAssignStmt e, SpanStream d, IrExpr rest, bool subtract)
    {
        // d + (−r) = d − r exactly.
        if (rest is UnaryExpr { Op: UnaryOp.Negate } negated) return Accumulate(e, d, negated.Operand, !subtract);
        LoopOperand self = LoopOperand.Of(d);
        if (Product(rest) is var (x, y))
        {
            // d − x·s = x·(−s) + d exactly: negation is exact and IEEE addition commutes.
            if (!subtract) return Map(e, VectorOp.MultiplyAdd, d, x, y, self);
            return y.Scalar is not null ? Map(e, VectorOp.MultiplyAdd, d, x, LoopOperand.Of(Ir.Neg(y.Scalar)), self) : null;
        }
        if (Operand(rest) is LoopOperand r) return Map(e, subtract ? VectorOp.Subtract : VectorOp.Add, d, self, r);
        return null;
    }

    /// <summary><c>l op r</c> with the stream first where the operation commutes (TensorPrimitives takes a span first).</summary>
    private LoopPart? Binary(ElementAssignStmt e, BinaryOp op, SpanStream d, LoopOperand l, LoopOperand r)
    {
        if (l.Stream is null && r.Stream is null) return null;
        return op switch
        {
            BinaryOp.Add => l.Stream is null ? Map(e, VectorOp.Add, d, r, l) : Map(e, VectorOp.Add, d, l, r),
            BinaryOp.Multiply => l.Stream is null ? Map(e, VectorOp.Multiply, d, r, l) : Map(e, VectorOp.Multiply, d, l, r),
            BinaryOp.Subtract => Map(e, VectorOp.Subtract, d, l, r),
            BinaryOp.Divide => Map(e, VectorOp.Divide, d, l, r),
            _ => null,
        };
    }

    /// <summary>The part, or null for <c>x · s + t</c>, which TensorPrimitives has no overload for (two scalars after a span).</summary>
    private static MapPart? Map(ElementAssignStmt e, VectorOp op, SpanStream d, params LoopOperand[] operands) =>
        op == VectorOp.MultiplyAdd && operands[1].Stream is null && operands[2].Stream is null ? null : new MapPart(e.Location, op, operands, d);

    /// <summary><c>x · y</c> with at least one stream, the stream first (products commute exactly).</summary>
    private (LoopOperand X, LoopOperand Y)? Product(IrExpr e)
    {
        if (e is not BinaryExpr { Op: BinaryOp.Multiply } b || Operand(b.Left) is not LoopOperand l || Operand(b.Right) is not LoopOperand r) return null;
        if (l.Stream is not null) return (l, r);
        return r.Stream is not null ? (r, l) : null;
    }

    /// <summary>A stream, or a loop-invariant scalar of the loop's element type.</summary>
    private LoopOperand? Operand(IrExpr e)
    {
        if (e is ElementExpr el && Stream(el) is SpanStream s) return LoopOperand.Of(s);
        if (!Invariant(e) || !SameElement(e.Type)) return null;
        return LoopOperand.Of(e);
    }

    /// <summary><c>span[base + counter]</c> of a real span with a loop-invariant base.</summary>
    private SpanStream? Stream(ElementExpr el)
    {
        if (!SameElement(el.Type) || AffineForm.Of(el.Index) is not AffineForm index || index.CoefficientOf(_loop.Counter) != 1) return null;
        AffineForm bases = index.Without(_loop.Counter);
        return bases.Terms.All(t => Invariant(t.Term)) ? new SpanStream(el.Span, bases) : null;
    }

    /// <summary>
    /// An expression the loop does not change: pure, reading no variable the loop assigns, and no span the loop writes
    /// or that overlaps one it writes.
    /// </summary>
    private bool Invariant(IrExpr e)
    {
        if (!PureExpressions.IsPure(e)) return false;
        HashSet<int> reads = ExpressionReads.Of(e);
        if (reads.Overlaps(_assigned)) return false;
        return !Spans(e).Any(span => _writtenSpans.Any(w => _aliasing.MayOverlap(w, span)));
    }

    private static IEnumerable<int> Spans(IrExpr e)
    {
        int? own = e switch
        {
            ElementExpr el => el.Span,
            SpanRefExpr s => s.Span,
            _ => null,
        };
        if (own is int span) yield return span;
        foreach (IrExpr child in ExpressionReads.Children(e))
        {
            foreach (int inner in Spans(child)) yield return inner;
        }
    }

    /// <summary>Every operand has the loop's one element type (double or float); the first real one decides it.</summary>
    private bool SameElement(ScalarKind kind)
    {
        if (!kind.IsReal()) return false;
        _element ??= kind;
        return _element == kind;
    }

    /// <summary>
    /// Whether running the parts one after another over the whole range equals the loop: a written span is touched by
    /// any part only at the written elements and overlaps no other span the loop touches.
    /// </summary>
    private bool Independent(IReadOnlyList<LoopPart> parts)
    {
        var streams = Streams(parts).ToList();
        foreach (SpanStream written in parts.SelectMany(Written))
        {
            foreach (SpanStream other in streams)
            {
                if (other.Span == written.Span ? !other.SameElements(written) : _aliasing.MayOverlap(other.Span, written.Span)) return false;
            }
        }
        return true;
    }

    private static IEnumerable<SpanStream> Written(LoopPart part) => part switch
    {
        MapPart m => new[] { m.Destination },
        CopyPart c => new[] { c.Destination },
        FillPart f => new[] { f.Destination },
        PopPart p => new[] { p.Destination },
        _ => Array.Empty<SpanStream>(),
    };

    private static IEnumerable<SpanStream> Streams(IReadOnlyList<LoopPart> parts) => parts.SelectMany(part => part switch
    {
        ReductionPart r => r.Y is null ? new[] { r.X } : new[] { r.X, r.Y },
        MapPart m => m.Operands.Where(o => o.Stream is not null).Select(o => o.Stream!).Append(m.Destination),
        CopyPart c => new[] { c.Source, c.Destination },
        FillPart f => new[] { f.Destination },
        PushPart p => new[] { p.Source },
        PopPart p => new[] { p.Destination },
        _ => Array.Empty<SpanStream>(),
    });
}
