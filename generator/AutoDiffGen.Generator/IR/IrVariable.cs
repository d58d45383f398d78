namespace AutoDiffGen.Generator.IR;

/// <summary>How a span-like variable is declared.</summary>
internal enum SpanShape
{
    None,
    ReadOnlySpan,
    Span,
    Array,
}

/// <summary>Where a variable comes from.</summary>
internal enum VariableRole
{
    /// <summary>A local of the user's method.</summary>
    Local,
    /// <summary>A parameter of the user's method (never renamed).</summary>
    Parameter,
    /// <summary>A temporary the lowering introduced (a call result, a hidden loop index).</summary>
    Temporary,
    /// <summary>A control flag introduced for <c>break</c>, <c>continue</c> or an early <c>return</c>.</summary>
    Flag,
    /// <summary>The value the method returns.</summary>
    Result,
    /// <summary>The adjoint (derivative accumulator) of another variable, created by the reverse-mode transform.</summary>
    Adjoint,
    /// <summary>A constant buffer outside the method (a static readonly array field); <see cref="IrVariable.Name"/> is its access text.</summary>
    External,
    /// <summary>A parameter of a generated method that the original does not have (a seed, an adjoint, a tangent).</summary>
    GeneratedParameter,
    /// <summary>Bookkeeping of the sweeps: a recorded value, a branch taken, an iteration count, a rented buffer.</summary>
    Record,
    /// <summary>The per-thread tape of the runtime (<c>global::AutoDiffGen.Tape</c>).</summary>
    Tape,
    /// <summary>The schedule of a checkpointed loop (<c>global::AutoDiffGen.CheckpointSchedule</c>, a struct local).</summary>
    Schedule,
}

/// <summary>What differentiation does with a parameter.</summary>
internal enum ParameterRole
{
    /// <summary>Not differentiated: integers, bools, other types and <c>[NoDerivative]</c> parameters.</summary>
    Constant,
    /// <summary>A differentiated <c>double</c>/<c>float</c> input: <c>out T dX</c> / <c>ref T dX</c>.</summary>
    ActiveScalar,
    /// <summary>A differentiated <c>ReadOnlySpan&lt;T&gt;</c> or <c>T[]</c> input: <c>Span&lt;T&gt; dX</c>.</summary>
    ActiveSpan,
    /// <summary>A <c>Span&lt;T&gt;</c> output: seeded by <c>ReadOnlySpan&lt;T&gt; dY</c>.</summary>
    Output,
    /// <summary>
    /// A model (an instance of a <c>[Differentiable]</c> class or struct), or an array of models: its adjoint is the model's
    /// <c>Gradient</c> object, into which pullbacks add.
    /// </summary>
    Model,
}

/// <summary>A variable of the IR. Ids index <c>MethodModel.Variables</c> (and the <see cref="VariableTable"/> grown from it).</summary>
internal sealed record IrVariable(int Id, string Name, ScalarKind Element, SpanShape Shape, VariableRole Role, ParameterRole ParameterRole)
{
    public bool IsSpan => Shape != SpanShape.None;

    /// <summary>
    /// The C# type of a constant local of a type the IR does not model (an enum, a string), fully qualified;
    /// null for the kinds the IR computes with.
    /// </summary>
    public string? TypeText { get; init; }

    /// <summary>A constant of an enum type: where it must be kept (a checkpoint's snapshot), it is kept as its <c>long</c> value.</summary>
    public bool IsEnum { get; init; }
}
