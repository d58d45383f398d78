using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform.Vectorization;

/// <summary>
/// Writes a recognized loop (<see cref="LoopShape"/>) as whole-slice statements, one per statement of its body in the
/// body's order: reductions and element-wise arithmetic as TensorPrimitives calls, copies as <c>CopyTo</c>, fills as
/// <c>Fill</c>/<c>Clear</c>, one element pushed or popped per iteration as the slice pushed or popped. Each slice is
/// <c>span.Slice(base + lowest, count)</c>, or the span itself where that is all of it.
/// </summary>
internal sealed class LoopVectorizer
{
    private readonly LoopShape _shape;
    private readonly SpanLengths _lengths;
    private readonly IReadOnlyList<IrVariable> _variables;

    private LoopVectorizer(LoopShape shape, SpanLengths lengths, IReadOnlyList<IrVariable> variables)
    {
        _shape = shape;
        _lengths = lengths;
        _variables = variables;
    }

    public static List<IrStmt> Build(LoopShape shape, SpanLengths lengths, IReadOnlyList<IrVariable> variables)
    {
        var builder = new LoopVectorizer(shape, lengths, variables);
        List<IrStmt> statements = shape.Parts.Select(builder.Statement).ToList();
        if (!shape.CountMayBeNegative) return statements;
        // The loop may run no iteration with bounds a slice cannot take (a start past the end): test as the loop does.
        IrExpr runs = Ir.Compare(BinaryOp.Greater, shape.Count.ToExpr(), Ir.Int(0));
        return new List<IrStmt> { new IfStmt(null, runs, statements.ToEquatableArray(), EquatableArray<IrStmt>.Empty) };
    }

    private IrStmt Statement(LoopPart part) => part switch
    {
        ReductionPart r => new VectorReduceStmt(r.Location, r.Target, r.Subtract, r.Kind, _shape.Element, Slice(r.X), r.Y is null ? null : Slice(r.Y)),
        MapPart m => new VectorMapStmt(m.Location, m.Op, _shape.Element, m.Operands.Select(Operand).ToEquatableArray(), Slice(m.Destination)),
        CopyPart c => new CopyStmt(c.Location, Slice(c.Source), Slice(c.Destination)),
        FillPart f => new FillStmt(f.Location, Slice(f.Destination), IsPositiveZero(f.Value) ? null : f.Value),
        PushPart p => new PushStmt(p.Location, Slice(p.Source)),
        PopPart p => new PopSpanStmt(p.Location, Slice(p.Destination)),
        _ => throw Ir.Unreachable("unknown loop part " + part.GetType().Name),
    };

    private IrExpr Operand(LoopOperand o) => o.Stream is SpanStream s ? Slice(s) : o.Scalar!;

    private SpanRefExpr Slice(SpanStream s)
    {
        AffineForm start = s.Base.Plus(_shape.Lowest);
        IrExpr count = _shape.Count.ToExpr();
        ScalarKind element = _variables[s.Span].Element;
        if (start.IsConstant && start.Constant == 0 && _lengths.Covers(s.Span, count)) return new SpanRefExpr(element, s.Span, null, null);
        return new SpanRefExpr(element, s.Span, start.ToExpr(), count);
    }

    /// <summary><c>Clear()</c> writes +0 (all bits zero); a fill with −0 must stay a fill.</summary>
    private static bool IsPositiveZero(IrExpr value) =>
        value is ConstExpr c && c.Type.IsReal() && BitConverter.DoubleToInt64Bits(c.Value) == 0;
}
