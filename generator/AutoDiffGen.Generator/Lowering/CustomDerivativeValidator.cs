using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>Checks every <c>[DerivativeOf(nameof(F))]</c> method against the Backward shape of F's overloads (ADG0009).</summary>
internal static class CustomDerivativeValidator
{
    public static EquatableArray<DiagnosticInfo> Validate(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol derivative || context.TargetNode is not MethodDeclarationSyntax syntax)
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }
        var builder = new System.Collections.Generic.List<DiagnosticInfo>();
        foreach (AttributeData attribute in context.Attributes)
        {
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string name) continue;
            var candidates = derivative.ContainingType.GetMembers(name).OfType<IMethodSymbol>().ToList();
            LocationInfo? at = LocationInfo.From(syntax.Identifier.GetLocation());
            if (candidates.Count == 0)
            {
                builder.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCustomDerivative, at, name, derivative.Name,
                    $"a method named '{name}' in '{derivative.ContainingType.Name}'"));
                continue;
            }
            if (!candidates.Any(c => BackwardShape.Matches(derivative, c)))
            {
                string expected = string.Join(" or ", candidates.Select(BackwardShape.Describe));
                builder.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCustomDerivative, at, name, derivative.Name, expected));
            }
        }
        return builder.ToEquatableArray();
    }
}
