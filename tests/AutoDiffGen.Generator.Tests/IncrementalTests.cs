using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The pipeline is incremental, one output per method: typing elsewhere must not redo the lowering, transform or
/// emission of a differentiable method (its model compares equal, so the later steps are cached) nor re-add its source,
/// while editing a method redoes that method's steps and regenerates that method's file only.
/// </summary>
public class IncrementalTests
{
    private const string Functions = Usings + """
        public static partial class Functions
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }
        """;

    private const string Layers = Usings + """
        public static partial class Layers
        {
            [Differentiable]
            public static double Softplus(ReadOnlySpan<double> w, double x)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++) s += Math.Log(1 + Math.Exp(w[i] * x));
                return s;
            }
        }
        """;

    private const string Unrelated = """
        public static class Unrelated
        {
            public static int Answer() => 42;
        }
        """;

    private static readonly string[] PipelineSteps =
    {
        DifferentiableGenerator.LoweringStep, DifferentiableGenerator.TransformStep, DifferentiableGenerator.ResolveStep, DifferentiableGenerator.EmitStep,
    };

    /// <summary>Roslyn's name for the step that adds generated sources (RegisterSourceOutput).</summary>
    private const string SourceOutput = "SourceOutput";

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun()
    {
        CSharpCompilation compilation = Compile(new[] { Parse(Functions, "Functions.cs"), Parse(Layers, "Layers.cs"), Parse(Unrelated, "Unrelated.cs") });
        GeneratorDriver driver = CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        Assert.Null(first.Exception);
        Assert.Equal(2, first.GeneratedSources.Length);
        return (driver, compilation);
    }

    private static SyntaxTree Tree(Compilation compilation, string path) => compilation.SyntaxTrees.Single(t => t.FilePath == path);

    private static IReadOnlyList<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string step)
    {
        Assert.True(result.TrackedSteps.TryGetValue(step, out ImmutableArray<IncrementalGeneratorRunStep> runs), "step not tracked: " + step);
        var outputs = runs.SelectMany(r => r.Outputs).ToList();
        Assert.NotEmpty(outputs);
        return outputs;
    }

    private static IReadOnlyList<(object Value, IncrementalStepRunReason Reason)> SourceOutputs(GeneratorRunResult result)
    {
        Assert.True(result.TrackedOutputSteps.TryGetValue(SourceOutput, out ImmutableArray<IncrementalGeneratorRunStep> runs), "no source output step");
        return runs.SelectMany(r => r.Outputs).ToList();
    }

    private static void AssertAllCached(GeneratorRunResult result)
    {
        foreach (string step in PipelineSteps)
        {
            var outputs = Outputs(result, step);
            Assert.Equal(2, outputs.Count);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"{step}: {o.Reason} for {o.Value}"));
        }
        // Nothing is generated again: the source output step re-adds no file.
        Assert.All(SourceOutputs(result), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"{SourceOutput}: {o.Reason} for {o.Value}"));
        Assert.Equal(2, result.GeneratedSources.Length);
    }

    [Fact]
    public void Editing_an_unrelated_file_keeps_every_step_cached()
    {
        var (driver, compilation) = FirstRun();
        SyntaxTree old = Tree(compilation, "Unrelated.cs");
        SyntaxTree edited = Parse(Unrelated.Replace("42", "43 + 1", System.StringComparison.Ordinal), "Unrelated.cs");

        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, edited));

        AssertAllCached(driver.GetRunResult().Results.Single());
    }

    [Fact]
    public void Adding_an_unrelated_file_keeps_every_step_cached()
    {
        var (driver, compilation) = FirstRun();

        driver = driver.RunGenerators(compilation.AddSyntaxTrees(Parse("internal static class More { internal const double Pi = 3.14; }", "More.cs")));

        AssertAllCached(driver.GetRunResult().Results.Single());
    }

    [Fact]
    public void Editing_a_differentiable_method_redoes_only_that_method()
    {
        var (driver, compilation) = FirstRun();
        SyntaxTree old = Tree(compilation, "Functions.cs");
        SyntaxTree edited = Parse(Functions.Replace("x * x;", "x * x * x;", System.StringComparison.Ordinal), "Functions.cs");

        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, edited));
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        foreach (string step in PipelineSteps)
        {
            var outputs = Outputs(result, step);
            Assert.Equal(2, outputs.Count);
            var modified = Assert.Single(outputs, o => o.Reason == IncrementalStepRunReason.Modified);
            Assert.Contains("Square", modified.Value.ToString(), System.StringComparison.Ordinal);
            var other = Assert.Single(outputs, o => o.Reason != IncrementalStepRunReason.Modified);
            Assert.True(other.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {other.Reason}");
        }
        // One output per method: only the edited method's file is written again.
        var sources = SourceOutputs(result);
        Assert.Equal(2, sources.Count);
        Assert.Single(sources, o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
        Assert.Single(sources, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        // The call graph did not change, so the step that finds failed callees did not run again for the others.
        var dependencies = Outputs(result, DifferentiableGenerator.DependencyStep);
        Assert.All(dependencies, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"dependencies: {o.Reason}"));
        var loweredSquare = (LoweringResult)Outputs(result, DifferentiableGenerator.LoweringStep).Single(o => o.Reason == IncrementalStepRunReason.Modified).Value;
        Assert.Equal("Square", loweredSquare.Model!.Name);
        GeneratedSourceResult square = Assert.Single(result.GeneratedSources, s => s.HintName.StartsWith("Functions.Square_", System.StringComparison.Ordinal));
        Assert.Contains("x * x * x", square.SourceText.ToString(), System.StringComparison.Ordinal);
    }
    [Fact]
    public void A_model_type_and_its_method_stay_cached_when_an_unrelated_file_changes()
    {
        const string model = Usings + """
            [Differentiable]
            public partial class Net
            {
                public double[] W = new double[2];
                [Differentiable] public double Loss(double x) => W[0] * x + W[1];
            }
            """;
        CSharpCompilation compilation = Compile(new[] { Parse(model, "Net.cs"), Parse(Unrelated, "Unrelated.cs") });
        GeneratorDriver driver = CreateDriver(trackSteps: true).RunGenerators(compilation);
        Assert.Equal(2, driver.GetRunResult().Results.Single().GeneratedSources.Length);
        SyntaxTree edited = Parse(Unrelated.Replace("42", "41 + 1", System.StringComparison.Ordinal), "Unrelated.cs");

        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(Tree(compilation, "Unrelated.cs"), edited));
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        foreach (string step in new[] { DifferentiableGenerator.ModelTypeStep, DifferentiableGenerator.LoweringStep, DifferentiableGenerator.EmitStep })
        {
            Assert.All(Outputs(result, step), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }
        Assert.All(SourceOutputs(result), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{o.Reason}"));
        Assert.Equal(2, result.GeneratedSources.Length);
    }
}
