using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.IR;

/// <summary>
/// A model-valued variable of a method (role <see cref="ParameterRole.Model"/>): the receiver <c>this</c> of a model's
/// instance method, a parameter of a model type, or a field holding a model or an array of models (<see cref="IsArray"/>).
/// <see cref="TypeText"/> is the model type, fully qualified (the element type of an array); its adjoint has type
/// <see cref="GradientTypeText"/>, passed by reference when the model is a struct.
/// </summary>
internal sealed record ModelValue(int Var, string TypeText, bool IsStruct, bool IsArray)
{
    public string GradientTypeText => TypeText + ".Gradient" + (IsArray ? "[]" : "");

    public string DeclaredTypeText => TypeText + (IsArray ? "[]" : "");
}

/// <summary>Questions about model-valued expressions.</summary>
internal static class ModelValues
{
    /// <summary>The variable a model argument reads: the model itself, or the array of models it is an element of.</summary>
    public static int? Base(IrExpr e) => e switch
    {
        VarExpr v => v.Var,
        ElementExpr el => el.Span,
        _ => null,
    };

    /// <summary>
    /// An access of a field of a generic model's <c>T</c> (<paramref name="typeParameter"/>) seen as <paramref name="kind"/>,
    /// in place (the runtime's <c>Specialize</c>; the specialization runs only when <c>T</c> is that kind): a scalar through a
    /// reference, an array as a span or as the array it is. The access itself when the field is not generic.
    /// </summary>
    public static string Specialized(string access, string? typeParameter, ScalarKind kind, SpanShape shape)
    {
        if (typeParameter is null) return access;
        string arguments = $"<{typeParameter}, {kind.Keyword()}>";
        const string specialize = "global::AutoDiffGen.Specialize";
        return shape switch
        {
            SpanShape.None => $"{specialize}.Ref{arguments}(ref {access})",
            SpanShape.ReadOnlySpan => $"{specialize}.ReadOnlySpan{arguments}({access})",
            SpanShape.Span => $"{specialize}.Span{arguments}({access})",
            _ => $"{specialize}.Array{arguments}({access})",
        };
    }
}

/// <summary>
/// A field of a model that a method reads: variable <see cref="Var"/> is bound to <c>owner.Field</c> at the top of each
/// generated method, and its adjoint to the same field of the owner's adjoint. A parameter field of type <c>double</c> or
/// <c>float</c> is an active scalar, an array of them an active span (a <c>ReadOnlySpan</c>), a model or an array of models
/// a <see cref="ModelValue"/>.
/// </summary>
/// <param name="Index">For a field of a model held in an array (<c>layers[l].W</c>), the index as C# (null otherwise): such a
/// view is not bound, its name is the access itself (<c>layers[l].W</c>, and <c>dLayers[l].W</c> for its adjoint). The index
/// reads only what holds the same value in both sweeps wherever the access stands: the counter of an enclosing counting loop
/// (the reverse sweep recomputes it), constants, and parameters and lengths the method never changes.</param>
/// <param name="TypeParameter">The field is of the type parameter <c>T</c> of a generic model (<c>T</c>, <c>T[]</c>): every access
/// of it is viewed in place as the specialization's kind (<see cref="ModelValues.Specialized"/>).</param>
internal sealed record FieldView(int Var, int Owner, string Field, string? Index = null, string? TypeParameter = null);

/// <summary>
/// <c>T name = source;</c>, or <c>ref T name = ref source;</c> with <see cref="ByRef"/>: a model's field bound to a local at
/// the top of a generated method (<see cref="TypeText"/> is the local's type).
/// </summary>
internal sealed record BindStmt(LocationInfo? Location, int Var, string TypeText, IrExpr Source, bool ByRef) : IrStmt(Location);
