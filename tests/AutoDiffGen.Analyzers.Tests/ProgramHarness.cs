using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using AutoDiffGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Analyzers.Tests;

/// <summary>
/// Real programs, as a user's build sees them: the real runtime, the generator run in memory (ARCHITECTURE.md's offline
/// reference recipe), the three analyzers on the result, code fixes applied through a workspace the way an IDE or
/// <c>dotnet format</c> applies them, and the compiled program run in a collectible load context.
/// </summary>
internal static class ProgramHarness
{
    public static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(AutoDiffGen.DifferentiableAttribute).Assembly.Location))
            // The AutoDiffGen package brings System.Numerics.Tensors: vectorized loops call its TensorPrimitives.
            .Append(MetadataReference.CreateFromFile(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location))
            .ToImmutableArray();

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new SaturatingActivationAnalyzer(), new InitializationMismatchAnalyzer(), new UnclippedRecurrentGradientAnalyzer());

    public static readonly ImmutableArray<CodeFixProvider> Fixers = ImmutableArray.Create<CodeFixProvider>(
        new SaturatingActivationFixer(), new InitializationMismatchFixer(), new UnclippedRecurrentGradientFixer());

    public static string DataPath(params string[] parts) => Path.Combine(new[] { AppContext.BaseDirectory }.Concat(parts).ToArray());

    public static CSharpCompilation Compile(string source, string path = "Program.cs", OutputKind kind = OutputKind.DynamicallyLinkedLibrary) =>
        CSharpCompilation.Create(
            "Program" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(source, ParseOptions, path: path) },
            References,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: false));

    /// <summary>The compilation with the generator's output, and every error of the generator or the compiler.</summary>
    public static (Compilation Output, IReadOnlyList<Diagnostic> Errors) Generate(Compilation input)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(input, out var output, out var generatorDiagnostics);
        var errors = generatorDiagnostics.Concat(output.GetDiagnostics())
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .ToList();
        return (output, errors);
    }

    /// <summary>The ADG1xxx diagnostics of a compilation (generated code included in the compilation, as in a build).</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, AnalyzerConfigOptionsProvider? options = null)
    {
        var analyzerOptions = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, options ?? EmptyOptionsProvider.Instance);
        var withAnalyzers = compilation.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(analyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        var crash = diagnostics.FirstOrDefault(d => d.Id == "AD0001");
        Assert.True(crash is null, crash?.ToString());
        return diagnostics.Where(d => d.Id.StartsWith("ADG1", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>Compiles a program with the generator, fails on any error, and returns the analyzers' diagnostics.</summary>
    public static async Task<(Compilation Output, ImmutableArray<Diagnostic> Diagnostics)> CompileAndAnalyzeAsync(string source, string path = "Program.cs")
    {
        var (output, errors) = Generate(Compile(source, path));
        Assert.True(errors.Count == 0, path + " does not compile:\n" + string.Join("\n", errors));
        return (output, await AnalyzeAsync(output));
    }

    // ------------------------------------------------------------------ code fixes through a workspace

    public static (AdhocWorkspace Workspace, Document Document) OpenDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Create(), "Program", "Program", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: ParseOptions,
            metadataReferences: References,
            analyzerReferences: new[] { GeneratorReference }));
        var document = workspace.AddDocument(project.Id, "Program.cs", SourceText.From(source));
        return (workspace, document);
    }

    /// <summary>The generator as the project's analyzer reference: the workspace runs it, as an IDE does, so fixers see generated methods.</summary>
    private static readonly AnalyzerReference GeneratorReference =
        new AnalyzerFileReference(typeof(DifferentiableGenerator).Assembly.Location, new LoadedAssemblyLoader());

    /// <summary>The diagnostics of a document's project (its compilation includes the generated code).</summary>
    public static async Task<ImmutableArray<Diagnostic>> DocumentDiagnosticsAsync(Document document)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var tree = (await document.GetSyntaxTreeAsync())!;
        return (await AnalyzeAsync(compilation)).Where(d => d.Location.SourceTree == tree).ToImmutableArray();
    }

    /// <summary>The code actions the fixers register for one diagnostic, in registration order.</summary>
    public static async Task<IReadOnlyList<CodeAction>> ActionsAsync(Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        foreach (var fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
            await fixer.RegisterCodeFixesAsync(context);
        }

        return actions;
    }

    /// <summary>Applies Fix All in the document for every diagnostic of <paramref name="id"/> with the action of <paramref name="equivalenceKey"/>.</summary>
    public static async Task<Document> FixAllAsync(Document document, string id, string equivalenceKey)
    {
        var diagnostics = (await DocumentDiagnosticsAsync(document)).Where(d => d.Id == id).ToImmutableArray();
        if (diagnostics.IsEmpty)
        {
            return document;
        }

        var fixer = Fixers.Single(f => f.FixableDiagnosticIds.Contains(id));
        var provider = new FixedDiagnostics(diagnostics);
        var fixAll = new FixAllContext(document, fixer, FixAllScope.Document, equivalenceKey, new[] { id }, provider, CancellationToken.None);
        var action = await fixer.GetFixAllProvider()!.GetFixAsync(fixAll);
        Assert.NotNull(action);
        return await ApplyAsync(document, action!);
    }

    public static async Task<Document> ApplyAsync(Document document, CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var apply = operations.OfType<ApplyChangesOperation>().Single();
        return apply.ChangedSolution.GetDocument(document.Id)!;
    }

    /// <summary>
    /// What <c>dotnet format analyzers</c> does in one run: for each rule, Fix All with the first action the fixer
    /// registers for the rule's first diagnostic.
    /// </summary>
    public static async Task<Document> FormatPassAsync(Document document)
    {
        foreach (var id in new[] { RuleIdentifiers.SaturatingActivationInDeepStack, RuleIdentifiers.InitializationDoesNotMatchActivation, RuleIdentifiers.UnclippedRecurrentGradient })
        {
            var first = (await DocumentDiagnosticsAsync(document)).FirstOrDefault(d => d.Id == id);
            if (first is null)
            {
                continue;
            }

            var actions = await ActionsAsync(document, first);
            if (actions.Count == 0)
            {
                continue;
            }

            document = await FixAllAsync(document, id, actions[0].EquivalenceKey!);
        }

        return document;
    }

    // ------------------------------------------------------------------ running

    /// <summary>Compiles (with the generator), loads in a collectible context and calls <c>static double[] Experiment.Run()</c>.</summary>
    public static double[] Run(string source)
    {
        var (output, errors) = Generate(Compile(source));
        Assert.True(errors.Count == 0, "does not compile:\n" + string.Join("\n", errors) + "\n" + source);
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("experiment", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var run = assembly.GetType("Experiment")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
            return (double[])run.Invoke(null, null)!;
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Hands the workspace the generator assembly this test process already loaded.</summary>
    private sealed class LoadedAssemblyLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) =>
            AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => !a.IsDynamic && string.Equals(a.Location, fullPath, StringComparison.Ordinal))
            ?? Assembly.LoadFrom(fullPath);
    }

    private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(ImmutableArray<Diagnostic>.Empty);
    }

    private sealed class EmptyOptionsProvider : AnalyzerConfigOptionsProvider
    {
        public static readonly EmptyOptionsProvider Instance = new();

        public override AnalyzerConfigOptions GlobalOptions => EmptyOptions.Instance;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => EmptyOptions.Instance;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => EmptyOptions.Instance;

        private sealed class EmptyOptions : AnalyzerConfigOptions
        {
            public static readonly EmptyOptions Instance = new();

            public override bool TryGetValue(string key, out string value)
            {
                value = string.Empty;
                return false;
            }
        }
    }
}
