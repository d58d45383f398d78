using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The README's model example, as written there: compiled with the generator into a console program and run. A README
/// that stops compiling, or whose training stops learning, fails here.
/// </summary>
public class ReadmeExampleTests
{
    private static readonly object ConsoleLock = new();

    /// <summary>The first C# block after the marker comment in README.md.</summary>
    private static string Example(string marker)
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        int at = readme.IndexOf("<!-- readme-example: " + marker + " -->", StringComparison.Ordinal);
        Assert.True(at >= 0, "README.md has no example marked " + marker);
        Match block = new Regex("```csharp\\n(.*?)```", RegexOptions.Singleline).Match(readme, at);
        Assert.True(block.Success, "no C# block after the marker " + marker);
        return block.Groups[1].Value;
    }

    [Fact]
    public void The_model_example_compiles_and_its_training_lowers_the_loss()
    {
        var compilation = CSharpCompilation.Create("ReadmeModel", new[] { Parse(Example("model"), "Readme.cs") }, References,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        Run run = RunGenerator(compilation);
        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.Output.GetDiagnostics().All(d => d.Severity < DiagnosticSeverity.Warning), Describe(run.Output.GetDiagnostics()));

        using var image = new MemoryStream();
        EmitResult emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, Describe(emitted.Diagnostics));
        Assembly program = Assembly.Load(image.ToArray());
        string output;
        lock (ConsoleLock)
        {
            TextWriter saved = Console.Out;
            var captured = new StringWriter();
            Console.SetOut(captured);
            try
            {
                program.EntryPoint!.Invoke(null, new object[] { Array.Empty<string>() });
            }
            finally
            {
                Console.SetOut(saved);
            }
            output = captured.ToString();
        }

        Match losses = Regex.Match(output, @"mean loss (\d+\.\d+) -> (\d+\.\d+)");
        Assert.True(losses.Success, output);
        double first = double.Parse(losses.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        double last = double.Parse(losses.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        // Measured: 0.41 -> 0.07 (the mean of the first 300 steps already includes some learning); a third leaves a wide margin.
        Assert.True(last < first / 3, output);
    }
}
