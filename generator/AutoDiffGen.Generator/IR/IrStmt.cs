using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.IR;

/// <summary>A statement of the IR; <see cref="Location"/> is the user's line it came from.</summary>
internal abstract record IrStmt(LocationInfo? Location);

/// <summary><c>var = value</c> for a scalar variable.</summary>
internal sealed record AssignStmt(LocationInfo? Location, int Var, IrExpr Value) : IrStmt(Location);

/// <summary><c>span[index] = value</c>.</summary>
internal sealed record ElementAssignStmt(LocationInfo? Location, int Span, IrExpr Index, IrExpr Value) : IrStmt(Location);

/// <summary>
/// <c>Span&lt;T&gt; span = stackalloc T[length]</c>: a fresh zeroed local buffer; <see cref="Declare"/> when it is declared
/// here. With <see cref="Scratch"/> the buffer is scratch space of the per-thread tape (a local array, a run-time
/// length), given back at the end of the generated method.
/// </summary>
internal sealed record StackAllocStmt(LocationInfo? Location, int Span, IrExpr Length, bool Declare = false, bool Scratch = false) : IrStmt(Location);

/// <summary><c>target.Clear()</c> or <c>target.Fill(value)</c> (value null for Clear).</summary>
internal sealed record FillStmt(LocationInfo? Location, SpanRefExpr Target, IrExpr? Value) : IrStmt(Location);

/// <summary><c>source.CopyTo(target)</c>.</summary>
internal sealed record CopyStmt(LocationInfo? Location, SpanRefExpr Source, SpanRefExpr Target) : IrStmt(Location);

/// <summary>A call statement; <see cref="ResultVar"/> receives the value (−1 when discarded or void).</summary>
internal sealed record CallStmt(LocationInfo? Location, CallExpr Call, int ResultVar) : IrStmt(Location);

/// <summary>A statement kept verbatim because it only stops execution (<c>throw …</c>).</summary>
internal sealed record ThrowStmt(LocationInfo? Location, string Text) : IrStmt(Location);

internal sealed record IfStmt(LocationInfo? Location, IrExpr Condition, EquatableArray<IrStmt> Then, EquatableArray<IrStmt> Else) : IrStmt(Location);

/// <summary>
/// A general loop: <c>while (cond) { body; increment }</c>, or a do-loop when <see cref="TestFirst"/> is false.
/// The increment runs after the body, also after a <c>continue</c>.
/// </summary>
internal sealed record WhileStmt(LocationInfo? Location, IrExpr Condition, EquatableArray<IrStmt> Body, EquatableArray<IrStmt> Increment, bool TestFirst) : IrStmt(Location);

/// <summary>
/// A counting loop <c>for (int i = start; [guard &amp;&amp;] i cmp end; i += step)</c> whose counter the body never assigns,
/// so the reverse sweep can recompute the counter instead of recording it.
/// </summary>
internal sealed record ForRangeStmt(LocationInfo? Location, int Counter, IrExpr Start, IrExpr End, BinaryOp Compare, int Step, IrExpr? Guard, EquatableArray<IrStmt> Body) : IrStmt(Location);

internal sealed record BreakStmt(LocationInfo? Location) : IrStmt(Location);

internal sealed record ContinueStmt(LocationInfo? Location) : IrStmt(Location);

internal sealed record ReturnStmt(LocationInfo? Location, IrExpr? Value) : IrStmt(Location);

/// <summary>
/// Points a span local that is reassigned (a view: <c>(u, uNext) = (uNext, u)</c>, <c>t = u</c>) at part of one of the
/// method's buffers: <c>root = Root; start = Start; length = Length; view = roots[root].Slice(start, length)</c>.
/// <see cref="Roots"/> lists every buffer a view of the method may point at; the three integers let the reverse sweep
/// point the view, and its adjoint, back where it pointed before.
/// </summary>
internal sealed record ViewBindStmt(LocationInfo? Location, int View, int RootVar, int StartVar, int LengthVar,
    IrExpr Root, IrExpr Start, IrExpr Length, EquatableArray<int> Roots) : IrStmt(Location);
