using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.IR;

// Statements that only generated methods contain: declarations, the tape, scratch buffers, calls of pullbacks.
// The transforms produce them; the emitter prints them.

/// <summary>
/// Declares a local where it stands: <c>T name = init;</c>. Without an initializer a scalar starts at zero, a span
/// is <c>scoped … = default</c>, and the tape variable is the calling thread's tape.
/// </summary>
internal sealed record DeclareStmt(LocationInfo? Location, int Var, IrExpr? Init) : IrStmt(Location);

/// <summary>
/// <c>if (seed != 0) { body }</c>: an adjoint statement skipped when its seeds are all zero, so a partial that is not finite
/// on a path that did not reach the output (<c>Math.Sqrt(b)</c> on a branch not taken) never turns 0 into NaN. Forward
/// over reverse extends the test to the seeds' tangents: the body's tangent statements matter whenever either is nonzero.
/// </summary>
internal sealed record GuardStmt(LocationInfo? Location, EquatableArray<IrExpr> Seeds, EquatableArray<IrStmt> Body) : IrStmt(Location);

/// <summary>
/// Pushes a scalar, or a copy of a span's contents, on the per-thread tape; <paramref name="Reserved"/>: into room a
/// <see cref="ReserveStmt"/> made before its loop (<c>tape.PushReserved</c>, no growth check); <paramref name="Cursor"/>:
/// a floating-point record written through that loop's local cursor (<c>reals[top++] = v</c>).
/// </summary>
internal sealed record PushStmt(LocationInfo? Location, IrExpr Value, bool Reserved = false, TapeCursor? Cursor = null) : IrStmt(Location);

/// <summary>
/// A loop's local cursor on the tape's floating-point records (<see cref="Transform.TapeCursors"/>): the locals holding the
/// record array and the count.
/// </summary>
internal sealed record TapeCursor(int Reals, int Top);

/// <summary>
/// <paramref name="Open"/>: declares the cursor's locals from the tape (<c>double[] reals = tape.RealRecords; int top =
/// tape.RealCount;</c>); otherwise writes the count back (<c>tape.RealCount = top;</c>).
/// </summary>
internal sealed record TapeCursorStmt(LocationInfo? Location, TapeCursor Cursor, bool Open) : IrStmt(Location);

/// <summary>Makes room on the tape for what the loop after it records, at most (<c>tape.Reserve(reals, ints)</c>).</summary>
internal sealed record ReserveStmt(LocationInfo? Location, IrExpr Reals, IrExpr Ints) : IrStmt(Location);

/// <summary>Restores a span's contents from the copy pushed last (<c>tape.Pop(span)</c>), through a loop's local cursor if it has one.</summary>
internal sealed record PopSpanStmt(LocationInfo? Location, SpanRefExpr Target, TapeCursor? Cursor = null) : IrStmt(Location);

/// <summary>Declares <c>Span&lt;T&gt; var</c> as zeroed scratch space of the tape, returned later by <see cref="ReturnScratchStmt"/>.</summary>
internal sealed record RentScratchStmt(LocationInfo? Location, int Var, IrExpr Length) : IrStmt(Location);

/// <summary>
/// Gives back the scratch space rented last (strictly nested): <see cref="Length"/> elements, rented as
/// <see cref="Scratch"/> (a <see cref="RentScratchStmt"/>'s variable, or the adjoint a <see cref="PrepareAdjointStmt"/> prepared).
/// </summary>
internal sealed record ReturnScratchStmt(LocationInfo? Location, ScalarKind Element, IrExpr Length, int Scratch) : IrStmt(Location);

/// <summary>
/// <c>int rented = tape.PrepareAdjoint(ref adjoint, input.Length, …)</c>: checks the adjoint span's length, and points an
/// empty one ("not needed") at scratch space; <c>rented</c> is what to give back at the end.
/// </summary>
internal sealed record PrepareAdjointStmt(LocationInfo? Location, int Rented, int Adjoint, int Input) : IrStmt(Location);

/// <summary><c>if ([!span.IsEmpty &amp;&amp;] span.Length != of.Length) throw new ArgumentException(…)</c>.</summary>
internal sealed record LengthCheckStmt(LocationInfo? Location, int Span, int Of, bool AllowEmpty) : IrStmt(Location);

/// <summary>A call of a method the generator emits, as a statement (its value, if any, is not used).</summary>
internal sealed record InvokeStmt(LocationInfo? Location, InvokeExpr Call) : IrStmt(Location);

/// <summary><c>if (condition) throw new ArgumentException("message", nameof(parameter));</c></summary>
internal sealed record ThrowIfStmt(LocationInfo? Location, IrExpr Condition, string Message, int Parameter) : IrStmt(Location);

/// <summary><c>if (!seed.IsEmpty) seed.CopyTo(work);</c>: an empty seed span stands for zeros.</summary>
internal sealed record CopySeedStmt(LocationInfo? Location, int Seed, int Work) : IrStmt(Location);

/// <summary>
/// A call of a callee's pullback (its generated <c>Backward</c> or its <c>[DerivativeOf]</c> method): the original
/// arguments, then the seeds, then the adjoints (<see cref="RefExpr"/> for scalars, spans or <see cref="DefaultExpr"/>).
/// </summary>
internal sealed record PullbackCallStmt(LocationInfo? Location, CallTarget Target, EquatableArray<IrExpr> Args) : IrStmt(Location);

/// <summary>
/// <c>int rented = tape.PrepareTangent(ref tangent, input.Length, …)</c>: checks a tangent span argument's length, and
/// points an empty one ("this input does not move") at rented zeros.
/// </summary>
internal sealed record PrepareTangentStmt(LocationInfo? Location, int Rented, int Tangent, int Input) : IrStmt(Location);

/// <summary>
/// A call of a callee's forward-mode derivative: its <c>Tangent</c> (<see cref="OfPullback"/> false) in place of a call of
/// the callee, or its <c>BackwardTangent</c> in place of a call of its pullback; <see cref="ResultVar"/> receives the value.
/// </summary>
internal sealed record TangentCallStmt(LocationInfo? Location, CallTarget Target, bool OfPullback, EquatableArray<IrExpr> Args, int ResultVar) : IrStmt(Location);

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
