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

namespace AutoDiffGen.CodeFixes;

/// <summary>ADG1001 fixes: "Use ReLU", "Use Leaky ReLU" (any form), "Add a skip connection" (loop-carried scalar).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SaturatingActivationFixer)), Shared]
public sealed class SaturatingActivationFixer : CodeFixProvider
{
    /// <summary>Equivalence key of "Use ReLU".</summary>
    public const string UseReluKey = "ADG1001.UseRelu";

    /// <summary>Equivalence key of "Use Leaky ReLU".</summary>
    public const string UseLeakyReluKey = "ADG1001.UseLeakyRelu";

    /// <summary>Equivalence key of "Add a skip connection".</summary>
    public const string AddSkipConnectionKey = "ADG1001.AddSkipConnection";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.SaturatingActivationInDeepStack);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create((context, document, diagnostics) => FixAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken));

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null || model.Compilation.GetTypeByMetadataName(KnownSymbols.ActivationsMetadataName) is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var single = ImmutableArray.Create(diagnostic);
            context.RegisterCodeFix(
                CodeAction.Create("Use ReLU", ct => FixOrSame(context.Document, single, UseReluKey, ct), UseReluKey),
                diagnostic);
            context.RegisterCodeFix(
                CodeAction.Create("Use Leaky ReLU", ct => FixOrSame(context.Document, single, UseLeakyReluKey, ct), UseLeakyReluKey),
                diagnostic);
            if (diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.CanAddSkipConnection, out var canSkip) && canSkip == "true")
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Add a skip connection", ct => FixOrSame(context.Document, single, AddSkipConnectionKey, ct), AddSkipConnectionKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> FixOrSame(Document document, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken) =>
        await FixAsync(document, diagnostics, key, cancellationToken).ConfigureAwait(false) ?? document;

    private static async Task<Document?> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || key is null)
        {
            return null;
        }

        var symbols = KnownSymbols.Create(model.Compilation);
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var needsUsing = false;
        var changed = false;
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            var node = FindCall(root, diagnostic.Location.SourceSpan);
            if (node is null
                || model.GetOperation(node, cancellationToken) is not { } operation
                || !ActivationMatcher.TryMatchSaturating(operation, symbols, out var call))
            {
                continue;
            }

            if (key == AddSkipConnectionKey)
            {
                var assignment = node.Ancestors().OfType<AssignmentExpressionSyntax>().FirstOrDefault(a => a.IsKind(SyntaxKind.SimpleAssignmentExpression));
                if (assignment?.Left is not IdentifierNameSyntax)
                {
                    continue;
                }

                editor.ReplaceNode(assignment, (current, _) => AddSkipConnection((AssignmentExpressionSyntax)current));
                changed = true;
                continue;
            }

            var newName = key == UseLeakyReluKey ? "LeakyRelu" : "Relu";
            if (call.Form == ActivationForm.Runtime)
            {
                editor.ReplaceNode(node, (current, _) => FixHelpers.Rename((InvocationExpressionSyntax)current, newName));
            }
            else
            {
                needsUsing |= !FixHelpers.Resolves(model, node.SpanStart, "Activations", symbols.Activations);
                var form = call.Form;
                editor.ReplaceNode(node, (current, _) => RuntimeCall(current, form, newName));
            }

            changed = true;
        }

        if (!changed)
        {
            return null;
        }

        var newRoot = editor.GetChangedRoot();
        if (needsUsing)
        {
            newRoot = FixHelpers.EnsureRuntimeUsing(newRoot);
        }

        return document.WithSyntaxRoot(newRoot);
    }

    private static SyntaxNode? FindCall(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        return node.AncestorsAndSelf().FirstOrDefault(n => n.Span == span && n is InvocationExpressionSyntax or BinaryExpressionSyntax);
    }

    /// <summary><c>Math.Tanh(x)</c> or <c>1 / (1 + Math.Exp(-z))</c> → <c>Activations.Relu(x)</c>.</summary>
    private static SyntaxNode RuntimeCall(SyntaxNode current, ActivationForm form, string newName)
    {
        ExpressionSyntax? input = null;
        if (form == ActivationForm.MathTanh && current is InvocationExpressionSyntax invocation && invocation.ArgumentList.Arguments.Count == 1)
        {
            input = invocation.ArgumentList.Arguments[0].Expression;
        }
        else if (form == ActivationForm.Logistic && current is BinaryExpressionSyntax division)
        {
            var sum = StripParentheses(division.Right) as BinaryExpressionSyntax;
            var exp = sum is null ? null : (StripParentheses(sum.Left) as InvocationExpressionSyntax ?? StripParentheses(sum.Right) as InvocationExpressionSyntax);
            if (exp is { ArgumentList.Arguments.Count: 1 } && StripParentheses(exp.ArgumentList.Arguments[0].Expression) is PrefixUnaryExpressionSyntax negation
                && negation.IsKind(SyntaxKind.UnaryMinusExpression))
            {
                input = StripParentheses(negation.Operand);
            }
        }

        if (input is null)
        {
            return current;
        }

        var replacement = SyntaxFactory.ParseExpression("Activations." + newName + "(" + input.WithoutTrivia().ToFullString() + ")");
        return replacement.WithTriviaFrom(current);
    }

    private static ExpressionSyntax StripParentheses(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    /// <summary><c>h = f(h)</c> → <c>h = h + f(h)</c>: the identity path carries the gradient past the activation.</summary>
    private static SyntaxNode AddSkipConnection(AssignmentExpressionSyntax assignment)
    {
        var right = assignment.Right;
        var rightText = right is BinaryExpressionSyntax binary && (binary.IsKind(SyntaxKind.AddExpression) || binary.IsKind(SyntaxKind.MultiplyExpression) || binary.IsKind(SyntaxKind.DivideExpression))
            ? right.WithoutTrivia().ToFullString()
            : FixHelpers.Primary(right);
        var newRight = SyntaxFactory.ParseExpression(assignment.Left.WithoutTrivia().ToFullString() + " + " + rightText).WithTriviaFrom(right);
        return assignment.WithRight(newRight);
    }
}
