using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AutoDiffGen.Benchmarks.Harness;

/// <summary>
/// BenchmarkDotNet configurations. Both run in process (<see cref="InProcessEmitToolchain"/>): the benchmarks then
/// load the TorchSharp native library that the build patched in this project's own output. BenchmarkDotNet's default
/// toolchain builds a generated project into a folder of its own, which copies the unpatched native library from the
/// NuGet cache again and (by design) imports none of this repository's build files, so libtorch would not load there;
/// it would also copy ~600 MB of native files per run and spend a minute building. The cost of running in process is
/// isolation: all benchmarks share one process, its JIT state and its GC heap.
/// </summary>
public static class BenchmarkConfigs
{
    /// <summary>Full mode: BenchmarkDotNet's default job accuracy, in process, with the memory diagnoser.</summary>
    public static IConfig Full() =>
        DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithId("InProcess"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.JoinSummary);

    /// <summary>Quick mode: 3 warm-up and 5 measured iterations of ~100 ms each, in process, with the memory diagnoser;
    /// prints one progress line per benchmark (and every error) instead of BenchmarkDotNet's full log.</summary>
    public static IConfig Quick()
    {
        Job job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(5)
            .WithIterationTime(TimeInterval.FromMilliseconds(100))
            .WithId("Quick");
        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddExporter(MarkdownExporter.GitHub, CsvExporter.Default)
            .AddLogger(new ProgressLogger())
            .AddAnalyser(DefaultConfig.Instance.GetAnalysers().ToArray())
            .AddValidator(DefaultConfig.Instance.GetValidators().ToArray())
            .WithOptions(ConfigOptions.JoinSummary);
    }

    /// <summary>Forwards only BenchmarkDotNet's "// Benchmark:" lines and errors to the console.</summary>
    private sealed class ProgressLogger : ILogger
    {
        private readonly List<string> _line = new();

        public string Id => nameof(ProgressLogger);

        public int Priority => 0;

        public void Write(LogKind logKind, string text)
        {
            if (logKind == LogKind.Error)
            {
                System.Console.Error.Write(text);
                return;
            }

            _line.Add(text);
        }

        public void WriteLine()
        {
            string line = string.Concat(_line);
            _line.Clear();
            if (line.StartsWith("// Benchmark: ", System.StringComparison.Ordinal))
            {
                System.Console.WriteLine(line);
            }
        }

        public void WriteLine(LogKind logKind, string text)
        {
            Write(logKind, text);
            if (logKind == LogKind.Error)
            {
                System.Console.Error.WriteLine();
                return;
            }

            WriteLine();
        }

        public void Flush() => System.Console.Out.Flush();
    }
}
