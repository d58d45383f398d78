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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.CodeFixes;

/// <summary>ADG1002 fixes: "Use He initialization" (from Glorot/LeCun) and "Use Glorot initialization" (from He).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InitializationMismatchFixer)), Shared]
public sealed class InitializationMismatchFixer : CodeFixProvider
{
    /// <summary>Equivalence key of "Use He initialization".</summary>
    public const string UseHeKey = "ADG1002.UseHe";

    /// <summary>Equivalence key of "Use Glorot initialization".</summary>
    public const string UseGlorotKey = "ADG1002.UseGlorot";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.InitializationDoesNotMatchActivation);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) => await FixAsync(document, await CurrentDiagnostics.ForAsync(document, diagnostics, new InitializationMismatchAnalyzer(), RuleIdentifiers.InitializationDoesNotMatchActivation, context.CancellationToken).ConfigureAwait(false), context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.Replacement, out var replacement) || replacement is null)
            {
                continue;
            }

            var toHe = replacement.StartsWith("He", System.StringComparison.Ordinal);
            var key = toHe ? UseHeKey : UseGlorotKey;
            var title = toHe ? "Use He initialization" : "Use Glorot initialization";
            var single = ImmutableArray.Create(diagnostic);
            context.RegisterCodeFix(
                CodeAction.Create(title, async ct => await FixAsync(context.Document, single, key, ct).ConfigureAwait(false) ?? context.Document, key),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Document?> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        var random = model.Compilation.GetTypeByMetadataName("System.Random");
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var changed = false;
        foreach (var diagnostic in diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.Replacement, out var replacement) || replacement is null)
            {
                continue;
            }

            var toHe = replacement.StartsWith("He", System.StringComparison.Ordinal);
            if (key is not null && key != (toHe ? UseHeKey : UseGlorotKey))
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(i => i.Span == diagnostic.Location.SourceSpan);
            if (node is null || model.GetOperation(node, cancellationToken) is not IInvocationOperation invocation)
            {
                continue;
            }

            var newCall = Rewrite(node, invocation, replacement, toHe, random);
            if (newCall is null)
            {
                continue;
            }

            editor.ReplaceNode(node, newCall);
            changed = true;
        }

        return changed ? editor.GetChangedDocument() : null;
    }

    /// <summary>
    /// Rewrites the call with the target initializer's arguments, found by role: the weights (first parameter),
    /// fan-in and fan-out (the int parameters in order) and the generator (<see cref="System.Random"/>). The gain
    /// is dropped so the target's default gain applies. Glorot needs a fan-out the He call does not have:
    /// for a dense fanIn × fanOut weight buffer it is <c>w.Length / fanIn</c>.
    /// </summary>
    internal static InvocationExpressionSyntax? Rewrite(InvocationExpressionSyntax node, IInvocationOperation invocation, string replacement, bool toHe, INamedTypeSymbol? random)
    {
        ExpressionSyntax? weights = null;
        ExpressionSyntax? rng = null;
        var integers = new List<ExpressionSyntax>();
        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue))
        {
            if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Syntax is not ArgumentSyntax syntax || argument.Parameter is not { } parameter)
            {
                continue;
            }

            if (parameter.Ordinal == 0)
            {
                weights = syntax.Expression;
            }
            else if (random is not null && SymbolEqualityComparer.Default.Equals(parameter.Type, random))
            {
                rng = syntax.Expression;
            }
            else if (parameter.Type.SpecialType == SpecialType.System_Int32)
            {
                integers.Add(syntax.Expression);
            }
        }

        if (weights is null || rng is null || integers.Count == 0)
        {
            return null;
        }

        var fanIn = integers[0];
        var arguments = new List<string> { weights.WithoutTrivia().ToString(), fanIn.WithoutTrivia().ToString() };
        if (!toHe)
        {
            arguments.Add(FixHelpers.Primary(weights) + ".Length / " + FixHelpers.Primary(fanIn));
        }

        arguments.Add(rng.WithoutTrivia().ToString());
        var renamed = FixHelpers.Rename(node, replacement);
        var argumentList = SyntaxFactory.ParseArgumentList("(" + string.Join(", ", arguments) + ")").WithTriviaFrom(node.ArgumentList);
        return renamed.WithArgumentList(argumentList);
    }
}
