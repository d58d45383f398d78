using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace AutoDiffGen.ADBench;

/// <summary>
/// ADBench's GMM side by side with C++: <c>gmm-one</c> times one column of one size in this process;
/// <c>side-by-side</c> runs every (size, column) in a fresh process, C# (this program) and C++
/// (<c>benchmarks/adbench-cpp</c>'s <c>adbench-gmm</c>) interleaved, checks that both sides drew the same data
/// (digest) and computed the same gradient, and prints the tables of ../ADBench.md.
/// </summary>
public static class SideBySide
{
    /// <summary>The C# columns <c>gmm-one</c> can time.</summary>
    public static readonly string[] CSharpColumns = ["objective", "generated", "manual-objective", "manual", "columnwise-objective", "columnwise-generated", "library-objective", "library-generated"];

    private static readonly (int D, int K)[] FullGrid =
        [.. from d in new[] { 2, 10, 20, 64 } from k in new[] { 5, 10, 25, 50, 100, 200 } select (d, k)];

    /// <summary>The sizes of ADBench's published GMM table (see ADBench.md), for n = 10,000.</summary>
    private static readonly (int D, int K)[] PublishedSizes =
        [(2, 5), (10, 5), (2, 200), (20, 5), (10, 50), (64, 5), (64, 10), (64, 25), (64, 200)];

    private static readonly (int D, int K)[] QuickSizes = [(2, 5), (10, 5), (20, 5), (64, 5)];

    // ---------------------------------------------------------------------------------------------------------------
    // gmm-one

    /// <summary>
    /// <c>gmm-one --d D --k K --n N --column objective|generated|manual-objective|manual [--after d,k,…]
    /// [--gradient-out FILE] [--budget SECONDS]</c>: one line of key=value pairs. <c>--after</c> first times the same
    /// column at those sizes in this process (to show what a shared process does to the figure).
    /// </summary>
    public static int RunOne(string[] args)
    {
        var o = Options.Parse(args);
        int d = o.Int("d"), k = o.Int("k"), n = o.Int("n");
        string column = o.String("column");
        double budget = o.Double("budget", 4);
        int[] after = o.Ints("after", []);
        for (int i = 0; i + 1 < after.Length; i += 2)
        {
            (double seconds, string _, double _) = TimeColumn(column, GmmInstance.Generate(after[i], after[i + 1], n), budget, null);
            Console.WriteLine($"before column={column} d={after[i]} k={after[i + 1]} n={n} seconds={seconds:R}");
        }
        if (o.Flag("warm")) TimeColumn(column, GmmInstance.Generate(2, 2, 4), 0, null, untimed: true);
        GmmInstance g = GmmInstance.Generate(d, k, n);
        (double s, string value, double bytes) = TimeColumn(column, g, budget, o.String("gradient-out", ""));
        Console.WriteLine($"column={column} d={d} k={k} n={n} params={g.ParameterCount} digest={GmmDigest.Hex(g)} " +
            $"value={value} seconds={s:R} bytes={bytes:F0}");
        return 0;
    }

    private static (double Seconds, string Value, double BytesPerCall) TimeColumn(string column, GmmInstance g, double budget, string? gradientOut, bool untimed = false)
    {
        var da = new double[g.Alphas.Length];
        var dm = new double[g.Means.Length];
        var dq = new double[g.Icf.Length];
        double value = 0;
        Action call = column switch
        {
            "objective" => () => value = g.Objective(),
            "generated" => () => value = g.Gradient(da, dm, dq),
            "manual-objective" => () => value = g.ObjectiveManual(),
            "manual" => () => value = g.GradientManual(da, dm, dq),
            // The analysis columns (GmmColumnwise): ADBench's column-wise Q(x − μ), scalar and generated, and vectorized.
            "columnwise-objective" => () => value = GmmColumnwise.Objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.WishartGamma, g.WishartM),
            "columnwise-generated" => () => value = GmmColumnwise.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.WishartGamma, g.WishartM, da, dm, dq),
            // The library form (GmmLibrary): Q(x − μ) and its norm as runtime-library calls.
            "library-objective" => () => value = GmmLibrary.Objective(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.WishartGamma, g.WishartM),
            "library-generated" => () => value = GmmLibrary.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.WishartGamma, g.WishartM, da, dm, dq),
            "rowwise-strided-objective" => () => value = GmmColumnwise.ObjectiveRowwiseStrided(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.WishartGamma, g.WishartM),
            "simd-objective" => () => value = GmmColumnwise.ObjectiveSimd(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.WishartGamma, g.WishartM),
            "vectorized-objective" => () => value = GmmColumnwise.ObjectiveVectorized(g.Alphas, g.Means, g.Icf, g.X, g.D, g.K, g.WishartGamma, g.WishartM),
            _ => throw new ArgumentException($"unknown column '{column}' (objective, generated, manual-objective, manual, columnwise-objective, columnwise-generated, library-objective, library-generated, vectorized-objective)"),
        };
        if (untimed)
        {
            call();
            return (0, "", 0);
        }
        (double seconds, double bytes) = Timing.Measure(call, budgetSeconds: budget);
        if (!string.IsNullOrEmpty(gradientOut) && column is "generated" or "manual" or "columnwise-generated" or "library-generated")
            File.WriteAllBytes(gradientOut, MemoryMarshal.AsBytes<double>([.. da, .. dm, .. dq]).ToArray());
        return (seconds, value.ToString("R", CultureInfo.InvariantCulture), bytes);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // side-by-side

    private sealed record Result(string Column, double Seconds, double Value, string Digest, string? GradientFile, string Extra);

    private sealed class Cell
    {
        public readonly List<double> Seconds = [];
        public double MaxDiff; // max over repeats of max|Δgradient| / max|generated gradient|
        public double MaxValueDiff;
        public string Extra = "";
        /// <summary>The minimum over the repeats: the timing rule's minimum, taken over more batches in more processes.</summary>
        public double Best => Seconds.Count == 0 ? double.NaN : Seconds.Min();
        public double Spread => Seconds.Count < 2 ? 0 : Seconds.Max() / Seconds.Min() - 1;
    }

    /// <summary>
    /// <c>side-by-side --cpp PATH [--n 1000,10000] [--pairs d,k,…] [--quick] [--repeat R] [--adolc-max-ops X]
    /// [--no-adolc] [--raw FILE]</c>. Without <c>--pairs</c>: n = 1,000 over the whole d × K grid and n = 10,000
    /// over ADBench's published sizes.
    /// </summary>
    public static int Run(string[] args)
    {
        var o = Options.Parse(args);
        string cpp = Path.GetFullPath(o.String("cpp"));
        if (!File.Exists(cpp)) throw new FileNotFoundException($"the C++ benchmark '{cpp}' does not exist (run benchmarks/adbench-side-by-side.sh)");
        int[] ns = o.Ints("n", [1000, 10000]);
        int repeat = o.Int("repeat", o.Flag("quick") ? 2 : 3);
        double adolcMaxOps = o.Double("adolc-max-ops", 5e7);
        bool adolc = !o.Flag("no-adolc");
        double budget = o.Double("budget", 4);
        string? rawPath = o.String("raw", "") is { Length: > 0 } r ? r : null;
        var sizes = new List<(int N, int D, int K)>();
        foreach (int n in ns)
        {
            IEnumerable<(int D, int K)> pairs;
            if (o.Has("pairs"))
            {
                int[] p = o.Ints("pairs", []);
                pairs = Enumerable.Range(0, p.Length / 2).Select(i => (p[2 * i], p[2 * i + 1]));
            }
            else if (o.Flag("quick")) pairs = n >= 10000 ? QuickSizes.Take(2) : QuickSizes;
            else pairs = n >= 10000 ? PublishedSizes : FullGrid;
            sizes.AddRange(pairs.Select(p => (n, p.D, p.K)));
        }

        string work = Path.Combine(Path.GetTempPath(), $"adbench-side-by-side-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        using StreamWriter? raw = rawPath is null ? null : new StreamWriter(rawPath, append: false);
        raw?.WriteLine("# repeat\tn\td\tk\tcolumn\tseconds\tvalue\tdigest\tload1\textra");

        Console.WriteLine($"# ADBench GMM side by side: {sizes.Count} sizes × {repeat} repeats, every (size, column) in a fresh process");
        Console.WriteLine($"# start {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Uptime()}");
        Console.WriteLine($"# C#: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}; C++: {cpp}");
        var cells = new Dictionary<(int, int, int, string), Cell>();
        var loads = new Dictionary<(int, int, int), List<double>>();
        for (int rep = 1; rep <= repeat; rep++)
        {
            foreach ((int n, int d, int k) in sizes)
            {
                double load = LoadAverage();
                if (!loads.TryGetValue((n, d, k), out var l)) loads[(n, d, k)] = l = [];
                l.Add(load);
                double ops = (double)n * k * (d * d + 8.0 * d + 16);
                var results = new List<Result>
                {
                    RunCSharp("objective", n, d, k, budget, null),
                    RunCpp(cpp, "objective", n, d, k, budget, null, work),
                    RunCSharp("generated", n, d, k, budget, Path.Combine(work, "generated.bin")),
                    RunCpp(cpp, "manual", n, d, k, budget, Path.Combine(work, "manual-cpp.bin"), work),
                };
                if (adolc && ops <= adolcMaxOps) results.Add(RunCpp(cpp, "adolc", n, d, k, budget, Path.Combine(work, "adolc.bin"), work));
                results.Add(RunCSharp("manual-objective", n, d, k, budget, null));
                results.Add(RunCSharp("manual", n, d, k, budget, Path.Combine(work, "manual-cs.bin")));
                results.Add(RunCSharp("columnwise-objective", n, d, k, budget, null));
                results.Add(RunCSharp("columnwise-generated", n, d, k, budget, Path.Combine(work, "columnwise-generated.bin")));
                results.Add(RunCSharp("library-objective", n, d, k, budget, null));
                results.Add(RunCSharp("library-generated", n, d, k, budget, Path.Combine(work, "library-generated.bin")));

                string digest = results[0].Digest;
                if (results.Any(x => x.Digest != digest))
                    throw new InvalidOperationException($"n={n} d={d} k={k}: the C# and C++ generators drew different data: " +
                        string.Join(", ", results.Select(x => $"{x.Column} {x.Digest}")));
                Result generated = results.Single(x => x.Column == "generated");
                double[] reference = ReadDoubles(generated.GradientFile!);
                double scale = reference.Max(Math.Abs);
                foreach (Result x in results)
                {
                    var key = (n, d, k, x.Column);
                    if (!cells.TryGetValue(key, out Cell? cell)) cells[key] = cell = new Cell();
                    cell.Seconds.Add(x.Seconds);
                    cell.Extra = x.Extra;
                    cell.MaxValueDiff = Math.Max(cell.MaxValueDiff, Math.Abs(x.Value - generated.Value) / Math.Max(1, Math.Abs(generated.Value)));
                    if (x.GradientFile is not null && x != generated)
                    {
                        double[] g = ReadDoubles(x.GradientFile);
                        if (g.Length != reference.Length) throw new InvalidOperationException($"{x.Column}: gradient length {g.Length}, expected {reference.Length}");
                        double diff = 0;
                        for (int i = 0; i < g.Length; i++) diff = Math.Max(diff, Math.Abs(g[i] - reference[i]));
                        cell.MaxDiff = Math.Max(cell.MaxDiff, diff / scale);
                    }
                    raw?.WriteLine(string.Join('\t', rep, n, d, k, x.Column, x.Seconds.ToString("R", CultureInfo.InvariantCulture),
                        x.Value.ToString("R", CultureInfo.InvariantCulture), x.Digest, load.ToString("F2", CultureInfo.InvariantCulture), x.Extra));
                }
                raw?.Flush();
                Console.Error.WriteLine($"repeat {rep}/{repeat} n={n} d={d} k={k} load {load:F2}: " +
                    string.Join(", ", results.Select(x => $"{x.Column} {GmmTable.Format(x.Seconds)}")));
                foreach (Result x in results.Where(x => x.Value is double.NaN || Math.Abs(x.Value - generated.Value) > 1e-8 * Math.Max(1, Math.Abs(generated.Value))))
                    throw new InvalidOperationException($"n={n} d={d} k={k}: {x.Column} computed {x.Value:R}, the generated gradient's objective is {generated.Value:R}");
            }
        }
        Console.WriteLine($"# end {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Uptime()}");
        Console.WriteLine();
        PrintTables(sizes, cells, loads, repeat);
        Directory.Delete(work, recursive: true);
        return 0;
    }

    private static void PrintTables(List<(int N, int D, int K)> sizes, Dictionary<(int, int, int, string), Cell> cells,
        Dictionary<(int, int, int), List<double>> loads, int repeat)
    {
        string F(double s) => double.IsNaN(s) ? "—" : GmmTable.Format(s);
        string R(double x) => double.IsNaN(x) ? "—" : x.ToString("F2", CultureInfo.InvariantCulture);
        string E(double x) => x.ToString("0.0E+0", CultureInfo.InvariantCulture);
        double M(int n, int d, int k, string c) => cells.TryGetValue((n, d, k, c), out Cell? cell) ? cell.Best : double.NaN;

        Console.WriteLine($"Minimum of {repeat} fresh-process runs per cell (each the minimum per call over its batches); ratio = gradient ÷ that side's objective (C# objective for the generated " +
            "gradient, g++ objective for Manual C++ and ADOL-C, as ADBench divides each tool by its own objective); spread = largest " +
            "max/min − 1 over the repeats of the row's cells; diff = max |Δ gradient| ÷ max |generated gradient|.");
        Console.WriteLine();
        Console.WriteLine("| n | d | K | params | C# objective | g++ objective | C# ÷ g++ | generated gradient | ratio | Manual C++ gradient | ratio | **generated ÷ Manual C++** | ADOL-C gradient() | ratio | diff Manual C++, ADOL-C | load (1 min) | spread |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |");
        foreach ((int n, int d, int k) in sizes.Distinct())
        {
            double obj = M(n, d, k, "objective"), cobj = M(n, d, k, "cpp-objective"), gen = M(n, d, k, "generated"),
                man = M(n, d, k, "cpp-manual"), ado = M(n, d, k, "cpp-adolc");
            int p = k + k * d + k * d * (d + 1) / 2;
            double spread = new[] { "objective", "cpp-objective", "generated", "cpp-manual", "cpp-adolc" }
                .Where(c => cells.ContainsKey((n, d, k, c))).Max(c => cells[(n, d, k, c)].Spread);
            string adoDiff = cells.TryGetValue((n, d, k, "cpp-adolc"), out Cell? a) ? E(a.MaxDiff) : "not run";
            List<double> l = loads[(n, d, k)];
            Console.WriteLine($"| {n} | {d} | {k} | {p:N0} | {F(obj)} | {F(cobj)} | {R(obj / cobj)} | {F(gen)} | {R(gen / obj)} | " +
                $"{F(man)} | {R(man / cobj)} | **{R(gen / man)}** | {F(ado)} | {R(ado / cobj)} | {E(cells[(n, d, k, "cpp-manual")].MaxDiff)}, {adoDiff} | " +
                $"{l.Min():F1}–{l.Max():F1} | {spread * 100:F0} % |");
        }
        Console.WriteLine();
        Console.WriteLine("Hand-written C# (GmmManual: the same one-pass algorithm as Manual C++, scalar C#) against g++:");
        Console.WriteLine();
        Console.WriteLine("| n | d | K | hand-written C# objective | ÷ g++ objective | hand-written C# gradient | ratio | ÷ Manual C++ gradient | generated ÷ hand-written C# gradient | diff vs generated |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach ((int n, int d, int k) in sizes.Distinct())
        {
            double mo = M(n, d, k, "manual-objective"), mg = M(n, d, k, "manual"), cobj = M(n, d, k, "cpp-objective"),
                man = M(n, d, k, "cpp-manual"), gen = M(n, d, k, "generated");
            Console.WriteLine($"| {n} | {d} | {k} | {F(mo)} | {R(mo / cobj)} | {F(mg)} | {R(mg / mo)} | {R(mg / man)} | {R(gen / mg)} | {E(cells[(n, d, k, "manual")].MaxDiff)} |");
        }
        // Another form of the same objective: its C# objective and generated gradient against g++, Manual C++ and the row-wise form.
        void FormTable(string title, string form, string name)
        {
            Console.WriteLine();
            Console.WriteLine(title);
            Console.WriteLine();
            Console.WriteLine($"| n | d | K | {name} C# objective | ÷ g++ objective | {name} generated gradient | ratio | **÷ Manual C++ gradient** | ÷ row-wise generated | diff vs generated |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
            foreach ((int n, int d, int k) in sizes.Distinct())
            {
                double fo = M(n, d, k, $"{form}-objective"), fg = M(n, d, k, $"{form}-generated"), cobj = M(n, d, k, "cpp-objective"),
                    man = M(n, d, k, "cpp-manual"), gen = M(n, d, k, "generated");
                Console.WriteLine($"| {n} | {d} | {k} | {F(fo)} | {R(fo / cobj)} | {F(fg)} | {R(fg / fo)} | **{R(fg / man)}** | {R(fg / gen)} | {E(cells[(n, d, k, $"{form}-generated")].MaxDiff)} |");
            }
        }
        FormTable("ADBench's own column-wise Q(x − μ) (its Qtimesx) as a [Differentiable] method (GmmColumnwise.Objective), objective and generated gradient:",
            "columnwise", "column-wise");
        FormTable("The objective written with the runtime library (GmmLibrary.Objective: Linear.TriangularMultiply for Q(x − μ), Vectors.Dot for its norm), objective and generated gradient:",
            "library", "library");
        var adolcRows = sizes.Distinct().Where(s => cells.ContainsKey((s.N, s.D, s.K, "cpp-adolc"))).ToList();
        if (adolcRows.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("ADOL-C taping (once per process, not part of the gradient time): " +
                string.Join("; ", adolcRows.Select(s => $"({s.N}, {s.D}, {s.K}) {cells[(s.N, s.D, s.K, "cpp-adolc")].Extra}")));
        }
    }

    /// <summary>
    /// <c>variants --cpp PATH [--n 1000] [--pairs d,k,…] [--repeat R]</c>: the objective and its generated gradient as
    /// <see cref="Gmm.Objective"/> writes Q(x − μ) (row by row) and as ADBench's C++ does (<see cref="GmmColumnwise"/>:
    /// column by column, scalar and vectorized), next to g++; fresh process per cell, minimum over the repeats.
    /// </summary>
    public static int RunVariants(string[] args)
    {
        var o = Options.Parse(args);
        string cpp = Path.GetFullPath(o.String("cpp"));
        int[] ns = o.Ints("n", [1000]);
        int[] p = o.Ints("pairs", [2, 5, 10, 5, 20, 5, 64, 5, 64, 25]);
        int repeat = o.Int("repeat", 2);
        double budget = o.Double("budget", 4);
        string work = Path.Combine(Path.GetTempPath(), $"adbench-variants-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        string[] cs = ["objective", "rowwise-strided-objective", "columnwise-objective", "manual-objective", "vectorized-objective", "simd-objective", "generated", "columnwise-generated", "manual"];
        Console.WriteLine($"# variants: start {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Uptime()}");
        var best = new Dictionary<(int, int, int, string), double>();
        var loads = new List<double>();
        for (int rep = 0; rep < repeat; rep++)
            foreach (int n in ns)
                for (int i = 0; i + 1 < p.Length; i += 2)
                {
                    int d = p[i], k = p[i + 1];
                    loads.Add(LoadAverage());
                    var results = cs.Select(c => RunCSharp(c, n, d, k, budget, null)).ToList();
                    results.Add(RunCpp(cpp, "objective", n, d, k, budget, null, work));
                    results.Add(RunCpp(cpp, "manual", n, d, k, budget, null, work));
                    foreach (Result r in results)
                        best[(n, d, k, r.Column)] = Math.Min(best.GetValueOrDefault((n, d, k, r.Column), double.PositiveInfinity), r.Seconds);
                    Console.Error.WriteLine($"variants {rep + 1}/{repeat} n={n} d={d} k={k}: " + string.Join(", ", results.Select(r => $"{r.Column} {GmmTable.Format(r.Seconds)}")));
                }
        Console.WriteLine($"# variants: end {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Uptime()}; load average (1 min) during the run {loads.Min():F1}–{loads.Max():F1}");
        Console.WriteLine();
        Console.WriteLine("Objective (÷ g++ in parentheses):");
        Console.WriteLine();
        Console.WriteLine("| n | d | K | g++ | Gmm.Objective: row-wise, index expression | row-wise, running index | column-wise, index expression | column-wise, running index (hand-written C#) | column-wise, TensorPrimitives per column | column-wise, inline Vector512 |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (int n in ns)
            for (int i = 0; i + 1 < p.Length; i += 2)
            {
                int d = p[i], k = p[i + 1];
                double B(string c) => best[(n, d, k, c)];
                string C(string c, string r) => $"{GmmTable.Format(B(c))} ({(B(c) / B(r)).ToString("F2", CultureInfo.InvariantCulture)})";
                Console.WriteLine($"| {n} | {d} | {k} | {GmmTable.Format(B("cpp-objective"))} | {C("objective", "cpp-objective")} | {C("rowwise-strided-objective", "cpp-objective")} | " +
                    $"{C("columnwise-objective", "cpp-objective")} | {C("manual-objective", "cpp-objective")} | {C("vectorized-objective", "cpp-objective")} | {C("simd-objective", "cpp-objective")} |");
            }
        Console.WriteLine();
        Console.WriteLine("Gradient (÷ Manual C++ in parentheses):");
        Console.WriteLine();
        Console.WriteLine("| n | d | K | Manual C++ | generated, row-wise (Gmm.Objective) | generated, column-wise (GmmColumnwise.Objective) | hand-written C# |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (int n in ns)
            for (int i = 0; i + 1 < p.Length; i += 2)
            {
                int d = p[i], k = p[i + 1];
                double B(string c) => best[(n, d, k, c)];
                string C(string c, string r) => $"{GmmTable.Format(B(c))} ({(B(c) / B(r)).ToString("F2", CultureInfo.InvariantCulture)})";
                Console.WriteLine($"| {n} | {d} | {k} | {GmmTable.Format(B("cpp-manual"))} | {C("generated", "cpp-manual")} | {C("columnwise-generated", "cpp-manual")} | {C("manual", "cpp-manual")} |");
            }
        Directory.Delete(work, recursive: true);
        return 0;
    }

    private static Result RunCSharp(string column, int n, int d, int k, double budget, string? gradientFile)
    {
        var args = new List<string> { "gmm-one", "--d", $"{d}", "--k", $"{k}", "--n", $"{n}", "--column", column, "--budget", budget.ToString("R", CultureInfo.InvariantCulture) };
        if (gradientFile is not null) args.AddRange(["--gradient-out", gradientFile]);
        string self = typeof(SideBySide).Assembly.Location;
        string host = Environment.ProcessPath!;
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") args.Insert(0, self);
        var kv = Parse(RunProcess(host, args, null).Last(l => l.StartsWith("column=", StringComparison.Ordinal)));
        return new Result(column, double.Parse(kv["seconds"], CultureInfo.InvariantCulture), double.Parse(kv["value"], CultureInfo.InvariantCulture),
            kv["digest"], gradientFile, $"{kv["bytes"]} B/call");
    }

    private static Result RunCpp(string cpp, string tool, int n, int d, int k, double budget, string? gradientFile, string work)
    {
        var args = new List<string> { "--d", $"{d}", "--k", $"{k}", "--n", $"{n}", "--tool", tool, "--budget", budget.ToString("R", CultureInfo.InvariantCulture) };
        if (gradientFile is not null) args.AddRange(["--gradient-out", gradientFile]);
        var kv = Parse(RunProcess(cpp, args, work).Last(l => l.StartsWith("tool=", StringComparison.Ordinal)));
        string extra = tool == "adolc"
            ? $"tape {GmmTable.Format(double.Parse(kv["tape_seconds"], CultureInfo.InvariantCulture))}, {double.Parse(kv["tape_ops"], CultureInfo.InvariantCulture):0.0E+0} ops" +
              (kv["spilled"] == "1" ? ", TAPE SPILLED TO FILES" : "")
            : "";
        return new Result("cpp-" + tool, double.Parse(kv["seconds"], CultureInfo.InvariantCulture), double.Parse(kv["value"], CultureInfo.InvariantCulture),
            kv["digest"], gradientFile, extra);
    }

    private static List<string> RunProcess(string file, List<string> args, string? workingDirectory)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        using Process p = Process.Start(psi)!;
        var stderr = new StringBuilder();
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr.AppendLine(e.Data); };
        p.BeginErrorReadLine();
        var lines = new List<string>();
        while (p.StandardOutput.ReadLine() is { } line) lines.Add(line);
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {p.ExitCode}: {stderr}");
        return lines;
    }

    private static Dictionary<string, string> Parse(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Split('=', 2)).Where(t => t.Length == 2).ToDictionary(t => t[0], t => t[1]);

    private static double[] ReadDoubles(string path) => MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(path)).ToArray();

    /// <summary>The 1-minute load average (Linux), NaN elsewhere.</summary>
    public static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;

    private static string Uptime() =>
        File.Exists("/proc/loadavg") ? "load average " + string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "load average unknown";

    /// <summary><c>--key value</c> pairs and bare <c>--flag</c>s.</summary>
    private sealed class Options
    {
        private readonly Dictionary<string, string?> _values = [];

        public static Options Parse(string[] args)
        {
            var o = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{args[i]}'");
                string key = args[i][2..];
                string? value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
                o._values[key] = value;
            }
            return o;
        }

        public bool Has(string key) => _values.ContainsKey(key);
        public bool Flag(string key) => _values.ContainsKey(key);

        public string String(string key, string? fallback = null) =>
            _values.TryGetValue(key, out string? v) && v is not null ? v : fallback ?? throw new ArgumentException($"--{key} is required");

        public int Int(string key, int? fallback = null) =>
            _values.TryGetValue(key, out string? v) && v is not null ? int.Parse(v, CultureInfo.InvariantCulture)
            : fallback ?? throw new ArgumentException($"--{key} is required");

        public double Double(string key, double fallback) =>
            _values.TryGetValue(key, out string? v) && v is not null ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

        public int[] Ints(string key, int[] fallback) =>
            _values.TryGetValue(key, out string? v) && v is not null ? [.. v.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] : fallback;
    }
}
