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

switcher.Run(args, BenchmarkConfigs.Full());
return 0;
