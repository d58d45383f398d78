using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// The signature of a pullback that reuses the forward's outputs (<c>[DerivativeOf(nameof(F), Derivatives.ReverseFromOutputs)]</c>):
/// the reverse pullback's parameters (<see cref="BackwardShape"/>) with each span output of F as <c>ReadOnlySpan&lt;T&gt;</c>
/// (it holds what F wrote there), returning nothing.
/// </summary>
internal static class ReuseShape
{
    /// <summary>The runtime's <c>Derivatives.ReverseFromOutputs</c>.</summary>
    public const int Kind = 32;

    /// <summary>
    /// <c>Derivatives.ReverseFromOutputs | Derivatives.Overwrite</c>: the same shape, writing its adjoint spans instead of
    /// adding into them.
    /// </summary>
    public const int OverwriteKind = Kind | 64;

    /// <summary>Whether a <c>[DerivativeOf]</c> kind has this shape.</summary>
    public static bool IsKind(int kind) => kind is Kind or OverwriteKind;

    public static List<BackwardShape.Slot> Expected(IMethodSymbol original)
    {
        // Its seeds are read only: a call with an in-out output keeps the pullback that computes again (PullbackReuse).
        List<BackwardShape.Slot> slots = BackwardShape.Expected(original).Select(s => s with { InOutType = null }).ToList();
        for (int i = 0; i < original.Parameters.Length; i++)
        {
            if (ParameterClassifier.Classify(original.Parameters[i]).Role == IR.ParameterRole.Output)
            {
                slots[i] = slots[i] with { Type = "ReadOnly" + slots[i].Type };
            }
        }
        return slots;
    }

    public static bool Matches(IMethodSymbol candidate, IMethodSymbol original)
    {
        List<BackwardShape.Slot> expected = Expected(original);
        if (!candidate.ReturnsVoid || candidate.IsStatic != original.IsStatic || candidate.Parameters.Length != expected.Count) return false;
        return candidate.Parameters.Select((p, i) => p.RefKind == expected[i].RefKind && BackwardShape.TypeText(p.Type) == expected[i].Type).All(ok => ok);
    }

    /// <summary>The expected signature as C#, for messages.</summary>
    public static string Describe(IMethodSymbol original, int kind = Kind) =>
        $"{(original.IsStatic ? "static " : "")}void {original.Name}BackwardFromOutputs{(kind == OverwriteKind ? "Overwrite" : "")}(" + string.Join(", ", Expected(original)) + ")";
}
