using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AutoDiffGen.Reliability.Tests.Fuzz;

/// <summary>A program the generator got wrong: its seed, what went wrong, and the program shrunk while it still fails.</summary>
public sealed record FuzzFailure(int Seed, string Kind, string Message, string Reduced, string ReducedMessage)
{
    public override string ToString() =>
        $"seed {Seed} ({Kind}): {Message}\n" +
        $"reproduce: AUTODIFFGEN_FUZZ_SEED={Seed} AUTODIFFGEN_FUZZ_PROGRAMS=1\n" +
        $"reduced program ({ReducedMessage}):\n{Reduced}";
}

/// <summary>Counts of one fuzz run.</summary>
public sealed class FuzzStatistics
{
    public int Programs;
    public int ProgramsRun;
    public int PointsTested;
    public int TangentsTested;
    public int HessianVectorsTested;
    public int KinksSkipped;
    public int IllConditionedSkipped;
    /// <summary>Programs where every sampled point was skipped.</summary>
    public int ProgramsWithoutTestedPoint;
    public List<FuzzFailure> Failures { get; } = new();
    /// <summary>How many programs use each construct of issue 14.</summary>
    public SortedDictionary<string, int> Constructs { get; } = new(StringComparer.Ordinal);
    public TimeSpan Elapsed;
    public TimeSpan CompileTime;

    public override string ToString() =>
        $"{Programs} programs ({ProgramsRun} compiled and run), {PointsTested} points checked ({TangentsTested} tangents, {HessianVectorsTested} H·v), {KinksSkipped} points skipped near kinks, " +
        $"{IllConditionedSkipped} skipped as ill-conditioned, {ProgramsWithoutTestedPoint} programs without a checked point, " +
        $"{Failures.Count} failures, {Elapsed.TotalSeconds:F1} s ({CompileTime.TotalSeconds:F1} s compiling); constructs: " +
        string.Join(", ", Constructs.Select(kv => $"{kv.Key} {kv.Value}"));
}

/// <summary>Generates, compiles (in batches) and checks random programs; shrinks the failing ones.</summary>
public static class FuzzRunner
{
    public const int BatchSize = 40;

    public static FuzzStatistics Run(int baseSeed, int count, Action<string>? log = null, int maxShrunkFailures = 5)
    {
        var stats = new FuzzStatistics();
        var clock = Stopwatch.StartNew();
        for (int start = 0; start < count; start += BatchSize)
        {
            var programs = Enumerable.Range(start, Math.Min(BatchSize, count - start)).Select(i => ProgramGenerator.Generate(unchecked(baseSeed + i))).ToList();
            var compileClock = Stopwatch.StartNew();
            using Batch batch = FuzzCompiler.Compile(programs.Select(Unit).ToList());
            stats.CompileTime += compileClock.Elapsed;
            for (int i = 0; i < programs.Count; i++)
            {
                FuzzProgram program = programs[i];
                UnitOutcome outcome = batch.Units[i];
                CheckResult result = Evaluate(outcome, program, batch);
                stats.Programs++;
                foreach (string construct in program.Constructs) stats.Constructs[construct] = stats.Constructs.TryGetValue(construct, out int c) ? c + 1 : 1;
                if (outcome.Runnable) stats.ProgramsRun++;
                stats.PointsTested += result.PointsTested;
                stats.TangentsTested += result.TangentsTested;
                stats.HessianVectorsTested += result.HessianVectorsTested;
                stats.KinksSkipped += result.KinksSkipped;
                stats.IllConditionedSkipped += result.IllConditionedSkipped;
                if (result.FailureKind is null && result.PointsTested == 0) stats.ProgramsWithoutTestedPoint++;
                if (result.FailureKind is not null)
                {
                    var (reduced, reducedMessage) = stats.Failures.Count < maxShrunkFailures
                        ? Shrink(program, result.FailureKind, result.Failure!)
                        : (program.Print(), "not shrunk: " + result.Failure);
                    var failure = new FuzzFailure(program.Seed, result.FailureKind, result.Failure!, reduced, reducedMessage);
                    stats.Failures.Add(failure);
                    log?.Invoke(failure.ToString());
                    if (Environment.GetEnvironmentVariable("AUTODIFFGEN_FUZZ_LOG") is { Length: > 0 } failureLog)
                    {
                        System.IO.File.AppendAllText(failureLog, failure + "\n");
                    }
                }
            }
            stats.Elapsed = clock.Elapsed;
            log?.Invoke($"after {start + programs.Count}: {stats}");
            // AUTODIFFGEN_FUZZ_LOG=file: progress of long runs, also while they run.
            if (Environment.GetEnvironmentVariable("AUTODIFFGEN_FUZZ_LOG") is { Length: > 0 } logFile)
            {
                System.IO.File.AppendAllText(logFile, $"after {start + programs.Count}: {stats}\n");
            }
        }
        stats.Elapsed = clock.Elapsed;
        return stats;
    }

    public static FuzzUnit Unit(FuzzProgram p) => new(p.ClassName, p.Print(), p.Harness());

    public static CheckResult Evaluate(UnitOutcome outcome, FuzzProgram program, Batch batch)
    {
        var result = new CheckResult();
        if (outcome.Problems.Count > 0) return result.Fail(CheckResult.Kinds.Generator, string.Join("\n", outcome.Problems));
        if (outcome.InputErrors.Count > 0) return result.Fail(CheckResult.Kinds.Fuzzer, "the random program does not compile: " + string.Join("; ", outcome.InputErrors.Take(3)));
        var errors = outcome.Adg.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0) return result.Fail(CheckResult.Kinds.Rejected, "supported code rejected: " + string.Join("; ", errors.Take(3)));
        if (!outcome.Runnable) return result.Fail(CheckResult.Kinds.Fuzzer, "program was not loaded");
        return GradientChecker.Check(outcome, batch.TraceOf(outcome), program.Dimension, program.Seed);
    }

    /// <summary>Deletes statements (greedily, to a fixed point) while the program still fails the same way.</summary>
    public static (string Program, string Message) Shrink(FuzzProgram program, string kind, string message, int budget = 400)
    {
        var removed = new HashSet<Stmt>();
        var candidates = program.AllStatements().Where(s => s.Deletable).ToList();
        string lastMessage = message;
        for (bool progress = true; progress && budget > 0;)
        {
            progress = false;
            foreach (Stmt s in candidates)
            {
                if (budget <= 0) break;
                if (removed.Contains(s) || candidates.Any(c => removed.Contains(c) && c != s && c.SelfAndDescendants().Contains(s))) continue;
                budget--;
                removed.Add(s);
                CheckResult r = CheckAlone(program, removed);
                if (r.FailureKind == kind)
                {
                    progress = true;
                    lastMessage = r.Failure!;
                }
                else
                {
                    removed.Remove(s);
                }
            }
        }
        return (program.Print(removed), lastMessage);
    }

    private static CheckResult CheckAlone(FuzzProgram program, ISet<Stmt> removed)
    {
        var unit = new FuzzUnit(program.ClassName, program.Print(removed), program.Harness());
        using Batch batch = FuzzCompiler.Compile(new[] { unit });
        return Evaluate(batch.Units[0], program, batch);
    }

    /// <summary>Settings from the environment: <c>AUTODIFFGEN_FUZZ_PROGRAMS</c> and <c>AUTODIFFGEN_FUZZ_SEED</c>.</summary>
    public static (int Seed, int Count)? FromEnvironment()
    {
        string? count = Environment.GetEnvironmentVariable("AUTODIFFGEN_FUZZ_PROGRAMS");
        if (string.IsNullOrWhiteSpace(count)) return null;
        string? seed = Environment.GetEnvironmentVariable("AUTODIFFGEN_FUZZ_SEED");
        return (string.IsNullOrWhiteSpace(seed) ? Environment.TickCount : int.Parse(seed, CultureInfo.InvariantCulture),
                int.Parse(count, CultureInfo.InvariantCulture));
    }

    public static string Report(FuzzStatistics stats, int seed)
    {
        var sb = new StringBuilder();
        sb.Append("base seed ").Append(seed).Append(": ").Append(stats).Append('\n');
        foreach (FuzzFailure f in stats.Failures) sb.Append('\n').Append(f).Append('\n');
        return sb.ToString();
    }
}
