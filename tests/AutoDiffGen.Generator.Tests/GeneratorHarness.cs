using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Shared plumbing: the Roslyn testing driver with offline reference assemblies (ARCHITECTURE.md), and a direct
/// <see cref="CSharpGeneratorDriver"/> for tests that inspect the output or the incremental steps.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>The usings every test snippet starts with.</summary>
    public const string Usings = "using System;\nusing AutoDiffGen;\n";

    public static readonly MetadataReference RuntimeReference =
        MetadataReference.CreateFromFile(typeof(AutoDiffGen.DifferentiableAttribute).Assembly.Location);

    /// <summary>System.Numerics.Tensors, which the AutoDiffGen package depends on: vectorized loops call its TensorPrimitives.</summary>
    public static readonly MetadataReference TensorsReference =
        MetadataReference.CreateFromFile(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location);

    public static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().Append(RuntimeReference).Append(TensorsReference).ToImmutableArray();

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>A source-generator test with offline references; add expected diagnostics and generated sources.</summary>
    public static CSharpSourceGeneratorTest<DifferentiableGenerator, DefaultVerifier> CreateTest(string source, bool allowUnsafe = false)
    {
        var test = new CSharpSourceGeneratorTest<DifferentiableGenerator, DefaultVerifier>
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            TestCode = source,
        };
        test.TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        test.TestState.AdditionalReferences.Add(RuntimeReference);
        test.TestState.AdditionalReferences.Add(TensorsReference);
        if (allowUnsafe)
        {
            test.SolutionTransforms.Add((solution, projectId) =>
            {
                var options = (CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!;
                return solution.WithProjectCompilationOptions(projectId, options.WithAllowUnsafe(true));
            });
        }
        return test;
    }

    /// <summary>
    /// Runs the generator on <paramref name="source"/> and verifies exactly <paramref name="expected"/> is reported
    /// and no source is generated (the testing library compares the generated set with the empty expected set).
    /// </summary>
    public static async Task VerifyNoSourceAsync(string source, params DiagnosticResult[] expected)
    {
        var test = CreateTest(source);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    public static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: path);

    public static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees, bool allowUnsafe = false) =>
        CSharpCompilation.Create("Snippet", trees, References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: allowUnsafe, nullableContextOptions: NullableContextOptions.Enable));

    public static CSharpCompilation Compile(bool allowUnsafe, params string[] sources) =>
        Compile(sources.Select((s, i) => Parse(s, $"Source{i}.cs")), allowUnsafe);

    public static CSharpCompilation Compile(params string[] sources) => Compile(false, sources);

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new DifferentiableGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>The result of one generator run: what it generated, what it reported, and the compiled output.</summary>
    public sealed record Run(GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
    {
        public ImmutableArray<GeneratedSourceResult> Sources => Result.Results.Single().GeneratedSources;

        public Exception? Exception => Result.Results.Single().Exception;

        /// <summary>Errors of the compilation that includes the generated code.</summary>
        public IReadOnlyList<Diagnostic> OutputErrors =>
            Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        /// <summary>Errors and warnings the compiler reports inside generated files.</summary>
        public IReadOnlyList<Diagnostic> DiagnosticsInGeneratedCode
        {
            get
            {
                var generated = Sources.Select(s => s.SyntaxTree).ToHashSet();
                return Output.GetDiagnostics()
                    .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generated.Contains(tree))
                    .ToList();
            }
        }
    }

    public static Run RunGenerator(Compilation input)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new Run(driver.GetRunResult(), output, diagnostics);
    }

    /// <summary>Members of <c>public static partial class P</c>, with the usings tests need.</summary>
    public static string InStaticClass(string members) => Usings + "public static partial class P\n{\n" + members + "\n}\n";

    /// <summary>Runs the generator on code whose generated code must compile: no exception, no error or warning in it, none added.</summary>
    public static Run Generate(string source)
    {
        Run run = RunGenerator(Compile(source));
        Assert.Null(run.Exception);
        Assert.True(run.DiagnosticsInGeneratedCode.Count == 0, Describe(run.DiagnosticsInGeneratedCode));
        Assert.True(run.OutputErrors.Count == 0, Describe(run.OutputErrors));
        return run;
    }

    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));

    /// <summary>The repository root: the first directory above the test binaries holding AutoDiffGen.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AutoDiffGen.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("AutoDiffGen.sln not found above " + AppContext.BaseDirectory);
    }
}
