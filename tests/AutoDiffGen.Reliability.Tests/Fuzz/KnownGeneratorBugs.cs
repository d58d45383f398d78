using System;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Reliability.Tests.Fuzz;

/// <summary>
/// Open generator bugs (GENERATOR-BUGS.md) that mutants keep hitting. A mutant whose problems all match one of these
/// narrow signatures is counted and printed under that bug instead of failing CI; anything else fails. Delete an entry
/// when its bug is fixed.
/// </summary>
public static class KnownGeneratorBugs
{
    public const string CallerOfRejectedCallee = "bug 2: a caller of a method that got no code calls its missing Backward (CS0117)";
    public const string CodeForInvalidMethod = "bug 3: code is generated for a method whose body does not compile";

    private static readonly Regex MissingBackward = new(@"error CS0117: '\w+' does not contain a definition for '\w+Backward'", RegexOptions.Compiled);

    /// <summary>The bug the unit's problems are an instance of, or null when they are something else.</summary>
    public static string? Match(UnitOutcome o)
    {
        if (o.Problems.Count == 0) return null;
        bool onlyErrorsInGeneratedCode = o.Problems.All(p => p.StartsWith("generated code does not compile cleanly:", StringComparison.Ordinal) && p.Contains(": error CS", StringComparison.Ordinal));
        if (!onlyErrorsInGeneratedCode) return null;
        bool calleeGotNoCode = o.Adg.Any(d => d.Severity == DiagnosticSeverity.Error) || o.InputErrors.Count > 0;
        if (calleeGotNoCode && o.Problems.All(p => MissingBackward.IsMatch(p))) return CallerOfRejectedCallee;
        if (o.InputErrors.Count > 0) return CodeForInvalidMethod;
        return null;
    }
}
