using System;
using System.Collections.Generic;

namespace AutoDiffGen.ADBench;

/// <summary>GMM: objective and gradient times per size, and their ratios.</summary>
public static class GmmTable
{
    public static void Run(Dictionary<string, int[]> options)
    {
        int[] ns = options.GetValueOrDefault("n", [1000, 10000]);
        int[] ds = options.GetValueOrDefault("d", [2, 10, 20, 64]);
        int[] ks = options.GetValueOrDefault("k", [5, 10, 25, 50, 100, 200]);
        // --pairs d,k,d,k,…: explicit sizes instead of the d × K grid.
        var sizes = new List<(int D, int K)>();
        if (options.TryGetValue("pairs", out int[]? pairs))
            for (int i = 0; i + 1 < pairs.Length; i += 2) sizes.Add((pairs[i], pairs[i + 1]));
        else
            foreach (int d in ds) foreach (int k in ks) sizes.Add((d, k));
        Console.WriteLine("| n | d | K | params | objective | generated | ratio | generated split | ratio | manual objective | manual gradient | ratio | generated, split ÷ manual objective | B/call (gen, split, manual) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (int n in ns)
        {
            foreach ((int d, int k) in sizes)
            {
                GmmInstance g = GmmInstance.Generate(d, k, n);
                var da = new double[g.Alphas.Length];
                var dm = new double[g.Means.Length];
                var dq = new double[g.Icf.Length];
                double sink = 0;
                var objective = Timing.Measure(() => sink += g.Objective());
                var generated = Timing.Measure(() => sink += g.Gradient(da, dm, dq));
                var split = Timing.Measure(() => sink += g.GradientSplit(da, dm, dq));
                var manualObjective = Timing.Measure(() => sink += g.ObjectiveManual());
                var manual = Timing.Measure(() => sink += g.GradientManual(da, dm, dq));
                Console.WriteLine(
                    $"| {n} | {d} | {k} | {g.ParameterCount} | {Format(objective.Seconds)} | {Format(generated.Seconds)} | {generated.Seconds / objective.Seconds:F2} | " +
                    $"{Format(split.Seconds)} | {split.Seconds / objective.Seconds:F2} | {Format(manualObjective.Seconds)} | {Format(manual.Seconds)} | {manual.Seconds / manualObjective.Seconds:F2} | " +
                    $"{generated.Seconds / manualObjective.Seconds:F2}, {split.Seconds / manualObjective.Seconds:F2} | " +
                    $"{generated.BytesPerCall:F0}, {split.BytesPerCall:F0}, {manual.BytesPerCall:F0} |");
                if (double.IsNaN(sink)) Console.WriteLine("(NaN objective)");
                Console.Out.Flush();
            }
        }
    }

    /// <summary>Seconds with a unit.</summary>
    public static string Format(double seconds) => seconds switch
    {
        < 1e-3 => $"{seconds * 1e6:F1} µs",
        < 1 => $"{seconds * 1e3:F2} ms",
        _ => $"{seconds:F2} s",
    };
}
