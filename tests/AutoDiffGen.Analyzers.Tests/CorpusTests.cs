using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace AutoDiffGen.Analyzers.Tests;

/// <summary>
/// The realistic corpus: training programs written the way practitioners write them (Corpus/*.cs), each line that
/// should carry a warning marked <c>// expect: ADGnnnn</c>. Every program must compile with the generator; the
/// analyzers' verdicts are scored per rule (a warning on a marked line is a true positive, on an unmarked line a
/// false positive, a marked line without it a false negative) and held to the issue's targets.
/// </summary>
public class CorpusTests
{
    private static readonly string[] Rules =
    {
        RuleIdentifiers.SaturatingActivationInDeepStack,
        RuleIdentifiers.InitializationDoesNotMatchActivation,
        RuleIdentifiers.UnclippedRecurrentGradient,
    };

    private static readonly Regex Expectation = new(@"//\s*expect:\s*(?<ids>(ADG\d{4}[ ,]*)+)", RegexOptions.Compiled);

    private readonly ITestOutputHelper _output;

    public CorpusTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// The two sets, scored separately: the programs written alongside the rules, and a held-out set written afterwards
    /// by someone who had read only the rule pages and the README (its verdicts before the analyzers were changed for it
    /// are recorded in Corpus/HeldOut/README.md).
    /// </summary>
    private static readonly (string Name, string Folder)[] Sets = { ("corpus", "Corpus"), ("held-out", Path.Combine("Corpus", "HeldOut")) };

    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (var file in ProgramFiles())
        {
            data.Add(Path.GetRelativePath(ProgramHarness.DataPath("Corpus"), file).Replace('\\', '/'));
        }

        return data;
    }

    private static IEnumerable<string> ProgramFiles(string? folder = null) =>
        (folder is null ? Sets.Select(s => s.Folder) : new[] { folder })
            .SelectMany(f => Directory.GetFiles(ProgramHarness.DataPath(f), "*.cs").OrderBy(p => p, StringComparer.Ordinal));

    /// <summary>(line, rule) pairs a program expects, 0-based lines.</summary>
    internal static HashSet<(int Line, string Id)> Expected(string source)
    {
        var expected = new HashSet<(int, string)>();
        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Expectation.Match(lines[i]);
            if (match.Success)
            {
                foreach (var id in match.Groups["ids"].Value.Split(new[] { ' ', ',' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    expected.Add((i, id));
                }
            }
        }

        return expected;
    }

    [Fact]
    public void The_corpus_has_at_least_40_programs_and_every_rule_is_expected_somewhere()
    {
        var files = ProgramFiles().ToList();
        Assert.True(files.Count >= 40, "corpus has " + files.Count + " programs");
        var expected = files.SelectMany(f => Expected(File.ReadAllText(f))).Select(e => e.Id).ToHashSet();
        Assert.All(Rules, id => Assert.Contains(id, expected));
        Assert.Contains(files, f => Expected(File.ReadAllText(f)).Count == 0);
    }

    [Fact]
    public async Task Every_rule_meets_the_precision_and_recall_targets_on_the_corpus() => await Score(Sets[0]);

    [Fact]
    public async Task Every_rule_meets_the_precision_and_recall_targets_on_the_held_out_set() => await Score(Sets[1]);

    private async Task Score((string Name, string Folder) set)
    {
        var counts = Rules.ToDictionary(r => r, _ => (TruePositive: 0, FalsePositive: 0, FalseNegative: 0));
        var misses = new StringBuilder();
        foreach (var file in ProgramFiles(set.Folder))
        {
            var source = File.ReadAllText(file);
            var name = Path.GetFileName(file);
            var (output, errors) = ProgramHarness.Generate(ProgramHarness.Compile(source, name));
            if (errors.Count > 0)
            {
                misses.AppendLine(name + " does not compile:\n" + string.Join("\n", errors));
                continue;
            }

            var diagnostics = await ProgramHarness.AnalyzeAsync(output);
            var expected = Expected(source);
            var actual = diagnostics
                .Where(d => d.Location.SourceTree?.FilePath == name)
                .Select(d => (Line: d.Location.GetLineSpan().StartLinePosition.Line, d.Id))
                .ToHashSet();
            foreach (var rule in Rules)
            {
                var (tp, fp, fn) = counts[rule];
                foreach (var hit in actual.Where(a => a.Id == rule))
                {
                    if (expected.Contains(hit))
                    {
                        tp++;
                    }
                    else
                    {
                        fp++;
                        misses.AppendLine($"false positive {rule} {name}:{hit.Line + 1}: {diagnostics.First(d => d.Id == rule && d.Location.GetLineSpan().StartLinePosition.Line == hit.Line).GetMessage()}");
                    }
                }

                foreach (var miss in expected.Where(e => e.Id == rule && !actual.Contains(e)))
                {
                    fn++;
                    misses.AppendLine($"false negative {rule} {name}:{miss.Line + 1}");
                }

                counts[rule] = (tp, fp, fn);
            }
        }

        var report = new StringBuilder();
        report.AppendLine($"{set.Name}: {ProgramFiles(set.Folder).Count()} programs");
        report.AppendLine("| rule | expected | reported | true positives | false positives | false negatives | precision | recall |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var rule in Rules)
        {
            var (tp, fp, fn) = counts[rule];
            report.AppendLine($"| {rule} | {tp + fn} | {tp + fp} | {tp} | {fp} | {fn} | {Percent(tp, tp + fp)} | {Percent(tp, tp + fn)} |");
        }

        _output.WriteLine(report.ToString());
        _output.WriteLine(misses.ToString());
        Assert.DoesNotContain("does not compile", misses.ToString(), StringComparison.Ordinal);
        foreach (var rule in Rules)
        {
            var (tp, fp, fn) = counts[rule];
            Assert.True(tp + fn > 0, rule + " is expected nowhere");
            Assert.True(tp >= 0.95 * (tp + fp), $"{rule} precision below 95 %\n{report}\n{misses}");
            Assert.True(tp >= 0.90 * (tp + fn), $"{rule} recall below 90 %\n{report}\n{misses}");
        }
    }

    /// <summary>
    /// What <c>dotnet format analyzers --diagnostics ADG1001 ADG1002 ADG1003</c> does: one pass applies the first fix of
    /// every rule to the whole document, and the result compiles, a second pass changes nothing, and the only warnings left
    /// are the RNN stacks of ADG1001, for which no fix is offered.
    /// </summary>
    [Theory]
    [MemberData(nameof(Programs))]
    public async Task One_format_pass_leaves_no_warning_and_compiles(string program)
    {
        var source = File.ReadAllText(ProgramHarness.DataPath("Corpus", program));
        if (Expected(source).Count == 0)
        {
            var (_, clean) = await ProgramHarness.CompileAndAnalyzeAsync(source, program);
            Assert.Empty(clean);
            return;
        }

        var (_, document) = ProgramHarness.OpenDocument(source);
        var fixedDocument = await ProgramHarness.FormatPassAsync(document);
        var text = (await fixedDocument.GetTextAsync()).ToString();
        var (_, remaining) = await ProgramHarness.CompileAndAnalyzeAsync(text, program);

        // What is left has no fix on offer (an RNN's ADG1001: no local rewrite cures a recurrence over time), so a
        // second pass changes nothing: one pass converges.
        foreach (var diagnostic in (await ProgramHarness.DocumentDiagnosticsAsync(fixedDocument)).Where(d => remaining.Any(r => r.Id == d.Id)))
        {
            Assert.True((await ProgramHarness.ActionsAsync(fixedDocument, diagnostic)).Count == 0, "left after one pass, with a fix on offer:\n" + diagnostic + "\n\n" + text);
        }

        var secondPass = (await (await ProgramHarness.FormatPassAsync(fixedDocument)).GetTextAsync()).ToString();
        Assert.Equal(text, secondPass);
        Assert.True(
            remaining.All(d => d.Id == RuleIdentifiers.SaturatingActivationInDeepStack && d.Properties.TryGetValue(DiagnosticPropertyNames.Recurrent, out var r) && r == "true"),
            "left after one pass:\n" + string.Join("\n", remaining) + "\n\n" + text);
    }

    private static string Percent(int part, int whole) => whole == 0 ? "n/a" : (100.0 * part / whole).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " %";
}
