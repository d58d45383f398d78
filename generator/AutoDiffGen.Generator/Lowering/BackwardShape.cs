using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// The signature of <c>{Name}Backward</c> for a method (API.md): the original parameters, the output seeds
/// (<c>T seed</c>, then per span output <c>ReadOnlySpan&lt;T&gt;</c>, or <c>Span&lt;T&gt;</c> when the output is in-out: it
/// holds the seed on entry and the adjoint of the output's incoming contents on return), then the adjoints of the
/// active inputs (<c>ref T</c> per scalar, <c>Span&lt;T&gt;</c> per span). Shared by call resolution and custom-derivative checks.
/// </summary>
internal static class BackwardShape
{
    /// <param name="InOutType">For an output's seed, the type it has when the output is in-out (<c>Span&lt;T&gt;</c>).</param>
    internal readonly record struct Slot(string Type, RefKind RefKind, string? InOutType = null)
    {
        public override string ToString() => (RefKind == RefKind.Ref ? "ref " : "") + Type + (InOutType is null ? "" : $" (or {InOutType} if in-out)");

        public bool Accepts(string type) => type == Type || type == InOutType;
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
            if (c.Role == ParameterRole.Output) slots.Add(new Slot(SpanText("ReadOnlySpan", c.Element), RefKind.None, SpanText("Span", c.Element)));
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
            if (p.RefKind != expected[i].RefKind || !expected[i].Accepts(TypeText(p.Type))) return false;
        }
        return true;
    }

    /// <summary>
    /// Per parameter of <paramref name="original"/>, whether <paramref name="backward"/> (a matching custom derivative or
    /// generated backward) treats it as an in-out output: its seed is a <c>Span&lt;T&gt;</c>.
    /// </summary>
    public static EquatableArray<bool> InOutFlags(IMethodSymbol backward, IMethodSymbol original)
    {
        var flags = new bool[original.Parameters.Length];
        int slot = original.Parameters.Length + (ParameterClassifier.ScalarOf(original.ReturnType).IsReal() ? 1 : 0);
        for (int i = 0; i < original.Parameters.Length; i++)
        {
            if (ParameterClassifier.Classify(original.Parameters[i]).Role != ParameterRole.Output) continue;
            if (slot < backward.Parameters.Length) flags[i] = ParameterClassifier.Describe(backward.Parameters[slot].Type).Shape == SpanShape.Span;
            slot++;
        }
        return flags.Any(f => f) ? flags.ToEquatableArray() : EquatableArray<bool>.Empty;
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
