using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.IR;

/// <summary>How an argument is passed to a parameter of a generated method.</summary>
internal enum Passing
{
    Value,
    Ref,
    Out,
}

/// <summary>A parameter of a generated method: its variable, its C# type and how it is passed.</summary>
internal sealed record ParameterDecl(int Var, string TypeText, Passing Passing);

/// <summary>
/// A method the generator emits: documentation lines (without <c>///</c>), signature and body, all as IR, over its own
/// table of variables (ids in the statements index <see cref="Variables"/>; names are unique within the method).
/// A generic method has its <see cref="TypeParameters"/> (<c>&lt;T&gt;</c>) and <see cref="Constraints"/> (<c>where T : …</c>).
/// </summary>
internal sealed record DerivativeMethod(
    EquatableArray<IrVariable> Variables,
    EquatableArray<string> Documentation,
    string Modifiers,
    string ReturnType,
    string Name,
    EquatableArray<ParameterDecl> Parameters,
    EquatableArray<IrStmt> Body,
    string TypeParameters = "",
    string Constraints = "");

/// <summary>
/// Everything generated for one <c>[Differentiable]</c> method: the methods to add to its partial type. The emitter
/// prints it; nothing else is decided there.
/// </summary>
/// <param name="Origin">What the header names as the source: <c>Name (File.cs, line 5)</c>.</param>
/// <param name="Contents">What the header says the file holds (<c>reverse-mode derivative code</c>).</param>
internal sealed record DerivativeFile(
    HierarchyInfo Hierarchy,
    string HintName,
    string Origin,
    string Contents,
    EquatableArray<DerivativeMethod> Methods);

/// <summary>C# type names of variables, for declarations and parameters of generated code.</summary>
internal static class TypeNames
{
    public const string Tape = "global::AutoDiffGen.Tape";

    public const string Schedule = "global::AutoDiffGen.CheckpointSchedule";

    public static string Span(ScalarKind element) => $"global::System.Span<{element.Keyword()}>";

    public static string ReadOnlySpan(ScalarKind element) => $"global::System.ReadOnlySpan<{element.Keyword()}>";

    /// <summary>The type a generated local or parameter of this variable is declared with.</summary>
    public static string Of(IrVariable v) => v.Role == VariableRole.Tape ? Tape : v.Role == VariableRole.Schedule ? Schedule : v.Shape switch
    {
        SpanShape.None => v.TypeText ?? v.Element.Keyword(),
        SpanShape.ReadOnlySpan => ReadOnlySpan(v.Element),
        SpanShape.Array => v.Element.Keyword() + "[]",
        _ => Span(v.Element),
    };
}
