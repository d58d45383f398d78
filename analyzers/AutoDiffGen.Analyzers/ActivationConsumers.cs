using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers;

/// <summary>The activations that consume the output of a layer whose weights are one buffer (what its initialization must suit).</summary>
internal sealed class ConsumerSet
{
    public static readonly ConsumerSet None = new(ImmutableSortedSet<string>.Empty, false);

    public ConsumerSet(ImmutableSortedSet<string> activations, bool outputTainted)
    {
        Activations = activations;
        OutputTainted = outputTainted;
    }

    /// <summary>Names of the activation functions applied to values computed linearly from the buffer.</summary>
    public ImmutableSortedSet<string> Activations { get; }

    /// <summary>Summaries of helpers: whether the helper's output is still a linear function of the parameter (no activation in between).</summary>
    public bool OutputTainted { get; }
}

/// <summary>
/// For ADG1002: follows a weight buffer into the differentiable code that uses it (a parameter of a
/// <c>[Differentiable]</c> method it is passed to, directly or through the generated <c>Gradient</c>/<c>Backward</c>,
/// or a field read by differentiable methods) and collects the activations applied to the values computed from it
/// before any other activation: the nonlinearity the layer with those weights feeds.
/// </summary>
internal sealed class ActivationConsumers
{
    private readonly Compilation _compilation;
    private readonly KnownSymbols _symbols;
    private readonly CancellationToken _cancellationToken;
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();
    private readonly ConcurrentDictionary<(IMethodSymbol Method, int Ordinal), ConsumerSet> _parameterCache = new();
    private readonly ConcurrentDictionary<ISymbol, ConsumerSet> _fieldCache = new(SymbolEqualityComparer.Default);

    [System.ThreadStatic]
    private static HashSet<IMethodSymbol>? s_inProgress;

    public ActivationConsumers(Compilation compilation, KnownSymbols symbols, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _symbols = symbols;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The activations fed by layers that use <paramref name="buffer"/>, searched from the method and type where it is initialized.</summary>
    public (ImmutableSortedSet<string> Activations, string? Method) ForBuffer(ISymbol buffer, IOperation initRoot, INamedTypeSymbol? initType)
    {
        var activations = ImmutableSortedSet<string>.Empty.WithComparer(System.StringComparer.Ordinal);
        string? method = null;

        // Uses in the method that initializes (a local buffer), then in the types of the initializer and of the field.
        var scopes = new List<IOperation> { initRoot };
        var types = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);

        // A local packed into a returned parameter set (return new[] { w1, b1, w2, ... }): element k of that set.
        var packedIndex = PackedIndex(buffer, initRoot);
        if (packedIndex is not null && initType is not null)
        {
            types.Add(initType);
        }

        if (buffer is IFieldSymbol or IPropertySymbol)
        {
            if (initType is not null)
            {
                types.Add(initType);
            }

            types.Add(buffer.ContainingType);
        }

        foreach (var type in types)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var model = Model(reference.SyntaxTree);
                foreach (var member in reference.GetSyntax(_cancellationToken).DescendantNodes().OfType<BaseMethodDeclarationSyntax>())
                {
                    if (model.GetDeclaredSymbol(member, _cancellationToken) is IMethodSymbol declared && _symbols.IsDifferentiable(declared))
                    {
                        // A differentiable method that reads the field itself.
                        var set = ForField(buffer, declared);
                        if (!set.Activations.IsEmpty)
                        {
                            activations = activations.Union(set.Activations);
                            method ??= declared.Name;
                        }

                        continue;
                    }

                    var body = (SyntaxNode?)member.Body ?? member.ExpressionBody;
                    if (body is not null && model.GetOperation(body, _cancellationToken) is { } operation)
                    {
                        scopes.Add(operation);
                    }
                }
            }
        }

        if (buffer is IFieldSymbol or IPropertySymbol)
        {
            // A layer object's weights used by another type (a network looping over List<Layer> passes layer.W to the
            // layer's differentiable method): the methods elsewhere that name the member are searched too.
            scopes.AddRange(MethodsNaming(buffer, types));
        }

        foreach (var scope in scopes)
        {
            foreach (var invocation in scope.DescendantsAndSelf().OfType<IInvocationOperation>())
            {
                if (Differentiable(invocation.TargetMethod) is not { } target)
                {
                    continue;
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter is { } parameter && parameter.Ordinal < target.Parameters.Length
                        && (SymbolEqualityComparer.Default.Equals(SaturationFlowAnalysis.RootSymbol(argument.Value), buffer)
                            || (packedIndex is int k && IsElement(argument.Value, k))))
                    {
                        var set = ForParameter(target, parameter.Ordinal);
                        if (!set.Activations.IsEmpty)
                        {
                            activations = activations.Union(set.Activations);
                            method ??= target.Name;
                        }
                    }
                }
            }
        }

        return (activations, method);
    }

    /// <summary>Bodies of methods outside <paramref name="searched"/> that access a member named like <paramref name="member"/> (<c>x.W</c>).</summary>
    private IEnumerable<IOperation> MethodsNaming(ISymbol member, HashSet<INamedTypeSymbol> searched)
    {
        foreach (var tree in _compilation.SyntaxTrees)
        {
            if (tree.FilePath.EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var methods = new HashSet<BaseMethodDeclarationSyntax>();
            foreach (var access in tree.GetRoot(_cancellationToken).DescendantNodes().OfType<MemberAccessExpressionSyntax>())
            {
                if (access.Name.Identifier.ValueText == member.Name
                    && access.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>() is { } method
                    && method.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } type
                    && !searched.Any(t => t.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == tree && r.Span.Contains(type.Span))))
                {
                    methods.Add(method);
                }
            }

            foreach (var method in methods)
            {
                var body = (SyntaxNode?)method.Body ?? method.ExpressionBody;
                if (body is not null && Model(tree).GetOperation(body, _cancellationToken) is { } operation)
                {
                    yield return operation;
                }
            }
        }
    }

    /// <summary>The position of a local in an array of arrays the method returns (a parameter set), or null.</summary>
    private static int? PackedIndex(ISymbol buffer, IOperation root)
    {
        if (buffer is not ILocalSymbol)
        {
            return null;
        }

        foreach (var node in root.DescendantsAndSelf())
        {
            if (node is IReturnOperation { ReturnedValue: { } value })
            {
                var elements = ActivationMatcher.StripConversions(value) switch
                {
                    IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
                    ICollectionExpressionOperation collection => collection.Elements,
                    _ => default,
                };
                if (elements.IsDefault)
                {
                    continue;
                }

                for (var k = 0; k < elements.Length; k++)
                {
                    if (SymbolEqualityComparer.Default.Equals(SaturationFlowAnalysis.RootSymbol(elements[k]), buffer))
                    {
                        return k;
                    }
                }
            }
        }

        return null;
    }

    /// <summary><c>p[k]</c> for an array of arrays <c>p</c> (the parameter set passed back in).</summary>
    private static bool IsElement(IOperation argument, int index) =>
        ActivationMatcher.StripConversions(argument) is IArrayElementReferenceOperation { Indices.Length: 1 } element
        && element.Indices[0].ConstantValue is { HasValue: true, Value: int constant } && constant == index
        && element.ArrayReference.Type is IArrayTypeSymbol { ElementType: IArrayTypeSymbol };

    /// <summary>The <c>[Differentiable]</c> method a call reaches: itself, or the original of a generated Gradient/Backward.</summary>
    private IMethodSymbol? Differentiable(IMethodSymbol method)
    {
        if (_symbols.IsDifferentiable(method))
        {
            return method;
        }

        foreach (var suffix in new[] { "Gradient", "Backward" })
        {
            if (method.Name.Length > suffix.Length && method.Name.EndsWith(suffix, System.StringComparison.Ordinal))
            {
                var name = method.Name.Substring(0, method.Name.Length - suffix.Length);
                foreach (var member in method.ContainingType.GetMembers(name))
                {
                    if (member is IMethodSymbol original && _symbols.IsDifferentiable(original) && original.Parameters.Length < method.Parameters.Length)
                    {
                        return original;
                    }
                }
            }
        }

        return null;
    }

    private ConsumerSet ForField(ISymbol field, IMethodSymbol method) =>
        Analyze(method, tainted => tainted.Add(field));

    private ConsumerSet ForParameter(IMethodSymbol method, int ordinal) =>
        _parameterCache.GetOrAdd((method.OriginalDefinition, ordinal), key => Analyze(key.Method, tainted => tainted.Add(key.Method.Parameters[key.Ordinal])));

    private ConsumerSet Analyze(IMethodSymbol method, System.Action<HashSet<ISymbol>> seed)
    {
        if (method.DeclaringSyntaxReferences.Length == 0)
        {
            return ConsumerSet.None;
        }

        var inProgress = s_inProgress ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        if (!inProgress.Add(method))
        {
            return ConsumerSet.None;
        }

        try
        {
            var reference = method.DeclaringSyntaxReferences[0];
            var syntax = reference.GetSyntax(_cancellationToken);
            SyntaxNode? body = syntax switch
            {
                BaseMethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
                LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
                _ => null,
            };
            if (body is null || Model(reference.SyntaxTree).GetOperation(body, _cancellationToken) is not { } operation)
            {
                return ConsumerSet.None;
            }

            var walker = new TaintWalker(this, _symbols);
            seed(walker.Tainted);

            // Two passes: a loop that carries a linear value into the next iteration taints it on the second.
            walker.Walk(operation);
            walker.Walk(operation);
            var output = walker.OutputTainted
                || method.Parameters.Any(p => (p.RefKind is RefKind.Out or RefKind.Ref || _symbols.IsWritableSpan(p.Type)) && walker.Tainted.Contains(p));
            return new ConsumerSet(walker.Activations.ToImmutableSortedSet(System.StringComparer.Ordinal), output);
        }
        finally
        {
            inProgress.Remove(method);
        }
    }

    private SemanticModel Model(SyntaxTree tree) =>
#pragma warning disable RS1030 // Weights are initialized in one file and used in another (a trainer and a model); each model is created once per compilation and cached.
        _models.GetOrAdd(tree, t => _compilation.GetSemanticModel(t));
#pragma warning restore RS1030

    /// <summary>Propagates "computed linearly from the weights" through a body, stopping at (and recording) activations.</summary>
    private sealed class TaintWalker
    {
        private readonly ActivationConsumers _owner;
        private readonly KnownSymbols _symbols;

        public TaintWalker(ActivationConsumers owner, KnownSymbols symbols)
        {
            _owner = owner;
            _symbols = symbols;
        }

        public HashSet<ISymbol> Tainted { get; } = new(SymbolEqualityComparer.Default);

        public HashSet<string> Activations { get; } = new();

        public bool OutputTainted { get; private set; }

        public void Walk(IOperation operation)
        {
            foreach (var node in operation.DescendantsAndSelf())
            {
                switch (node)
                {
                    case IReturnOperation { ReturnedValue: { } value } when IsTainted(value):
                        OutputTainted = true;
                        break;
                    case IVariableDeclaratorOperation { Initializer: { } initializer } declarator when IsTainted(initializer.Value):
                        Tainted.Add(declarator.Symbol);
                        break;
                    case IAssignmentOperation assignment when IsTainted(assignment.Value) && SaturationFlowAnalysis.RootSymbol(assignment.Target) is { } target:
                        Tainted.Add(target);
                        break;
                    case IExpressionStatementOperation { Operation: IInvocationOperation invocation }:
                        IsTainted(invocation);
                        break;
                }
            }

            if (operation is IBlockOperation or IMethodBodyOperation)
            {
                return;
            }

            // An expression body is the returned value.
            if (IsTainted(operation))
            {
                OutputTainted = true;
            }
        }

        /// <summary>True when the value is a linear function of the weights; records activations applied to such values.</summary>
        private bool IsTainted(IOperation operation)
        {
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return Tainted.Contains(local.Local);
                case IParameterReferenceOperation parameter:
                    return Tainted.Contains(parameter.Parameter);
                case IFieldReferenceOperation field:
                    return Tainted.Contains(field.Field);
                case IInvocationOperation invocation:
                    return Invocation(invocation);
                case IBinaryOperation binary:
                    if (ActivationMatcher.Classify(binary, _symbols, out var logistic) != ActivationFamily.None)
                    {
                        var input = ActivationMatcher.TryMatchSaturating(binary, _symbols, out var call) && call.Input is not null && IsTainted(call.Input);
                        if (input)
                        {
                            Activations.Add(logistic);
                        }

                        return false;
                    }

                    var left = IsTainted(binary.LeftOperand);
                    return IsTainted(binary.RightOperand) || left;
                default:
                    var any = false;
                    foreach (var child in operation.ChildOperations)
                    {
                        any |= IsTainted(child);
                    }

                    return any;
            }
        }

        private bool Invocation(IInvocationOperation invocation)
        {
            var family = ActivationMatcher.Classify(invocation, _symbols, out var name);
            if (family != ActivationFamily.None)
            {
                var input = ActivationMatcher.ArgumentFor(invocation, 0);
                if (input is not null && IsTainted(input))
                {
                    Activations.Add(name);
                }

                return false;
            }

            var anyInput = false;
            var helperOutput = false;
            var summaries = invocation.TargetMethod.DeclaringSyntaxReferences.Length > 0;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && (parameter.RefKind == RefKind.Out || (_symbols.IsWritableSpan(parameter.Type) && !IsTainted(argument.Value))))
                {
                    continue;
                }

                if (!IsTainted(argument.Value))
                {
                    continue;
                }

                if (summaries && argument.Parameter is { } helperParameter)
                {
                    // A helper of this compilation: its own activations count, and its output is linear only if it says so.
                    var set = _owner.ForParameter(invocation.TargetMethod, helperParameter.Ordinal);
                    Activations.UnionWith(set.Activations);
                    helperOutput |= set.OutputTainted;
                }
                else
                {
                    anyInput = true;
                }
            }

            if (invocation.Instance is not null && IsTainted(invocation.Instance))
            {
                anyInput = true;
            }

            var tainted = summaries ? helperOutput : anyInput;
            if (tainted)
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter is { } parameter
                        && (parameter.RefKind is RefKind.Out or RefKind.Ref || _symbols.IsWritableSpan(parameter.Type))
                        && SaturationFlowAnalysis.RootSymbol(argument.Value) is { } target)
                    {
                        Tainted.Add(target);
                    }
                }
            }

            return tainted;
        }
    }
}
