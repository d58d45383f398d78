using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;

namespace AutoDiffGen.Benchmarks.Harness;

/// <summary>The quick mode's ratio tables and closing summary line, computed from whatever contenders were measured.</summary>
public static class QuickReport
{
    /// <summary>Name of the AutoDiffGen contender (a workload's <c>Generated()</c> benchmark).</summary>
    public const string Generated = "Generated";

    /// <summary>Name of the hand-written contender.</summary>
    public const string HandWritten = "HandWritten";

    /// <summary>Name of the generated gradient of a workload's plain-loop form.</summary>
    public const string GeneratedPlainLoops = "GeneratedPlainLoops";

    /// <summary>Name of the generated gradient sharded over all cores by <c>DataParallelGradient</c>.</summary>
    public const string GeneratedAllCores = "GeneratedAllCores";

    private const string Forward = "Forward";
    private const string ForwardPlainLoops = "ForwardPlainLoops";
    private const string TorchOne = "TorchOneThread";
    private const string TorchDefault = "TorchDefaultThreads";
    private const string FiniteDifferences = "FiniteDifferences";

    private static readonly string[] s_contenders = { Forward, HandWritten, Generated, TorchOne, TorchDefault, FiniteDifferences, ForwardPlainLoops, GeneratedPlainLoops };

    private static readonly string[] s_kernelContenders = { "Library", "LibraryBackwardOnly", "PlainLoops", TorchOne };

    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>One measured benchmark: its mean, and its fastest iteration (a load-robust estimate on a shared machine).</summary>
    private sealed record Measurement(double MeanNs, double? AllocatedBytes, double MinNs = double.NaN);

    /// <summary>Prints the tables and, last, the summary line. Returns false when a benchmark failed or gave no result.</summary>
    public static bool Print(IEnumerable<Summary> summaries, TimeSpan elapsed)
    {
        var workloads = new SortedDictionary<string, Dictionary<string, Measurement>>(StringComparer.Ordinal);
        var kernels = new SortedDictionary<string, Dictionary<string, Measurement>>(StringComparer.Ordinal);
        var secondOrder = new SortedDictionary<string, Dictionary<string, Measurement>>(StringComparer.Ordinal);
        var baselines = new Dictionary<string, string>(StringComparer.Ordinal);
        var failures = new List<string>();
        var machine = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (BenchmarkReport report in summaries.SelectMany(s => s.Reports))
        {
            string workload = WorkloadName(report);
            string method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            if (!report.Success || report.ResultStatistics is null)
            {
                failures.Add($"{workload}.{method}");
                continue;
            }

            if (report.BenchmarkCase.Descriptor.Type == typeof(Kernels.MachineBenchmark))
            {
                machine[method] = report.ResultStatistics.Mean;
                continue;
            }

            double? bytes = AllocationProbe.BytesPerCall(workload, method);
            Type type = report.BenchmarkCase.Descriptor.Type;
            bool isSecondOrder = typeof(SecondOrder.SecondOrderBenchmark).IsAssignableFrom(type);
            if (isSecondOrder && report.BenchmarkCase.Descriptor.Baseline)
            {
                baselines[workload] = method;
            }

            var table = typeof(KernelBenchmark).IsAssignableFrom(type) ? kernels : isSecondOrder ? secondOrder : workloads;
            if (!table.TryGetValue(workload, out var row))
            {
                table[workload] = row = new Dictionary<string, Measurement>(StringComparer.Ordinal);
            }

            row[method] = new Measurement(report.ResultStatistics.Mean, bytes, report.ResultStatistics.Min);
        }

        var output = new StringBuilder();
        output.AppendLine();
        output.AppendLine($"Quick mode: {workloads.Count} workloads in {elapsed.TotalSeconds:F0} s; "
                          + $"{Environment.ProcessorCount} logical cores; TorchSharp default threads = {TorchEnvironment.DefaultThreads}.");
        if (workloads.Count > 0)
        {
            output.AppendLine("Mean time per call (value + full gradient; Forward = value only). Torch·1 = TorchSharp on 1 thread, Torch·N = default threads.");
            output.AppendLine();
            var times = new Table("Workload", "Forward", "HandWritten", "Generated", "Torch·1", "Torch·N", "FiniteDiff", "Fwd·plain", "Gen·plain");
            foreach (var (name, row) in workloads)
            {
                times.Add(name, s_contenders.Select(c => row.TryGetValue(c, out var m) ? Time(m.MeanNs) : "—").ToArray());
            }

            output.Append(times.Render());
            output.AppendLine();
            output.AppendLine("Ratios of mean times (— where a contender is missing) and managed bytes allocated per warm call on the calling");
            output.AppendLine($"thread (GC.GetAllocatedBytesForCurrentThread over {GradientWorkload.AllocationProbeCalls} calls, measured in each benchmark's setup).");
            output.AppendLine();
            var ratios = new Table("Workload", "gen/hand", "Torch·1/gen", "Torch·N/gen", "Torch·1/hand", "gen/fwd", "hand/fwd",
                                   "plain/hand", "plain/fwd·plain", "alloc gen", "alloc plain", "alloc hand", "alloc Torch·1");
            foreach (var (name, row) in workloads)
            {
                ratios.Add(name,
                    Ratio(row, Generated, HandWritten), Ratio(row, TorchOne, Generated), Ratio(row, TorchDefault, Generated),
                    Ratio(row, TorchOne, HandWritten), Ratio(row, Generated, Forward), Ratio(row, HandWritten, Forward),
                    Ratio(row, GeneratedPlainLoops, HandWritten), Ratio(row, GeneratedPlainLoops, ForwardPlainLoops),
                    Bytes(row, Generated), Bytes(row, GeneratedPlainLoops), Bytes(row, HandWritten), Bytes(row, TorchOne));
            }

            output.Append(ratios.Render());
            output.AppendLine();
            output.AppendLine("Generated differentiates the workload written with the runtime library (Linear, Activations, Losses); Gen·plain");
            output.AppendLine("differentiates the same function written as plain scalar loops (Fwd·plain is that form's value alone).");
            output.AppendLine("Torch allocations are managed bytes only (tensor wrappers); libtorch's native memory is not counted.");
            foreach (var (name, row) in workloads)
            {
                foreach (var (contender, m) in row.Where(c => !s_contenders.Contains(c.Key) && c.Key != GeneratedAllCores).OrderBy(c => c.Key, StringComparer.Ordinal))
                {
                    output.AppendLine(string.Format(s_inv, "Also measured: {0}.{1}: {2} ({3} x HandWritten, {4:0.#} B per call)",
                        name, contender, Time(m.MeanNs), Ratio(row, contender, HandWritten), m.AllocatedBytes ?? double.NaN));
                }
            }
        }

        var parallel = workloads.Where(w => w.Value.ContainsKey(GeneratedAllCores)).ToList();
        if (parallel.Count > 0)
        {
            output.AppendLine();
            output.AppendLine($"All cores: the generated gradient sharded by DataParallelGradient over {Environment.ProcessorCount} cores (one shard per core,");
            output.AppendLine($"reduced in shard order) against the same gradient on one thread and TorchSharp on its {TorchEnvironment.DefaultThreads} default threads.");
            output.AppendLine();
            var cores = new Table("Workload", "Generated", "Gen·all cores", "speed-up", "Torch·N", "Torch·N/all cores", "alloc all cores");
            foreach (var (name, row) in parallel)
            {
                cores.Add(name, row.TryGetValue(Generated, out var g) ? Time(g.MeanNs) : "—", Time(row[GeneratedAllCores].MeanNs),
                    Ratio(row, Generated, GeneratedAllCores), row.TryGetValue(TorchDefault, out var t) ? Time(t.MeanNs) : "—",
                    Ratio(row, TorchDefault, GeneratedAllCores), Bytes(row, GeneratedAllCores));
            }

            output.Append(cores.Render());
        }

        if (kernels.Count > 0)
        {
            output.AppendLine();
            output.AppendLine("Runtime-library kernels, forward + backward per call (Library = forward call then pullback, as generated code calls");
            output.AppendLine("them; Lib·bwd = the pullback alone, which also writes the output; Plain = scalar loops; Torch·1 = TorchSharp, 1 thread).");
            output.AppendLine("Not counted in the summary line.");
            output.AppendLine();
            var kernelTable = new Table("Kernel", "Library", "Lib·bwd", "Plain", "Torch·1", "plain/lib", "Torch·1/lib",
                                        "alloc lib", "alloc plain", "alloc Torch·1");
            foreach (var (name, row) in kernels)
            {
                kernelTable.Add(name, s_kernelContenders.Select(c => row.TryGetValue(c, out var m) ? Time(m.MeanNs) : "—")
                    .Concat(new[]
                    {
                        Ratio(row, "PlainLoops", "Library"), Ratio(row, TorchOne, "Library"),
                        Bytes(row, "Library"), Bytes(row, "PlainLoops"), Bytes(row, TorchOne),
                    }).ToArray());
            }

            output.Append(kernelTable.Render());
            AppendRoofline(output, kernels, machine);
        }

        if (secondOrder.Count > 0)
        {
            AppendSecondOrder(output, secondOrder, baselines);
        }

        foreach (string failure in failures)
        {
            output.AppendLine($"FAILED (no result, see the error above): {failure}");
        }

        var withGenerated = workloads.Where(w => w.Value.ContainsKey(Generated)).Select(w => w.Key).ToList();
        string subject = Generated;
        IEnumerable<KeyValuePair<string, Dictionary<string, Measurement>>> counted = workloads.Where(w => withGenerated.Contains(w.Key));
        if (withGenerated.Count == 0 && workloads.Count > 0)
        {
            subject = HandWritten;
            counted = workloads;
            output.AppendLine();
            output.AppendLine("GENERATED CONTENDER MISSING: no workload has a Generated() benchmark yet, so the line below is computed with");
            output.AppendLine("HandWritten standing in for Generated (its first ratio is 1.00 by construction). These are NOT AutoDiffGen numbers.");
        }
        else if (withGenerated.Count < workloads.Count)
        {
            output.AppendLine();
            output.AppendLine("Workloads without a Generated() benchmark, left out of the line below: "
                              + string.Join(", ", workloads.Keys.Except(withGenerated)));
        }

        var rows = counted.Select(w => w.Value).Where(r => r.ContainsKey(subject) && r.ContainsKey(HandWritten)).ToList();
        if (rows.Count == 0)
        {
            // A filtered run of benchmarks with no Generated/HandWritten pair (the checkpointing RNN): no ratios to summarize.
            output.AppendLine();
            output.AppendLine("No workload ran both Generated and HandWritten: no summary line.");
            Console.WriteLine(output.ToString());
            return failures.Count == 0;
        }
        double median = Median(rows.Select(r => r[subject].MeanNs / r[HandWritten].MeanNs).ToList());
        double maxRatio = rows.Select(r => r[subject].MeanNs / r[HandWritten].MeanNs).DefaultIfEmpty(double.NaN).Max();
        double plainMax = rows.Where(r => r.ContainsKey(GeneratedPlainLoops))
            .Select(r => r[GeneratedPlainLoops].MeanNs / r[HandWritten].MeanNs).DefaultIfEmpty(double.NaN).Max();
        // Like against like, as issue 18 states the goal: TorchSharp on one thread against ours on one thread, and
        // TorchSharp on its default threads against ours on all cores (the one-thread gradient where a workload has
        // no all-cores form). The cross pairing (their threads against our one) is in the tables above.
        double minSpeedup = rows
            .SelectMany(r => new[]
            {
                r.ContainsKey(TorchOne) ? r[TorchOne].MeanNs / r[subject].MeanNs : double.NaN,
                r.ContainsKey(TorchDefault) ? r[TorchDefault].MeanNs / r[r.ContainsKey(GeneratedAllCores) ? GeneratedAllCores : subject].MeanNs : double.NaN,
            })
            .Where(s => !double.IsNaN(s))
            .DefaultIfEmpty(double.NaN)
            .Min();
        // Every generated contender counts: the library form, the plain loops and the all-cores form.
        double maxAllocated = rows
            .SelectMany(r => new[] { subject, GeneratedPlainLoops, GeneratedAllCores }.Where(r.ContainsKey).Select(c => r[c].AllocatedBytes ?? double.NaN))
            .DefaultIfEmpty(double.NaN).Max();
        output.AppendLine();
        output.Append(string.Format(s_inv,
            "generated/hand-written median ratio: {0:F2}; max ratio: {1:F2}; plain-loops/hand-written max ratio: {2:F2}; "
            + "generated vs TorchSharp min speedup: {3:F1}x; max allocated: {4:0.#} B",
            median, maxRatio, plainMax, minSpeedup, maxAllocated));
        Console.WriteLine(output.ToString());
        return failures.Count == 0;
    }

    /// <summary>
    /// Forward mode and second order (issue 16): every contender's time, its ratio to the workload's baseline (Forward for the
    /// tangents, Gradient otherwise), the error of approximate contenders, and the two ratios the issue sets goals for.
    /// </summary>
    private static void AppendSecondOrder(StringBuilder output, SortedDictionary<string, Dictionary<string, Measurement>> rows,
        Dictionary<string, string> baselines)
    {
        output.AppendLine();
        output.AppendLine("Forward mode and second order (issue 16), not counted in the summary line. Mean, and the fastest of the measured");
        output.AppendLine("iterations (min: what a call costs when other processes leave the core alone); × base = over the workload's baseline");
        output.AppendLine("(Forward for tangents, Gradient otherwise), by means and by minima; error = max |result − exact| / max |exact| where");
        output.AppendLine("measured, exact being the generated H·v (checked against central differences) or the hand-written Hessian.");
        output.AppendLine("TorchSharp on one thread.");
        output.AppendLine();
        var table = new Table("Workload", "Contender", "Mean", "Min", "× base (mean)", "× base (min)", "error", "alloc");
        foreach (var (name, row) in rows)
        {
            string? baseline = baselines.GetValueOrDefault(name);
            foreach (var (contender, m) in row.OrderBy(c => c.Key == baseline ? 0 : 1).ThenBy(c => c.Key, StringComparer.Ordinal))
            {
                double? error = SecondOrder.SecondOrderBenchmark.Error(name, contender);
                table.Add(name, contender, Time(m.MeanNs), Time(m.MinNs), baseline is null ? "—" : Ratio(row, contender, baseline),
                    baseline is null ? "—" : MinRatio(row, contender, baseline),
                    error is double e ? e.ToString("E1", s_inv) : "—", m.AllocatedBytes is double b ? string.Format(s_inv, "{0:0.#} B", b) : "—");
            }
        }

        output.Append(table.Render());
        string Goal(string numerator, string denominator) => string.Join(", ", rows
            .Where(r => r.Value.ContainsKey(numerator) && r.Value.ContainsKey(denominator))
            .Select(r => $"{r.Key} {Ratio(r.Value, numerator, denominator)} (min {MinRatio(r.Value, numerator, denominator)})"));
        output.AppendLine();
        output.AppendLine($"tangent / forward (goal ≤ 2): {Goal("Tangent", "Forward")}");
        output.AppendLine($"H·v / gradient (goal ≤ 4): {Goal("HessianVectorProduct", "Gradient")}");
        output.AppendLine($"TorchSharp double-backward H·v / its gradient: {Goal("TorchHessianVectorProduct", "TorchGradient")}");
    }

    /// <summary>
    /// The roofline of each kernel: its bound is the larger of its compulsory bytes at the measured streaming rate and its
    /// vector instructions at the measured FMA rate (both from <see cref="Kernels.MachineBenchmark"/> in the same run).
    /// </summary>
    private static void AppendRoofline(StringBuilder output, SortedDictionary<string, Dictionary<string, Measurement>> kernels,
        Dictionary<string, double> machine)
    {
        if (!machine.TryGetValue(nameof(Kernels.MachineBenchmark.VectorFmaPeak), out double peakNs)
            || !machine.TryGetValue(nameof(Kernels.MachineBenchmark.Triad), out double triadNs)
            || !machine.TryGetValue(nameof(Kernels.MachineBenchmark.StreamRead), out double readNs))
        {
            return;
        }

        double fmaPerNs = Kernels.MachineBenchmark.VectorFmasPerCall / peakNs;
        double triadRate = Kernels.MachineBenchmark.TriadBytesPerCall / triadNs, readRate = Kernels.MachineBenchmark.ReadBytesPerCall / readNs;
        double bytesPerNs = Math.Max(triadRate, readRate);
        int lanes = MachineRates.Lanes;
        output.AppendLine();
        output.AppendLine(string.Format(s_inv,
            "Roofline. Machine, same run: {0:F2} vector FMAs/ns on {1}-bit vectors ({2:F1} GFLOP/s double on one core); streaming",
            fmaPerNs, lanes * 64, 2 * lanes * fmaPerNs));
        output.AppendLine(string.Format(s_inv,
            "{0:F1} GB/s (the faster of a triad d = a·s + c, {1:F1} GB/s, and a read-only sum, {2:F1} GB/s, over 128 KB, L2-resident like",
            bytesPerNs, triadRate, readRate));
        output.AppendLine("the kernels). Bound = max(bytes / streaming rate, vector instructions / FMA rate), from each kernel's compulsory");
        output.AppendLine("traffic and instruction count; Library / bound ≤ 2 is the issue-18 goal (below 1: part of the data stayed in L1).");
        output.AppendLine();
        var table = new Table("Kernel", "Library", "bytes", "vector instr.", "memory bound", "compute bound", "bound", "Library / bound");
        foreach (var (name, row) in kernels)
        {
            if (!row.TryGetValue("Library", out var library) || Roofline.Work(name) is not (double bytes, double instructions))
            {
                continue;
            }

            double memory = bytes / bytesPerNs, compute = instructions / fmaPerNs, bound = Math.Max(memory, compute);
            table.Add(name, Time(library.MeanNs), string.Format(s_inv, "{0:N0}", bytes), string.Format(s_inv, "{0:N0}", instructions),
                Time(memory), Time(compute), (memory >= compute ? "memory " : "compute ") + Time(bound),
                (library.MeanNs / bound).ToString("F2", s_inv));
        }

        output.Append(table.Render());
    }

    private static string WorkloadName(BenchmarkReport report)
    {
        string type = report.BenchmarkCase.Descriptor.Type.Name;
        if (type.EndsWith("Benchmark", StringComparison.Ordinal))
        {
            type = type[..^"Benchmark".Length];
        }

        string parameters = string.Join(",", report.BenchmarkCase.Parameters.Items
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={Convert.ToString(p.Value, s_inv)}"));
        return parameters.Length == 0 ? type : $"{type}({parameters})";
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        int middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
    }

    /// <summary>numerator / denominator by mean times, or by fastest iterations with <paramref name="byMin"/>.</summary>
    private static string Ratio(Dictionary<string, Measurement> row, string numerator, string denominator, bool byMin = false)
    {
        if (!row.TryGetValue(numerator, out var n) || !row.TryGetValue(denominator, out var d)) return "—";
        double ratio = byMin ? n.MinNs / d.MinNs : n.MeanNs / d.MeanNs;
        return ratio.ToString(ratio >= 100 ? "F0" : "F2", s_inv);
    }

    private static string MinRatio(Dictionary<string, Measurement> row, string numerator, string denominator) =>
        Ratio(row, numerator, denominator, byMin: true);

    private static string Bytes(Dictionary<string, Measurement> row, string contender) =>
        row.TryGetValue(contender, out var m) && m.AllocatedBytes is double bytes ? string.Format(s_inv, "{0:0.#} B", bytes) : "—";

    private static string Time(double ns) => ns switch
    {
        < 1e3 => string.Format(s_inv, "{0:F1} ns", ns),
        < 1e6 => string.Format(s_inv, "{0:F2} µs", ns / 1e3),
        _ => string.Format(s_inv, "{0:F2} ms", ns / 1e6),
    };

    /// <summary>A plain text table, columns padded to their widest cell, right-aligned but the first.</summary>
    private sealed class Table
    {
        private readonly List<string[]> _rows = new();

        public Table(params string[] header) => _rows.Add(header);

        public void Add(string first, params string[] rest) => _rows.Add(new[] { first }.Concat(rest).ToArray());

        public string Render()
        {
            int[] widths = Enumerable.Range(0, _rows[0].Length).Select(i => _rows.Max(r => r[i].Length)).ToArray();
            var text = new StringBuilder();
            for (int r = 0; r < _rows.Count; r++)
            {
                text.AppendLine(string.Join(" | ", _rows[r].Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))));
                if (r == 0)
                {
                    text.AppendLine(string.Join("-|-", widths.Select(w => new string('-', w))));
                }
            }

            return text.ToString();
        }
    }
}
