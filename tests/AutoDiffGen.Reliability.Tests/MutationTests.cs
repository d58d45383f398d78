using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using AutoDiffGen.Reliability.Tests.Fuzz;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace AutoDiffGen.Reliability.Tests;

/// <summary>
/// Mutation testing of the front end: random edits of valid programs (a token or a statement deleted, an operator
/// swapped, an unsupported construct put in). The generator must never throw or report AD0001/CS8785/ADG0012, never
/// emit code that fails to compile or warns, and emit nothing for a method it reports an ADG error on; a mutant it
/// accepts must get a correct gradient. CI runs <see cref="CiMutants"/>; <c>AUTODIFFGEN_FUZZ_MUTANTS=N</c> (with
/// <c>AUTODIFFGEN_FUZZ_SEED</c>) runs any number.
/// </summary>
public class MutationTests
{
    public const int CiSeed = 7_000_001;
    public const int CiMutants = 300;

    private readonly ITestOutputHelper _output;

    public MutationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Mutated_programs_get_a_correct_gradient_or_an_ADG_diagnostic_and_never_break_the_build()
    {
        string? env = Environment.GetEnvironmentVariable("AUTODIFFGEN_FUZZ_MUTANTS");
        string? envSeed = Environment.GetEnvironmentVariable("AUTODIFFGEN_FUZZ_SEED");
        int count = string.IsNullOrWhiteSpace(env) ? CiMutants : int.Parse(env, CultureInfo.InvariantCulture);
        int seed = string.IsNullOrWhiteSpace(envSeed) ? CiSeed : int.Parse(envSeed, CultureInfo.InvariantCulture);

        int invalid = 0, rejected = 0, accepted = 0, checkedGradients = 0, notCheckable = 0;
        var constructsRejected = new SortedDictionary<string, int>();
        var failures = new List<string>();
        for (int start = 0; start < count; start += FuzzRunner.BatchSize)
        {
            var mutants = new List<(FuzzProgram Program, Mutator.Mutant Mutant)>();
            for (int i = start; i < Math.Min(count, start + FuzzRunner.BatchSize); i++)
            {
                FuzzProgram program = ProgramGenerator.Generate(unchecked(seed + i));
                mutants.Add((program, Mutator.Mutate(program.Print(), new Random(unchecked(seed + i) * 31 + 7))));
            }
            using Batch batch = FuzzCompiler.Compile(mutants.Select(m => new FuzzUnit(m.Program.ClassName, m.Mutant.Source, m.Program.Harness())).ToList());
            for (int i = 0; i < mutants.Count; i++)
            {
                var (program, mutant) = mutants[i];
                UnitOutcome outcome = batch.Units[i];
                string Describe(string problem) => $"mutant of seed {program.Seed} ({mutant.Description}): {problem}\n{mutant.Source}";
                if (outcome.Problems.Count > 0)
                {
                    failures.Add(Describe(string.Join("\n", outcome.Problems)));
                    continue;
                }
                if (outcome.InputErrors.Count > 0)
                {
                    invalid++;
                    continue;
                }
                if (outcome.Adg.Any(d => d.Severity == DiagnosticSeverity.Error))
                {
                    rejected++;
                    string name = mutant.Description.StartsWith("inserted ", StringComparison.Ordinal) ? mutant.Description[9..mutant.Description.IndexOf(':')] : "other edit";
                    constructsRejected[name] = constructsRejected.GetValueOrDefault(name) + 1;
                    continue;
                }
                accepted++;
                if (!outcome.Runnable)
                {
                    notCheckable++;
                    continue;
                }
                CheckResult result = GradientChecker.Check(outcome, batch.TraceOf(outcome), program.Dimension, program.Seed);
                if (result.FailureKind == CheckResult.Kinds.Fuzzer) notCheckable++; // the mutant itself throws (an index off its span, say)
                else if (result.FailureKind is not null) failures.Add(Describe(result.Failure!));
                else checkedGradients++;
            }
        }
        var report = new StringBuilder();
        report.Append(CultureInfo.InvariantCulture, $"{count} mutants (seed {seed}): {invalid} not valid C#, {rejected} rejected with an ADG error, {accepted} accepted ({checkedGradients} gradient-checked, {notCheckable} not checkable), {failures.Count} failures\n");
        report.Append("rejected inserted constructs: ").AppendJoin(", ", constructsRejected.Select(p => $"{p.Key} {p.Value}")).Append('\n');
        foreach (string f in failures) report.Append("\nFAILURE ").Append(f).Append('\n');
        _output.WriteLine(report.ToString());
        Assert.True(failures.Count == 0, report.ToString());
        // The mix must exercise every outcome, or the test proves less than it claims.
        Assert.True(invalid > 0 && rejected > 0 && checkedGradients > 0, report.ToString());
    }
}
