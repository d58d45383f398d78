using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Benchmarks.Workloads;

namespace AutoDiffGen.Benchmarks.Harness;

/// <summary>
/// <c>--paired</c>: the ratio of two contenders of a workload measured in alternation — a block of calls of one, a block
/// of the other, again and again in swapped order — so that both see the same machine. BenchmarkDotNet measures one
/// benchmark after the other; on a machine shared with other work the load changes between them, and the ratio of two
/// means taken minutes apart measures the load. Here each round's ratio compares blocks a few milliseconds apart, and the
/// median over the rounds is reported with its quartiles.
/// </summary>
public static class PairedRatio
{
    /// <summary>Rounds per pair (odd, for a median).</summary>
    public const int Rounds = 61;

    /// <summary>Target duration of one block of calls.</summary>
    public static readonly TimeSpan Block = TimeSpan.FromMilliseconds(15);

    /// <summary>The model-class forms against the span forms they restate (issue 17: within 1.05×).</summary>
    public static int Run()
    {
        var rows = new List<string>();
        foreach (int batch in new[] { 1, 32, 256 })
        {
            var mlp = new MlpBenchmark { Batch = batch };
            mlp.Setup();
            rows.Add(Row($"Mlp(Batch={batch})", mlp.Generated, mlp.GeneratedModel));
        }
        foreach (string activation in new[] { "Tanh", "Relu" })
        {
            var deep = new DeepMlpBenchmark { Activation = activation };
            deep.Setup();
            rows.Add(Row($"DeepMlp(Activation={activation})", deep.Generated, deep.GeneratedModel));
        }
        Console.WriteLine();
        Console.WriteLine($"Paired ratios, {Rounds} alternating rounds of ~{Block.TotalMilliseconds:F0} ms blocks; {Environment.ProcessorCount} logical cores.");
        Console.WriteLine();
        Console.WriteLine("| workload | span form (Generated) | model class (GeneratedModel) | model / span, median | quartiles |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (string row in rows) Console.WriteLine(row);
        return 0;
    }

    private static string Row(string name, Func<double> span, Func<double> model)
    {
        (double spanTime, double modelTime, double median, double q1, double q3) = Measure(span, model);
        CultureInfo c = CultureInfo.InvariantCulture;
        string row = $"| {name} | {Time(spanTime)} | {Time(modelTime)} | {median.ToString("F3", c)} | {q1.ToString("F3", c)}–{q3.ToString("F3", c)} |";
        Console.WriteLine(row);
        return row;
    }

    /// <summary>Median seconds per call of each, and the median and quartiles of the per-round ratio b / a.</summary>
    public static (double A, double B, double Median, double Q1, double Q3) Measure(Func<double> a, Func<double> b)
    {
        int calls = Calibrate(a);
        double sink = 0;
        var ratios = new List<double>();
        var timesA = new List<double>();
        var timesB = new List<double>();
        for (int round = 0; round < Rounds; round++)
        {
            double ta, tb;
            if (round % 2 == 0)
            {
                ta = Seconds(a, calls, ref sink);
                tb = Seconds(b, calls, ref sink);
            }
            else
            {
                tb = Seconds(b, calls, ref sink);
                ta = Seconds(a, calls, ref sink);
            }
            timesA.Add(ta / calls);
            timesB.Add(tb / calls);
            ratios.Add(tb / ta);
        }
        if (double.IsNaN(sink)) Console.WriteLine("(a contender returned NaN)");
        ratios.Sort();
        return (Median(timesA), Median(timesB), ratios[Rounds / 2], ratios[Rounds / 4], ratios[3 * Rounds / 4]);
    }

    private static int Calibrate(Func<double> call)
    {
        double sink = 0;
        for (int i = 0; i < 3; i++) sink += call();
        int calls = 1;
        while (Seconds(call, calls, ref sink) < Block.TotalSeconds && calls < 1 << 24) calls *= 2;
        return calls;
    }

    private static double Seconds(Func<double> call, int calls, ref double sink)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++) sink += call();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static string Time(double seconds) => seconds >= 1e-3
        ? (seconds * 1e3).ToString("F2", CultureInfo.InvariantCulture) + " ms"
        : (seconds * 1e6).ToString("F2", CultureInfo.InvariantCulture) + " µs";
}
