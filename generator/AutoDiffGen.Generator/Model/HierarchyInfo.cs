using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Model;

/// <summary>One containing type as it must be re-opened: <c>static partial class Outer</c>, with its type parameters.</summary>
internal sealed record TypeDeclarationInfo(string Modifiers, string Kind, string NameWithTypeParameters)
{
    public string Declaration => $"{Modifiers}partial {Kind} {NameWithTypeParameters}";
}

/// <summary>Namespace and containing types of a method, as strings, to re-open the partial types around generated code.</summary>
internal sealed record HierarchyInfo(string? Namespace, EquatableArray<TypeDeclarationInfo> Types, string HintName)
{
    public static HierarchyInfo From(INamedTypeSymbol type)
    {
        var chain = new List<TypeDeclarationInfo>();
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            string kind = t.TypeKind switch
            {
                TypeKind.Struct when t.IsRecord => "record struct",
                TypeKind.Struct => "struct",
                TypeKind.Interface => "interface",
                _ when t.IsRecord => "record",
                _ => "class",
            };
            string modifiers = (t.IsStatic ? "static " : "") + (t.IsReadOnly && t.TypeKind == TypeKind.Struct ? "readonly " : "") + (t.IsRefLikeType ? "ref " : "");
            string name = t.Name;
            if (t.TypeParameters.Length > 0) name += "<" + string.Join(", ", System.Linq.Enumerable.Select(t.TypeParameters, p => p.Name)) + ">";
            chain.Insert(0, new TypeDeclarationInfo(modifiers, kind, name));
        }
        string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        string hint = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "").Replace('<', '{').Replace('>', '}');
        return new HierarchyInfo(ns, chain.ToEquatableArray(), hint);
    }
}
