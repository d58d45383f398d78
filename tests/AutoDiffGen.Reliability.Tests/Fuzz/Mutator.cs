using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Reliability.Tests.Fuzz;

/// <summary>
/// Random edits of a valid program's method bodies, for testing the generator's front end: delete a token, delete a
/// statement, swap an operator, or put an unsupported construct (goto, lambda, try/catch, pointers, ref locals, LINQ,
/// dynamic, switch, …) in place of a statement. Signatures are never touched, so the harness still fits.
/// </summary>
public static class Mutator
{
    /// <summary>Statements outside the supported subset; <c>{v}</c> is a double local, <c>{k}</c> an int local.</summary>
    public static readonly (string Name, string Code)[] Unsupported =
    {
        ("goto", "goto skip{n}; skip{n}: {v} = {v} * 2.0;"),
        ("lambda", "Func<double, double> f{n} = z => z * {v}; {v} = f{n}({v});"),
        ("try/catch", "try { {v} = {v} * 2.0; } catch (Exception) { {v} = 0.0; }"),
        ("try/finally", "try { {v} = {v} * 2.0; } finally { {k} = 1; }"),
        ("pointer", "unsafe { double* p{n} = &{v}; *p{n} = *p{n} * 2.0; }"),
        ("ref local", "ref double r{n} = ref {v}; r{n} *= 2.0;"),
        ("LINQ", "{v} += System.Linq.Enumerable.Sum(new[] { {v}, 1.0 });"),
        ("dynamic", "dynamic d{n} = {v}; {v} = d{n} * 2.0;"),
        ("switch statement", "switch ({k}) { case 0: {v} *= 2.0; break; default: {v} += 1.0; break; }"),
        ("switch expression", "{v} = {k} switch { 0 => {v} * 2.0, _ => {v} };"),
        ("capturing local function", "double Sq{n}(double z) => z * {v}; {v} = Sq{n}({v});"),
        ("array allocation", "double[] arr{n} = new double[2]; arr{n}[0] = {v}; {v} = arr{n}[0] * 2.0;"),
        ("ToString", "{v} += {v}.ToString().Length;"),
        ("tuple swap", "({v}, {v}) = ({v} * 2.0, {v});"),
        ("checked", "{v} = checked({v} * 2.0);"),
        ("lock", "lock (typeof(Math)) { {v} *= 2.0; }"),
        ("using", "using (var ms{n} = new System.IO.MemoryStream()) { {v} += ms{n}.Length; }"),
        ("stackalloc in a loop", "for (int q{n} = 0; q{n} < 2; q{n}++) { Span<double> t{n} = stackalloc double[2]; t{n}[0] = {v}; {v} = t{n}[0] * 2.0; }"),
        ("out variable", "double.TryParse(\"1.5\", out double parsed{n}); {v} *= parsed{n};"),
        ("foreach over an array creation", "foreach (double z{n} in new[] { {v}, 2.0 }) {v} += z{n};"),
        ("pattern", "{v} = {v} is > 1.0 and < 2.0 ? 1.0 : {v};"),
        ("decimal", "{v} = (double)(decimal){v} * 2.0;"),
        ("math function without a rule", "{v} = Math.ScaleB({v}, 1);"),
        ("BitIncrement", "{v} = Math.BitIncrement({v});"),
        ("float round trip", "{v} = (double)(float){v};"),
        ("int cast of an active value", "{k} = (int){v}; {v} *= {k};"),
        ("null-coalescing", "double? o{n} = {v}; {v} = o{n} ?? 1.0;"),
        ("string interpolation", "{v} += $\"{{v}}\".Length;"),
        ("throw on active", "if ({v} > 1e300) throw new ArgumentException({v}.ToString());"),
        ("nested differentiable-looking lambda", "Func<double> g{n} = () => Math.Sin({v}); {v} = g{n}();"),
        ("recursion through a local", "{v} = {v} > 10.0 ? {v} : {v} * 1.5;"),
        ("default literal", "{v} += default(double);"),
        ("compound %=", "{v} %= 1.5;"),
        ("discarded call", "Math.Abs({v});"),
        ("var local", "var {v}x = {v}; {v} = {v}x * 2.0;"),
    };

    public sealed record Mutant(string Source, string Description);

    public static Mutant Mutate(string source, Random rng)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(source, FuzzCompiler.ParseOptions);
        SyntaxNode root = tree.GetRoot();
        var bodies = root.DescendantNodes().OfType<MethodDeclarationSyntax>().Where(m => m.Body is not null).Select(m => m.Body!).ToList();
        BlockSyntax body = bodies[rng.Next(bodies.Count)];
        var statements = body.DescendantNodes().OfType<StatementSyntax>()
            .Where(s => s is ExpressionStatementSyntax or IfStatementSyntax or ForStatementSyntax or LocalDeclarationStatementSyntax or ReturnStatementSyntax)
            .ToList();
        switch (rng.Next(4))
        {
            case 0:
            {
                // Delete a token (never ++, so no loop loses its step).
                var tokens = body.DescendantTokens().Where(t => !t.IsKind(SyntaxKind.PlusPlusToken)).ToList();
                SyntaxToken token = tokens[rng.Next(tokens.Count)];
                string text = source.Remove(token.SpanStart, token.Span.Length);
                return new Mutant(text, $"deleted token '{token.Text}' at {token.GetLocation().GetLineSpan().StartLinePosition}");
            }
            case 1 when statements.Count > 0:
            {
                var deletable = statements.Where(s => !s.ToString().Contains("++", StringComparison.Ordinal)).ToList();
                if (deletable.Count == 0) goto default;
                StatementSyntax s = deletable[rng.Next(deletable.Count)];
                return new Mutant(source.Remove(s.SpanStart, s.Span.Length), $"deleted statement '{Short(s)}'");
            }
            case 2:
            {
                var operators = body.DescendantTokens().Where(t => t.Kind() is SyntaxKind.PlusToken or SyntaxKind.MinusToken or SyntaxKind.AsteriskToken
                    or SyntaxKind.SlashToken or SyntaxKind.LessThanToken or SyntaxKind.GreaterThanToken).ToList();
                if (operators.Count == 0) goto default;
                SyntaxToken op = operators[rng.Next(operators.Count)];
                string replacement = new[] { "+", "-", "*", "/", "%", "<", ">", "==", "&&" }[rng.Next(9)];
                return new Mutant(source.Remove(op.SpanStart, op.Span.Length).Insert(op.SpanStart, replacement), $"replaced '{op.Text}' at {op.GetLocation().GetLineSpan().StartLinePosition} with '{replacement}'");
            }
            default:
            {
                var (name, code) = Unsupported[rng.Next(Unsupported.Length)];
                // Locals declared directly in the body are in scope before its last statement.
                var topLevel = body.Statements.OfType<LocalDeclarationStatementSyntax>().Select(d => d.Declaration).ToList();
                var doubles = topLevel.Where(d => d.Type is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.DoubleKeyword })
                    .SelectMany(d => d.Variables).Select(v => v.Identifier.ValueText).ToList();
                var ints = topLevel.Where(d => d.Type is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.IntKeyword })
                    .SelectMany(d => d.Variables).Select(v => v.Identifier.ValueText).ToList();
                string v = doubles.Count > 0 ? doubles[rng.Next(doubles.Count)] : "p";
                string k = ints.Count > 0 ? ints[rng.Next(ints.Count)] : "0";
                string snippet = code.Replace("{n}", rng.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture)).Replace("{v}", v).Replace("{k}", k);
                // Insert before the method's last statement, where every local is in scope.
                StatementSyntax last = body.Statements.Last();
                return new Mutant(source.Insert(last.SpanStart, snippet + "\n        "), $"inserted {name}: {snippet}");
            }
        }
    }

    private static string Short(SyntaxNode node)
    {
        string s = node.ToString().Replace('\n', ' ');
        return s.Length <= 60 ? s : s[..60] + "…";
    }
}
