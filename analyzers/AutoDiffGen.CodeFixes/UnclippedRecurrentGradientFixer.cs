using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AutoDiffGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.CodeFixes;

/// <summary>ADG1003 fix: insert <c>Clipping.ClipByNorm(g, 1.0);</c> right after the statement that computes the gradient.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnclippedRecurrentGradientFixer)), Shared]
public sealed class UnclippedRecurrentGradientFixer : CodeFixProvider
{
    /// <summary>Equivalence key of "Clip the gradient by norm".</summary>
    public const string ClipByNormKey = "ADG1003.ClipByNorm";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.UnclippedRecurrentGradient);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create((context, document, diagnostics) => FixAsync(document, diagnostics, context.CancellationToken));

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model?.Compilation.GetTypeByMetadataName(KnownSymbols.ClippingMetadataName) is null)
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root is null || FindAnchor(root, diagnostic) is null)
            {
                continue;
            }

            var single = ImmutableArray.Create(diagnostic);
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Clip the gradient by norm (Clipping.ClipByNorm)",
                    async ct => await FixAsync(context.Document, single, ct).ConfigureAwait(false) ?? context.Document,
                    ClipByNormKey),
                diagnostic);
        }
    }

    private static (StatementSyntax Statement, ExpressionSyntax Gradient)? FindAnchor(SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.AdditionalLocations.Count < 2)
        {
            return null;
        }

        var call = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
        var gradientNode = root.FindNode(diagnostic.AdditionalLocations[1].SourceSpan, getInnermostNodeForTie: true);
        var gradient = gradientNode as ExpressionSyntax ?? (gradientNode as ArgumentSyntax)?.Expression;
        var statement = call.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault();
        if (gradient is null || statement?.Parent is not BlockSyntax)
        {
            return null;
        }

        return (statement, gradient);
    }

    private static async Task<Document?> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        var clipping = model.Compilation.GetTypeByMetadataName(KnownSymbols.ClippingMetadataName);
        if (clipping is null)
        {
            return null;
        }

        // Several gradients of one call are clipped in the order of the diagnostics, after that call's statement.
        var inserts = new Dictionary<StatementSyntax, List<string>>();
        var needsUsing = false;
        foreach (var diagnostic in diagnostics.OrderBy(d => d.AdditionalLocations.Count > 1 ? d.AdditionalLocations[1].SourceSpan.Start : 0))
        {
            if (FindAnchor(root, diagnostic) is not { } anchor)
            {
                continue;
            }

            var elementType = diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.ElementType, out var type) ? type : "double";
            var argument = GradientArgument(model, anchor.Gradient, clipping, cancellationToken);
            var maxNorm = elementType == "float" ? "1.0f" : "1.0";
            var text = "Clipping.ClipByNorm(" + argument + ", " + maxNorm + ");";
            if (!inserts.TryGetValue(anchor.Statement, out var list))
            {
                inserts[anchor.Statement] = list = new List<string>();
            }

            if (!list.Contains(text))
            {
                list.Add(text);
            }

            needsUsing |= !FixHelpers.Resolves(model, anchor.Statement.SpanStart, "Clipping", clipping);
        }

        if (inserts.Count == 0)
        {
            return null;
        }

        var newRoot = root.TrackNodes(inserts.Keys);
        foreach (var pair in inserts)
        {
            var current = newRoot.GetCurrentNode(pair.Key)!;
            var indentation = current.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
            var statements = pair.Value.Select(text =>
                SyntaxFactory.ParseStatement(text)
                    .WithLeadingTrivia(indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(indentation) : SyntaxFactory.TriviaList())
                    .WithTrailingTrivia(SyntaxFactory.EndOfLine("\n")));
            newRoot = newRoot.InsertNodesAfter(current, statements);
        }

        if (needsUsing)
        {
            newRoot = FixHelpers.EnsureRuntimeUsing(newRoot);
        }

        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary>
    /// The gradient as <c>ClipByNorm</c> takes it: as written in the gradient call, plus <c>.AsSpan()</c> for an
    /// array when no <c>ClipByNorm</c> overload takes the array directly (a generic <c>Span&lt;T&gt;</c> parameter does not infer from arrays).
    /// </summary>
    private static string GradientArgument(SemanticModel model, ExpressionSyntax gradient, INamedTypeSymbol clipping, CancellationToken cancellationToken)
    {
        var text = gradient.WithoutTrivia().ToString();
        var type = model.GetTypeInfo(gradient, cancellationToken).Type;
        if (type is not IArrayTypeSymbol array)
        {
            return text;
        }

        var takesArrayDirectly = clipping.GetMembers("ClipByNorm").OfType<IMethodSymbol>().Any(method =>
            !method.IsGenericMethod
            && method.Parameters.Length > 0
            && model.Compilation.ClassifyConversion(array, method.Parameters[0].Type).IsImplicit);
        return takesArrayDirectly ? text : FixHelpers.Primary(gradient) + ".AsSpan()";
    }
}
