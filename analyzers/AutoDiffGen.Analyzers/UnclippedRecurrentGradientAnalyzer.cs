using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers;

/// <summary>
/// ADG1003: the gradient of a differentiable method whose body has a recurrence (a value carried through a
/// multiplication across loop iterations) is applied to weights with no <c>Clipping.*</c> call on it in between.
/// The gradient of a recurrence is a product of one Jacobian per step and can grow exponentially; one large
/// step then throws the weights far away (exploding gradients).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnclippedRecurrentGradientAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.UnclippedRecurrentGradient,
        title: "Unclipped update with the gradient of a recurrence",
        messageFormat: "{0} of '{1}', which applies the same weights again to a state they produced (a recurrence), {2} applied to the weights here without clipping; such gradients can explode. Clip them first (Clipping.ClipByGlobalNorm).",
        category: RuleIdentifiers.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Back-propagation through a recurrence (an RNN or LSTM over time steps, any loop that multiplies a carried state by the same weights) multiplies one Jacobian per step, so the gradient can grow exponentially with the number of steps and one update can throw the weights to infinity. Clip the gradients between computing them and the update, with Clipping.ClipByGlobalNorm over all of them (or ClipByNorm); per-layer weights selected by a loop variable are a deep feed-forward net and are not reported.",
        helpLinkUri: RuleIdentifiers.HelpLink(RuleIdentifiers.UnclippedRecurrentGradient));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = KnownSymbols.Create(start.Compilation);
            if (symbols.Differentiable is null)
            {
                return;
            }

            var state = new State(start.Compilation, symbols);
            start.RegisterOperationBlockAction(block => AnalyzeBlock(block, state));
        });
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, State state)
    {
        var symbols = state.Symbols;
        foreach (var root in context.OperationBlocks)
        {
            List<IOperation>? operations = null;
            foreach (var operation in root.DescendantsAndSelf())
            {
                if (operation is not IInvocationOperation call
                    || !MayBeDerivative(call.TargetMethod, symbols)
                    || FindRecurrentOriginal(call.TargetMethod, state, context.CancellationToken) is not { } original)
                {
                    continue;
                }

                operations ??= root.DescendantsAndSelf().ToList();
                var buffers = GradientBuffers(call, original, symbols).ToList();
                IOperation? firstUpdate = null;
                foreach (var gradient in buffers)
                {
                    var update = FirstUpdateAfter(call, gradient, operations, symbols);
                    if (update is not null && (firstUpdate is null || update.Syntax.SpanStart < firstUpdate.Syntax.SpanStart))
                    {
                        firstUpdate = update;
                    }
                }

                if (firstUpdate is null || IsClippedBetween(call, firstUpdate, operations, state, context.CancellationToken))
                {
                    continue;
                }

                var elementType = buffers.Select(b => ElementType(b.Argument)).FirstOrDefault(t => t is not null) ?? "double";
                var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyNames.ElementType, elementType);
                var names = buffers.Select(b => "'" + b.Symbol.Name + "'").Distinct().ToList();
                var subject = names.Count == 1 ? names[0] + ", the gradient" : string.Join(", ", names) + ", the gradients";
                context.ReportDiagnostic(Diagnostic.Create(
                    RuleIdentifiers.For(Rule, context.Options),
                    firstUpdate.Syntax.GetLocation(),
                    additionalLocations: new[] { call.Syntax.GetLocation() }.Concat(buffers.Select(b => b.Argument.Syntax.GetLocation())),
                    properties,
                    subject,
                    original.Name,
                    names.Count == 1 ? "is" : "are"));
            }
        }
    }

    /// <summary>Cheap filter: a generated gradient (<c>*Gradient</c>/<c>*Backward</c>) or a hand-written derivative.</summary>
    private static bool MayBeDerivative(IMethodSymbol method, KnownSymbols symbols) =>
        method.Name.EndsWith("Gradient", System.StringComparison.Ordinal)
        || method.Name.EndsWith("Backward", System.StringComparison.Ordinal)
        || symbols.DerivativeOfTargets(method).Any();

    /// <summary>
    /// For a call to <c>FGradient</c>/<c>FBackward</c> generated for a <c>[Differentiable]</c> <c>F</c>, or to a hand-written
    /// <c>[DerivativeOf(nameof(F))]</c> derivative: that <c>F</c>, if its body has a recurrence.
    /// </summary>
    private static IMethodSymbol? FindRecurrentOriginal(IMethodSymbol method, State state, CancellationToken cancellationToken)
    {
        var symbols = state.Symbols;
        var candidates = new List<(string Name, bool MustBeDifferentiable)>();
        foreach (var target in symbols.DerivativeOfTargets(method))
        {
            candidates.Add((target, false));
        }

        foreach (var suffix in new[] { "Gradient", "Backward" })
        {
            if (method.Name.Length > suffix.Length && method.Name.EndsWith(suffix, System.StringComparison.Ordinal))
            {
                candidates.Add((method.Name.Substring(0, method.Name.Length - suffix.Length), true));
            }
        }

        foreach (var (name, mustBeDifferentiable) in candidates)
        {
            foreach (var member in method.ContainingType.GetMembers(name))
            {
                if (member is not IMethodSymbol original
                    || original.Parameters.Length >= method.Parameters.Length
                    || (mustBeDifferentiable && !symbols.IsDifferentiable(original)))
                {
                    continue;
                }

                if (state.Recurrent.GetOrAdd(original, o => HasRecurrentBody(o, state, cancellationToken)))
                {
                    return original;
                }
            }
        }

        return null;
    }

    private static bool HasRecurrentBody(IMethodSymbol method, State state, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            SyntaxNode? body = syntax switch
            {
                MethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
                LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
                _ => null,
            };
            if (body is not null && RecurrenceDetector.HasRecurrence(body, state.Model(reference.SyntaxTree)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The gradients the call fills: parameters past the original's that are <c>Span&lt;T&gt;</c> buffers, or the
    /// <c>out</c>/<c>ref</c> scalars of scalar weights (<c>LossGradient(u, w, xs, out var du, out var dw)</c>).
    /// </summary>
    private static IEnumerable<GradientBuffer> GradientBuffers(IInvocationOperation call, IMethodSymbol original, KnownSymbols symbols)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is not { } parameter
                || parameter.Ordinal < original.Parameters.Length
                || !(parameter.RefKind == RefKind.None ? symbols.IsWritableSpan(parameter.Type) : IsScalarGradient(parameter))
                || SaturationFlowAnalysis.RootSymbol(argument.Value) is not { } root)
            {
                continue;
            }

            yield return new GradientBuffer(root, argument.Value);
        }
    }

    private static bool IsScalarGradient(IParameterSymbol parameter) =>
        parameter.RefKind is RefKind.Out or RefKind.Ref && parameter.Type.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

    private static string? ElementType(IOperation argument)
    {
        var type = (argument is IConversionOperation conversion ? conversion.Type : argument.Type) as INamedTypeSymbol;
        var element = type is { TypeArguments.Length: 1 } ? type.TypeArguments[0] : type;
        return element?.SpecialType switch
        {
            SpecialType.System_Double => "double",
            SpecialType.System_Single => "float",
            _ => null,
        };
    }

    /// <summary>
    /// The first weight update after the call that reads the gradient: <c>w[i] -= lr * g[i]</c>, <c>w[i] = w[i] - lr * g[i]</c>
    /// where <c>w</c> was passed to the gradient call,
    /// or a call to a method named like an optimizer step (<c>*Step*</c>, <c>*Update*</c>, <c>*Apply*</c>) that is given the gradient.
    /// </summary>
    private static IOperation? FirstUpdateAfter(IInvocationOperation call, GradientBuffer gradient, List<IOperation> operations, KnownSymbols symbols)
    {
        // Weights are what the gradient was taken of: the variables passed to the call that are not gradient buffers.
        var weights = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var argument in call.Arguments)
        {
            if (SaturationFlowAnalysis.RootSymbol(argument.Value) is { } root && !Same(root, gradient.Symbol))
            {
                weights.Add(root);
            }
        }

        var after = call.Syntax.Span.End;
        foreach (var operation in operations.Where(o => o.Syntax.SpanStart >= after).OrderBy(o => o.Syntax.SpanStart))
        {
            switch (operation)
            {
                case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } compound
                    when SaturationFlowAnalysis.RootSymbol(compound.Target) is { } updated && weights.Contains(updated) && Reads(compound.Value, gradient.Symbol):
                    return compound;
                case ISimpleAssignmentOperation assignment
                    when SaturationFlowAnalysis.RootSymbol(assignment.Target) is { } target
                         && weights.Contains(target)
                         && Reads(assignment.Value, gradient.Symbol)
                         && Reads(assignment.Value, target):
                    return assignment;
                case IInvocationOperation invocation
                    when IsOptimizerStep(invocation.TargetMethod, symbols) && invocation.Arguments.Any(a => Reads(a.Value, gradient.Symbol)):
                    return invocation;
            }
        }

        return null;
    }

    private static bool IsOptimizerStep(IMethodSymbol method, KnownSymbols symbols)
    {
        if (symbols.IsClipping(method.ContainingType))
        {
            return false;
        }

        var name = method.Name;
        return name.IndexOf("Step", System.StringComparison.OrdinalIgnoreCase) >= 0
            || name.IndexOf("Update", System.StringComparison.OrdinalIgnoreCase) >= 0
            || name.StartsWith("Apply", System.StringComparison.Ordinal);
    }

    /// <summary>
    /// True when a <c>Clipping.*</c> call, or a call to a method of this compilation that clips, runs between the
    /// gradient call and the update: whatever it is given (a list of all gradients, a field holding them), the user clips.
    /// </summary>
    private static bool IsClippedBetween(IInvocationOperation call, IOperation update, List<IOperation> operations, State state, CancellationToken cancellationToken)
    {
        var start = call.Syntax.Span.End;
        var end = update.Syntax.SpanStart;
        foreach (var operation in operations)
        {
            if (operation is IInvocationOperation clip
                && clip.Syntax.SpanStart >= start
                && clip.Syntax.SpanStart < end
                && (state.Symbols.IsClipping(clip.TargetMethod.ContainingType) || state.Clips(clip.TargetMethod, cancellationToken)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Reads(IOperation operation, ISymbol symbol)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            ISymbol? read = descendant switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation field => field.Field,
                _ => null,
            };
            if (Same(read, symbol))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Same(ISymbol? left, ISymbol? right) => SymbolEqualityComparer.Default.Equals(left, right);

    /// <summary>Per-compilation caches: which methods have a recurrence, which helpers clip, semantic models of other files.</summary>
    private sealed class State
    {
        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _clips = new(SymbolEqualityComparer.Default);

        public State(Compilation compilation, KnownSymbols symbols)
        {
            _compilation = compilation;
            Symbols = symbols;
        }

        public KnownSymbols Symbols { get; }

        public ConcurrentDictionary<IMethodSymbol, bool> Recurrent { get; } = new(SymbolEqualityComparer.Default);

        public SemanticModel Model(SyntaxTree tree) =>
#pragma warning disable RS1030 // The recurrent method usually lives in another file than the training loop; each model is created once per compilation and cached.
            _models.GetOrAdd(tree, t => _compilation.GetSemanticModel(t));
#pragma warning restore RS1030

        /// <summary>True for a source method whose body calls <c>Clipping.*</c> (a helper such as <c>ClipGradients()</c>).</summary>
        public bool Clips(IMethodSymbol method, CancellationToken cancellationToken) =>
            method.DeclaringSyntaxReferences.Length > 0
            && _clips.GetOrAdd(method, m => m.DeclaringSyntaxReferences.Any(reference =>
                reference.GetSyntax(cancellationToken).DescendantNodes().OfType<MemberAccessExpressionSyntax>()
                    .Any(access => access.Expression is IdentifierNameSyntax { Identifier.ValueText: "Clipping" } or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Clipping" })));
    }

    private readonly struct GradientBuffer
    {
        public GradientBuffer(ISymbol symbol, IOperation argument)
        {
            Symbol = symbol;
            Argument = argument;
        }

        public ISymbol Symbol { get; }

        public IOperation Argument { get; }
    }
}
