using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Reliability.Tests.Fuzz;
using Xunit.Abstractions;

namespace AutoDiffGen.Reliability.Tests;

/// <summary>
/// The random programs of <see cref="DifferentialFuzzTests"/> that have loops, compiled a second time with every method
/// marked <c>[Differentiable(Checkpoints = s)]</c> (s from 1 to 4, by seed): the checkpointed gradient and pullback must
/// equal the ordinary ones bit for bit, and warm calls allocate nothing. Kept apart from the differential fuzzer (same
/// programs, same compiler, only the attribute differs) so either can change without the other.
/// <c>AUTODIFFGEN_FUZZ_PROGRAMS</c> and <c>AUTODIFFGEN_FUZZ_SEED</c> select the programs as there.
/// </summary>
public class CheckpointedFuzzTests
{
    /// <summary>Programs generated; those with a loop (about half) are compared.</summary>
    public const int CiPrograms = 100;

    private readonly ITestOutputHelper _output;

    public CheckpointedFuzzTests(ITestOutputHelper output) => _output = output;

    private static bool HasLoop(string source) => source.Contains("for (", StringComparison.Ordinal) || source.Contains("while (", StringComparison.Ordinal);

    /// <summary>The same program under another class name, every method checkpointed with <paramref name="snapshots"/> snapshots.</summary>
    private static FuzzUnit Checkpointed(FuzzProgram p, int snapshots)
    {
        var twin = new FuzzProgram
        {
            Seed = p.Seed,
            ClassName = p.ClassName + "Checkpointed",
            Helpers = p.Helpers,
            Main = p.Main,
            Scalars = p.Scalars,
            SpanLength = p.SpanLength,
            Data = p.Data,
            N = p.N,
            Mode = p.Mode,
        };
        // Only gradients and pullbacks are compared, so F's forward-mode kinds are left out of the twin.
        string source = System.Text.RegularExpressions.Regex.Replace(twin.Print(), @"\[Differentiable(\([^)]*\))?\]", $"[Differentiable(Checkpoints = {snapshots})]");
        return new FuzzUnit(twin.ClassName, source, twin.Harness());
    }

    [Fact]
    public void Checkpointed_loop_programs_give_the_ordinary_gradients_bit_for_bit()
    {
        var (seed, count) = FuzzRunner.FromEnvironment() ?? (DifferentialFuzzTests.CiSeed, CiPrograms);
        var programs = Enumerable.Range(0, count).Select(i => ProgramGenerator.Generate(unchecked(seed + i))).Where(p => HasLoop(p.Print())).ToList();
        int compared = 0, points = 0, withCheckpoints = 0;
        var failures = new List<string>();
        for (int start = 0; start < programs.Count; start += FuzzRunner.BatchSize / 2)
        {
            var batchPrograms = programs.Skip(start).Take(FuzzRunner.BatchSize / 2).ToList();
            var units = new List<FuzzUnit>();
            foreach (FuzzProgram p in batchPrograms)
            {
                units.Add(FuzzRunner.Unit(p));
                units.Add(Checkpointed(p, 1 + (int)((uint)p.Seed % 4)));
            }
            using Batch batch = FuzzCompiler.Compile(units);
            for (int i = 0; i < batchPrograms.Count; i++)
            {
                FuzzProgram p = batchPrograms[i];
                UnitOutcome plain = batch.Units[2 * i], checkpointed = batch.Units[2 * i + 1];
                if (checkpointed.Problems.Count > 0 || checkpointed.Adg.Any(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error))
                {
                    failures.Add($"seed {p.Seed}: the checkpointed program got no code: {string.Join("; ", checkpointed.Problems.Concat(checkpointed.Adg.Select(d => d.ToString())).Take(3))}");
                    continue;
                }
                if (!plain.Runnable || plain.Gradient is null) continue; // the differential fuzzer reports those
                compared++;
                // ADG0018: no loop of the program records anything per iteration, so nothing was checkpointed.
                if (!checkpointed.Adg.Any(d => d.Id == "ADG0018")) withCheckpoints++;
                string? failure = Compare(p, plain, checkpointed, ref points);
                if (failure is not null) failures.Add($"seed {p.Seed} (reproduce: AUTODIFFGEN_FUZZ_SEED={p.Seed} AUTODIFFGEN_FUZZ_PROGRAMS=1): {failure}\n{checkpointed.Unit.Source}");
            }
        }
        string report = $"{programs.Count} of {count} programs have loops; {compared} compared at {points} points, " +
            $"{withCheckpoints} of them with a checkpointed loop; {failures.Count} failures";
        _output.WriteLine(report);
        foreach (string f in failures) _output.WriteLine(f);
        Assert.True(failures.Count == 0, report + "\n" + string.Join("\n\n", failures.Take(3)));
        Assert.True(compared >= count / 4, report);
        Assert.True(withCheckpoints >= compared / 4, report);
    }

    private static string? Compare(FuzzProgram p, UnitOutcome plain, UnitOutcome checkpointed, ref int points)
    {
        var rng = new Random(p.Seed ^ 0xc4ec);
        for (int point = 0; point < 3; point++)
        {
            double[] x = Enumerable.Range(0, p.Dimension).Select(_ => Math.Round(rng.NextDouble() * 4 - 2, 6)).ToArray();
            double[] g0 = new double[p.Dimension], g = new double[p.Dimension];
            double v0, v;
            try
            {
                v0 = plain.Gradient!(x, g0);
            }
            catch (Exception)
            {
                continue; // a program that throws at this point (its own throw statements) is the differential fuzzer's business
            }
            try
            {
                v = checkpointed.Gradient!(x, g);
            }
            catch (Exception e)
            {
                return $"the checkpointed gradient threw where the ordinary one did not: {e.GetType().Name}: {e.Message}";
            }
            points++;
            if (!Same(v0, v)) return $"value {v:R}, ordinary {v0:R} at {string.Join(", ", x)}";
            for (int i = 0; i < g.Length; i++)
            {
                if (!Same(g0[i], g[i])) return $"gradient[{i}] {g[i]:R}, ordinary {g0[i]:R} at {string.Join(", ", x)}";
            }
            // The pullback adds into adjoints that were not zero.
            double[] a0 = Enumerable.Range(0, p.Dimension).Select(i => 0.25 * i - 1).ToArray(), a = (double[])a0.Clone();
            plain.Backward!(x, a0, -1.5);
            checkpointed.Backward!(x, a, -1.5);
            for (int i = 0; i < a.Length; i++)
            {
                if (!Same(a0[i], a[i])) return $"pullback adjoint[{i}] {a[i]:R}, ordinary {a0[i]:R} at {string.Join(", ", x)}";
            }
            if (point == 0)
            {
                long allocated = checkpointed.WarmAllocation!(x, g);
                if (allocated != 0) return $"a warm checkpointed call allocated {allocated} B";
            }
        }
        return null;
    }

    private static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) || (double.IsNaN(a) && double.IsNaN(b));
}
