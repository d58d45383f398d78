using System;
using System.Collections.Generic;

namespace AutoDiffGen.ADBench;

/// <summary>D-LSTM: objective and gradient times for l ∈ {2, 4}, c ∈ {1024, 4096}, b = 14.</summary>
public static class LstmTable
{
    public static void Run(Dictionary<string, int[]> options)
    {
        int[] ls = options.GetValueOrDefault("l", [2, 4]);
        int[] cs = options.GetValueOrDefault("c", [1024, 4096]);
        Console.WriteLine("| l | c | b | params | objective | gradient | ratio | B/call |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (int l in ls)
        {
            foreach (int c in cs)
            {
                LstmInstance lstm = LstmInstance.Generate(l, c);
                var dMain = new double[lstm.MainParams.Length];
                var dExtra = new double[lstm.ExtraParams.Length];
                double sink = 0;
                var objective = Timing.Measure(() => sink += lstm.Objective());
                var gradient = Timing.Measure(() => sink += lstm.Gradient(dMain, dExtra));
                Console.WriteLine($"| {l} | {c} | {lstm.B} | {lstm.ParameterCount} | {GmmTable.Format(objective.Seconds)} | " +
                    $"{GmmTable.Format(gradient.Seconds)} | {gradient.Seconds / objective.Seconds:F2} | {gradient.BytesPerCall:F0} |");
                if (double.IsNaN(sink)) Console.WriteLine("(NaN objective)");
            }
        }
    }
}
