using System;
using System.IO;
using System.Linq;
using System.Reflection;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests;

/// <summary>Every generator descriptor is listed, has its severity, and links to its page under docs/diagnostics.</summary>
public class DescriptorTests
{
    private const string HelpPrefix = "https://github.com/AutoDiffGen/AutoDiffGen/blob/main/";

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
        // Errors mean "no code for this method"; the warnings (a dropped derivative, nothing to checkpoint) still generate code.
        DiagnosticSeverity expected = descriptor == DiagnosticDescriptors.DerivativeDropped || descriptor == DiagnosticDescriptors.NothingToCheckpoint
            ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;
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
}
