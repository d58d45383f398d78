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
/// <para>Overhead evaluation is off: a mean is the full cost of one call of the benchmark method (marked NoInlining, so
/// the JIT cannot merge the unrolled calls), about a nanosecond more than the work alone. Subtracting an empty call
/// instead leaves the scalar workloads (Rosenbrock: a few flops) at "0 ns" and their ratios meaningless.</para>
/// </summary>
public static class BenchmarkConfigs
{
    /// <summary>Full mode: BenchmarkDotNet's default job accuracy, in process, with the memory diagnoser.</summary>
    public static IConfig Full() =>
        DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithEvaluateOverhead(false).WithId("InProcess"))
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
            .WithEvaluateOverhead(false)
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

    /// <summary>Forwards only BenchmarkDotNet's "// Benchmark:" lines, errors, and the message (not the stack trace) of
    /// an exception thrown by a benchmark, such as the agreement check of a <c>[GlobalSetup]</c>, to the console.</summary>
    private sealed class ProgressLogger : ILogger
    {
        private readonly List<string> _line = new();
        private bool _inException;

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
            if (line.StartsWith("//", System.StringComparison.Ordinal))
            {
                _inException = false;
            }
            else if (line.Contains("Exception", System.StringComparison.Ordinal) && !line.StartsWith("   ", System.StringComparison.Ordinal))
            {
                _inException = true;
            }

            bool stackFrame = line.StartsWith("   at ", System.StringComparison.Ordinal)
                              || line.StartsWith("   --- End of", System.StringComparison.Ordinal);
            if (line.StartsWith("// Benchmark: ", System.StringComparison.Ordinal) || (_inException && !stackFrame && line.Length > 0))
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
