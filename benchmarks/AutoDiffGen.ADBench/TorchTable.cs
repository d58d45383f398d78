using System;
using System.Collections.Generic;

namespace AutoDiffGen.ADBench;

/// <summary>GMM with TorchSharp: objective and backward() times, checked against the generated gradient.</summary>
public static class TorchTable
{
    public static void Run(Dictionary<string, int[]> options)
    {
        int[] ns = options.GetValueOrDefault("n", [1000]);
        int[] ds = options.GetValueOrDefault("d", [2, 10, 20, 64]);
        int[] ks = options.GetValueOrDefault("k", [5, 10, 25, 50, 100, 200]);
        // n × K × d doubles per intermediate tensor; above this the tensors outgrow what we run on the shared machine.
        long maxElements = options.TryGetValue("max", out int[]? m) ? m[0] : 20_000_000;
        TorchGmm.UseOneThread();
        Console.WriteLine("| n | d | K | params | objective | gradient | ratio | max rel. diff vs generated | B/call (managed) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (int n in ns)
        {
            foreach (int d in ds)
            {
                foreach (int k in ks)
                {
                    if ((long)n * k * d > maxElements)
                    {
                        Console.WriteLine($"| {n} | {d} | {k} | | not run: n·K·d = {(long)n * k * d:N0} > {maxElements:N0} | | | | |");
                        continue;
                    }
                    GmmInstance g = GmmInstance.Generate(d, k, n);
                    using var torchGmm = new TorchGmm(g);
                    var da = new double[g.Alphas.Length];
                    var dm = new double[g.Means.Length];
                    var dq = new double[g.Icf.Length];
                    var ra = new double[g.Alphas.Length];
                    var rm = new double[g.Means.Length];
                    var rq = new double[g.Icf.Length];
                    double value = torchGmm.Gradient(da, dm, dq);
                    double reference = g.Gradient(ra, rm, rq);
                    double diff = Math.Abs(value - reference) / Math.Max(1, Math.Abs(reference));
                    diff = Math.Max(diff, MaxRelativeDifference(da, ra));
                    diff = Math.Max(diff, MaxRelativeDifference(dm, rm));
                    diff = Math.Max(diff, MaxRelativeDifference(dq, rq));
                    double sink = 0;
                    var objective = Timing.Measure(() => sink += torchGmm.Objective());
                    var gradient = Timing.Measure(() => sink += torchGmm.Gradient(da, dm, dq));
                    Console.WriteLine($"| {n} | {d} | {k} | {g.ParameterCount} | {GmmTable.Format(objective.Seconds)} | {GmmTable.Format(gradient.Seconds)} | " +
                        $"{gradient.Seconds / objective.Seconds:F2} | {diff:E1} | {gradient.BytesPerCall:F0} |");
                    if (double.IsNaN(sink)) Console.WriteLine("(NaN objective)");
                    Console.Out.Flush();
                }
            }
        }
    }

    private static double MaxRelativeDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double worst = 0;
        for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - b[i]) / Math.Max(1, Math.Abs(b[i])));
        return worst;
    }
}
