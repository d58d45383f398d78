using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.IR;

// The reverse sweep's loops guarded per element by their seed, for (k…) if (seed[k] != 0) { … }, as calls of the runtime's
// SeededKernels (Transform/Vectorization/SeededLoopVectorizer builds them): elements whose seed is 0 contribute nothing,
// as under the scalar guard.

/// <summary>
/// <c>SeededKernels.MultiplyAdd&lt;T&gt;(seed, scale, destination)</c>: <c>destination[k] += seed[k] · scale</c> where
/// <c>seed[k] ≠ 0</c>. Bit for bit what the guarded scalar loop computes.
/// </summary>
internal sealed record SeededMultiplyAddStmt(LocationInfo? Location, ScalarKind Element, SpanRefExpr Seed, IrExpr Scale, SpanRefExpr Destination)
    : IrStmt(Location);

/// <summary>
/// <c>target += SeededKernels.Dot&lt;T&gt;(seed, other)</c>: <c>Σ seed[k] · other[k]</c> over the elements with
/// <c>seed[k] ≠ 0</c>, added into a scalar or into one element (<see cref="Target"/> is a <see cref="VarExpr"/> or an
/// <see cref="ElementExpr"/>). The vector kernel sums in another order than the scalar loop.
/// </summary>
internal sealed record SeededDotStmt(LocationInfo? Location, ScalarKind Element, IrExpr Target, SpanRefExpr Seed, SpanRefExpr Other) : IrStmt(Location);
