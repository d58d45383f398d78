using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Finds how a called user method is differentiated, for each kind of derivative: a matching <c>[DerivativeOf]</c>,
/// its generated derivative, or nothing.
/// </summary>
internal static class CallResolver
{
    /// <summary>The kinds of <c>[DerivativeOf(name, kind)]</c>, as the runtime's <c>Derivatives</c> flags (and <see cref="ReuseShape.Kind"/>).</summary>
    public const int Reverse = 1, Forward = 2, Hessian = 4;

    public static CallTarget Resolve(IMethodSymbol callee, string methodText, string receiverPrefix)
    {
        var roles = callee.Parameters.Select(p => ParameterClassifier.Classify(p).Role).ToEquatableArray();
        string display = callee.ContainingType.Name + "." + callee.Name;
        var names = callee.Parameters.Select(p => p.Name).ToEquatableArray();
        ScalarKind returned = callee.ReturnsVoid ? ScalarKind.Opaque : ParameterClassifier.ScalarOf(callee.ReturnType);
        bool differentiable = IsDifferentiable(callee);
        bool inSource = callee.DeclaringSyntaxReferences.Length > 0;

        string? Text(IMethodSymbol m, string name) => m.IsStatic ? Qualified(m.ContainingType) + "." + name : receiverPrefix + name;
        string? Derivative(int kind, string suffix)
        {
            if (FindCustomDerivative(callee, kind) is IMethodSymbol custom) return Text(custom, custom.Name);
            if (!differentiable) return null;
            string name = callee.Name + suffix;
            // From another assembly a derivative is there only if that assembly's build generated it.
            return inSource || callee.ContainingType.GetMembers(name).OfType<IMethodSymbol>().Any() ? Text(callee, name) : null;
        }

        bool customReverse = FindCustomDerivative(callee, Reverse) is not null;
        string? backward = Derivative(Reverse, KnownNames.BackwardSuffix);
        CallDerivative derivative = customReverse ? CallDerivative.Custom : backward is not null ? CallDerivative.Generated : CallDerivative.None;
        // A pullback reusing the forward's outputs is offered beside a hand-written one only.
        string? reuse = customReverse && FindCustomDerivative(callee, ReuseShape.Kind) is IMethodSymbol r ? Text(r, r.Name) : null;
        return new CallTarget(methodText, backward, derivative, display, callee.Name, roles, callee.ReturnsVoid, names,
            differentiable && inSource ? MethodKeys.Of(callee) : null,
            Derivative(Forward, KnownNames.TangentSuffix), Derivative(Hessian, KnownNames.BackwardTangentSuffix), returned, reuse);
    }

    public static bool IsDifferentiable(IMethodSymbol method) =>
        method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.DifferentiableAttribute);

    /// <summary>
    /// The <c>[DerivativeOf(nameof(callee), kind)]</c> method of the callee's type whose signature fits this overload
    /// (kind 1 reverse, 2 forward, 4 the forward derivative of the pullback).
    /// </summary>
    public static IMethodSymbol? FindCustomDerivative(IMethodSymbol callee, int kind = Reverse)
    {
        IMethodSymbol original = callee.OriginalDefinition;
        foreach (ISymbol member in original.ContainingType.GetMembers())
        {
            if (member is not IMethodSymbol candidate) continue;
            foreach (AttributeData attribute in candidate.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == KnownNames.DerivativeOfAttribute
                    && attribute.ConstructorArguments.Length >= 1
                    && attribute.ConstructorArguments[0].Value as string == original.Name
                    && KindOf(attribute) == kind
                    && TangentShapes.Matches(candidate, original, kind))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /// <summary>The kind a <c>[DerivativeOf]</c> declares (reverse when it names none).</summary>
    public static int KindOf(AttributeData attribute) =>
        attribute.ConstructorArguments.Length >= 2 && attribute.ConstructorArguments[1].Value is int kind ? kind : Reverse;

    public static string Qualified(INamedTypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
}
