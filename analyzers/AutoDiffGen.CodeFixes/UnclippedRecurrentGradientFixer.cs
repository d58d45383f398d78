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

/// <summary>
/// ADG1003 fixes, inserted right after the statement that computes the gradients: <c>Clipping.ClipByGlobalNorm([gW, gB], 1.0);</c>
/// over all the call's gradient arrays (first: one norm for all of them keeps the update's direction), or one
/// <c>Clipping.ClipByNorm(g, 1.0);</c> per gradient buffer (also for spans, which the global-norm overload cannot take).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnclippedRecurrentGradientFixer)), Shared]
public sealed class UnclippedRecurrentGradientFixer : CodeFixProvider
{
    /// <summary>Equivalence key of "Clip the gradient by norm".</summary>
    public const string ClipByNormKey = "ADG1003.ClipByNorm";

    /// <summary>Equivalence key of "Clip all gradients of the call by their global norm".</summary>
    public const string ClipByGlobalNormKey = "ADG1003.ClipByGlobalNorm";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.UnclippedRecurrentGradient);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) => await FixAsync(document, await CurrentDiagnostics.ForAsync(document, diagnostics, new UnclippedRecurrentGradientAnalyzer(), RuleIdentifiers.UnclippedRecurrentGradient, context.CancellationToken).ConfigureAwait(false), context.CodeActionEquivalenceKey == ClipByGlobalNormKey, context.CancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var clipping = model?.Compilation.GetTypeByMetadataName(KnownSymbols.ClippingMetadataName);
        if (model is null || clipping is null)
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var given in context.Diagnostics)
        {
            // A diagnostic from before another rule's fix moved the code (dotnet format) points at the wrong statement:
            // use the one the analyzer reports now.
            var diagnostic = await CurrentDiagnostics.MatchAsync(context.Document, given, new UnclippedRecurrentGradientAnalyzer(), context.CancellationToken).ConfigureAwait(false);
            if (root is null || diagnostic is null || FindAnchor(root, diagnostic) is null)
            {
                continue;
            }

            var single = ImmutableArray.Create(diagnostic);
            var scalars = ScalarGradients(root, model, diagnostic, context.CancellationToken);
            if (scalars is not null || GlobalNormStatement(root, model, diagnostic, clipping, context.CancellationToken) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Clip all gradients of the call by their global norm (Clipping.ClipByGlobalNorm)",
                        async ct => await FixAsync(context.Document, single, globalNorm: true, ct).ConfigureAwait(false) ?? context.Document,
                        ClipByGlobalNormKey),
                    given);
            }

            if (scalars is not null)
            {
                // One scalar at a time has no norm to clip by: only the global norm of the call's gradients makes sense.
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Clip each gradient by its norm (Clipping.ClipByNorm)",
                    async ct => await FixAsync(context.Document, single, globalNorm: false, ct).ConfigureAwait(false) ?? context.Document,
                    ClipByNormKey),
                given);
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

    /// <summary>
    /// <c>Clipping.ClipByGlobalNorm([g1, g2], 1.0);</c> over every gradient buffer of the call, when they are all arrays of
    /// one element type and the runtime has the array-list overload; null otherwise.
    /// </summary>
    private static string? GlobalNormStatement(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, INamedTypeSymbol clipping, CancellationToken cancellationToken)
    {
        var buffers = new List<string>();
        ITypeSymbol? element = null;
        foreach (var location in diagnostic.AdditionalLocations.Skip(1))
        {
            var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            var expression = node as ExpressionSyntax ?? (node as ArgumentSyntax)?.Expression;
            if (expression is null || model.GetTypeInfo(expression, cancellationToken).Type is not IArrayTypeSymbol array
                || (element is not null && !SymbolEqualityComparer.Default.Equals(element, array.ElementType)))
            {
                return null;
            }

            element = array.ElementType;
            buffers.Add(expression.WithoutTrivia().ToString());
        }

        var hasOverload = clipping.GetMembers("ClipByGlobalNorm").OfType<IMethodSymbol>().Any(method =>
            method.Parameters.Length >= 2
            && method.Parameters[0].Type is INamedTypeSymbol { TypeArguments.Length: 1 } list
            && list.TypeArguments[0] is IArrayTypeSymbol listElement
            && SymbolEqualityComparer.Default.Equals(listElement.ElementType, element));
        if (buffers.Count == 0 || !hasOverload)
        {
            return null;
        }

        var maxNorm = element!.SpecialType == SpecialType.System_Single ? "1.0f" : "1.0";
        return "Clipping.ClipByGlobalNorm([" + string.Join(", ", buffers) + "], " + maxNorm + ");";
    }

    /// <summary>The names of the call's gradients when they are all scalars (<c>out var dW</c>), or null.</summary>
    private static List<string>? ScalarGradients(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        foreach (var location in diagnostic.AdditionalLocations.Skip(1))
        {
            var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            var expression = node as ExpressionSyntax ?? (node as ArgumentSyntax)?.Expression;
            var name = expression switch
            {
                DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax designation } => designation.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                _ => null,
            };
            var type = expression is null ? null : model.GetTypeInfo(expression, cancellationToken).Type;
            if (name is null || type?.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single))
            {
                return null;
            }

            names.Add(name);
        }

        return names.Count > 0 ? names : null;
    }

    /// <summary>
    /// Scalar gradients clipped by their global norm: copied into an array, <c>Clipping.ClipByNorm</c>, copied back
    /// (the norm of the call's gradients taken together, as <c>ClipByGlobalNorm</c> does for arrays).
    /// </summary>
    private static List<string> ScalarStatements(List<string> names, string elementType, string maxNorm, SemanticModel model, int position, HashSet<string> taken)
    {
        var buffer = "clippedGradients";
        for (var k = 2; taken.Contains(buffer) || model.LookupSymbols(position, name: buffer).Length > 0; k++)
        {
            buffer = "clippedGradients" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        taken.Add(buffer);
        var back = names.Count == 1
            ? names[0] + " = " + buffer + "[0];"
            : "(" + string.Join(", ", names) + ") = (" + string.Join(", ", names.Select((_, i) => buffer + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]")) + ");";
        return new List<string>
        {
            elementType + "[] " + buffer + " = { " + string.Join(", ", names) + " };",
            "Clipping.ClipByNorm(" + buffer + ", " + maxNorm + ");",
            back,
        };
    }

    private static async Task<Document?> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, bool globalNorm, CancellationToken cancellationToken)
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
        var taken = new HashSet<string>();
        var needsUsing = false;
        foreach (var diagnostic in diagnostics.OrderBy(d => d.AdditionalLocations.Count > 1 ? d.AdditionalLocations[1].SourceSpan.Start : 0))
        {
            if (FindAnchor(root, diagnostic) is not { } anchor)
            {
                continue;
            }

            var elementType = diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.ElementType, out var type) ? type : "double";
            var maxNorm = elementType == "float" ? "1.0f" : "1.0";
            var texts = new List<string>();
            if (ScalarGradients(root, model, diagnostic, cancellationToken) is { } scalars)
            {
                texts.AddRange(ScalarStatements(scalars, elementType ?? "double", maxNorm, model, anchor.Statement.Span.End, taken));
            }
            else if (globalNorm)
            {
                if (GlobalNormStatement(root, model, diagnostic, clipping, cancellationToken) is { } text)
                {
                    texts.Add(text);
                }
            }
            else
            {
                foreach (var location in diagnostic.AdditionalLocations.Skip(1))
                {
                    var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
                    if ((node as ExpressionSyntax ?? (node as ArgumentSyntax)?.Expression) is { } gradient)
                    {
                        texts.Add("Clipping.ClipByNorm(" + gradient.WithoutTrivia() + ", " + maxNorm + ");");
                    }
                }
            }

            if (texts.Count == 0)
            {
                continue;
            }

            if (!inserts.TryGetValue(anchor.Statement, out var list))
            {
                inserts[anchor.Statement] = list = new List<string>();
            }

            foreach (var text in texts.Where(t => !list.Contains(t)))
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
}
