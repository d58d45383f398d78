using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>Finds how a called user method is differentiated: a matching <c>[DerivativeOf]</c>, its generated backward, or nothing.</summary>
internal static class CallResolver
{
    public static CallTarget Resolve(IMethodSymbol callee, string methodText, string receiverPrefix)
    {
        var roles = callee.Parameters.Select(p => ParameterClassifier.Classify(p).Role).ToEquatableArray();
        string display = callee.ContainingType.Name + "." + callee.Name;
        var names = callee.Parameters.Select(p => p.Name).ToEquatableArray();
        IMethodSymbol? custom = FindCustomDerivative(callee);
        if (custom is not null)
        {
            string text = custom.IsStatic ? Qualified(custom.ContainingType) + "." + custom.Name : receiverPrefix + custom.Name;
            return new CallTarget(methodText, text, CallDerivative.Custom, display, callee.Name, roles, callee.ReturnsVoid, names,
                InOut: BackwardShape.InOutFlags(custom, callee.OriginalDefinition));
        }
        if (IsDifferentiable(callee))
        {
            string name = callee.Name + KnownNames.BackwardSuffix;
            string text = callee.IsStatic ? Qualified(callee.ContainingType) + "." + name : receiverPrefix + name;
            bool inSource = callee.DeclaringSyntaxReferences.Length > 0;
            // From another assembly the backward is there only if that assembly's build generated it; its seeds tell
            // which outputs are in-out. Of this compilation, the in-out analysis of all methods tells.
            IMethodSymbol? generated = inSource ? null
                : callee.ContainingType.GetMembers(name).OfType<IMethodSymbol>().FirstOrDefault(b => BackwardShape.Matches(b, callee.OriginalDefinition));
            if (inSource || generated is not null)
            {
                // A callee of another assembly whose body allocates comes with an allocation-free {Name}Primal.
                bool primal = !inSource && callee.ContainingType.GetMembers(callee.Name + "Primal").OfType<IMethodSymbol>()
                    .Any(p => p.Parameters.Length == callee.Parameters.Length && p.Parameters.Zip(callee.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(x => x));
                return new CallTarget(primal ? methodText + "Primal" : methodText, text, CallDerivative.Generated, display, callee.Name, roles, callee.ReturnsVoid, names,
                    inSource ? MethodKeys.Of(callee) : null, generated is null ? default : BackwardShape.InOutFlags(generated, callee.OriginalDefinition));
            }
        }
        return new CallTarget(methodText, null, CallDerivative.None, display, callee.Name, roles, callee.ReturnsVoid, names);
    }

    public static bool IsDifferentiable(IMethodSymbol method) =>
        method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.DifferentiableAttribute);

    /// <summary>The <c>[DerivativeOf(nameof(callee))]</c> method of the callee's type whose signature fits this overload.</summary>
    public static IMethodSymbol? FindCustomDerivative(IMethodSymbol callee)
    {
        IMethodSymbol original = callee.OriginalDefinition;
        foreach (ISymbol member in original.ContainingType.GetMembers())
        {
            if (member is not IMethodSymbol candidate) continue;
            foreach (AttributeData attribute in candidate.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == KnownNames.DerivativeOfAttribute
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Value as string == original.Name
                    && BackwardShape.Matches(candidate, original))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    public static string Qualified(INamedTypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
}
