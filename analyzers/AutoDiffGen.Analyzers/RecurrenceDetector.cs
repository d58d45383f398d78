using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Analyzers;

/// <summary>
/// Decides from syntax alone whether a method body has a recurrence: a loop that carries a variable declared
/// outside it from one iteration to the next through a multiplication (<c>h = w * h + x</c>, <c>h *= a</c>,
/// <c>Dense(W, h, z); Tanh(z, h)</c>). The product of those factors over many iterations is what makes the
/// gradient explode. Syntax is enough here (names inside one method), and it needs no semantic model of another tree.
/// </summary>
internal static class RecurrenceDetector
{
    private static readonly HashSet<string> ElementwiseCalls = new()
    {
        "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Gelu", "GeluTanh", "Silu", "Softplus", "Sigmoid", "Tanh",
        "Exp", "Log", "Abs", "Sqrt", "Max", "Min", "CopyTo", "TryCopyTo", "Fill", "Clear",
    };

    public static bool HasRecurrence(SyntaxNode body)
    {
        foreach (var loop in body.DescendantNodesAndSelf().Where(IsLoop))
        {
            if (LoopHasRecurrence(loop))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLoop(SyntaxNode node) =>
        node is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax;

    private static bool LoopHasRecurrence(SyntaxNode loop)
    {
        var declaredInside = new HashSet<string>(
            loop.DescendantNodesAndSelf().OfType<VariableDeclaratorSyntax>().Select(d => d.Identifier.ValueText)
                .Concat(loop.DescendantNodesAndSelf().OfType<ForEachStatementSyntax>().Select(f => f.Identifier.ValueText))
                .Concat(loop.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>().Select(d => d.Identifier.ValueText)));

        // edges[target] = (source, through a multiplication)
        var edges = new Dictionary<string, List<(string Source, bool Multiplicative)>>();

        void AddEdges(string target, IEnumerable<(string Source, bool Multiplicative)> sources)
        {
            if (!edges.TryGetValue(target, out var list))
            {
                edges[target] = list = new List<(string, bool)>();
            }

            list.AddRange(sources);
        }

        foreach (var node in loop.DescendantNodes())
        {
            switch (node)
            {
                case AssignmentExpressionSyntax assignment when RootName(assignment.Left) is { } target:
                    var multiplicativeAssignment = assignment.IsKind(SyntaxKind.MultiplyAssignmentExpression) || assignment.IsKind(SyntaxKind.DivideAssignmentExpression);
                    var reads = Reads(assignment.Right, assignment.Right);
                    if (multiplicativeAssignment)
                    {
                        reads = reads.Select(r => (r.Source, true)).ToList();
                    }

                    if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                    {
                        reads.Add((target, multiplicativeAssignment));
                    }

                    AddEdges(target, reads);
                    break;
                case VariableDeclaratorSyntax { Initializer: { } initializer } declarator:
                    AddEdges(declarator.Identifier.ValueText, Reads(initializer.Value, initializer.Value));
                    break;
                case InvocationExpressionSyntax invocation when invocation.ArgumentList.Arguments.Count > 0:
                    AddCallEdges(invocation, AddEdges);
                    break;
            }
        }

        foreach (var candidate in edges.Keys.Where(k => !declaredInside.Contains(k)))
        {
            if (ReachesSelfThroughMultiplication(candidate, edges))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddCallEdges(InvocationExpressionSyntax invocation, System.Action<string, IEnumerable<(string, bool)>> addEdges)
    {
        var name = invocation.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => string.Empty,
        };
        var multiplicative = !ElementwiseCalls.Contains(name);
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
        if (name is "CopyTo" or "TryCopyTo" && invocation.Expression is MemberAccessExpressionSyntax copySource && RootName(arguments[0].Expression) is { } copyTarget)
        {
            addEdges(copyTarget, Reads(copySource.Expression, copySource.Expression).Select(r => (r.Source, false)));
        }

        foreach (var output in outputs)
        {
            if (RootName(output.Expression) is not { } target)
            {
                continue;
            }

            var sources = new List<(string, bool)>();
            foreach (var argument in arguments)
            {
                if (argument != output || output.RefKindKeyword.IsKind(SyntaxKind.RefKeyword))
                {
                    sources.AddRange(Reads(argument.Expression, argument.Expression).Select(r => (r.Source, multiplicative || r.Multiplicative)));
                }
            }

            addEdges(target, sources);
        }
    }

    private static bool ReachesSelfThroughMultiplication(string start, Dictionary<string, List<(string Source, bool Multiplicative)>> edges)
    {
        var seen = new HashSet<(string, bool)>();
        var queue = new Queue<(string Node, bool Multiplied)>();
        queue.Enqueue((start, false));
        while (queue.Count > 0)
        {
            var (node, multiplied) = queue.Dequeue();
            if (!edges.TryGetValue(node, out var sources))
            {
                continue;
            }

            foreach (var (source, multiplicative) in sources)
            {
                var next = (source, multiplied || multiplicative);
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

    /// <summary>The identifiers an expression reads, each flagged when it sits inside an operand of <c>*</c>.</summary>
    private static List<(string Source, bool Multiplicative)> Reads(SyntaxNode expression, SyntaxNode root)
    {
        var reads = new List<(string, bool)>();
        foreach (var identifier in expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            var multiplied = false;
            for (var current = identifier.Parent; current is not null && current != root.Parent; current = current.Parent)
            {
                if (current.IsKind(SyntaxKind.MultiplyExpression))
                {
                    multiplied = true;
                    break;
                }
            }

            reads.Add((identifier.Identifier.ValueText, multiplied));
        }

        return reads;
    }

    /// <summary>The variable name behind <c>h</c>, <c>h[i]</c>, <c>h.AsSpan()</c>, <c>out var h</c>.</summary>
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
}
