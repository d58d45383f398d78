using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Analyzers.Tests;

public class DescriptorTests
{

    private static readonly DiagnosticAnalyzer[] Analyzers = typeof(RuleIdentifiers).Assembly.GetTypes()
        .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToArray();

    private static IEnumerable<DiagnosticDescriptor> Descriptors => Analyzers.SelectMany(a => a.SupportedDiagnostics);

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.IsLiteral && field.GetRawConstantValue() is string value && value.StartsWith("ADG", StringComparison.Ordinal))
            {
                data.Add(value);
            }
        }

        return data;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AutoDiffGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("AutoDiffGen.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Every_help_link_points_at_an_existing_page_named_after_its_id()
    {
        var root = RepositoryRoot();
        var descriptors = Descriptors.ToList();
        Assert.NotEmpty(descriptors);
        foreach (var descriptor in descriptors)
        {
            // Declared link: the page's path inside the package and the repository (the same relative path in both).
            var relative = descriptor.HelpLinkUri;
            Assert.Equal("docs/diagnostics/" + descriptor.Id + ".md", relative);
            var page = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
            Assert.True(File.Exists(page), "missing help page " + page);
            var text = File.ReadAllText(page);
            Assert.StartsWith("# " + descriptor.Id + ":", text, StringComparison.Ordinal);
            Assert.Contains("## Bad", text, StringComparison.Ordinal);
            Assert.Contains("## Good", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Reported_diagnostics_link_to_the_installed_page_when_the_package_says_where_it_is()
    {
        var folder = Path.Combine(RepositoryRoot(), "docs", "diagnostics") + Path.DirectorySeparatorChar;
        var options = new AnalyzerOptions(System.Collections.Immutable.ImmutableArray<AdditionalText>.Empty, new GlobalOnly(RuleIdentifiers.DocsFolderProperty, folder));
        foreach (var descriptor in Descriptors)
        {
            var link = RuleIdentifiers.For(descriptor, options).HelpLinkUri;
            Assert.StartsWith("file:///", link, StringComparison.Ordinal);
            Assert.True(File.Exists(new Uri(link).LocalPath), link);
            Assert.Equal(descriptor.MessageFormat.ToString(), RuleIdentifiers.For(descriptor, options).MessageFormat.ToString());
        }

        var none = new AnalyzerOptions(System.Collections.Immutable.ImmutableArray<AdditionalText>.Empty, new GlobalOnly("unrelated", "x"));
        Assert.All(Descriptors, d => Assert.Same(d, RuleIdentifiers.For(d, none)));
    }

    [Fact]
    public void The_package_imports_the_docs_folder_property_and_packs_the_pages()
    {
        var props = File.ReadAllText(Path.Combine(RepositoryRoot(), "analyzers", "build", "AutoDiffGen.props"));
        Assert.Contains("<CompilerVisibleProperty Include=\"AutoDiffGenDiagnosticsDocs\"", props, StringComparison.Ordinal);
        var project = File.ReadAllText(Path.Combine(RepositoryRoot(), "runtime", "AutoDiffGen.Runtime", "AutoDiffGen.Runtime.csproj"));
        Assert.Contains("PackagePath=\"docs/diagnostics\"", project, StringComparison.Ordinal);
        Assert.Contains("PackagePath=\"build\"", project, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_description_gives_the_cause_and_the_cures_in_two_sentences(string id)
    {
        var description = Assert.Single(Descriptors, d => d.Id == id).Description.ToString();
        Assert.Equal(2, description.Split(new[] { ". " }, StringSplitOptions.None).Length);
        Assert.EndsWith(".", description, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_id_has_one_warning_descriptor_and_a_release_entry(string id)
    {
        var descriptor = Assert.Single(Descriptors, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Warning, descriptor.DefaultSeverity);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.Equal(RuleIdentifiers.Category, descriptor.Category);
        var unshipped = File.ReadAllText(Path.Combine(RepositoryRoot(), "analyzers", "AutoDiffGen.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains(id + " | " + RuleIdentifiers.Category + " | Warning", unshipped, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_has_a_code_fix_with_fix_all(string id)
    {
        var fixers = typeof(SaturatingActivationFixer).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .Where(f => f.FixableDiagnosticIds.Contains(id))
            .ToList();
        var fixer = Assert.Single(fixers);
        Assert.NotNull(fixer.GetFixAllProvider());
    }

    private sealed class GlobalOnly : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options;

        public GlobalOnly(string key, string value) => _options = new Options(key, value);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly string _key, _value;

            public Options(string key, string value) => (_key, _value) = (key, value);

            public override bool TryGetValue(string key, out string value)
            {
                value = key == _key ? _value : string.Empty;
                return key == _key;
            }
        }
    }

    [Fact]
    public void Analyzer_ids_do_not_use_the_generator_range_or_roslyn_prefix()
    {
        foreach (var descriptor in Descriptors)
        {
            Assert.Matches("^ADG1[0-9]{3}$", descriptor.Id);
        }
    }
}
