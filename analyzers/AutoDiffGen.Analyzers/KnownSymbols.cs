using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Analyzers;

/// <summary>The runtime and BCL types the rules match calls against, resolved once per compilation by metadata name.</summary>
internal sealed class KnownSymbols
{
    public const string ActivationsMetadataName = "AutoDiffGen.Activations";
    public const string InitMetadataName = "AutoDiffGen.Init";
    public const string ClippingMetadataName = "AutoDiffGen.Clipping";
    public const string NormalizationMetadataName = "AutoDiffGen.Normalization";
    public const string DifferentiableMetadataName = "AutoDiffGen.DifferentiableAttribute";
    public const string DerivativeOfMetadataName = "AutoDiffGen.DerivativeOfAttribute";

    private KnownSymbols(Compilation compilation)
    {
        Activations = compilation.GetTypeByMetadataName(ActivationsMetadataName);
        Init = compilation.GetTypeByMetadataName(InitMetadataName);
        Clipping = compilation.GetTypeByMetadataName(ClippingMetadataName);
        Normalization = compilation.GetTypeByMetadataName(NormalizationMetadataName);
        Differentiable = compilation.GetTypeByMetadataName(DifferentiableMetadataName);
        DerivativeOf = compilation.GetTypeByMetadataName(DerivativeOfMetadataName);
        Math = compilation.GetTypeByMetadataName("System.Math");
        MathF = compilation.GetTypeByMetadataName("System.MathF");
        Span = compilation.GetTypeByMetadataName("System.Span`1");
        Random = compilation.GetTypeByMetadataName("System.Random");
    }

    public INamedTypeSymbol? Activations { get; }

    public INamedTypeSymbol? Init { get; }

    public INamedTypeSymbol? Clipping { get; }

    public INamedTypeSymbol? Normalization { get; }

    public INamedTypeSymbol? Differentiable { get; }

    public INamedTypeSymbol? DerivativeOf { get; }

    public INamedTypeSymbol? Math { get; }

    public INamedTypeSymbol? MathF { get; }

    public INamedTypeSymbol? Span { get; }

    public INamedTypeSymbol? Random { get; }

    public static KnownSymbols Create(Compilation compilation) => new(compilation);

    public bool IsActivations(ISymbol? type) => Activations is not null && SymbolEqualityComparer.Default.Equals(type, Activations);

    public bool IsInit(ISymbol? type) => Init is not null && SymbolEqualityComparer.Default.Equals(type, Init);

    public bool IsClipping(ISymbol? type) => Clipping is not null && SymbolEqualityComparer.Default.Equals(type, Clipping);

    public bool IsNormalization(ISymbol? type) => Normalization is not null && SymbolEqualityComparer.Default.Equals(type, Normalization);

    public bool IsMath(ISymbol? type) =>
        (Math is not null && SymbolEqualityComparer.Default.Equals(type, Math)) ||
        (MathF is not null && SymbolEqualityComparer.Default.Equals(type, MathF));

    /// <summary>True for <c>Span&lt;T&gt;</c> (writable), false for <c>ReadOnlySpan&lt;T&gt;</c> and anything else.</summary>
    public bool IsWritableSpan(ITypeSymbol? type) =>
        Span is not null && type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Span);

    /// <summary>The method names given to <c>[DerivativeOf(nameof(F))]</c> on a hand-written derivative.</summary>
    public IEnumerable<string> DerivativeOfTargets(ISymbol method)
    {
        if (DerivativeOf is null)
        {
            yield break;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, DerivativeOf)
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name)
            {
                yield return name;
            }
        }
    }

    public bool IsDifferentiable(ISymbol? method)
    {
        if (Differentiable is null || method is null)
        {
            return false;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, Differentiable))
            {
                return true;
            }
        }

        return false;
    }
}
