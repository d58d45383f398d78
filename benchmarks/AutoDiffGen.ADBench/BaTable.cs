using System;
using System.Collections.Generic;

namespace AutoDiffGen.ADBench;

/// <summary>BA: objective (all residuals) and sparse Jacobian times on problems of ADBench's sizes.</summary>
public static class BaTable
{
    /// <summary>ADBench's first BA instances (n cameras, m points, p observations).</summary>
    public static readonly (int N, int M, int P)[] Sizes =
    [
        (49, 7776, 31843), (21, 11315, 36455), (161, 48126, 182072), (372, 47423, 204472), (257, 65132, 225911),
    ];

    public static void Run(Dictionary<string, int[]> options)
    {
        int count = options.TryGetValue("count", out int[]? c) ? c[0] : Sizes.Length;
        Console.WriteLine("| n | m | p | objective | Jacobian | ratio | B/call |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int s = 0; s < Math.Min(count, Sizes.Length); s++)
        {
            (int n, int m, int p) = Sizes[s];
            BaInstance ba = BaInstance.Generate(n, m, p);
            var reproj = new double[2 * p];
            var wErr = new double[p];
            var blocks = new double[2 * BundleAdjustment.BlockColumns * p];
            var wBlocks = new double[p];
            var objective = Timing.Measure(() => BundleAdjustment.Objective(ba, reproj, wErr));
            var jacobian = Timing.Measure(() => BundleAdjustment.Jacobian(ba, reproj, wErr, blocks, wBlocks));
            Console.WriteLine($"| {n} | {m} | {p} | {GmmTable.Format(objective.Seconds)} | {GmmTable.Format(jacobian.Seconds)} | " +
                $"{jacobian.Seconds / objective.Seconds:F2} | {jacobian.BytesPerCall:F0} |");
        }
    }
}
