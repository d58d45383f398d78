using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Model types (API.md, "Model types"): a <c>[Differentiable]</c> class or struct whose <c>double</c>/<c>float</c> fields,
/// arrays of them and fields of other model types are its parameters. Shared by the model type's own step (its
/// <c>Gradient</c> type) and the lowering of methods that read models.
/// </summary>
internal static class ModelTypes
{
    /// <summary>The name of the nested gradient type the generator adds to every model type.</summary>
    public const string GradientTypeName = "Gradient";

    /// <summary>Whether <paramref name="type"/> is a model type: a class or struct marked <c>[Differentiable]</c>.</summary>
    public static bool IsModel(ITypeSymbol? type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named
        && named.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.DifferentiableAttribute);

    /// <summary>The fully qualified name of a model type's gradient type.</summary>
    public static string GradientTypeText(ITypeSymbol model) => CallResolver.Qualified((INamedTypeSymbol)model) + "." + GradientTypeName;

    /// <summary>
    /// The parameter fields of a model type in declaration order, each with the member that reads it (the field, or the
    /// auto-property whose backing field it is). Fields of unsupported types and <c>[NoDerivative]</c> ones are not parameters.
    /// </summary>
    public static List<(ISymbol Member, ModelFieldSpec Spec)> Parameters(INamedTypeSymbol type)
    {
        var parameters = new List<(ISymbol, ModelFieldSpec)>();
        foreach (ISymbol member in type.GetMembers())
        {
            if (Parameter(member) is ModelFieldSpec spec) parameters.Add((member, spec));
        }
        return parameters;
    }

    /// <summary>The parameter a member stands for (an instance field, or an auto-property), or null when it is none.</summary>
    public static ModelFieldSpec? Parameter(ISymbol member)
    {
        if (member.IsStatic || HasNoDerivative(member)) return null;
        ITypeSymbol type;
        bool readOnly;
        switch (member)
        {
            case IFieldSymbol field when !field.IsConst && !field.IsImplicitlyDeclared && field.AssociatedSymbol is null:
                type = field.Type;
                readOnly = field.IsReadOnly;
                break;
            case IPropertySymbol property when BackingField(property) is not null:
                type = property.Type;
                readOnly = true;
                break;
            default:
                return null;
        }
        string name = Lowerer.Identifier(member.Name);
        bool isPublic = member.DeclaredAccessibility == Accessibility.Public;
        ScalarKind element = ElementOf(type, out string? parameter);
        if (element.IsReal()) return new ModelFieldSpec(name, ModelFieldKind.Scalar, element, null, false, readOnly, isPublic, parameter);
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            ScalarKind arrayElement = ElementOf(array.ElementType, out parameter);
            if (arrayElement.IsReal()) return new ModelFieldSpec(name, ModelFieldKind.Array, arrayElement, null, false, readOnly, isPublic, parameter);
            if (IsModel(array.ElementType))
            {
                return new ModelFieldSpec(name, ModelFieldKind.ModelArray, ScalarKind.Opaque, CallResolver.Qualified((INamedTypeSymbol)array.ElementType),
                    array.ElementType.IsValueType, readOnly, isPublic);
            }
        }
        if (IsModel(type)) return new ModelFieldSpec(name, ModelFieldKind.Model, ScalarKind.Opaque, CallResolver.Qualified((INamedTypeSymbol)type), type.IsValueType, readOnly, isPublic);
        return null;
    }

    /// <summary>
    /// The kind of a parameter's element: <c>double</c>, <c>float</c>, or the model's floating-point type parameter
    /// (<paramref name="parameter"/>, read as the kind of the specialization being lowered, <c>double</c> outside one).
    /// </summary>
    private static ScalarKind ElementOf(ITypeSymbol type, out string? parameter)
    {
        parameter = null;
        if (type is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Type } t && GenericMath.IsFloatingPoint(t))
        {
            parameter = t.Name;
            return GenericMath.SubstitutedKind(t) ?? ScalarKind.Double;
        }
        return ParameterClassifier.ScalarOf(type);
    }

    /// <summary>
    /// The type parameter of a model type generic over one floating-point type (<c>Mlp&lt;T&gt;</c> with
    /// <c>T : IFloatingPointIeee754&lt;T&gt;</c>), or null.
    /// </summary>
    public static ITypeParameterSymbol? FloatingPointParameter(INamedTypeSymbol? type) =>
        type is { TypeParameters.Length: 1 } && type.ContainingType is null or { IsGenericType: false } && GenericMath.IsFloatingPoint(type.OriginalDefinition.TypeParameters[0])
            ? type.OriginalDefinition.TypeParameters[0]
            : null;

    /// <summary>The compiler-made backing field of an auto-property (null for a property with logic).</summary>
    public static IFieldSymbol? BackingField(IPropertySymbol property) =>
        property.ContainingType.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));

    public static bool HasNoDerivative(ISymbol member) =>
        member.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.NoDerivativeAttribute);

    /// <summary>
    /// Why a field of this type cannot be a parameter although it holds floating-point values (null: it is a parameter, or a
    /// constant such as an <c>int</c>, a <c>string</c> or a <c>Random</c>).
    /// </summary>
    public static string? UnsupportedReason(ITypeSymbol type)
    {
        if (ElementOf(type, out _).IsReal() || IsModel(type)) return null;
        if (type is IArrayTypeSymbol array)
        {
            if (array.Rank == 1 && (ElementOf(array.ElementType, out _).IsReal() || IsModel(array.ElementType))) return null;
            if (HoldsReals(array.ElementType, 0))
            {
                return array.Rank > 1 || array.ElementType is IArrayTypeSymbol
                    ? "jagged and multi-dimensional arrays are not parameters; hold the values in one flat array (row-major) or in an array of model types"
                    : $"arrays of {array.ElementType.Name} are not parameters; make {array.ElementType.Name} a [Differentiable] partial type";
            }
            return null;
        }
        if (type.SpecialType == SpecialType.System_Decimal || type.ToDisplayString() == "System.Half")
            return "decimal and Half values are not parameters; use double or float";
        if (type is INamedTypeSymbol { IsGenericType: true } generic && generic.TypeArguments.Any(a => HoldsReals(a, 0)))
            return $"{generic.Name}<…> is not a parameter; hold the values in a double[] or float[] array";
        if (HoldsReals(type, 0)) return $"{type.Name} holds floating-point fields but is not a model type; mark it [Differentiable] and partial";
        return null;
    }

    // Whether a type carries floating-point values: a real, an array or generic of them, or a class/struct with real fields.
    private static bool HoldsReals(ITypeSymbol type, int depth)
    {
        if (depth > 3) return false;
        if (ParameterClassifier.ScalarOf(type).IsReal() || type.SpecialType == SpecialType.System_Decimal || IsModel(type)) return true;
        if (type is IArrayTypeSymbol array) return HoldsReals(array.ElementType, depth + 1);
        if (type is not INamedTypeSymbol named || named.SpecialType != SpecialType.None || named.TypeKind is not (TypeKind.Class or TypeKind.Struct)) return false;
        if (named.IsGenericType && named.TypeArguments.Any(a => HoldsReals(a, depth + 1))) return true;
        string ns = named.ContainingNamespace?.ToDisplayString() ?? "";
        if (ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal)) return named.ToDisplayString() == "System.Half";
        return named.GetMembers().OfType<IFieldSymbol>().Any(f => !f.IsStatic && !f.IsConst && HoldsReals(f.Type, depth + 1));
    }

    /// <summary>
    /// Why <paramref name="type"/> cannot be a model type, and where to say it (null when it can). Checks its own
    /// declaration and the model types of its fields.
    /// </summary>
    public static (string Reason, Location? Where)? Problem(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        Problem(type, new HashSet<ISymbol>(SymbolEqualityComparer.Default), cancellationToken);

    private static (string Reason, Location? Where)? Problem(INamedTypeSymbol type, HashSet<ISymbol> seen, CancellationToken cancellationToken)
    {
        if (!seen.Add(type)) return null;
        Location? at = type.Locations.FirstOrDefault();
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            foreach (SyntaxReference reference in t.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return (t.Equals(type, SymbolEqualityComparer.Default)
                        ? "declare it partial, so its Gradient type can be added to it"
                        : $"declare '{t.Name}', which contains it, partial too", declaration.Identifier.GetLocation());
                }
            }
        }
        if (type.IsStatic) return ("a static class has no instances to hold parameters", at);
        if (type.IsRefLikeType) return ("a ref struct cannot be a model (models are passed to optimizers and held in arrays)", at);
        if (type.ContainingType is { IsGenericType: true })
            return ("models nested in generic types are not supported; declare the model outside the generic type", at);
        if (type.TypeParameters.Length > 0 && FloatingPointParameter(type) is null)
            return ("a generic model type must have exactly one type parameter, constrained 'where T : IFloatingPointIeee754<T>' (T is then double or float)", at);
        ISymbol? gradient = type.GetMembers(GradientTypeName).FirstOrDefault(m => !m.IsImplicitlyDeclared && !IsGenerated(m));
        if (gradient is not null) return ($"it declares a member named '{GradientTypeName}', the name of the gradient type the generator adds", gradient.Locations.FirstOrDefault() ?? at);
        foreach ((ISymbol member, ModelFieldSpec spec) in Parameters(type))
        {
            Location? where = member.Locations.FirstOrDefault() ?? at;
            if (spec.Name is "Clear" or GradientTypeName) return ($"its parameter '{spec.Name}' would clash with the member '{spec.Name}' of its Gradient type; rename it", where);
            bool scalarLike = spec.Kind == ModelFieldKind.Scalar || (spec.Kind == ModelFieldKind.Model && spec.IsStructModel);
            if (scalarLike && member is IPropertySymbol)
                return ($"'{spec.Name}' is an auto-property holding a {spec.TypeText.Replace("global::", "")} parameter, which optimizers must update in place; make it a field, or mark it [NoDerivative]", where);
            if (scalarLike && spec.IsReadOnly)
                return ($"'{spec.Name}' is readonly, but optimizers update a parameter in place; remove readonly, or mark it [NoDerivative]", where);
            if (spec.Kind is ModelFieldKind.Model or ModelFieldKind.ModelArray)
            {
                ITypeSymbol fieldType = member is IFieldSymbol f ? f.Type : ((IPropertySymbol)member).Type;
                var inner = (INamedTypeSymbol)(fieldType is IArrayTypeSymbol a ? a.ElementType : fieldType);
                if (inner.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                    return ($"its field '{spec.Name}' has the {inner.DeclaredAccessibility.ToString().ToLowerInvariant()} model type '{inner.Name}', which its Gradient type cannot name; make '{inner.Name}' internal or public", where);
                if (Problem(inner, seen, cancellationToken) is (string reason, _))
                    return ($"its field '{spec.Name}' has model type '{inner.Name}', which cannot be a model: {reason}", where);
            }
        }
        return null;
    }

    // A type the generator itself adds (the Gradient type of this model, seen when the compilation already has it).
    private static bool IsGenerated(ISymbol member) =>
        member.DeclaringSyntaxReferences.Length > 0 && member.DeclaringSyntaxReferences.All(r => r.SyntaxTree.FilePath.EndsWith(".Model.g.cs", System.StringComparison.Ordinal));

    /// <summary>The model type step: the spec of a <c>[Differentiable]</c> class or struct, or why it cannot be a model.</summary>
    public static ModelTypeResult Lower(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type) return new ModelTypeResult(null, EquatableArray<DiagnosticInfo>.Empty);
        if (Problem(type, cancellationToken) is (string reason, var where))
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InvalidModelType, where is null ? LocationInfo.From(context.TargetNode) : LocationInfo.From(where),
                type.Name, reason);
            return new ModelTypeResult(null, new[] { diagnostic }.ToEquatableArray());
        }
        var fields = Parameters(type).Select(p => p.Spec).ToEquatableArray();
        var spec = new ModelTypeSpec(HierarchyInfo.From(type), type.Name, CallResolver.Qualified(type), type.IsValueType, fields, FloatingPointParameter(type)?.Name);
        return new ModelTypeResult(spec, EquatableArray<DiagnosticInfo>.Empty);
    }
}
