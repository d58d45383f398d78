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

/// <summary>
/// ADG1001 fixes. Each rewrites the whole stack the diagnostic lists (every layer of the chain, inside helpers too), so one
/// Fix All converges. Offered safest first: a skip connection (keeps the activation, adds an identity path), then Leaky
/// ReLU and ReLU, which also switch the Glorot/LeCun initialization of the weights that now feed them to He (ADG1002 would
/// otherwise follow). A LayerNorm before each activation is not offered: run on the experiments it left a sigmoid stack
/// vanishing (sigmoid's outputs are not centred) and made an 8-layer tanh stack's first/last gradient ratio 17 times worse.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SaturatingActivationFixer)), Shared]
public sealed class SaturatingActivationFixer : CodeFixProvider
{
    /// <summary>Equivalence key of "Add a skip connection".</summary>
    public const string AddSkipConnectionKey = "ADG1001.AddSkipConnection";

    /// <summary>Equivalence key of "Use Leaky ReLU".</summary>
    public const string UseLeakyReluKey = "ADG1001.UseLeakyRelu";

    /// <summary>Equivalence key of "Use ReLU".</summary>
    public const string UseReluKey = "ADG1001.UseRelu";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.SaturatingActivationInDeepStack);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) => await FixAsync(document, await CurrentDiagnostics.ForAsync(document, diagnostics, new SaturatingActivationAnalyzer(), RuleIdentifiers.SaturatingActivationInDeepStack, context.CancellationToken).ConfigureAwait(false), context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || model.Compilation.GetTypeByMetadataName(KnownSymbols.ActivationsMetadataName) is null)
        {
            return;
        }

        var symbols = KnownSymbols.Create(model.Compilation);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.Recurrent, out var recurrent) && recurrent == "true")
            {
                // An RNN's state over time: a skip connection turns it into a running sum and ReLU lets it grow without
                // bound (run on a 60-step tanh RNN, the skip connection left its loss at 0.85 where the unfixed model
                // reached 0.03). The cure is a gated cell (GRU, LSTM), which no local rewrite writes.
                continue;
            }

            var target = diagnostic;
            var stack = Stack.Find(root, model, symbols, diagnostic, context.CancellationToken);
            if (stack is null
                && await CurrentDiagnostics.MatchAsync(context.Document, diagnostic, new SaturatingActivationAnalyzer(), context.CancellationToken).ConfigureAwait(false) is { } moved)
            {
                // Handed a diagnostic from before another rule's fix moved the code (dotnet format): use it where it is now.
                target = moved;
                stack = Stack.Find(root, model, symbols, moved, context.CancellationToken);
            }

            if (stack is null)
            {
                continue;
            }

            var single = ImmutableArray.Create(target);
            void Register(string title, string key) =>
                context.RegisterCodeFix(CodeAction.Create(title, ct => FixOrSame(context.Document, single, key, ct), key), diagnostic);

            if (stack.SkipEdits.Count > 0)
            {
                Register("Add a skip connection (h = h + f(h))", AddSkipConnectionKey);
            }

            if (stack.CanSwitchActivation)
            {
                Register("Use Leaky ReLU (and He initialization)", UseLeakyReluKey);

                // One unit per layer: a single negative pre-activation makes ReLU's output and gradient exactly 0 for the
                // whole stack (a dying-ReLU net), so plain ReLU is offered only for layers of many units (span forms).
                if (stack.Members.All(m => m.Output is not null))
                {
                    Register("Use ReLU (and He initialization)", UseReluKey);
                }
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
        var edits = new Dictionary<SyntaxNode, SyntaxNode>();
        var inserts = new Dictionary<StatementSyntax, List<StatementSyntax>>();
        var switches = new Dictionary<SyntaxNode, Member>();
        var needsUsing = false;
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.Recurrent, out var recurrent) && recurrent == "true")
            {
                continue; // Fix All over a document leaves RNNs alone too (see RegisterCodeFixesAsync).
            }

            var stack = Stack.Find(root, model, symbols, diagnostic, cancellationToken);
            if (stack is null)
            {
                continue;
            }

            switch (key)
            {
                case AddSkipConnectionKey:
                    foreach (var edit in stack.SkipEdits)
                    {
                        edits[edit.Key] = edit.Value;
                    }

                    foreach (var insert in stack.SkipInserts)
                    {
                        if (!inserts.TryGetValue(insert.Key, out var list))
                        {
                            inserts[insert.Key] = list = new List<StatementSyntax>();
                        }

                        list.AddRange(insert.Value);
                    }

                    break;
                case UseLeakyReluKey or UseReluKey when stack.CanSwitchActivation:
                    foreach (var member in stack.Members)
                    {
                        switches[member.Node] = member;
                        needsUsing |= member.Form != ActivationForm.Runtime;
                    }

                    break;
            }
        }

        if (edits.Count == 0 && switches.Count == 0)
        {
            return null;
        }

        foreach (var pair in inserts)
        {
            var indentation = pair.Key.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
            editor.InsertBefore(pair.Key, pair.Value.Select(st => st.WithLeadingTrivia(indentation).WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"))));
        }

        foreach (var pair in edits)
        {
            var replacement = pair.Value;
            editor.ReplaceNode(pair.Key, (current, _) => replacement.WithTriviaFrom(current));
        }

        // Nested activations (tanh(w * tanh(x))) are rewritten from the innermost out, each from its current text.
        var activationName = key == UseLeakyReluKey ? "LeakyRelu" : "Relu";
        foreach (var pair in switches.OrderByDescending(p => p.Key.SpanStart))
        {
            var member = pair.Value;
            editor.ReplaceNode(pair.Key, (current, _) => SwitchActivation(current, member.Form, activationName).WithTriviaFrom(current));
        }

        var newRoot = editor.GetChangedRoot();
        if (needsUsing)
        {
            newRoot = FixHelpers.EnsureRuntimeUsing(newRoot);
        }

        var changed = document.WithSyntaxRoot(newRoot);
        if (key is UseLeakyReluKey or UseReluKey)
        {
            changed = await PairedInitialization.SwitchToHeAsync(changed, cancellationToken).ConfigureAwait(false);
        }

        return changed;
    }

    /// <summary>An activation call rewritten to a ReLU-family one, for each way sigmoid/tanh can be written (from the current node).</summary>
    private static SyntaxNode SwitchActivation(SyntaxNode node, ActivationForm form, string name)
    {
        switch (form)
        {
            case ActivationForm.Runtime when node is InvocationExpressionSyntax invocation:
                return FixHelpers.Rename(invocation, name);
            case ActivationForm.MathTanh when node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } tanh:
                return SyntaxFactory.ParseExpression("Activations." + name + "(" + tanh.ArgumentList.Arguments[0].Expression.WithoutTrivia().ToFullString() + ")");
            case ActivationForm.Logistic when LogisticInput(node) is { } z && node is BinaryExpressionSyntax { Left: var one }
                                               && StripParentheses(one) is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "One" } genericOne:
                // Generic math (T.One / (T.One + T.Exp(-z))): the library's activations take double or float, so write it with T.
                var numeric = genericOne.Expression.WithoutTrivia().ToString();
                var input = FixHelpers.Primary(z);
                return SyntaxFactory.ParseExpression(name == "Relu"
                    ? numeric + ".Max(" + input + ", " + numeric + ".Zero)"
                    : numeric + ".Max(" + input + ", " + numeric + ".CreateTruncating(0.01) * " + input + ")");
            case ActivationForm.Logistic when LogisticInput(node) is { } z:
                return SyntaxFactory.ParseExpression("Activations." + name + "(" + z.WithoutTrivia().ToFullString() + ")");
            case ActivationForm.GenericTanh when node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1, Expression: MemberAccessExpressionSyntax access } generic:
                var type = access.Expression.WithoutTrivia().ToString();
                var x = FixHelpers.Primary(generic.ArgumentList.Arguments[0].Expression);
                return SyntaxFactory.ParseExpression(name == "Relu"
                    ? type + ".Max(" + x + ", " + type + ".Zero)"
                    : type + ".Max(" + x + ", " + type + ".CreateTruncating(0.01) * " + x + ")");
            case ActivationForm.Selected:
                // A method group given to a delegate: a lambda keeps the delegate's shape (LeakyRelu has an optional slope).
                return SyntaxFactory.ParseExpression("x => Activations." + name + "(x)");
            default:
                return node;
        }
    }

    private static ExpressionSyntax? LogisticInput(SyntaxNode node)
    {
        if (node is not BinaryExpressionSyntax division)
        {
            return null;
        }

        var sum = StripParentheses(division.Right) as BinaryExpressionSyntax;
        var exp = sum is null ? null : (StripParentheses(sum.Left) as InvocationExpressionSyntax ?? StripParentheses(sum.Right) as InvocationExpressionSyntax);
        return exp is { ArgumentList.Arguments.Count: 1 } && StripParentheses(exp.ArgumentList.Arguments[0].Expression) is PrefixUnaryExpressionSyntax negation
            && negation.IsKind(SyntaxKind.UnaryMinusExpression)
            ? StripParentheses(negation.Operand)
            : null;
    }

    private static ExpressionSyntax StripParentheses(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    /// <summary>One direct activation call of a stack, in this document.</summary>
    private sealed class Member
    {
        public Member(SyntaxNode node, ActivationForm form, ExpressionSyntax? input, ExpressionSyntax? output, string elementType)
        {
            Node = node;
            Form = form;
            Input = input;
            Output = output;
            ElementType = elementType;
        }

        public SyntaxNode Node { get; }

        public ActivationForm Form { get; }

        public ExpressionSyntax? Input { get; }

        public ExpressionSyntax? Output { get; }

        public string ElementType { get; }
    }

    /// <summary>The stack a diagnostic names, resolved in the document, and which rewrites apply to all of it.</summary>
    private sealed class Stack
    {
        private Stack(List<Member> members, Dictionary<SyntaxNode, SyntaxNode> skipEdits, Dictionary<StatementSyntax, List<StatementSyntax>> skipInserts)
        {
            Members = members;
            SkipEdits = skipEdits;
            SkipInserts = skipInserts;
        }

        /// <summary>Buffers the skip connection allocates once, before the outermost loop (no stackalloc inside loops).</summary>
        public Dictionary<StatementSyntax, List<StatementSyntax>> SkipInserts { get; }

        public List<Member> Members { get; }

        public Dictionary<SyntaxNode, SyntaxNode> SkipEdits { get; }

        public bool CanSwitchActivation => Members.Count > 0;

        public static StatementSyntax? OutermostLoop(SyntaxNode node)
        {
            StatementSyntax? outermost = null;
            foreach (var ancestor in node.Ancestors())
            {
                if (ancestor is MemberDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)
                {
                    break;
                }

                if (ancestor is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
                {
                    outermost = (StatementSyntax)ancestor;
                }
            }

            return outermost;
        }

        public static Stack? Find(SyntaxNode root, SemanticModel model, KnownSymbols symbols, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var members = new List<Member>();
            foreach (var location in diagnostic.AdditionalLocations.Count > 0 ? diagnostic.AdditionalLocations : (IReadOnlyList<Location>)new[] { diagnostic.Location })
            {
                if (location.SourceTree != root.SyntaxTree)
                {
                    // A member in another file (a helper elsewhere): a partial rewrite would leave the stack; offer no rewrite.
                    return null;
                }

                var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true)
                    .AncestorsAndSelf().FirstOrDefault(n => n.Span == location.SourceSpan && n is ExpressionSyntax);
                if (node is null)
                {
                    return null;
                }

                var operation = model.GetOperation(node, cancellationToken);
                if (operation is not null && ActivationMatcher.TryMatchSaturating(operation, symbols, out var call))
                {
                    var input = call.Input?.Syntax as ExpressionSyntax;
                    var output = call.SpanOutput?.Syntax as ExpressionSyntax;
                    var element = (call.Input?.Type as INamedTypeSymbol)?.TypeArguments.FirstOrDefault()?.SpecialType == SpecialType.System_Single
                        || call.Input?.Type?.SpecialType == SpecialType.System_Single ? "float" : "double";
                    members.Add(new Member(node, call.Form, input, output, element));
                }
                else if (operation is IMethodReferenceOperation or IDelegateCreationOperation)
                {
                    members.Add(new Member(node, ActivationForm.Selected, null, null, "double"));
                }
                else
                {
                    return null;
                }
            }

            if (members.Count == 0)
            {
                return null;
            }

            var first = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var isLoop = diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.Form, out var form) && form == DiagnosticPropertyNames.LoopForm;
            diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.Carried, out var carried);
            var skipInserts = new Dictionary<StatementSyntax, List<StatementSyntax>>();
            var skip = isLoop && carried is not null
                ? LoopSkipEdits(first, members, carried, skipInserts, model, cancellationToken)
                : ChainSkipEdits(members, model, cancellationToken);
            return new Stack(members, skip, skipInserts);

        }

        /// <summary>
        /// Loop form: <c>h = f(...)</c> → <c>h = h + f(...)</c>; <c>Activations.Tanh(z, h)</c> → into a step buffer added to
        /// <c>h</c>; <c>next.CopyTo(h)</c> after a layer call → <c>h[i] += next[i]</c>. Every member must be covered.
        /// </summary>
        private static Dictionary<SyntaxNode, SyntaxNode> LoopSkipEdits(SyntaxNode first, List<Member> members, string carried, Dictionary<StatementSyntax, List<StatementSyntax>> inserts, SemanticModel model, CancellationToken cancellationToken)
        {
            var edits = new Dictionary<SyntaxNode, SyntaxNode>();
            var loop = first.Ancestors().FirstOrDefault(a => a is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax);
            if (loop is null)
            {
                return edits;
            }

            // h = f(h) as a scalar assignment of the carried variable.
            var assignment = first.AncestorsAndSelf().OfType<AssignmentExpressionSyntax>()
                .FirstOrDefault(a => a.IsKind(SyntaxKind.SimpleAssignmentExpression) && a.Left is IdentifierNameSyntax { Identifier.ValueText: var name } && name == carried);
            var scalar = assignment is not null && model.GetTypeInfo(assignment.Left, cancellationToken).Type is { } carriedType
                && (carriedType.SpecialType is SpecialType.System_Double or SpecialType.System_Single || carriedType is ITypeParameterSymbol);
            if (scalar && members.All(m => assignment!.Right.Span.Contains(m.Node.Span) || !loop.Span.Contains(m.Node.Span)))
            {
                edits[assignment!] = assignment!.WithRight(SyntaxFactory.ParseExpression(carried + " + " + FixHelpers.Primary(assignment.Right)).WithTriviaFrom(assignment.Right));
                return edits;
            }

            // next.CopyTo(h): the layer's output replaces the carried buffer; add it instead.
            var copy = loop.DescendantNodes().OfType<InvocationExpressionSyntax>().FirstOrDefault(i =>
                i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CopyTo" }
                && i.ArgumentList.Arguments.Count == 1
                && i.ArgumentList.Arguments[0].Expression is IdentifierNameSyntax { Identifier.ValueText: var target } && target == carried
                && i.Parent is ExpressionStatementSyntax);
            if (copy is not null && copy.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax source })
            {
                var loopText = $"for (int i = 0; i < {carried}.Length; i++) {carried}[i] += {source.Identifier.ValueText}[i];";
                edits[copy.Parent!] = SyntaxFactory.ParseStatement(loopText);
                return edits;
            }

            // Activations.Tanh(z, h) writing the carried buffer directly: write a step buffer and add it.
            var direct = members.Where(m => m.Output is IdentifierNameSyntax { Identifier.ValueText: var output } && output == carried).ToList();
            if (direct.Count == 1 && direct[0].Node.Parent is ExpressionStatementSyntax statement && statement.Parent is BlockSyntax
                && OutermostLoop(statement) is { } outermost && members.All(m => loop.Span.Contains(m.Node.Span)))
            {
                var call = (InvocationExpressionSyntax)direct[0].Node;
                var step = carried + "Step";
                var renamed = call.ReplaceNode(direct[0].Output!, SyntaxFactory.IdentifierName(step));
                var element = direct[0].ElementType;
                inserts[outermost] = new List<StatementSyntax> { SyntaxFactory.ParseStatement($"Span<{element}> {step} = stackalloc {element}[{carried}.Length];") };
                edits[statement] = SyntaxFactory.ParseStatement(
                    $"{{ {renamed.WithoutTrivia()}; for (int i = 0; i < {carried}.Length; i++) {carried}[i] += {step}[i]; }}");
            }

            return edits;
        }

        /// <summary>Chain form: <c>double h2 = f(h1 ...)</c> → <c>double h2 = h1 + f(h1 ...)</c> for every member after the first.</summary>
        private static Dictionary<SyntaxNode, SyntaxNode> ChainSkipEdits(List<Member> members, SemanticModel model, CancellationToken cancellationToken)
        {
            var edits = new Dictionary<SyntaxNode, SyntaxNode>();
            var outputs = new Dictionary<ISymbol, Member>(SymbolEqualityComparer.Default);
            foreach (var member in members)
            {
                if (member.Node.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                    && model.GetDeclaredSymbol(declarator, cancellationToken) is { } declared)
                {
                    outputs[declared] = member;
                }
                else if (member.Node.Parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax left } && model.GetSymbolInfo(left, cancellationToken).Symbol is { } assigned)
                {
                    outputs[assigned] = member;
                }
            }

            if (outputs.Count != members.Count)
            {
                return edits;
            }

            foreach (var member in members)
            {
                var previous = member.Input?.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
                    .Select(i => model.GetSymbolInfo(i, cancellationToken).Symbol)
                    .FirstOrDefault(s => s is not null && outputs.ContainsKey(s) && !ReferenceEquals(outputs[s], member));
                if (previous is null)
                {
                    continue;
                }

                edits[member.Node] = SyntaxFactory.ParseExpression(previous.Name + " + " + member.Node.WithoutTrivia().ToFullString());
            }

            // Every link but the first must get its identity path.
            return edits.Count == members.Count - 1 && edits.Count > 0 ? edits : new Dictionary<SyntaxNode, SyntaxNode>();
        }
    }
}
