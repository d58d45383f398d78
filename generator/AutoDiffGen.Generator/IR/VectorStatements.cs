using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.IR;

// Statements of vectorized loops: one System.Numerics.Tensors.TensorPrimitives call over span slices stands for a whole
// counting loop of one element-wise statement or one reduction (Transform/Vectorization builds them, only where the loop
// is provably contiguous and its spans do not overlap in a way that changes results). Whole-span copies, fills, tape pushes
// and pops need no statement of their own: CopyStmt, FillStmt, PushStmt and PopSpanStmt already take slices.

/// <summary>The element-wise TensorPrimitives operations the vectorizer emits: <c>destination[i] = f(operands[i]…)</c>.</summary>
internal enum VectorOp
{
    /// <summary><c>x + y</c>.</summary>
    Add,
    /// <summary><c>x − y</c>.</summary>
    Subtract,
    /// <summary><c>x · y</c>.</summary>
    Multiply,
    /// <summary><c>x / y</c>.</summary>
    Divide,
    /// <summary><c>−x</c>.</summary>
    Negate,
    /// <summary><c>x · y + addend</c>, rounded after the product and after the sum (not fused), as the scalar code computes it.</summary>
    MultiplyAdd,
}

/// <summary>The reductions the vectorizer emits: a scalar accumulates the value of one TensorPrimitives call.</summary>
internal enum VectorReduction
{
    /// <summary><c>Σ x[i] · y[i]</c>.</summary>
    Dot,
    /// <summary><c>Σ x[i]</c>.</summary>
    Sum,
    /// <summary><c>Σ x[i]²</c>.</summary>
    SumOfSquares,
}

/// <summary>
/// <c>TensorPrimitives.{Op}&lt;T&gt;(operands…, destination)</c>: an element-wise loop as one call. Each operand is a
/// <see cref="SpanRefExpr"/> slice of <see cref="Destination"/>'s length or a loop-invariant scalar; an operand may be the
/// destination itself (in place), never another overlapping slice. Bit for bit what the scalar loop computes: every
/// element gets the same operations in the same order.
/// </summary>
internal sealed record VectorMapStmt(LocationInfo? Location, VectorOp Op, ScalarKind Element, EquatableArray<IrExpr> Operands, SpanRefExpr Destination)
    : IrStmt(Location);

/// <summary>
/// <c>target += TensorPrimitives.{Kind}&lt;T&gt;(x[, y])</c> (or <c>-=</c> when <see cref="Subtract"/>): a reduction loop as one
/// call. The vector kernel sums in another order than the scalar loop, so the result may differ in the last bits.
/// </summary>
internal sealed record VectorReduceStmt(LocationInfo? Location, int Target, bool Subtract, VectorReduction Kind, ScalarKind Element, SpanRefExpr X, SpanRefExpr? Y)
    : IrStmt(Location);
