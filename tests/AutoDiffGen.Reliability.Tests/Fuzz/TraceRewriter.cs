using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Reliability.Tests.Fuzz;

/// <summary>
/// Makes the traced copy of a program: every <c>[Differentiable]</c> method <c>M</c> becomes a plain method <c>M_T</c>
/// that computes the same value and also hashes every decision that makes the function non-smooth (each branch,
/// loop and conditional-operator condition, the side of <c>Abs</c>/<c>Max</c>/<c>Min</c>/<c>Clamp</c>, the value of
/// <c>Floor</c>/<c>Round</c>/<c>Sign</c>/…, the quotient of <c>%</c>). Two points with the same trace lie on the same
/// smooth piece, so a finite-difference stencil whose points all share the centre's trace does not straddle a kink.
/// </summary>
public sealed class TraceRewriter : CSharpSyntaxRewriter
{
    public const string TraceClass = "global::Fuzz.Trace";

    private static readonly HashSet<string> Kinks = new() { "Abs", "Max", "Min", "Clamp", "Sign", "Floor", "Ceiling", "Round", "Truncate", "Cbrt" };

    private readonly HashSet<string> _methods;

    private TraceRewriter(HashSet<string> methods) => _methods = methods;

    /// <summary>The traced copy of <paramref name="root"/>'s differentiable methods, as a source file.</summary>
    public static string TracedCopy(SyntaxNode root)
    {
        var classes = root.DescendantNodes().OfType<ClassDeclarationSyntax>().ToList();
        var sb = new System.Text.StringBuilder("using System;\nusing AutoDiffGen;\n\nnamespace Fuzz;\n\n");
        foreach (ClassDeclarationSyntax c in classes)
        {
            var methods = c.Members.OfType<MethodDeclarationSyntax>().Where(IsDifferentiable).ToList();
            var names = methods.Select(m => m.Identifier.ValueText).ToHashSet();
            var rewriter = new TraceRewriter(names);
            sb.Append("public static partial class ").Append(c.Identifier.ValueText).Append("\n{\n");
            foreach (MethodDeclarationSyntax m in methods)
            {
                var copy = (MethodDeclarationSyntax)rewriter.Visit(m)!;
                copy = copy.WithAttributeLists(default)
                    .WithIdentifier(SyntaxFactory.Identifier(m.Identifier.ValueText + "_T"))
                    .WithParameterList((ParameterListSyntax)new AttributeStripper().Visit(copy.ParameterList)!);
                sb.Append(copy.NormalizeWhitespace().ToFullString()).Append('\n');
            }
            sb.Append("}\n");
        }
        return sb.ToString();
    }

    private static bool IsDifferentiable(MethodDeclarationSyntax m) =>
        m.AttributeLists.SelectMany(a => a.Attributes).Any(a => a.Name.ToString() is "Differentiable" or "DifferentiableAttribute" or "AutoDiffGen.Differentiable");

    private sealed class AttributeStripper : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitParameter(ParameterSyntax node) => base.VisitParameter(node)!.WithoutTrivia() is ParameterSyntax p ? p.WithAttributeLists(default) : null;
    }

    /// <summary>No [Differentiable] survives in the copy (a mutant may have one on a local function).</summary>
    public override SyntaxNode? VisitAttributeList(AttributeListSyntax node)
    {
        var kept = node.Attributes.Where(a => !a.Name.ToString().Contains("Differentiable", StringComparison.Ordinal) && !a.Name.ToString().Contains("NoDerivative", StringComparison.Ordinal)).ToList();
        return kept.Count == 0 ? null : node.WithAttributes(SyntaxFactory.SeparatedList(kept));
    }

    private static ExpressionSyntax Decide(ExpressionSyntax condition) =>
        SyntaxFactory.ParseExpression(TraceClass + ".B(true)") is InvocationExpressionSyntax call
            ? call.WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(condition))))
            : condition;

    public override SyntaxNode? VisitIfStatement(IfStatementSyntax node)
    {
        var visited = (IfStatementSyntax)base.VisitIfStatement(node)!;
        return visited.WithCondition(Decide(visited.Condition));
    }

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithCondition(Decide(visited.Condition));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithCondition(Decide(visited.Condition));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.Condition is null ? visited : visited.WithCondition(Decide(visited.Condition));
    }

    public override SyntaxNode? VisitConditionalExpression(ConditionalExpressionSyntax node)
    {
        var visited = (ConditionalExpressionSyntax)base.VisitConditionalExpression(node)!;
        return visited.WithCondition(Decide(visited.Condition));
    }

    public override SyntaxNode? VisitBinaryExpression(BinaryExpressionSyntax node)
    {
        var visited = (BinaryExpressionSyntax)base.VisitBinaryExpression(node)!;
        if (!visited.IsKind(SyntaxKind.ModuloExpression)) return visited;
        return SyntaxFactory.ParseExpression($"{TraceClass}.Mod(0, 1)") is InvocationExpressionSyntax call
            ? call.WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.Argument(visited.Left), SyntaxFactory.Argument(visited.Right),
            })))
            : visited;
    }

    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
        switch (visited.Expression)
        {
            case IdentifierNameSyntax id when _methods.Contains(id.Identifier.ValueText):
                return visited.WithExpression(SyntaxFactory.IdentifierName(id.Identifier.ValueText + "_T"));
            case MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Math" or "MathF" or "double" } } access
                when Kinks.Contains(access.Name.Identifier.ValueText):
                return visited.WithExpression(SyntaxFactory.ParseExpression(TraceClass + "." + access.Name.Identifier.ValueText));
            case MemberAccessExpressionSyntax { Expression: PredefinedTypeSyntax } access
                when Kinks.Contains(access.Name.Identifier.ValueText):
                return visited.WithExpression(SyntaxFactory.ParseExpression(TraceClass + "." + access.Name.Identifier.ValueText));
            default:
                return visited;
        }
    }

    /// <summary>The source of <c>Fuzz.Trace</c>, compiled into every fuzz assembly.</summary>
    public const string TraceSource = """
        namespace Fuzz;

        public static class Trace
        {
            [global::System.ThreadStatic] private static ulong t_hash;

            [global::System.ThreadStatic] private static bool t_singular;

            public static ulong Hash => t_hash;

            /// <summary>Whether a function was evaluated where its derivative is infinite (Cbrt at 0).</summary>
            public static bool Singular => t_singular;

            public static void Reset() { t_hash = 14695981039346656037UL; t_singular = false; }

            private static void Mix(long value) => t_hash = (t_hash ^ (ulong)value) * 1099511628211UL + 0x9E3779B97F4A7C15UL;

            private static long Side(double a, double b) => a < b ? 1 : a > b ? 2 : a == b ? 3 : 4;

            public static bool B(bool condition) { Mix(condition ? 7 : 5); return condition; }

            public static double Abs(double x) { Mix(Side(x, 0)); return global::System.Math.Abs(x); }
            public static int Abs(int x) => global::System.Math.Abs(x);
            public static double Max(double a, double b) { Mix(Side(a, b)); return global::System.Math.Max(a, b); }
            public static int Max(int a, int b) => global::System.Math.Max(a, b);
            public static double Min(double a, double b) { Mix(Side(a, b)); return global::System.Math.Min(a, b); }
            public static int Min(int a, int b) => global::System.Math.Min(a, b);
            public static double Clamp(double x, double lo, double hi) { Mix(Side(x, lo)); Mix(Side(x, hi)); return global::System.Math.Clamp(x, lo, hi); }
            public static int Clamp(int x, int lo, int hi) => global::System.Math.Clamp(x, lo, hi);
            public static int Sign(double x) { int s = global::System.Math.Sign(x); Mix(s); return s; }
            public static double Floor(double x) { double r = global::System.Math.Floor(x); Mix(global::System.BitConverter.DoubleToInt64Bits(r)); return r; }
            public static double Ceiling(double x) { double r = global::System.Math.Ceiling(x); Mix(global::System.BitConverter.DoubleToInt64Bits(r)); return r; }
            public static double Round(double x) { double r = global::System.Math.Round(x); Mix(global::System.BitConverter.DoubleToInt64Bits(r)); return r; }
            public static double Truncate(double x) { double r = global::System.Math.Truncate(x); Mix(global::System.BitConverter.DoubleToInt64Bits(r)); return r; }
            public static double Cbrt(double x) { Mix(Side(x, 0)); if (x == 0) t_singular = true; return global::System.Math.Cbrt(x); }
            public static double Mod(double a, double b) { Mix(global::System.BitConverter.DoubleToInt64Bits(global::System.Math.Truncate(a / b))); return a % b; }
            public static int Mod(int a, int b) => a % b;
            public static long Mod(long a, long b) => a % b;
        }
        """;
}
