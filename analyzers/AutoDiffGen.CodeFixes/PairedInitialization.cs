using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AutoDiffGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.CodeFixes;

/// <summary>
/// Keeps a switch to ReLU whole: after the activations change, every Glorot/LeCun initialization in the document whose
/// weights now feed only ReLU-family activations (what ADG1002 would report) becomes the matching He initialization.
/// </summary>
internal static class PairedInitialization
{
    public static async Task<Document> SwitchToHeAsync(Document document, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var symbols = KnownSymbols.Create(model.Compilation);
        if (symbols.Init is null)
        {
            return document;
        }

        var random = model.Compilation.GetTypeByMetadataName("System.Random");
        var consumers = new ActivationConsumers(model.Compilation, symbols, cancellationToken);
        var edits = new Dictionary<InvocationExpressionSyntax, InvocationExpressionSyntax>();
        foreach (var node in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (model.GetOperation(node, cancellationToken) is not IInvocationOperation call
                || !symbols.IsInit(call.TargetMethod.ContainingType)
                || call.TargetMethod.Name.StartsWith("He", System.StringComparison.Ordinal)
                || InitializationMismatchAnalyzer.Replacement(call.TargetMethod.Name) is not { } he
                || ActivationMatcher.ArgumentFor(call, 0) is not { } weights
                || SaturationFlowAnalysis.RootSymbol(weights) is not { } buffer)
            {
                continue;
            }

            IOperation top = call;
            while (top.Parent is not null)
            {
                top = top.Parent;
            }

            var containing = model.GetEnclosingSymbol(node.SpanStart, cancellationToken);
            var (activations, _) = consumers.ForBuffer(buffer, top, containing as INamedTypeSymbol ?? containing?.ContainingType);
            if (InitializationMismatchAnalyzer.Mismatch(call.TargetMethod.Name, activations) is null)
            {
                continue;
            }

            if (InitializationMismatchFixer.Rewrite(node, call, he, toHe: true, random) is { } rewritten)
            {
                edits[node] = rewritten;
            }
        }

        if (edits.Count == 0)
        {
            return document;
        }

        return document.WithSyntaxRoot(root.ReplaceNodes(edits.Keys, (original, _) => edits[original].WithTriviaFrom(original)));
    }
}
