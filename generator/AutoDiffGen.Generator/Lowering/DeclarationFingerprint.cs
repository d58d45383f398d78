using System;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// A digest of everything the binding of a method body can depend on outside that body: the text of every syntax tree
/// with member bodies left out (types, signatures, attributes, constants, usings), each tree's path and parse options,
/// the compilation options and the references. Binding one body never reads another member's body, so while the
/// fingerprint and a method's own text are unchanged, lowering that method again would give the same result.
/// </summary>
internal static class DeclarationFingerprint
{
    private static readonly ConditionalWeakTable<Compilation, string> s_compilations = new();
    private static readonly ConditionalWeakTable<SyntaxTree, byte[]> s_trees = new();
    private static readonly ConditionalWeakTable<object, object> s_identities = new();
    private static long s_nextIdentity;

    public static string Of(Compilation compilation) => s_compilations.GetValue(compilation, Compute);

    private static string Compute(Compilation compilation)
    {
        using var sha = SHA256.Create();
        var text = new StringBuilder();
        text.Append(compilation.AssemblyName).Append('|').Append(Identity(compilation.Options)).Append('|');
        foreach (MetadataReference reference in compilation.References) text.Append(Identity(reference)).Append(',');
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            text.Append('|').Append(tree.FilePath).Append(':').Append(Identity(tree.Options)).Append(':')
                .Append(Convert.ToBase64String(s_trees.GetValue(tree, Digest)));
        }
        return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The tree's text without member bodies (the trivia around them stays: it never changes binding).</summary>
    private static byte[] Digest(SyntaxTree tree)
    {
        var text = new StringBuilder();
        foreach (SyntaxToken token in tree.GetRoot().DescendantTokens(node => !IsBody(node)))
        {
            text.Append(token.Text).Append(' ');
        }
        using var sha = SHA256.Create();
        return sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>A block or expression body of a method, constructor, operator, accessor, property or indexer.</summary>
    private static bool IsBody(SyntaxNode node) => node.Parent switch
    {
        BaseMethodDeclarationSyntax m => node == m.Body || node == m.ExpressionBody,
        AccessorDeclarationSyntax a => node == a.Body || node == a.ExpressionBody,
        PropertyDeclarationSyntax p => node == p.ExpressionBody,
        IndexerDeclarationSyntax i => node == i.ExpressionBody,
        _ => false,
    };

    /// <summary>A number for an object, the same for as long as it lives: options and references are compared by identity.</summary>
    private static long Identity(object o) => (long)s_identities.GetValue(o, _ => System.Threading.Interlocked.Increment(ref s_nextIdentity));
}
