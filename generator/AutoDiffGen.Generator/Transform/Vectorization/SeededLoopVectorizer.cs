using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform.Vectorization;

/// <summary>
/// Writes a seeded loop (<see cref="SeededLoopShape"/>) as one <c>SeededKernels</c> call per guarded statement (then the
/// seed slice's <c>Clear</c> and the popped slice's pop, where the loop had them), on the
/// slices the loop walks (<c>span.Slice(base + lowest, count)</c>, the span itself where that is all of it), under
/// <c>if (count &gt; 0)</c> unless the count is a positive constant: with no iteration the scalar loop reads nothing, and a
/// dot product's target element may not exist then.
/// </summary>
internal static class SeededLoopVectorizer
{
    public static List<IrStmt> Build(SeededLoopShape shape, SpanLengths lengths, IReadOnlyList<IrVariable> variables)
    {
        SpanRefExpr Slice(SpanStream s)
        {
            AffineForm start = s.Base.Plus(shape.Lowest);
            IrExpr count = shape.Count.ToExpr();
            ScalarKind element = variables[s.Span].Element;
            if (start.IsConstant && start.Constant == 0 && lengths.Covers(s.Span, count)) return new SpanRefExpr(element, s.Span, null, null);
            return new SpanRefExpr(element, s.Span, start.ToExpr(), count);
        }

        SpanRefExpr seed = Slice(shape.Seed);
        List<IrStmt> statements = shape.Parts.Select(part => part switch
        {
            SeededAxpyPart axpy => (IrStmt)new SeededMultiplyAddStmt(axpy.Location, shape.Element, seed, axpy.Scale ?? Slice(axpy.Factor!), Slice(axpy.Destination)),
            SeededDotPart dot => new SeededDotStmt(dot.Location, shape.Element, dot.Target, seed, Slice(dot.Other)),
            _ => throw Ir.Unreachable("unknown seeded part " + part.GetType().Name),
        }).ToList();
        // The guard cleared each seed after its uses (a seed of −0 becomes +0 here: only the sign of a zero differs).
        if (shape.ClearsSeed) statements.Add(new FillStmt(null, seed, null));
        if (shape.Popped is SpanStream popped) statements.Add(new PopSpanStmt(null, Slice(popped)));
        if (shape.Count.IsConstant) return statements;
        IrExpr runs = Ir.Compare(BinaryOp.Greater, shape.Count.ToExpr(), Ir.Int(0));
        return new List<IrStmt> { new IfStmt(null, runs, statements.ToEquatableArray(), EquatableArray<IrStmt>.Empty) };
    }
}
