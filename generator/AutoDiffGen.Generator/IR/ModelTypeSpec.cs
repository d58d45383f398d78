using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.IR;

/// <summary>What a parameter field of a model type holds.</summary>
internal enum ModelFieldKind
{
    /// <summary>A <c>double</c> or <c>float</c>.</summary>
    Scalar,
    /// <summary>A <c>double[]</c> or <c>float[]</c>.</summary>
    Array,
    /// <summary>Another model type (its gradient is that type's <c>Gradient</c>).</summary>
    Model,
    /// <summary>An array of another model type.</summary>
    ModelArray,
}

/// <summary>
/// A parameter field of a model type. <see cref="ModelTypeText"/> is the fully qualified model type of a
/// <see cref="ModelFieldKind.Model"/> or <see cref="ModelFieldKind.ModelArray"/> field (its element type for an array).
/// <see cref="IsReadOnly"/>: a readonly field of a class model type, read through a copy of the reference.
/// <see cref="IsPublic"/>: the gradient's field is public like the model's; a non-public field's is internal (the model's own
/// code reads it, and a public field of a less accessible type would not compile).
/// </summary>
/// <see cref="TypeParameter"/>: the field is (an array) of the model's floating-point type parameter (<c>T</c>, <c>T[]</c>);
/// <see cref="Element"/> is then the kind <c>T</c> stands for in the specialization being lowered (<c>double</c> outside one).
internal sealed record ModelFieldSpec(string Name, ModelFieldKind Kind, ScalarKind Element, string? ModelTypeText, bool IsStructModel, bool IsReadOnly,
    bool IsPublic = true, string? TypeParameter = null)
{
    /// <summary>The C# type of the field's elements: <c>double</c>, <c>float</c> or the type parameter.</summary>
    public string ElementText => TypeParameter ?? Element.Keyword();

    /// <summary>The C# type of the field in the model.</summary>
    public string TypeText => Kind switch
    {
        ModelFieldKind.Scalar => ElementText,
        ModelFieldKind.Array => ElementText + "[]",
        ModelFieldKind.Model => ModelTypeText!,
        _ => ModelTypeText + "[]",
    };

    /// <summary>The C# type of the matching field of the gradient.</summary>
    public string GradientTypeText => Kind switch
    {
        ModelFieldKind.Model => ModelTypeText + ".Gradient",
        ModelFieldKind.ModelArray => ModelTypeText + ".Gradient[]",
        _ => TypeText,
    };
}

/// <summary>
/// A <c>[Differentiable]</c> class or struct: its parameter fields, in declaration order, from which the emitter writes
/// the nested <c>Gradient</c> type and the walk over (parameter, gradient) pairs.
/// </summary>
/// <see cref="TypeParameter"/>: the type parameter of a model generic over <c>T : IFloatingPointIeee754&lt;T&gt;</c> (null otherwise).
internal sealed record ModelTypeSpec(HierarchyInfo Hierarchy, string Name, string TypeText, bool IsStruct, EquatableArray<ModelFieldSpec> Fields, string? TypeParameter = null);

/// <summary>The outcome for one model type: its spec, or the diagnostics that stop generation for it.</summary>
internal sealed record ModelTypeResult(ModelTypeSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
