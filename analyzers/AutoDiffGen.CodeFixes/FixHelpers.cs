using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.CodeFixes;

/// <summary>Small syntax helpers shared by the fixers.</summary>
internal static class FixHelpers
{
    public const string RuntimeNamespace = "AutoDiffGen";

    /// <summary>True when <paramref name="simpleName"/> already binds to <paramref name="type"/> at <paramref name="position"/>.</summary>
    public static bool Resolves(SemanticModel model, int position, string simpleName, INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        return model.LookupNamespacesAndTypes(position, name: simpleName)
            .Any(symbol => SymbolEqualityComparer.Default.Equals(symbol, type));
    }

    /// <summary>Adds <c>using AutoDiffGen;</c> to the file when it has no such directive.</summary>
    public static SyntaxNode EnsureRuntimeUsing(SyntaxNode root)
    {
        if (root is not CompilationUnitSyntax unit
            || unit.Usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == RuntimeNamespace))
        {
            return root;
        }

        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(RuntimeNamespace))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"));
        if (unit.Usings.Count > 0)
        {
            // Keep System* directives first, then alphabetical order.
            var index = 0;
            while (index < unit.Usings.Count && Compare(unit.Usings[index], RuntimeNamespace) < 0)
            {
                index++;
            }

            return unit.WithUsings(unit.Usings.Insert(index, directive));
        }

        var first = unit.GetLeadingTrivia();
        var newUnit = unit.WithoutLeadingTrivia()
            .WithUsings(SyntaxFactory.SingletonList(directive.WithLeadingTrivia(first).WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"), SyntaxFactory.EndOfLine("\n"))));
        return newUnit;
    }

    private static int Compare(UsingDirectiveSyntax existing, string name)
    {
        if (!existing.StaticKeyword.IsKind(SyntaxKind.None) || existing.Alias is not null)
        {
            return 1;
        }

        var text = existing.Name?.ToString() ?? string.Empty;
        var existingIsSystem = text == "System" || text.StartsWith("System.", System.StringComparison.Ordinal);
        if (existingIsSystem)
        {
            return -1;
        }

        return string.CompareOrdinal(text, name);
    }

    /// <summary>Wraps an expression in parentheses unless it is primary (binds tighter than any binary operator).</summary>
    public static string Primary(ExpressionSyntax expression)
    {
        var text = expression.WithoutTrivia().ToString();
        return expression is IdentifierNameSyntax or LiteralExpressionSyntax or MemberAccessExpressionSyntax
            or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax
            ? text
            : "(" + text + ")";
    }

    /// <summary>Replaces the method name of <c>X.Name(...)</c>, <c>Name(...)</c> or <c>X.Name&lt;T&gt;(...)</c>, keeping everything else.</summary>
    public static InvocationExpressionSyntax Rename(InvocationExpressionSyntax invocation, string newName)
    {
        SimpleNameSyntax? name = invocation.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };
        if (name is null)
        {
            return invocation;
        }

        var identifier = SyntaxFactory.Identifier(name.Identifier.LeadingTrivia, newName, name.Identifier.TrailingTrivia);
        return invocation.ReplaceNode(name, name.WithIdentifier(identifier));
    }
}
