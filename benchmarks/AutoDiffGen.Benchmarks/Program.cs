using System;
using System.Diagnostics;
using System.Linq;
using AutoDiffGen.Benchmarks.Harness;
using BenchmarkDotNet.Running;

// Loads libtorch first, so its default thread count is read before any benchmark changes it.
TorchEnvironment.EnsureLoaded();

if (args.Contains("--paired"))
{
    return PairedRatio.Run();
}

var switcher = BenchmarkSwitcher.FromAssembly(typeof(GradientWorkload).Assembly);
if (args.Contains("--quick"))
{
    string[] rest = args.Where(a => a != "--quick").ToArray();
    var clock = Stopwatch.StartNew();
    var summaries = switcher.Run(rest.Length == 0 ? new[] { "--filter", "*" } : rest, BenchmarkConfigs.Quick()).ToList();
    return QuickReport.Print(summaries, clock.Elapsed) ? 0 : 1;
}

if (args.Length > 0 && args[0] == "--interleaved-kernels")
{
    // --interleaved-kernels [rounds] [kernel-prefix…]: the kernels and their roofline, load-robust (Kernels/KernelInterleavedTiming.cs).
    int rounds = args.Length > 1 && int.TryParse(args[1], out int r) ? r : 400;
    AutoDiffGen.Benchmarks.Kernels.KernelInterleavedTiming.Run(rounds, args.Skip(args.Length > 1 && int.TryParse(args[1], out _) ? 2 : 1).ToList());
    return 0;
}

if (args.Length > 0 && args[0] == "--interleaved")
{
    // --interleaved [rounds] [workload-prefix…]: a load-robust timing of the gradient workloads (Harness/InterleavedTiming.cs).
    int rounds = args.Length > 1 && int.TryParse(args[1], out int r) ? r : 400;
    InterleavedTiming.Run(rounds, args.Skip(args.Length > 1 && int.TryParse(args[1], out _) ? 2 : 1).ToList());
    return 0;
}

switcher.Run(args, BenchmarkConfigs.Full());
return 0;
