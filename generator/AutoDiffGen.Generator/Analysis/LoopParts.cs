using System.Collections.Generic;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Analysis;

// What LoopShapes recognizes in a counting loop: each statement of its body as one whole-slice operation. A loop becomes
// these parts only as a whole, in the body's order.

/// <summary><c>span[base + counter]</c>: the elements a loop walks through, one per iteration, contiguously.</summary>
internal sealed record SpanStream(int Span, AffineForm Base)
{
    public bool SameElements(SpanStream other) => Span == other.Span && Base.SameAs(other.Base);
}

/// <summary>An operand of an element-wise part: a stream, or a scalar the loop does not change.</summary>
internal sealed record LoopOperand(SpanStream? Stream, IrExpr? Scalar)
{
    public static LoopOperand Of(SpanStream s) => new(s, null);

    public static LoopOperand Of(IrExpr scalar) => new(null, scalar);
}

/// <summary>One statement of a recognized loop body.</summary>
internal abstract record LoopPart(LocationInfo? Location);

/// <summary><c>target ±= x[i] · y[i]</c>, <c>x[i]</c> or <c>x[i]²</c> summed over the loop.</summary>
internal sealed record ReductionPart(LocationInfo? Location, int Target, bool Subtract, VectorReduction Kind, SpanStream X, SpanStream? Y) : LoopPart(Location);

/// <summary><c>destination[i] = op(operands…)</c>, operands in the order the TensorPrimitives call takes them.</summary>
internal sealed record MapPart(LocationInfo? Location, VectorOp Op, IReadOnlyList<LoopOperand> Operands, SpanStream Destination) : LoopPart(Location);

/// <summary><c>destination[i] = source[i]</c>.</summary>
internal sealed record CopyPart(LocationInfo? Location, SpanStream Source, SpanStream Destination) : LoopPart(Location);

/// <summary><c>destination[i] = value</c> with a loop-invariant value.</summary>
internal sealed record FillPart(LocationInfo? Location, IrExpr Value, SpanStream Destination) : LoopPart(Location);

/// <summary><c>tape.Push(source[i])</c> in a loop counting up: the same tape contents as pushing the slice.</summary>
internal sealed record PushPart(LocationInfo? Location, SpanStream Source) : LoopPart(Location);

/// <summary><c>destination[i] = tape.Pop()</c> in a loop counting down: the same as popping the slice.</summary>
internal sealed record PopPart(LocationInfo? Location, SpanStream Destination) : LoopPart(Location);

/// <summary>
/// A counting loop as whole-slice parts: the counter runs over <c>[Lowest, Lowest + Count)</c> (in either direction).
/// <see cref="CountMayBeNegative"/> when the loop may not run at all in a way the slices cannot express (then the parts
/// run only if <c>Count &gt; 0</c>).
/// </summary>
internal sealed record LoopShape(ScalarKind Element, AffineForm Lowest, AffineForm Count, bool CountMayBeNegative, IReadOnlyList<LoopPart> Parts);
