using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Checks every <c>[DerivativeOf(nameof(F), kind)]</c> method against the shape of F's derivative of that kind
/// (Backward, Tangent or BackwardTangent) over F's overloads (ADG0009).
/// </summary>
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
            if (attribute.ConstructorArguments.Length is < 1 or > 2 || attribute.ConstructorArguments[0].Value is not string name) continue;
            int kind = CallResolver.KindOf(attribute);
            var candidates = derivative.ContainingType.GetMembers(name).OfType<IMethodSymbol>().ToList();
            LocationInfo? at = LocationInfo.From(syntax.Identifier.GetLocation());
            if (candidates.Count == 0)
            {
                builder.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCustomDerivative, at, name, derivative.Name,
                    $"a method named '{name}' in '{derivative.ContainingType.Name}'"));
                continue;
            }
            if (!candidates.Any(c => TangentShapes.Matches(derivative, c, kind)))
            {
                string expected = string.Join(" or ", candidates.Select(c => TangentShapes.Describe(c, kind)));
                builder.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCustomDerivative, at, name, derivative.Name, expected));
            }
        }
        return builder.ToEquatableArray();
    }
}
