using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.IR;

/// <summary>
/// An expression of the IR. Expressions are pure (assignments and calls with effects are statements), except
/// <see cref="PopExpr"/>, which takes the next value off the tape in a reverse sweep.
/// </summary>
internal abstract record IrExpr(ScalarKind Type);

/// <summary>A constant; <see cref="Text"/> is its C# literal.</summary>
internal sealed record ConstExpr(ScalarKind Type, double Value, string Text) : IrExpr(Type);

/// <summary>A scalar variable.</summary>
internal sealed record VarExpr(ScalarKind Type, int Var) : IrExpr(Type);

/// <summary>An element of a span or array variable: <c>span[index]</c>.</summary>
internal sealed record ElementExpr(ScalarKind Type, int Span, IrExpr Index) : IrExpr(Type);

/// <summary>The length of a span or array variable.</summary>
internal sealed record LengthExpr(int Span) : IrExpr(ScalarKind.Int32);

internal sealed record UnaryExpr(ScalarKind Type, UnaryOp Op, IrExpr Operand) : IrExpr(Type);

internal sealed record BinaryExpr(ScalarKind Type, BinaryOp Op, IrExpr Left, IrExpr Right) : IrExpr(Type);

/// <summary>A numeric conversion to <see cref="IrExpr.Type"/>.</summary>
internal sealed record ConvertExpr(ScalarKind Type, IrExpr Operand) : IrExpr(Type);

/// <summary><c>cond ? whenTrue : whenFalse</c>.</summary>
internal sealed record ConditionalExpr(ScalarKind Type, IrExpr Condition, IrExpr WhenTrue, IrExpr WhenFalse) : IrExpr(Type);

/// <summary>
/// A call of an elementary function with a built-in derivative rule (<c>Math.Tanh</c>, <c>MathF.Exp</c>, <c>double.Exp2</c> …),
/// or of any pure <c>Math</c> function on non-floating values. <see cref="Function"/> is the rule's name.
/// </summary>
internal sealed record IntrinsicCallExpr(ScalarKind Type, string Function, string Receiver, EquatableArray<IrExpr> Args) : IrExpr(Type);

/// <summary>A call of a user method (differentiable, with a custom derivative, or opaque).</summary>
internal sealed record CallExpr(ScalarKind Type, CallTarget Target, EquatableArray<IrExpr> Args, LocationInfo? Location) : IrExpr(Type);

/// <summary>
/// A constant value the IR does not model (<c>this.field</c>, a static field or property, a member of a constant parameter);
/// <see cref="Text"/> is printed as is and refers only to parameters, <c>this</c> and fully qualified names.
/// </summary>
internal sealed record OpaqueExpr(ScalarKind Type, string Text) : IrExpr(Type);

/// <summary>A span argument: a span variable, or a slice of it (<c>w.Slice(start, length)</c>).</summary>
internal sealed record SpanRefExpr(ScalarKind Type, int Span, IrExpr? Start, IrExpr? Length) : IrExpr(Type);

/// <summary>An argument passed by reference (<c>ref dX</c>) to a generated or custom derivative.</summary>
internal sealed record RefExpr(IrExpr Target) : IrExpr(Target.Type);

/// <summary>An argument receiving a value (<c>out dResult</c>) from a generated or custom derivative.</summary>
internal sealed record OutExpr(IrExpr Target) : IrExpr(Target.Type);

/// <summary><c>_</c>: a value received and dropped (<c>out _</c>).</summary>
internal sealed record DiscardExpr(ScalarKind Type) : IrExpr(Type);

/// <summary><c>default</c>: an empty span argument, meaning "this adjoint is not needed".</summary>
internal sealed record DefaultExpr(ScalarKind Type) : IrExpr(Type);

/// <summary>The sum of a span's elements (<c>AdjointKernels.Sum</c>): the adjoint of a value broadcast by <c>Fill</c>.</summary>
internal sealed record SumExpr(SpanRefExpr Span) : IrExpr(Span.Type);

/// <summary>Takes the value pushed last off the tape (reverse sweep only); a floating-point one through a loop's local cursor if it has one.</summary>
internal sealed record PopExpr(ScalarKind Type, TapeCursor? Cursor = null) : IrExpr(Type);

/// <summary>A call of a method the generator itself emits (the <c>Gradient</c> wrapper calling <c>Backward</c>).</summary>
internal sealed record InvokeExpr(ScalarKind Type, string MethodName, EquatableArray<IrExpr> Args) : IrExpr(Type);
