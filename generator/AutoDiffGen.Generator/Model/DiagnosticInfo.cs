using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Model;

/// <summary>A diagnostic carried through the pipeline as values and reported from its own output step.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor.Id, location, arguments.ToEquatableArray());

    /// <param name="docsFolder">The installed package's folder of diagnostic pages, for the help link (null: the relative page).</param>
    public Diagnostic ToDiagnostic(string? docsFolder = null) =>
        Diagnostic.Create(Diagnostics.DiagnosticDescriptors.WithInstalledHelpLink(Diagnostics.DiagnosticDescriptors.ById(Id), docsFolder),
            Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, System.Linq.Enumerable.ToArray<object>(Arguments.AsImmutableArray()));
}
