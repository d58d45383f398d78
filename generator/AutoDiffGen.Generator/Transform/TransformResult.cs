using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform;

/// <summary>A call whose reverse sweep uses the generated backward of a method of this compilation.</summary>
internal sealed record BackwardDependency(string CalleeKey, string CalleeName, LocationInfo? CallSite);

/// <summary>What the transform made of one method: the generated code as IR, or the diagnostics that prevented it.</summary>
/// <param name="Key">The method's identity (null when no method was lowered).</param>
/// <param name="Dependencies">Generated backwards of this compilation that the code calls.</param>
/// <param name="EnclosingKey">For a local function, the key of the method it is declared in: without that method's code it has no use.</param>
internal sealed record TransformResult(DerivativeFile? File, EquatableArray<DiagnosticInfo> Diagnostics,
    string? Key = null, string? Name = null, EquatableArray<BackwardDependency> Dependencies = default, string? EnclosingKey = null)
{
    /// <summary>This method's place in the call graph, all that dependency resolution needs to know of it.</summary>
    public DependencyNode Node => new(Key, File is null, Dependencies);
}
