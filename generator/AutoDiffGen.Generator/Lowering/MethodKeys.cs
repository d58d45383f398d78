using System.Linq;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>A stable text identity of a method (type, name, parameter types), to match callers with callees.</summary>
internal static class MethodKeys
{
    public static string Of(IMethodSymbol method)
    {
        IMethodSymbol m = method.PartialDefinitionPart ?? method.OriginalDefinition;
        return m.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + m.Name + "("
            + string.Join(",", m.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))) + ")";
    }
}
