using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Analyzers;

/// <summary>
/// Decides whether a method body has a recurrence: a loop that carries a variable declared outside it from one iteration
/// to the next through a product with the <em>same</em> weights every iteration (<c>h = tanh(Wh * h + x[t])</c>,
/// <c>Dense(Wh, bh, h, z); Tanh(z, h)</c>). The gradient then contains a power of those weights' Jacobian, which is what
/// explodes. A loop over layers that multiplies by weights selected by the loop variable (<c>W.Slice(l * n * n, n * n)</c>,
/// <c>w[l]</c>, <c>layers[l].W</c>, <c>foreach (var layer in layers)</c>) multiplies different matrices: a deep
/// feed-forward net, not a recurrence. The graph is built from syntax (names within one method); the semantic model only
/// says which co-factors are floating-point data (weights) rather than sizes or counts.
/// </summary>
internal static class RecurrenceDetector
{
    private static readonly HashSet<string> ElementwiseCalls = new()
    {
        "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Gelu", "GeluTanh", "Silu", "Softplus", "Sigmoid", "Tanh",
        "Exp", "Log", "Abs", "Sqrt", "Max", "Min", "CopyTo", "TryCopyTo", "Fill", "Clear", "Clamp", "Pow",
        "LayerNorm", "BatchNormTraining", "BatchNormInference", "Softmax",
    };

    public static bool HasRecurrence(SyntaxNode body, SemanticModel model)
    {
        var semantics = new Semantics(model);
        foreach (var loop in body.DescendantNodesAndSelf().Where(IsLoop))
        {
            if (new LoopGraph(loop, semantics).HasRecurrence())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when this one loop carries a state through the same weights every iteration.</summary>
    public static bool IsRecurrentLoop(SyntaxNode loop, SemanticModel model) =>
        IsLoop(loop) && new LoopGraph(loop, new Semantics(model)).HasRecurrence();

    private static bool IsLoop(SyntaxNode node) =>
        node is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax;

    private static string CallName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };

    /// <summary>The variable name behind <c>h</c>, <c>h[i]</c>, <c>h.AsSpan()</c>, <c>out var h</c>, <c>this.h</c>.</summary>
    private static string? RootName(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case IdentifierNameSyntax identifier:
                    return identifier.Identifier.ValueText;
                case ElementAccessExpressionSyntax element:
                    expression = element.Expression;
                    continue;
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    continue;
                case DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax designation }:
                    return designation.Identifier.ValueText;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } invocation
                    when member.Name.Identifier.ValueText is "AsSpan" or "Slice" && invocation.ArgumentList.Arguments.Count <= 2:
                    expression = member.Expression;
                    continue;
                case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } member:
                    return member.Name.Identifier.ValueText;
                default:
                    return null;
            }
        }
    }

    /// <summary>
    /// The semantic facts the graphs ask for, each computed once per method: the same co-factor is tested for every
    /// identifier multiplied by it, for every argument of a call, and again in each nested loop.
    /// </summary>
    private sealed class Semantics
    {
        private readonly SemanticModel _model;
        private readonly Dictionary<SyntaxNode, ITypeSymbol?> _types = new();
        private readonly Dictionary<SyntaxNode, ISymbol?> _symbols = new();

        public Semantics(SemanticModel model) => _model = model;

        public ITypeSymbol? Type(ExpressionSyntax expression)
        {
            if (!_types.TryGetValue(expression, out var type))
            {
                _types[expression] = type = _model.GetTypeInfo(expression).Type;
            }

            return type;
        }

        public ISymbol? Symbol(IdentifierNameSyntax identifier)
        {
            if (!_symbols.TryGetValue(identifier, out var symbol))
            {
                _symbols[identifier] = symbol = _model.GetSymbolInfo(identifier).Symbol;
            }

            return symbol;
        }
    }

    private sealed class LoopGraph
    {
        private readonly SyntaxNode _loop;
        private readonly Semantics _model;
        private readonly Dictionary<ExpressionSyntax, bool> _sharedWeights = new();
        private readonly HashSet<string> _declaredInside;
        private readonly HashSet<string> _reusedNames;
        private readonly HashSet<string> _varying;

        // edges[target] = (source, through a product with loop-invariant weights)
        private readonly Dictionary<string, List<(string Source, bool Shared)>> _edges = new();

        public LoopGraph(SyntaxNode loop, Semantics model)
        {
            _loop = loop;
            _model = model;
            var declared = loop.DescendantNodes().OfType<VariableDeclaratorSyntax>().Select(d => d.Identifier.ValueText)
                .Concat(loop.DescendantNodesAndSelf().OfType<ForEachStatementSyntax>().Select(f => f.Identifier.ValueText))
                .Concat(loop.DescendantNodes().OfType<SingleVariableDesignationSyntax>().Select(d => d.Identifier.ValueText))
                .ToList();
            _declaredInside = new HashSet<string>(declared);
            // Two locals of one name in sibling blocks (`double a` in each layer's loop) are two variables; the graph is
            // keyed by name, so those names are told apart by declaration (a layer's sum must not feed the other's).
            _reusedNames = new HashSet<string>(declared.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key));
            _varying = Varying();
        }

        public bool HasRecurrence()
        {
            foreach (var node in _loop.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when Root(assignment.Left) is { } target:
                        AddAssignment(assignment, target);
                        break;
                    case VariableDeclaratorSyntax { Initializer: { } initializer } declarator:
                        AddEdges(DeclarationKey(declarator, declarator.Identifier.ValueText), Reads(initializer.Value));
                        break;
                    case InvocationExpressionSyntax invocation when invocation.ArgumentList.Arguments.Count > 0:
                        AddCallEdges(invocation);
                        break;
                }
            }

            return _edges.Keys.Where(k => !_declaredInside.Contains(k) && !k.Contains('@')).Any(ReachesSelfThroughSharedProduct);
        }

        /// <summary>The graph's node for a variable: its name, or name@declaration where the loop declares the name twice.</summary>
        private string DeclarationKey(SyntaxNode declaration, string name) =>
            _reusedNames.Contains(name) ? name + "@" + declaration.SpanStart : name;

        private string Key(IdentifierNameSyntax identifier)
        {
            var name = identifier.Identifier.ValueText;
            if (!_reusedNames.Contains(name) || _model.Symbol(identifier) is not ILocalSymbol local
                || local.DeclaringSyntaxReferences.FirstOrDefault() is not { } declaration)
            {
                return name;
            }

            return name + "@" + declaration.GetSyntax().SpanStart;
        }

        /// <summary><see cref="RootName"/> as a graph node.</summary>
        private string? Root(ExpressionSyntax expression)
        {
            var name = RootName(expression);
            if (name is null || !_reusedNames.Contains(name))
            {
                return name;
            }

            var root = expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().FirstOrDefault(i => i.Identifier.ValueText == name);
            if (root is not null)
            {
                return Key(root);
            }

            return expression.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>().FirstOrDefault(d => d.Identifier.ValueText == name) is { } designation
                ? DeclarationKey(designation, name)
                : name;
        }

        /// <summary>
        /// Names whose value changes with the iteration: the loop's counters and foreach variables, and every variable the
        /// body assigns from them (to a fixpoint). Weights read through one of them are selected per iteration.
        /// </summary>
        private HashSet<string> Varying()
        {
            var varying = new HashSet<string>();
            switch (_loop)
            {
                case ForStatementSyntax @for:
                    if (@for.Declaration is not null)
                    {
                        varying.UnionWith(@for.Declaration.Variables.Select(v => v.Identifier.ValueText));
                    }

                    foreach (var incrementor in @for.Incrementors)
                    {
                        varying.UnionWith(incrementor.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Select(i => i.Identifier.ValueText));
                    }

                    break;
                case ForEachStatementSyntax forEach:
                    varying.Add(forEach.Identifier.ValueText);
                    break;
                case WhileStatementSyntax or DoStatementSyntax:
                    // A while loop's counter is what its body increments (not the counters of loops nested in it).
                    foreach (var step in _loop.DescendantNodes().OfType<ExpressionStatementSyntax>())
                    {
                        var operand = step.Expression switch
                        {
                            PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                            PrefixUnaryExpressionSyntax prefix => prefix.Operand,
                            _ => null,
                        };
                        if (operand is not null
                            && step.Ancestors().TakeWhile(a => a != _loop).All(a => a is not (ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax))
                            && RootName(operand) is { } counter)
                        {
                            varying.Add(counter);
                        }
                    }

                    break;
            }

            // A variable kept across iterations that the body steps (offset += layerSize, k++) selects a different slice
            // every iteration, like a counter: p.Slice(offset, n * n) after offset += n * n + n is per-layer weights.
            foreach (var node in _loop.DescendantNodes())
            {
                var stepped = node switch
                {
                    AssignmentExpressionSyntax compound when compound.IsKind(SyntaxKind.AddAssignmentExpression) || compound.IsKind(SyntaxKind.SubtractAssignmentExpression) => compound.Left,
                    PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression) => postfix.Operand,
                    PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression) => prefix.Operand,
                    _ => null,
                };
                if (stepped is IdentifierNameSyntax { Identifier.ValueText: var name } && !_declaredInside.Contains(name) && IsInteger(stepped))
                {
                    varying.Add(name);
                }
            }

            var assignments = new List<(string Target, SyntaxNode Value)>();
            foreach (var node in _loop.DescendantNodes())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax { Initializer: { } initializer } declarator:
                        assignments.Add((declarator.Identifier.ValueText, initializer.Value));
                        break;
                    case ForEachStatementSyntax nested:
                        assignments.Add((nested.Identifier.ValueText, nested.Expression));
                        break;
                    case AssignmentExpressionSyntax { Left: IdentifierNameSyntax left } assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                        assignments.Add((left.Identifier.ValueText, assignment.Right));
                        break;
                }
            }

            bool changed;
            do
            {
                changed = false;
                foreach (var (target, value) in assignments)
                {
                    if (!varying.Contains(target) && value.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(i => varying.Contains(i.Identifier.ValueText) && !IsSizeQuery(i)))
                    {
                        varying.Add(target);
                        changed = true;
                    }
                }
            }
            while (changed);

            return varying;
        }

        private bool IsInteger(ExpressionSyntax expression) =>
            _model.Type(expression)?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_UInt32 or SpecialType.System_UInt64 or SpecialType.System_Int16 or SpecialType.System_UInt16;

        /// <summary><c>h.Length</c>, <c>xs.Count</c>: the size of a buffer does not change with its contents.</summary>
        private static bool IsSizeQuery(IdentifierNameSyntax identifier) =>
            identifier.Parent is MemberAccessExpressionSyntax access && access.Expression == identifier
            && access.Name.Identifier.ValueText is "Length" or "Count";

        private void AddEdges(string target, IEnumerable<(string Source, bool Shared)> sources)
        {
            if (!_edges.TryGetValue(target, out var list))
            {
                _edges[target] = list = new List<(string, bool)>();
            }

            list.AddRange(sources);
        }

        private void AddAssignment(AssignmentExpressionSyntax assignment, string target)
        {
            var reads = Reads(assignment.Right);
            if (assignment.IsKind(SyntaxKind.MultiplyAssignmentExpression) || assignment.IsKind(SyntaxKind.DivideAssignmentExpression))
            {
                // h *= a: h is multiplied by the right side.
                reads.Add((target, IsSharedWeight(assignment.Right)));
            }
            else if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
            {
                reads.Add((target, false));
            }

            AddEdges(target, reads);
        }

        private void AddCallEdges(InvocationExpressionSyntax invocation)
        {
            var name = CallName(invocation);
            var elementwise = ElementwiseCalls.Contains(name);
            var arguments = invocation.ArgumentList.Arguments;

            // Outputs: ref/out arguments, and the last argument of a call used as a statement (the span-output convention).
            var outputs = new List<ArgumentSyntax>();
            foreach (var argument in arguments)
            {
                if (!argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword))
                {
                    outputs.Add(argument);
                }
            }

            if (invocation.Parent is ExpressionStatementSyntax && arguments.Count >= 2 && !outputs.Contains(arguments[arguments.Count - 1]))
            {
                outputs.Add(arguments[arguments.Count - 1]);
            }

            // x.CopyTo(y): y takes x's value.
            if (name is "CopyTo" or "TryCopyTo" && invocation.Expression is MemberAccessExpressionSyntax copySource && Root(arguments[0].Expression) is { } copyTarget)
            {
                AddEdges(copyTarget, Reads(copySource.Expression).Select(r => (r.Source, r.Shared)));
            }

            foreach (var output in outputs)
            {
                if (Root(output.Expression) is not { } target)
                {
                    continue;
                }

                var sources = new List<(string, bool)>();
                foreach (var argument in arguments)
                {
                    if (argument == output && !output.RefKindKeyword.IsKind(SyntaxKind.RefKeyword))
                    {
                        continue;
                    }

                    var sharedByCall = !elementwise && arguments.Any(other => other != argument && !outputs.Contains(other) && IsSharedWeight(other.Expression));
                    sources.AddRange(Reads(argument.Expression).Select(r => (r.Source, r.Shared || sharedByCall)));
                }

                AddEdges(target, sources);
            }
        }

        /// <summary>The identifiers an expression reads, each flagged when it is multiplied by loop-invariant weights on its way.</summary>
        private List<(string Source, bool Shared)> Reads(SyntaxNode expression)
        {
            var reads = new List<(string, bool)>();
            foreach (var identifier in expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier && access.Expression is not ThisExpressionSyntax)
                {
                    // The member name of a.b is not a variable of this method; a is.
                    continue;
                }

                reads.Add((Key(identifier), MultipliedBySharedWeights(identifier, expression)));
            }

            return reads;
        }

        private bool MultipliedBySharedWeights(SyntaxNode identifier, SyntaxNode root)
        {
            SyntaxNode child = identifier;
            for (var current = identifier.Parent; current is not null && child != root; child = current, current = current.Parent)
            {
                if (current is BinaryExpressionSyntax product && product.IsKind(SyntaxKind.MultiplyExpression))
                {
                    var other = product.Left == child ? product.Right : product.Left;
                    if (IsSharedWeight(other) && !IsConvexMix(product, other))
                    {
                        return true;
                    }
                }
                else if (current is ArgumentSyntax argument && argument.Parent?.Parent is InvocationExpressionSyntax call && !ElementwiseCalls.Contains(CallName(call)))
                {
                    if (call.ArgumentList.Arguments.Any(a => a != argument && IsSharedWeight(a.Expression)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// <c>a * h + (1 - a) * x</c>: an exponential moving average (a learned smoothing factor) mixes the state with new
        /// data; the state is scaled by a factor meant to lie in [0, 1], which shrinks it rather than blowing it up.
        /// </summary>
        private static bool IsConvexMix(BinaryExpressionSyntax product, ExpressionSyntax factor)
        {
            SyntaxNode term = product;
            while (term.Parent is ParenthesizedExpressionSyntax)
            {
                term = term.Parent;
            }

            if (term.Parent is not BinaryExpressionSyntax sum || !sum.IsKind(SyntaxKind.AddExpression))
            {
                return false;
            }

            var sibling = sum.Left == term ? sum.Right : sum.Left;
            var weight = Unwrap(factor);
            return sibling.DescendantNodesAndSelf().OfType<BinaryExpressionSyntax>().Any(difference =>
                difference.IsKind(SyntaxKind.SubtractExpression)
                && Unwrap(difference.Left) is LiteralExpressionSyntax { Token.ValueText: "1" or "1.0" or "1f" or "1.0f" } or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "One" }
                && SyntaxFactory.AreEquivalent(Unwrap(difference.Right), weight));
        }

        private static ExpressionSyntax Unwrap(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }

        /// <summary>
        /// Weights shared by the iterations: floating-point data that reads a trainable weight (a parameter not marked
        /// <c>[NoDerivative]</c>, a field, or a local taken from one before the loop) and nothing that changes per iteration.
        /// Data (<c>[NoDerivative]</c> inputs), constants and scratch buffers are not weights.
        /// </summary>
        private bool IsSharedWeight(ExpressionSyntax expression)
        {
            if (!_sharedWeights.TryGetValue(expression, out var shared))
            {
                _sharedWeights[expression] = shared = ComputeIsSharedWeight(expression);
            }

            return shared;
        }

        private bool ComputeIsSharedWeight(ExpressionSyntax expression)
        {
            if (!_loop.SyntaxTree.Equals(expression.SyntaxTree) || !IsFloatingData(_model.Type(expression)))
            {
                return false;
            }

            // Some weight whose selection (w, w[0], p.Slice(0, n), this.W) reads nothing that changes per iteration:
            // w[l], W.Slice(l * n * n, n * n) and layer.W (foreach layer) are per-layer weights, not shared ones.
            foreach (var identifier in expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                if (!IsWeight(_model.Symbol(identifier), depth: 0))
                {
                    continue;
                }

                SyntaxNode access = identifier;
                while (access != expression && access.Parent is { } parent)
                {
                    var widen = parent switch
                    {
                        ElementAccessExpressionSyntax element => element.Expression == access,
                        MemberAccessExpressionSyntax => true,
                        ParenthesizedExpressionSyntax => true,
                        InvocationExpressionSyntax invocation => invocation.Expression == access
                            && access is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Slice" or "AsSpan" },
                        _ => false,
                    };
                    if (!widen)
                    {
                        break;
                    }

                    access = parent;
                }

                if (!access.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(i => _varying.Contains(i.Identifier.ValueText)))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsWeight(ISymbol? symbol, int depth)
        {
            switch (symbol)
            {
                case IParameterSymbol parameter:
                    return IsFloatingData(parameter.Type) && !parameter.GetAttributes().Any(a => a.AttributeClass?.Name == "NoDerivativeAttribute");
                case IFieldSymbol field:
                    return !field.IsConst && IsFloatingData(field.Type);
                case IPropertySymbol property:
                    return IsFloatingData(property.Type);
                case ILocalSymbol { IsConst: false } local when depth < 2:
                    // var whh = p.Slice(0, n * n): a view of a weight parameter.
                    foreach (var reference in local.DeclaringSyntaxReferences)
                    {
                        if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer: { } initializer }
                            && initializer.Value.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(i => IsWeight(_model.Symbol(i), depth + 1)))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        private static bool IsFloatingData(ITypeSymbol? type)
        {
            switch (type)
            {
                case null:
                    return false;
                case IArrayTypeSymbol array:
                    return IsFloatingData(array.ElementType);
                case INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
                    when generic.Name is "Span" or "ReadOnlySpan" or "Memory" or "ReadOnlyMemory":
                    return IsFloatingData(generic.TypeArguments[0]);
                case ITypeParameterSymbol:
                    return true;
                default:
                    return type.SpecialType is SpecialType.System_Double or SpecialType.System_Single;
            }
        }

        private bool ReachesSelfThroughSharedProduct(string start)
        {
            var seen = new HashSet<(string, bool)>();
            var queue = new Queue<(string Node, bool Multiplied)>();
            queue.Enqueue((start, false));
            while (queue.Count > 0)
            {
                var (node, multiplied) = queue.Dequeue();
                if (!_edges.TryGetValue(node, out var sources))
                {
                    continue;
                }

                foreach (var (source, shared) in sources)
                {
                    var next = (source, multiplied || shared);
                    if (source == start && next.Item2)
                    {
                        return true;
                    }

                    if (seen.Add(next))
                    {
                        queue.Enqueue(next);
                    }
                }
            }

            return false;
        }
    }
}
