using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers;

/// <summary>How one parameter of a method reaches its outputs: the fewest saturating activations, and whether a normalization restarts the count.</summary>
internal sealed class PathSummary
{
    public PathSummary(int distance, bool reset)
    {
        Distance = distance;
        Reset = reset;
    }

    public int Distance { get; }

    public bool Reset { get; }
}

/// <summary>What a method does to the saturation depth of the values passed through it (per parameter, null when it does not reach an output).</summary>
internal sealed class MethodSummary
{
    public MethodSummary(ImmutableArray<PathSummary?> parameters, ImmutableArray<Location> members, string? activation)
    {
        Parameters = parameters;
        Members = members;
        Activation = activation;
    }

    public ImmutableArray<PathSummary?> Parameters { get; }

    /// <summary>The direct saturating calls inside (what a fix of a stack through this method rewrites).</summary>
    public ImmutableArray<Location> Members { get; }

    /// <summary>The name of the first saturating activation inside, for messages.</summary>
    public string? Activation { get; }

    public int MaxDistance => Parameters.Max(p => p?.Distance ?? 0);
}

/// <summary>The targets a delegate or run-time selected call may have, when some of them saturate.</summary>
internal sealed class SelectableTargets
{
    public SelectableTargets(string description, int depth, ImmutableArray<Location> members)
    {
        Description = description;
        Depth = depth;
        Members = members;
    }

    public string Description { get; }

    public int Depth { get; }

    public ImmutableArray<Location> Members { get; }
}

/// <summary>
/// Per-compilation state of ADG1001: summaries of the methods of the compilation that stacks pass through (computed once,
/// on first use, from their bodies) and the possible targets of delegates that are invoked on a value.
/// </summary>
internal sealed class SaturationContext
{
    private static readonly MethodSummary Opaque = new(ImmutableArray<PathSummary?>.Empty, ImmutableArray<Location>.Empty, null);

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<IMethodSymbol, MethodSummary> _summaries = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, SelectableTargets?> _selectable = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();

    // The methods whose summaries this thread is computing: a call back into one of them (recursion) is opaque.
    [System.ThreadStatic]
    private static HashSet<IMethodSymbol>? s_inProgress;

    public SaturationContext(Compilation compilation, KnownSymbols symbols, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        Symbols = symbols;
        CancellationToken = cancellationToken;
    }

    public KnownSymbols Symbols { get; }

    private CancellationToken CancellationToken { get; }

    /// <summary>
    /// The summary of a source method with a body (null for metadata methods, generated code, or a method on the current
    /// call chain: recursion is treated as opaque). Methods whose summary shows no saturation and no normalization
    /// return null too, so their calls keep the default "outputs depend on inputs" treatment.
    /// </summary>
    public MethodSummary? Summary(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        if (method.DeclaringSyntaxReferences.Length == 0 || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction))
        {
            return null;
        }

        if (!_summaries.TryGetValue(method, out var summary))
        {
            var inProgress = s_inProgress ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            if (!inProgress.Add(method))
            {
                return null;
            }

            try
            {
                summary = Compute(method) ?? Opaque;
            }
            finally
            {
                inProgress.Remove(method);
            }

            summary = _summaries.GetOrAdd(method, summary);
        }

        return ReferenceEquals(summary, Opaque) ? null : summary;
    }

    private MethodSummary? Compute(IMethodSymbol method)
    {
        var reference = method.DeclaringSyntaxReferences[0];
        var tree = reference.SyntaxTree;
        if (tree.FilePath.EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var syntax = reference.GetSyntax(CancellationToken);
        SyntaxNode? body = syntax switch
        {
            MethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody?.Expression,
            LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody?.Expression,
            _ => null,
        };

        // Cheap test first: only bodies that call something can saturate or normalize.
        if (body is null || !body.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.DivideExpression }))
        {
            return null;
        }

        var operation = Model(tree).GetOperation(body, CancellationToken);
        if (operation is null)
        {
            return null;
        }

        var summary = SaturationFlowAnalysis.Summarize(method.Parameters, operation, this);
        return summary.Parameters.Any(p => p is { } path && (path.Distance > 0 || path.Reset)) ? summary : null;
    }

    /// <summary>
    /// The targets a delegate value may have when it is assigned only from method groups and lambdas in this method or,
    /// for a field, in its type; null when none of them saturates or they cannot be found.
    /// </summary>
    public SelectableTargets? Selectable(IOperation delegateValue, IOperation root)
    {
        var symbol = SaturationFlowAnalysis.RootSymbol(delegateValue) ?? (ActivationMatcher.StripConversions(delegateValue) as IPropertyReferenceOperation)?.Property;
        if (symbol is null)
        {
            return null;
        }

        if (symbol is ILocalSymbol)
        {
            return Describe(symbol, AssignedValues(symbol, root));
        }

        if (symbol is IFieldSymbol or IPropertySymbol)
        {
            return _selectable.GetOrAdd(symbol, s => Describe(s, MemberAssignedValues(s)));
        }

        return null;
    }

    private SemanticModel Model(SyntaxTree tree) =>
#pragma warning disable RS1030 // Summaries of methods and fields in other files need their semantic models; each tree's model is created once per compilation and cached here.
        _models.GetOrAdd(tree, t => _compilation.GetSemanticModel(t));
#pragma warning restore RS1030

    private static IEnumerable<IOperation> AssignedValues(ISymbol symbol, IOperation root)
    {
        foreach (var node in root.DescendantsAndSelf())
        {
            switch (node)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, symbol) && declarator.Initializer is { } initializer:
                    yield return initializer.Value;
                    break;
                case ISimpleAssignmentOperation assignment when SymbolEqualityComparer.Default.Equals(SaturationFlowAnalysis.RootSymbol(assignment.Target), symbol):
                    yield return assignment.Value;
                    break;
            }
        }
    }

    private IEnumerable<IOperation> MemberAssignedValues(ISymbol member)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(CancellationToken);
            var model = Model(reference.SyntaxTree);
            var initializer = declaration switch
            {
                VariableDeclaratorSyntax { Initializer: { } value } => value.Value,
                PropertyDeclarationSyntax { Initializer: { } value } => value.Value,
                _ => null,
            };
            if (initializer is not null && model.GetOperation(initializer, CancellationToken) is { } initialValue)
            {
                yield return initialValue;
            }
        }

        foreach (var typeReference in member.ContainingType.DeclaringSyntaxReferences)
        {
            var type = typeReference.GetSyntax(CancellationToken);
            var model = Model(typeReference.SyntaxTree);
            foreach (var assignment in type.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                var name = assignment.Left switch
                {
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                    _ => null,
                };
                if (name == member.Name
                    && model.GetOperation(assignment, CancellationToken) is ISimpleAssignmentOperation operation
                    && SymbolEqualityComparer.Default.Equals(TargetMember(operation.Target), member))
                {
                    yield return operation.Value;
                }
            }
        }
    }

    private static ISymbol? TargetMember(IOperation target) => target switch
    {
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    private SelectableTargets? Describe(ISymbol symbol, IEnumerable<IOperation> values)
    {
        var saturating = new List<(string Name, int Depth, ImmutableArray<Location> Members)>();
        var pending = new Stack<IOperation>(values);
        while (pending.Count > 0)
        {
            var value = pending.Pop();
            value = ActivationMatcher.StripConversions(value);
            switch (value)
            {
                case IDelegateCreationOperation creation:
                    pending.Push(creation.Target);
                    break;
                case IMethodReferenceOperation reference:
                    if (ActivationMatcher.SaturatingMethodName(reference.Method, Symbols) is { } name)
                    {
                        saturating.Add((name, 1, ImmutableArray.Create(reference.Syntax.GetLocation())));
                    }
                    else if (Summary(reference.Method) is { } summary && summary.MaxDistance > 0)
                    {
                        saturating.Add((reference.Method.Name + " (" + summary.Activation + ")", summary.MaxDistance, summary.Members));
                    }

                    break;
                case IAnonymousFunctionOperation lambda:
                    var lambdaSummary = SaturationFlowAnalysis.Summarize(lambda.Symbol.Parameters, lambda.Body, this);
                    if (lambdaSummary.MaxDistance > 0)
                    {
                        saturating.Add(("a lambda (" + lambdaSummary.Activation + ")", lambdaSummary.MaxDistance, lambdaSummary.Members));
                    }

                    break;
                case IConditionalOperation conditional:
                    if (conditional.WhenTrue is not null)
                    {
                        pending.Push(conditional.WhenTrue);
                    }

                    if (conditional.WhenFalse is not null)
                    {
                        pending.Push(conditional.WhenFalse);
                    }

                    break;
                case ISwitchExpressionOperation @switch:
                    foreach (var arm in @switch.Arms)
                    {
                        pending.Push(arm.Value);
                    }

                    break;
                case ICoalesceOperation coalesce:
                    pending.Push(coalesce.Value);
                    pending.Push(coalesce.WhenNull);
                    break;
            }
        }

        if (saturating.Count == 0)
        {
            return null;
        }

        var names = string.Join(", ", saturating.Select(s => s.Name).Distinct().OrderBy(n => n, System.StringComparer.Ordinal));
        var members = saturating.SelectMany(s => s.Members).Distinct().OrderBy(l => l.SourceSpan.Start).ToImmutableArray();
        return new SelectableTargets("'" + symbol.Name + "' (can be " + names + ")", saturating.Max(s => s.Depth), members);
    }
}
