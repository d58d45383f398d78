using System.Linq;
using Microsoft.CodeAnalysis;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The lowering cache answers Roslyn's rerun of the lowering after an edit without binding a method again, but only
/// while nothing the method's lowering reads has changed: its own text and place, and every declaration elsewhere.
/// </summary>
public class LoweringCacheTests
{
    private const string Model = Usings + """
        public static partial class Model
        {
            [Differentiable]
            public static double F(double x) => Helpers.Scale * Helpers.G(x);
        }
        """;

    private const string Helpers = Usings + """
        public static partial class Helpers
        {
            public const double Scale = 2.0;

            [Differentiable]
            public static double G(double x) => x * x;

            public static int Unrelated() => 42;
        }
        """;

    private static (GeneratorDriver Driver, CSharpCompilationHolder Input, DifferentiableGenerator Generator) FirstRun()
    {
        var generator = new DifferentiableGenerator();
        var compilation = Compile(new[] { Parse(Model, "Model.cs"), Parse(Helpers, "Helpers.cs") });
        GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions)
            .RunGenerators(compilation);
        Assert.Equal(0, generator.LoweringCacheHits);
        Assert.Equal(2, driver.GetRunResult().GeneratedTrees.Length);
        return (driver, new CSharpCompilationHolder(compilation), generator);
    }

    /// <summary>Keeps the compilation for edits of its trees.</summary>
    private sealed record CSharpCompilationHolder(Compilation Compilation)
    {
        public Compilation Edit(string path, string oldText, string newText)
        {
            SyntaxTree tree = Compilation.SyntaxTrees.Single(t => t.FilePath == path);
            string text = tree.ToString();
            Assert.Contains(oldText, text, System.StringComparison.Ordinal);
            return Compilation.ReplaceSyntaxTree(tree, Parse(text.Replace(oldText, newText, System.StringComparison.Ordinal), path));
        }
    }

    private static string Source(GeneratorDriver driver, string hintStart) =>
        driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName.StartsWith(hintStart, System.StringComparison.Ordinal)).SourceText.ToString();

    [Fact]
    public void An_edit_inside_another_body_reuses_every_lowering()
    {
        var (driver, input, generator) = FirstRun();

        driver = driver.RunGenerators(input.Edit("Helpers.cs", "=> 42;", "=> 43;"));

        Assert.Equal(2, generator.LoweringCacheHits);
        Assert.Empty(driver.GetRunResult().Diagnostics);
    }

    [Fact]
    public void Editing_a_method_lowers_that_method_again_and_reuses_the_other()
    {
        var (driver, input, generator) = FirstRun();

        driver = driver.RunGenerators(input.Edit("Helpers.cs", "x * x;", "x * x * x;"));

        Assert.Equal(1, generator.LoweringCacheHits);
        Assert.Contains("x * x * x", Source(driver, "Helpers.G_"), System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_constant_elsewhere_is_seen()
    {
        var (driver, input, generator) = FirstRun();

        driver = driver.RunGenerators(input.Edit("Helpers.cs", "Scale = 2.0;", "Scale = 3.0;"));

        Assert.Equal(0, generator.LoweringCacheHits);
        Assert.Contains("3.0", Source(driver, "Model.F_"), System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_callee_that_stops_being_differentiable_is_seen()
    {
        var (driver, input, generator) = FirstRun();

        driver = driver.RunGenerators(input.Edit("Helpers.cs", "[Differentiable]\n    public static double G", "public static double G"));

        Assert.Equal(0, generator.LoweringCacheHits);
        Assert.Contains(driver.GetRunResult().Diagnostics, d => d.Id == "ADG0003");
    }

    [Fact]
    public void A_method_moved_down_its_file_gets_its_new_line()
    {
        var (driver, input, generator) = FirstRun();
        Assert.Contains("(Model.cs, line 5)", Source(driver, "Model.F_"), System.StringComparison.Ordinal);

        driver = driver.RunGenerators(input.Edit("Model.cs", "public static partial class Model\n{", "public static partial class Model\n{\n    // a new comment line above\n"));

        Assert.Equal(1, generator.LoweringCacheHits); // G, in the other file
        Assert.Contains("(Model.cs, line 7)", Source(driver, "Model.F_"), System.StringComparison.Ordinal);
    }
}
