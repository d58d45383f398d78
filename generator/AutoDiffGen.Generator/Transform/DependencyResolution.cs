using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform;

/// <summary>A method as the call graph sees it: its key, whether it produced code, and the backwards it calls.</summary>
internal sealed record DependencyNode(string? Key, bool Failed, EquatableArray<BackwardDependency> Dependencies);

/// <summary>
/// ADG0014: a method whose reverse sweep calls the generated backward of a method that produced no code (it has errors)
/// produces no code either, transitively; it would otherwise call a method that does not exist. A local function of a
/// method that produces no code produces none either, silently: the method's own errors say why.
/// </summary>
internal static class DependencyResolution
{
    /// <summary>
    /// The keys of every method that produces no code, directly or through its callees (sorted, so equal sets compare
    /// equal). Local functions dropped with their method are not listed: only that method calls them, and it has its reasons.
    /// </summary>
    public static EquatableArray<string> FailedKeys(ImmutableArray<DependencyNode> nodes)
    {
        var failed = new HashSet<string>(nodes.Where(n => n.Key is not null && n.Failed).Select(n => n.Key!));
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (DependencyNode n in nodes)
            {
                if (n.Key is null || failed.Contains(n.Key) || n.Dependencies.IsDefaultOrEmpty()) continue;
                if (n.Dependencies.Any(d => failed.Contains(d.CalleeKey))) changed |= failed.Add(n.Key);
            }
        }
        return failed.OrderBy(k => k, System.StringComparer.Ordinal).ToEquatableArray();
    }

    /// <summary>The method's result with its code dropped and ADG0014 reported when a callee it needs failed.</summary>
    public static TransformResult Resolve(TransformResult result, EquatableArray<string> failedKeys)
    {
        if (result.File is null || (result.Dependencies.IsDefaultOrEmpty() && result.EnclosingKey is null)) return result;
        var failed = new HashSet<string>(failedKeys);
        if (result.EnclosingKey is not null && failed.Contains(result.EnclosingKey)) return result with { File = null };
        var broken = result.Dependencies.Where(d => failed.Contains(d.CalleeKey)).ToList();
        if (broken.Count == 0) return result;
        var errors = broken.Select(d => DiagnosticInfo.Create(DiagnosticDescriptors.CalleeNotDifferentiated, d.CallSite, result.Name ?? "", d.CalleeName));
        return result with { File = null, Diagnostics = result.Diagnostics.Concat(errors).ToEquatableArray() };
    }
}
