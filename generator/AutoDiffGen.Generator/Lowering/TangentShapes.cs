using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// The signatures of the forward-mode derivatives (README, "Forward mode and second order"): <c>{Name}Tangent</c> and
/// <c>{Name}BackwardTangent</c>, the forward derivative of the pullback. Generated ones and <c>[DerivativeOf]</c> ones have
/// exactly these shapes.
/// </summary>
internal static class TangentShapes
{
    /// <summary>
    /// <c>{Name}Tangent</c>: the original parameters, a tangent per active input (<c>T</c> / <c>ReadOnlySpan&lt;T&gt;</c>), a
    /// <c>Span&lt;T&gt;</c> per span output, then <c>out T</c> when the original returns a value.
    /// </summary>
    public static List<BackwardShape.Slot> Tangent(IMethodSymbol method)
    {
        var slots = method.Parameters.Select(p => new BackwardShape.Slot(BackwardShape.TypeText(p.Type), p.RefKind)).ToList();
        var classes = method.Parameters.Select(ParameterClassifier.Classify).ToList();
        slots.AddRange(InputTangents(classes));
        slots.AddRange(classes.Where(c => c.Role == ParameterRole.Output).Select(c => Slot("Span", c.Element, RefKind.None)));
        ScalarKind returned = ParameterClassifier.ScalarOf(method.ReturnType);
        if (returned.IsReal()) slots.Add(new BackwardShape.Slot(returned.Keyword(), RefKind.Out));
        return slots;
    }

    /// <summary>
    /// <c>{Name}BackwardTangent</c>: the pullback's parameters, then the tangents of the active inputs, of the seeds
    /// (<c>T</c>, <c>ReadOnlySpan&lt;T&gt;</c> per span output), of the adjoints (<c>ref T</c> / <c>Span&lt;T&gt;</c>) and of the span
    /// outputs (<c>Span&lt;T&gt;</c>), then <c>out T</c> when the original returns a value.
    /// </summary>
    public static List<BackwardShape.Slot> BackwardTangent(IMethodSymbol method)
    {
        List<BackwardShape.Slot> slots = BackwardShape.Expected(method);
        var classes = method.Parameters.Select(ParameterClassifier.Classify).ToList();
        ScalarKind returned = ParameterClassifier.ScalarOf(method.ReturnType);
        slots.AddRange(InputTangents(classes));
        if (returned.IsReal()) slots.Add(new BackwardShape.Slot(returned.Keyword(), RefKind.None));
        // An in-out output's seed tangent is writable like its seed: it comes back as the tangent of the adjoint of the incoming contents.
        slots.AddRange(classes.Where(c => c.Role == ParameterRole.Output).Select(c => Slot("ReadOnlySpan", c.Element, RefKind.None) with { InOutType = $"Span<{c.Element.Keyword()}>" }));
        foreach (var c in classes)
        {
            if (c.Role == ParameterRole.ActiveScalar) slots.Add(new BackwardShape.Slot(c.Element.Keyword(), RefKind.Ref));
            else if (c.Role == ParameterRole.ActiveSpan) slots.Add(Slot("Span", c.Element, RefKind.None));
        }
        slots.AddRange(classes.Where(c => c.Role == ParameterRole.Output).Select(c => Slot("Span", c.Element, RefKind.None)));
        if (returned.IsReal()) slots.Add(new BackwardShape.Slot(returned.Keyword(), RefKind.Out));
        return slots;
    }

    private static IEnumerable<BackwardShape.Slot> InputTangents(IEnumerable<ParameterClassifier.Classification> classes)
    {
        foreach (var c in classes)
        {
            if (c.Role == ParameterRole.ActiveScalar) yield return new BackwardShape.Slot(c.Element.Keyword(), RefKind.None);
            else if (c.Role == ParameterRole.ActiveSpan) yield return Slot("ReadOnlySpan", c.Element, RefKind.None);
        }
    }

    private static BackwardShape.Slot Slot(string span, ScalarKind element, RefKind refKind) => new($"{span}<{element.Keyword()}>", refKind);

    /// <summary>The expected slots of a derivative of the given kind (1 reverse, 2 forward, 4 second order).</summary>
    public static List<BackwardShape.Slot> Expected(IMethodSymbol original, int kind) => kind switch
    {
        2 => Tangent(original),
        4 => BackwardTangent(original),
        _ => BackwardShape.Expected(original),
    };

    /// <summary>Whether <paramref name="candidate"/> has exactly the shape of <paramref name="original"/>'s derivative of this kind.</summary>
    public static bool Matches(IMethodSymbol candidate, IMethodSymbol original, int kind)
    {
        if (ReuseShape.IsKind(kind)) return ReuseShape.Matches(candidate, original);
        List<BackwardShape.Slot> expected = Expected(original, kind);
        if (candidate.Parameters.Length != expected.Count) return false;
        if (!SymbolEqualityComparer.Default.Equals(candidate.ReturnType, original.ReturnType)) return false;
        if (candidate.IsStatic != original.IsStatic) return false;
        for (int i = 0; i < expected.Count; i++)
        {
            IParameterSymbol p = candidate.Parameters[i];
            if (p.RefKind != expected[i].RefKind || !expected[i].Accepts(BackwardShape.TypeText(p.Type))) return false;
        }
        return true;
    }

    /// <summary>The expected signature as C#, for messages.</summary>
    public static string Describe(IMethodSymbol original, int kind)
    {
        if (ReuseShape.IsKind(kind)) return ReuseShape.Describe(original, kind);
        string suffix = kind switch { 2 => "Tangent", 4 => "BackwardTangent", _ => KnownNames.BackwardSuffix };
        return $"{(original.IsStatic ? "static " : "")}{original.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)} {original.Name}{suffix}(" +
            string.Join(", ", Expected(original, kind).Select(s => s.RefKind == RefKind.Out ? "out " + s.Type : s.ToString())) + ")";
    }
}
