using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers;

/// <summary>The ids of every AutoDiffGen analyzer rule (the generator's own ids are ADG0xxx), and their help links.</summary>
public static class RuleIdentifiers
{
    /// <summary>A saturating activation (sigmoid, tanh) applied in a deep stack or loop-carried chain.</summary>
    public const string SaturatingActivationInDeepStack = "ADG1001";

    /// <summary>Weight initialization that does not preserve the variance for the type's activations.</summary>
    public const string InitializationDoesNotMatchActivation = "ADG1002";

    /// <summary>Gradient of a recurrent computation applied to weights without clipping.</summary>
    public const string UnclippedRecurrentGradient = "ADG1003";

    /// <summary>The category shared by the training-pathology rules.</summary>
    public const string Category = "AutoDiffGen.Training";

    /// <summary>
    /// The MSBuild property (made compiler-visible by the package's <c>build/AutoDiffGen.props</c>) that holds the absolute
    /// path of the folder of rule pages inside the installed package, ending with a separator.
    /// </summary>
    public const string DocsFolderProperty = "build_property.AutoDiffGenDiagnosticsDocs";

    /// <summary>Where each rule's page lives relative to the package root and to the repository root (both ship it there).</summary>
    public const string PagesFolder = "docs/diagnostics/";

    private static readonly ConcurrentDictionary<(string Id, string Folder), DiagnosticDescriptor> Localized = new();

    /// <summary>
    /// The help link of a descriptor as declared: the page's path inside the package and the repository. Each reported
    /// diagnostic gets an absolute <c>file:</c> link to the installed copy instead (<see cref="For"/>), which opens offline.
    /// </summary>
    public static string HelpLink(string id) => PagesFolder + id + ".md";

    /// <summary>
    /// <paramref name="rule"/> with its help link pointing at the page installed with the package, when the build says where
    /// that is (<see cref="DocsFolderProperty"/>); the rule itself otherwise.
    /// </summary>
    public static DiagnosticDescriptor For(DiagnosticDescriptor rule, AnalyzerOptions options)
    {
        if (!options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(DocsFolderProperty, out var folder)
            || string.IsNullOrWhiteSpace(folder))
        {
            return rule;
        }

        return Localized.GetOrAdd((rule.Id, folder.Trim()), key =>
        {
            var link = rule.HelpLinkUri;
            var last = key.Folder[key.Folder.Length - 1];
            var page = key.Folder + (last is '/' or '\\' ? string.Empty : "/") + key.Id + ".md";
            if (Uri.TryCreate(page, UriKind.Absolute, out var uri))
            {
                link = uri.AbsoluteUri;
            }

            return new DiagnosticDescriptor(
                rule.Id,
                rule.Title,
                rule.MessageFormat,
                rule.Category,
                rule.DefaultSeverity,
                rule.IsEnabledByDefault,
                rule.Description,
                link,
                System.Linq.Enumerable.ToArray(rule.CustomTags));
        });
    }
}
