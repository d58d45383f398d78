using System.Linq;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.IR;

/// <summary>A parameter of the differentiable method, with what the generated methods do with it.</summary>
internal sealed record ParameterModel(string Name, string TypeText, int Var, ParameterRole Role, ScalarKind Element);

/// <summary>
/// The lowered method: everything after lowering is a pure function of this record (the incremental cache key).
/// <see cref="Checkpoints"/> is <c>[Differentiable(Checkpoints = s)]</c>: the snapshots each outermost loop's reverse
/// sweep may hold (0: no checkpointing). <see cref="Models"/> are its model-valued variables (the receiver of an instance
/// method of a model type, model parameters, fields holding models) and <see cref="Views"/> the fields of models it reads
/// (IR/ModelValues.cs); <see cref="Receiver"/> is the variable of <c>this</c> in a model's instance method (−1: none).
/// A method generic over <c>T : IFloatingPointIeee754&lt;T&gt;</c> is its <c>double</c> specialization, with
/// <see cref="TypeParameter"/> (<c>T</c>), its <c>where</c> clause, and its <c>float</c> specialization in <see cref="Single"/>.
/// With <see cref="GenericType"/> the <see cref="TypeParameter"/> is the type's: a method of a model generic over <c>T</c>
/// (<c>Mlp&lt;T&gt;</c>), whose generated methods are not generic themselves.
/// <see cref="SpecializedCopy"/>: a specialization of such a method (<c>Loss_Double</c>), which also gets its own code under
/// its name, for the calls of the other specializations (Mlp&lt;T&gt;'s <c>Loss_Double</c> calling <c>Forward_Double</c>).
/// <see cref="LocalFunctions"/> are the models of its local functions, which the pipeline then transforms like private
/// static methods of the type; a local function's <see cref="EnclosingKey"/> is the key of the method it is declared in.
/// </summary>
internal sealed record MethodModel(
    HierarchyInfo Hierarchy,
    string Name,
    string Modifiers,
    bool IsStatic,
    ScalarKind? ReturnKind,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<IrVariable> Variables,
    EquatableArray<IrStmt> Body,
    int ResultVar,
    string SourceFile,
    int SourceLine,
    bool EmitGradient,
    string Key,
    DerivativeKinds Requested = DerivativeKinds.Reverse,
    LocationInfo? Location = null,
    int Checkpoints = 0,
    EquatableArray<ModelValue> Models = default,
    EquatableArray<FieldView> Views = default,
    int Receiver = -1,
    string? TypeParameter = null,
    string? TypeConstraints = null,
    MethodModel? Single = null,
    string? EnclosingKey = null,
    EquatableArray<MethodModel> LocalFunctions = default,
    bool GenericType = false,
    bool SpecializedCopy = false)
{
    /// <summary>Whether this is a local function of a method, generated as a private static member.</summary>
    public bool IsLocalFunction => EnclosingKey is not null;

    /// <summary>Whether the method has derivatives: it returns a real value or writes a span output (a local function
    /// may also return an int, long or bool, and then has only its generated copy).</summary>
    public bool HasDerivatives => ReturnKind?.IsReal() == true || Parameters.Any(p => p.Role == ParameterRole.Output);
}

/// <summary>The outcome of lowering one method: a model, or the diagnostics that stop generation for it.</summary>
/// <param name="Key">The method's identity, also when lowering failed (its callers then fail too).</param>
internal sealed record LoweringResult(MethodModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, string? Key = null);
