using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.IR;

// Statements that only generated methods contain: declarations, the tape, scratch buffers, calls of pullbacks.
// The transforms produce them; the emitter prints them.

/// <summary>
/// Declares a local where it stands: <c>T name = init;</c>. Without an initializer a scalar starts at zero, a span
/// is <c>scoped … = default</c>, and the tape variable is the calling thread's tape.
/// </summary>
internal sealed record DeclareStmt(LocationInfo? Location, int Var, IrExpr? Init) : IrStmt(Location);

/// <summary>Pushes a scalar, or a copy of a span's contents, on the per-thread tape.</summary>
internal sealed record PushStmt(LocationInfo? Location, IrExpr Value) : IrStmt(Location);

/// <summary>Restores a span's contents from the copy pushed last (<c>tape.Pop(span)</c>).</summary>
internal sealed record PopSpanStmt(LocationInfo? Location, SpanRefExpr Target) : IrStmt(Location);

/// <summary>Declares <c>Span&lt;T&gt; var</c> as zeroed scratch space of the tape, returned later by <see cref="ReturnScratchStmt"/>.</summary>
internal sealed record RentScratchStmt(LocationInfo? Location, int Var, IrExpr Length) : IrStmt(Location);

/// <summary>Gives back the scratch space rented last (strictly nested).</summary>
internal sealed record ReturnScratchStmt(LocationInfo? Location, ScalarKind Element, IrExpr Length) : IrStmt(Location);

/// <summary>
/// <c>int rented = tape.PrepareAdjoint(ref adjoint, input.Length, …)</c>: checks the adjoint span's length, and points an
/// empty one ("not needed") at scratch space; <c>rented</c> is what to give back at the end.
/// </summary>
internal sealed record PrepareAdjointStmt(LocationInfo? Location, int Rented, int Adjoint, int Input) : IrStmt(Location);

/// <summary><c>if ([!span.IsEmpty &amp;&amp;] span.Length != of.Length) throw new ArgumentException(…)</c>.</summary>
internal sealed record LengthCheckStmt(LocationInfo? Location, int Span, int Of, bool AllowEmpty) : IrStmt(Location);

/// <summary><c>if (!seed.IsEmpty) seed.CopyTo(work);</c>: an empty seed span stands for zeros.</summary>
internal sealed record CopySeedStmt(LocationInfo? Location, int Seed, int Work) : IrStmt(Location);

/// <summary>
/// A call of a callee's pullback (its generated <c>Backward</c> or its <c>[DerivativeOf]</c> method): the original
/// arguments, then the seeds, then the adjoints (<see cref="RefExpr"/> for scalars, spans or <see cref="DefaultExpr"/>).
/// </summary>
internal sealed record PullbackCallStmt(LocationInfo? Location, CallTarget Target, EquatableArray<IrExpr> Args) : IrStmt(Location);

/// <summary><c>target[i] += source[i]</c> over two spans of equal length (<c>AdjointKernels.AddInto</c>).</summary>
internal sealed record AddIntoStmt(LocationInfo? Location, SpanRefExpr Source, SpanRefExpr Target) : IrStmt(Location);

/// <summary>
/// <c>(sin, cos) = Math.SinCos(argument)</c>: a sine or cosine of the original together with the companion its
/// derivative needs; <see cref="Declared"/> is whichever of the two is declared here.
/// </summary>
internal sealed record SinCosStmt(LocationInfo? Location, string Receiver, int Sin, int Cos, int Declared, IrExpr Argument) : IrStmt(Location);

/// <summary>
/// <c>AdjointKernels.ThrowIfOverlapping(output, other, …)</c>: an <see cref="System.ArgumentException"/> naming both when a
/// span written by a call (or by the generated method) overlaps another span argument in memory.
/// </summary>
/// <param name="OutputText">How the user wrote the output argument.</param>
/// <param name="OtherText">How the user wrote the other argument.</param>
/// <param name="Method">The method they are passed to.</param>
internal sealed record OverlapCheckStmt(LocationInfo? Location, SpanRefExpr Output, SpanRefExpr Other, string OutputText, string OtherText, string Method) : IrStmt(Location);

/// <summary>
/// <c>view = (root == 0 ? roots[0] : …).Slice(start, length)</c>: points a view (or a view's adjoint, over the roots'
/// adjoints) where its three integers say; a root of −1 is an empty span.
/// </summary>
internal sealed record ViewPointStmt(LocationInfo? Location, int View, int RootVar, int StartVar, int LengthVar, EquatableArray<int> Roots) : IrStmt(Location);

/// <summary>A titled part of a generated method (<c>// Forward sweep</c>), printed after a blank line.</summary>
internal sealed record SectionStmt(string Title) : IrStmt((LocationInfo?)null);
