using System;
using System.IO;
using System.Linq;
using System.Reflection;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Every generator descriptor is listed, has its severity, and links to its page under docs/diagnostics (the path in the
/// package and the repository); a reported diagnostic links to the page installed with the package.
/// </summary>
public class DescriptorTests
{
    private const string HelpPrefix = "";

    public static TheoryData<string> Ids() => new(DiagnosticDescriptors.All.Select(d => d.Id));

    [Fact]
    public void All_lists_every_descriptor_field_once_with_consecutive_ids()
    {
        var fields = typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();
        Assert.Equal(fields.Count, DiagnosticDescriptors.All.Length);
        Assert.All(fields, f => Assert.Contains(f, DiagnosticDescriptors.All));
        var expectedIds = Enumerable.Range(1, fields.Count).Select(i => $"ADG{i:0000}");
        Assert.Equal(expectedIds, DiagnosticDescriptors.All.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_is_enabled_and_its_help_link_points_at_its_page(string id)
    {
        DiagnosticDescriptor descriptor = DiagnosticDescriptors.ById(id);
        // Errors mean "no code for this method"; the warnings (a dropped derivative, nothing to checkpoint) and the information
        // (no dense Hessian of a method that uses models) still generate code.
        DiagnosticSeverity expected = descriptor == DiagnosticDescriptors.DerivativeDropped || descriptor == DiagnosticDescriptors.NothingToCheckpoint
            ? DiagnosticSeverity.Warning
            : descriptor == DiagnosticDescriptors.ModelHessianNotGenerated ? DiagnosticSeverity.Info : DiagnosticSeverity.Error;
        Assert.Equal(expected, descriptor.DefaultSeverity);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.StartsWith(HelpPrefix, descriptor.HelpLinkUri, StringComparison.Ordinal);
        string relative = descriptor.HelpLinkUri.Substring(HelpPrefix.Length);
        Assert.Equal("docs/diagnostics/" + id + ".md", relative);

        string page = Path.Combine(RepositoryRoot(), relative.Replace('/', Path.DirectorySeparatorChar));
        Assert.True(File.Exists(page), "missing help page " + page);
        string text = File.ReadAllText(page);
        Assert.StartsWith("# " + id + ": " + descriptor.Title, text, StringComparison.Ordinal);
        Assert.Contains("## Bad", text, StringComparison.Ordinal);
        Assert.Contains("## Good", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reported_diagnostic_links_to_the_page_installed_with_the_package()
    {
        string folder = Path.Combine(Path.GetTempPath(), "autodiffgen", "0.1.0", "docs", "diagnostics") + Path.DirectorySeparatorChar;
        var options = new BuildProperties(DiagnosticDescriptors.DocsFolderProperty, folder);
        var driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions, optionsProvider: options);
        var compilation = Compile(Usings + "public static partial class P { [Differentiable] public static int F(double x) => 1; }");
        Diagnostic reported = Assert.Single(driver.RunGenerators(compilation).GetRunResult().Diagnostics);

        Assert.Equal("ADG0005", reported.Id);
        Assert.Equal(new Uri(Path.Combine(folder, "ADG0005.md")).AbsoluteUri, reported.Descriptor.HelpLinkUri);
        Assert.StartsWith("file:", reported.Descriptor.HelpLinkUri, StringComparison.Ordinal);
    }

    /// <summary>Build properties as the package's build/AutoDiffGen.props makes them visible to the compiler.</summary>
    private sealed class BuildProperties : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        private readonly Options _global;

        public BuildProperties(string key, string value) => _global = new Options(key, value);

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => _global;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(null, null);

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(null, null);

        private sealed class Options : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            private readonly string? _key, _value;

            public Options(string? key, string? value) => (_key, _value) = (key, value);

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
            {
                value = key == _key ? _value : null;
                return value is not null;
            }
        }
    }
}
