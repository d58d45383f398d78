using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using AutoDiffGen.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks.Harness;

/// <summary>
/// The <c>--interleaved</c> mode, for a machine other jobs share: BenchmarkDotNet measures one benchmark after another, so
/// a burst of load lands on whichever runs then, and a ratio of two means can be off by 2× or more (at load 15 on 2 cores a
/// hand-written dot product measured 977 ns in one quick run and 166 ns in the next). Here every contender of a workload is
/// timed in short batches (about 50 µs), round-robin, for many rounds, after a warm-up long enough for tiered compilation
/// (tier 1 with PGO); each contender's figure is its fastest batch, which approaches its time on an idle core, and all
/// contenders saw the same load. The workloads' setup (contenders agree, allocation probe) runs first as in the quick mode.
/// TorchSharp contenders are left out (libtorch's threads spin against other processes). A minimum is not a mean: use
/// these figures for ratios on a busy machine, the quick mode's on an idle one. The all-cores column times
/// <c>GeneratedAllCores</c> where a workload has it, each batch after one untimed step (below); its speed-up is one
/// thread's fastest batch over all cores' fastest.
/// </summary>
public static class InterleavedTiming
{
    private static readonly string[] s_contenders =
        { QuickReport.HandWritten, QuickReport.Generated, QuickReport.GeneratedPlainLoops, "Forward", "ForwardPlainLoops", QuickReport.GeneratedAllCores };

    /// <summary>Times the gradient workloads whose names start with one of <paramref name="prefixes"/> (all when none).</summary>
    public static void Run(int rounds, IReadOnlyList<string> prefixes)
    {
        var workloads = new List<GradientWorkload>
        {
            new RosenbrockBenchmark(), new TranscendentalBenchmark(), new DotProductBenchmark(), new LogisticRegressionBenchmark(),
            new MlpBenchmark { Batch = 1 }, new MlpBenchmark { Batch = 32 }, new MlpBenchmark { Batch = 256 },
            new DeepMlpBenchmark { Activation = "Tanh" }, new DeepMlpBenchmark { Activation = "Relu" },
            new ScalarRnnBenchmark(), new VectorRnnBenchmark(),
        };
        Console.WriteLine($"Interleaved timing: fastest of {rounds} round-robin batches of ~50 µs per contender; {Environment.ProcessorCount} cores.");
        Console.WriteLine("workload | HandWritten | Generated | Gen·plain | Forward | Fwd·plain | gen/hand | plain/hand | Gen·all cores | all-cores speed-up");
        foreach (GradientWorkload workload in workloads)
        {
            string name = workload.WorkloadName();
            if (prefixes.Count > 0 && !prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))) continue;
            workload.Setup();
            var calls = s_contenders
                .Select(c => (Name: c, Method: workload.GetType().GetMethod(c, BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)))
                .Where(c => c.Method is not null && c.Method.GetCustomAttribute<BenchmarkAttribute>() is not null)
                .Select(c => (c.Name, Call: c.Method!.CreateDelegate<Func<double>>(workload)))
                .ToList();
            foreach ((_, Func<double> call) in calls)
            {
                var warm = Stopwatch.StartNew();
                while (warm.ElapsedMilliseconds < 600) call();
            }
            var best = calls.ToDictionary(c => c.Name, _ => double.MaxValue);
            var batch = calls.ToDictionary(c => c.Name, c => Math.Max(1, (int)(50_000 / Math.Max(1, Time(c.Call, 20)))));
            for (int round = 0; round < rounds; round++)
            {
                foreach ((string contender, Func<double> call) in calls)
                {
                    // One untimed step first wakes the all-cores workers, which block after 100 µs without a step: in a
                    // training loop steps follow each other closer than that, here the other contenders run in between.
                    if (contender == QuickReport.GeneratedAllCores) call();
                    best[contender] = Math.Min(best[contender], Time(call, batch[contender]));
                }
            }
            string Cell(string contender) => best.TryGetValue(contender, out double ns) ? Format(ns) : "—";
            string Ratio(string contender) => best.TryGetValue(contender, out double ns) && best.TryGetValue(QuickReport.HandWritten, out double hand)
                ? (ns / hand).ToString("F2", CultureInfo.InvariantCulture) : "—";
            string speedUp = best.TryGetValue(QuickReport.GeneratedAllCores, out double all) && best.TryGetValue(QuickReport.Generated, out double one)
                ? (one / all).ToString("F2", CultureInfo.InvariantCulture) : "—";
            Console.WriteLine($"{name} | {Cell(QuickReport.HandWritten)} | {Cell(QuickReport.Generated)} | {Cell(QuickReport.GeneratedPlainLoops)} | "
                + $"{Cell("Forward")} | {Cell("ForwardPlainLoops")} | {Ratio(QuickReport.Generated)} | {Ratio(QuickReport.GeneratedPlainLoops)} | "
                + $"{Cell(QuickReport.GeneratedAllCores)} | {speedUp}");
        }
    }

    /// <summary>Mean time per call of <paramref name="calls"/> calls, in nanoseconds.</summary>
    internal static double Time(Func<double> call, int calls)
    {
        double sink = 0;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++) sink += call();
        long end = Stopwatch.GetTimestamp();
        GC.KeepAlive(sink);
        return (end - start) * 1e9 / Stopwatch.Frequency / calls;
    }

    internal static string Format(double ns) => ns >= 1000
        ? (ns / 1000).ToString("F2", CultureInfo.InvariantCulture) + " µs"
        : ns.ToString("F1", CultureInfo.InvariantCulture) + " ns";
}
