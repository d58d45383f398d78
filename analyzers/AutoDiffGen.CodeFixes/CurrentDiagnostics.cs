using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.CodeFixes;

/// <summary>
/// <c>dotnet format analyzers</c> computes every rule's diagnostics once, then applies the rules' Fix All one after the
/// other to the changing solution: a rule fixed after another one in the same file gets diagnostics whose spans the
/// earlier fix has moved (an ADG1002 fix shortens a line above an ADG1001 stack), finds nothing where they point, and
/// the pass leaves its warnings for a second pass. Fix All therefore checks the diagnostics it is handed against the
/// document as it is now and, when they no longer match, runs the rule's analyzer again on the document and fixes
/// what it reports there instead.
/// </summary>
internal static class CurrentDiagnostics
{
    /// <summary>
    /// The diagnostic as the analyzer reports it on the document now: <paramref name="given"/> itself when it still
    /// stands at its span, else the one with the same message nearest to where it was (moved by another rule's fix).
    /// </summary>
    public static async Task<Diagnostic?> MatchAsync(Document document, Diagnostic given, DiagnosticAnalyzer analyzer, CancellationToken cancellationToken)
    {
        var current = await ReportedAsync(document, analyzer, given.Id, cancellationToken).ConfigureAwait(false);
        var message = given.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        return current
            .Where(c => c.GetMessage(System.Globalization.CultureInfo.InvariantCulture) == message)
            .OrderBy(c => System.Math.Abs(c.Location.SourceSpan.Start - given.Location.SourceSpan.Start))
            .FirstOrDefault();
    }

    private static async Task<ImmutableArray<Diagnostic>> ReportedAsync(Document document, DiagnosticAnalyzer analyzer, string id, CancellationToken cancellationToken)
    {
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (tree is null || compilation is null)
        {
            return ImmutableArray<Diagnostic>.Empty;
        }

        var options = new CompilationWithAnalyzersOptions(document.Project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        return (await compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options)
                .GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan: null, cancellationToken).ConfigureAwait(false))
            .Where(d => d.Id == id && d.Location.SourceTree == tree)
            .ToImmutableArray();
    }

    public static async Task<ImmutableArray<Diagnostic>> ForAsync(Document document, ImmutableArray<Diagnostic> given, DiagnosticAnalyzer analyzer, string id, CancellationToken cancellationToken)
    {
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        var current = await ReportedAsync(document, analyzer, id, cancellationToken).ConfigureAwait(false);
        var unchanged = given.All(g => g.Location.SourceTree == tree && current.Any(c => c.Location.SourceSpan == g.Location.SourceSpan));
        return unchanged || current.IsEmpty ? given : current;
    }
}
