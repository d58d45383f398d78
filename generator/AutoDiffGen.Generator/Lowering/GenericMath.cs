using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Generic math (API.md, "Generic math"): a <c>[Differentiable]</c> method generic over <c>T : IFloatingPointIeee754&lt;T&gt;</c>
/// is lowered twice, once with <c>T</c> read as <c>double</c> and once as <c>float</c> (its specializations), and the
/// generated generic methods dispatch to them. While a specialization is lowered, <see cref="ParameterClassifier.ScalarOf"/>
/// answers that kind for <c>T</c> (a per-thread substitution, since the generator may lower methods on several threads).
/// </summary>
internal static class GenericMath
{
    [ThreadStatic] private static ITypeParameterSymbol? t_parameter;
    [ThreadStatic] private static ScalarKind t_kind;

    /// <summary>The kind <paramref name="parameter"/> stands for in the specialization being lowered, or null.</summary>
    public static ScalarKind? SubstitutedKind(ITypeParameterSymbol parameter) =>
        t_parameter is not null && SymbolEqualityComparer.Default.Equals(parameter, t_parameter) ? t_kind : null;

    /// <summary>The kind of the specialization being lowered, or null outside one.</summary>
    public static ScalarKind? CurrentKind => t_parameter is null ? null : t_kind;

    /// <summary>Lowers with <paramref name="parameter"/> read as <paramref name="kind"/>; the previous substitution is restored after.</summary>
    public static T With<T>(ITypeParameterSymbol parameter, ScalarKind kind, Func<T> lower)
    {
        ITypeParameterSymbol? savedParameter = t_parameter;
        ScalarKind savedKind = t_kind;
        t_parameter = parameter;
        t_kind = kind;
        try
        {
            return lower();
        }
        finally
        {
            t_parameter = savedParameter;
            t_kind = savedKind;
        }
    }

    /// <summary>
    /// The type parameter of a method generic over one floating-point type (<c>F&lt;T&gt;</c> with
    /// <c>T : IFloatingPointIeee754&lt;T&gt;</c>), or null for any other method.
    /// </summary>
    public static ITypeParameterSymbol? FloatingPointParameter(IMethodSymbol method)
    {
        if (!method.IsGenericMethod || method.TypeParameters.Length != 1) return null;
        ITypeParameterSymbol t = method.TypeParameters[0];
        return IsFloatingPoint(t) ? t : null;
    }

    /// <summary>Whether <paramref name="t"/> is constrained <c>where T : IFloatingPointIeee754&lt;T&gt;</c>.</summary>
    public static bool IsFloatingPoint(ITypeParameterSymbol t) =>
        t.ConstraintTypes.Any(c => c is INamedTypeSymbol { Name: "IFloatingPointIeee754", IsGenericType: true } named
            && named.ContainingNamespace?.ToDisplayString() == "System.Numerics"
            && SymbolEqualityComparer.Default.Equals(named.TypeArguments[0], t));

    /// <summary>The <c>where</c> clause of <paramref name="parameter"/>, fully qualified, for the generated generic methods.</summary>
    public static string Constraints(ITypeParameterSymbol parameter)
    {
        var parts = new List<string>();
        if (parameter.HasUnmanagedTypeConstraint) parts.Add("unmanaged");
        else if (parameter.HasValueTypeConstraint) parts.Add("struct");
        else if (parameter.HasReferenceTypeConstraint) parts.Add("class");
        else if (parameter.HasNotNullConstraint) parts.Add("notnull");
        parts.AddRange(parameter.ConstraintTypes.Select(c => c.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)));
        return $"where {parameter.Name} : {string.Join(", ", parts)}";
    }

    /// <summary>
    /// A type with the substituted type parameter replaced by its kind (<c>ReadOnlySpan&lt;T&gt;</c> → <c>ReadOnlySpan&lt;double&gt;</c>),
    /// fully qualified, for the texts of generated code.
    /// </summary>
    public static string TypeText(ITypeSymbol type, Compilation compilation) =>
        Substitute(type, compilation).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    private static ITypeSymbol Substitute(ITypeSymbol type, Compilation compilation)
    {
        switch (type)
        {
            case ITypeParameterSymbol parameter when SubstitutedKind(parameter) is ScalarKind kind:
                return compilation.GetSpecialType(kind == ScalarKind.Single ? SpecialType.System_Single : SpecialType.System_Double);
            case IArrayTypeSymbol array:
                return compilation.CreateArrayTypeSymbol(Substitute(array.ElementType, compilation), array.Rank);
            case INamedTypeSymbol { IsGenericType: true } named:
                return named.OriginalDefinition.Construct(named.TypeArguments.Select(a => Substitute(a, compilation)).ToArray());
            default:
                return type;
        }
    }

    /// <summary>
    /// The type argument list of a call of a generic method, <c>&lt;double&gt;</c>, when every type argument is a floating-point
    /// type after substitution (<c>Activations.Tanh&lt;T&gt;</c> in a specialization); null when one is not.
    /// </summary>
    public static string? TypeArguments(IMethodSymbol method)
    {
        if (!method.IsGenericMethod) return "";
        var kinds = method.TypeArguments.Select(ParameterClassifier.ScalarOf).ToList();
        return kinds.All(k => k.IsReal()) ? "<" + string.Join(", ", kinds.Select(k => k.Keyword())) + ">" : null;
    }

    /// <summary>
    /// Whether a static abstract member of a generic-math interface is reached through the substituted type parameter
    /// (<c>T.Exp(x)</c>, <c>T.One</c>, <c>x * y</c> on <c>T</c>): then it is the kind's own member or operator.
    /// </summary>
    public static ScalarKind? ThroughParameter(ITypeSymbol? constrainedTo) =>
        constrainedTo is ITypeParameterSymbol parameter ? SubstitutedKind(parameter) : null;
}
