using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// The signature of <c>{Name}Backward</c> for a method (API.md): the original parameters, the output seeds
/// (<c>T seed</c>, then <c>ReadOnlySpan&lt;T&gt;</c> per span output), then the adjoints of the active inputs
/// (<c>ref T</c> per scalar, <c>Span&lt;T&gt;</c> per span). Shared by call resolution and custom-derivative checks.
/// </summary>
internal static class BackwardShape
{
    internal readonly record struct Slot(string Type, RefKind RefKind)
    {
        public override string ToString() => (RefKind == RefKind.Ref ? "ref " : "") + Type;
    }

    public static List<Slot> Expected(IMethodSymbol method)
    {
        var slots = new List<Slot>();
        foreach (IParameterSymbol p in method.Parameters) slots.Add(new Slot(TypeText(p.Type), p.RefKind));
        ScalarKind ret = ParameterClassifier.ScalarOf(method.ReturnType);
        if (ret.IsReal()) slots.Add(new Slot(ret.Keyword(), RefKind.None));
        var classes = method.Parameters.Select(ParameterClassifier.Classify).ToList();
        foreach (var c in classes)
        {
            if (c.Role == ParameterRole.Output) slots.Add(new Slot(SpanText("ReadOnlySpan", c.Element), RefKind.None));
        }
        foreach (var c in classes)
        {
            if (c.Role == ParameterRole.ActiveScalar) slots.Add(new Slot(c.Element.Keyword(), RefKind.Ref));
            else if (c.Role == ParameterRole.ActiveSpan) slots.Add(new Slot(SpanText("Span", c.Element), RefKind.None));
        }
        return slots;
    }

    public static bool Matches(IMethodSymbol candidate, IMethodSymbol original)
    {
        List<Slot> expected = Expected(original);
        if (candidate.Parameters.Length != expected.Count) return false;
        if (!SymbolEqualityComparer.Default.Equals(candidate.ReturnType, original.ReturnType)) return false;
        if (candidate.IsStatic != original.IsStatic) return false;
        for (int i = 0; i < expected.Count; i++)
        {
            IParameterSymbol p = candidate.Parameters[i];
            if (p.RefKind != expected[i].RefKind || TypeText(p.Type) != expected[i].Type) return false;
        }
        return true;
    }

    /// <summary>The expected signature as C#, for messages.</summary>
    public static string Describe(IMethodSymbol original) =>
        $"{(original.IsStatic ? "static " : "")}{original.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)} {original.Name}{KnownNames.BackwardSuffix}(" +
        string.Join(", ", Expected(original)) + ")";

    public static string TypeText(ITypeSymbol type)
    {
        (ScalarKind e, SpanShape shape) = ParameterClassifier.Describe(type);
        return shape switch
        {
            SpanShape.Array => e.Keyword() + "[]",
            SpanShape.ReadOnlySpan => SpanText("ReadOnlySpan", e),
            SpanShape.Span => SpanText("Span", e),
            _ when e != ScalarKind.Opaque => e.Keyword(),
            _ => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
        };
    }

    private static string SpanText(string name, ScalarKind e) => $"{name}<{e.Keyword()}>";
}
