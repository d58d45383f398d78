using System.Linq;
using Microsoft.CodeAnalysis;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Local functions become private members of the type: names that cannot clash, one source file each, and no code at all
/// for them when the method they belong to produces none. (Their gradients are checked numerically in the integration tests.)
/// </summary>
public class LocalFunctionTests
{
    private static string Snippet(string members) => InStaticClass(members);

    private static Run GenerateWithoutDiagnostics(string source)
    {
        Run run = Generate(source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id.StartsWith("ADG", System.StringComparison.Ordinal));
        return run;
    }

    private static string[] GeneratedMethods(Run run) => run.Sources
        .SelectMany(s => s.SyntaxTree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>())
        .Select(m => m.Identifier.Text).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();

    [Fact]
    public void A_local_function_becomes_a_copy_and_a_backward_named_after_the_method()
    {
        Run run = GenerateWithoutDiagnostics(Snippet("[Differentiable] public static double F(double x) { static double Sq(double v) => v * v; return Sq(x) + 1; }"));
        Assert.Equal(new[] { "FBackward", "FGradient", "F_Sq", "F_SqBackward" }, GeneratedMethods(run));
        string backward = run.Sources.Single(s => s.HintName.Contains("F_Sq", System.StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("private static double F_SqBackward(double v, double seed, ref double dV)", backward);
    }

    [Fact]
    public void Names_that_could_belong_to_another_member_get_the_method_signature_hash()
    {
        // F_Sq exists; F's local G_H and F_G's local H would both be F_G_H; two locals Sq in sibling blocks.
        Run run = GenerateWithoutDiagnostics(Snippet("""
            public static double F_Sq(double v) => v;
            [Differentiable] public static double F(double x, int n)
            {
                static double G_H(double v) => v * 3;
                if (n > 0) { static double Sq(double v) => v * v; return Sq(x) + G_H(x); }
                else { static double Sq(double v) => -v; return Sq(x); }
            }
            [Differentiable] public static double F_G(double x) { static double H(double v) => v * 2; return H(x); }
            """));
        string[] names = GeneratedMethods(run);
        Assert.Contains("F_G_H", names);
        Assert.Equal(2, names.Count(n => n.StartsWith("F_Sq_", System.StringComparison.Ordinal) && !n.EndsWith("Backward", System.StringComparison.Ordinal)));
        Assert.Single(names, n => n.StartsWith("F_G_H_", System.StringComparison.Ordinal) && !n.EndsWith("Backward", System.StringComparison.Ordinal));
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Fact]
    public void An_int_returning_local_function_gets_only_its_copy()
    {
        Run run = GenerateWithoutDiagnostics(Snippet("[Differentiable] public static double F(ReadOnlySpan<double> a, int n) { static int At(int r, int c, int cols) => r * cols + c; return a[At(1, 1, n)] * a[0]; }"));
        Assert.Equal(new[] { "FBackward", "FGradient", "F_At" }, GeneratedMethods(run));
    }

    [Fact]
    public void Differentiable_on_a_local_function_of_a_differentiable_method_changes_nothing()
    {
        Run run = GenerateWithoutDiagnostics(Snippet("[Differentiable] public static double F(double x) { [Differentiable] static double Sq(double v) => v * v; return Sq(x); }"));
        Assert.Equal(new[] { "FBackward", "FGradient", "F_Sq", "F_SqBackward" }, GeneratedMethods(run));
    }

    [Fact]
    public void No_code_for_any_local_function_of_a_method_that_fails()
    {
        // A is fine, B calls a method without derivative: F reports it (ADG0003 in B, ADG0014 on the call), and A emits nothing.
        Run run = RunGenerator(Compile(Snippet("""
            public static double Opaque(double v) => v;
            [Differentiable] public static double F(double x) { static double A(double v) => v * v; static double B(double v) => Opaque(v); return A(x) + B(x); }
            """)));
        Assert.Null(run.Exception);
        Assert.True(run.GeneratorDiagnostics.Select(d => d.Id).OrderBy(i => i, System.StringComparer.Ordinal).SequenceEqual(new[] { "ADG0003", "ADG0014" }), Describe(run.GeneratorDiagnostics));
        Assert.Empty(run.Sources);
    }
}
