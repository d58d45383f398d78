using System.Linq;
using AutoDiffGen.Generator.IR;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>Decides what differentiation does with a parameter (API.md: "Which parameters are differentiated").</summary>
internal static class ParameterClassifier
{
    /// <summary>The role, element kind and span shape of <paramref name="parameter"/>.</summary>
    internal readonly record struct Classification(ParameterRole Role, ScalarKind Element, SpanShape Shape);

    public static Classification Classify(IParameterSymbol parameter)
    {
        bool noDerivative = parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.NoDerivativeAttribute);
        if (!noDerivative && ModelTypes.IsModel(parameter.Type)) return new Classification(ParameterRole.Model, ScalarKind.Opaque, SpanShape.None);
        (ScalarKind element, SpanShape shape) = Describe(parameter.Type);
        ParameterRole role = ParameterRole.Constant;
        if (!noDerivative && element.IsReal())
        {
            role = shape switch
            {
                SpanShape.None => ParameterRole.ActiveScalar,
                SpanShape.Span => ParameterRole.Output,
                _ => ParameterRole.ActiveSpan,
            };
        }
        return new Classification(role, element, shape);
    }

    /// <summary>The element kind and span shape of a type; <see cref="ScalarKind.Opaque"/> for anything unmodelled.</summary>
    public static (ScalarKind Element, SpanShape Shape) Describe(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            ScalarKind e = ScalarOf(array.ElementType);
            return e == ScalarKind.Opaque ? (ScalarKind.Opaque, SpanShape.None) : (e, SpanShape.Array);
        }
        if (type is INamedTypeSymbol { IsGenericType: true } named && named.TypeArguments.Length == 1
            && named.ContainingNamespace?.ToDisplayString() == "System")
        {
            ScalarKind e = ScalarOf(named.TypeArguments[0]);
            if (e != ScalarKind.Opaque)
            {
                if (named.Name == "ReadOnlySpan") return (e, SpanShape.ReadOnlySpan);
                if (named.Name == "Span") return (e, SpanShape.Span);
            }
        }
        return (ScalarOf(type), SpanShape.None);
    }

    public static ScalarKind ScalarOf(ITypeSymbol type) => type is ITypeParameterSymbol parameter && GenericMath.SubstitutedKind(parameter) is ScalarKind substituted
        ? substituted
        : type.SpecialType switch
    {
        SpecialType.System_Double => ScalarKind.Double,
        SpecialType.System_Single => ScalarKind.Single,
        SpecialType.System_Int32 => ScalarKind.Int32,
        SpecialType.System_Int64 => ScalarKind.Int64,
        SpecialType.System_Boolean => ScalarKind.Boolean,
        _ => ScalarKind.Opaque,
    };
}
