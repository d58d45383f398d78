using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AutoDiffGen.Analyzers.Tests;

/// <summary>
/// Analyzer and code-fix test drivers with offline reference assemblies (the pinned
/// Microsoft.NETCore.App.Ref packages of ReferenceAssemblies.Net.* are not served here), the runtime stub,
/// and an optional .editorconfig.
/// </summary>
internal static class Verifier
{
    public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    public static async Task AnalyzerAsync<TAnalyzer>(string source, string? editorConfig = null, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            TestCode = source,
        };
        Configure(test.TestState, editorConfig);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    public static async Task CodeFixAsync<TAnalyzer, TFixer>(string source, string fixedSource, string equivalenceKey, int? iterations = null, string? editorConfig = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFixer : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFixer, DefaultVerifier>
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        if (iterations is int count)
        {
            test.NumberOfFixAllIterations = count;
            test.NumberOfIncrementalIterations = count;
        }

        Configure(test.TestState, editorConfig);
        Configure(test.FixedState, editorConfig);
        await test.RunAsync(CancellationToken.None);
    }

    private static void Configure(SolutionState state, string? editorConfig)
    {
        state.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        state.Sources.Add(("RuntimeStub.cs", RuntimeStub.Source));
        if (editorConfig is not null)
        {
            state.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig + "\n"));
        }
    }
}
