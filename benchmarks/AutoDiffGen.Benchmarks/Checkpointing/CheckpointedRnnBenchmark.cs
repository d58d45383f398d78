using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AutoDiffGen.Benchmarks.Checkpointing;

/// <summary>
/// Issue 19: the gradient of a vanilla RNN (hidden 32) over T = 10⁵ steps, recording every step (<c>Unbounded</c>) and
/// checkpointed with √T and log₂ T snapshots; <c>Forward</c> is the plain loss for the time of one sweep. The
/// <c>Tape</c> column is the memory the per-thread tape holds after one gradient on a new thread (its stacks and
/// scratch, grown to that call's high-water mark, arrays doubling); the setup checks that the checkpointed gradients
/// equal the unbounded one bit for bit. Run: <c>dotnet run -c Release --project benchmarks/AutoDiffGen.Benchmarks --
/// --filter '*CheckpointedRnn*'</c>.
/// </summary>
[Config(typeof(TapeConfig))]
public class CheckpointedRnnBenchmark
{
    public const int Steps = 100_000;
    private const int H = LongRnn.Hidden;

    private static readonly ConcurrentDictionary<string, long> s_tapeBytes = new();

    private double[] _wh = Array.Empty<double>(), _wx = Array.Empty<double>(), _b = Array.Empty<double>();
    private double[] _xs = Array.Empty<double>(), _target = Array.Empty<double>();
    private double[] _dWh = Array.Empty<double>(), _dWx = Array.Empty<double>(), _dB = Array.Empty<double>();

    private delegate double Gradient(ReadOnlySpan<double> wh, ReadOnlySpan<double> wx, ReadOnlySpan<double> b, ReadOnlySpan<double> xs,
        ReadOnlySpan<double> target, Span<double> dWh, Span<double> dWx, Span<double> dB);

    private static readonly (string Name, Gradient Run)[] Contenders =
    {
        (nameof(Unbounded), LongRnn.UnboundedGradient),
        (nameof(SqrtT), LongRnn.SqrtTGradient),
        (nameof(LogT), LongRnn.LogTGradient),
    };

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(19);
        double Uniform(double scale) => scale * (2 * rng.NextDouble() - 1);
        // Weights small enough that the state neither saturates nor dies over 10⁵ steps.
        _wh = Enumerable.Range(0, H * H).Select(_ => Uniform(1.0 / H)).ToArray();
        _wx = Enumerable.Range(0, H).Select(_ => Uniform(0.5)).ToArray();
        _b = Enumerable.Range(0, H).Select(_ => Uniform(0.1)).ToArray();
        _xs = Enumerable.Range(0, Steps).Select(t => Math.Sin(0.001 * t) + 0.1 * Uniform(1)).ToArray();
        _target = Enumerable.Range(0, H).Select(_ => Uniform(0.5)).ToArray();
        _dWh = new double[H * H];
        _dWx = new double[H];
        _dB = new double[H];

        double value = LongRnn.Loss(_wh, _wx, _b, _xs, _target);
        double[]? reference = null;
        foreach ((string name, Gradient run) in Contenders)
        {
            double[] dWh = new double[H * H], dWx = new double[H], dB = new double[H];
            double got = 0;
            long tape = 0;
            var thread = new Thread(() =>
            {
                got = run(_wh, _wx, _b, _xs, _target, dWh, dWx, dB);
                tape = Tape.Current.ReservedBytes;
            }, maxStackSize: 1 << 20);
            thread.Start();
            thread.Join();
            s_tapeBytes[name] = tape;
            double[] all = dWh.Concat(dWx).Concat(dB).ToArray();
            reference ??= all;
            if (BitConverter.DoubleToInt64Bits(got) != BitConverter.DoubleToInt64Bits(value))
            {
                throw new InvalidOperationException($"{name}: value {got:R}, plain loss {value:R}");
            }
            for (int i = 0; i < all.Length; i++)
            {
                if (BitConverter.DoubleToInt64Bits(all[i]) != BitConverter.DoubleToInt64Bits(reference[i]))
                {
                    throw new InvalidOperationException($"{name}: gradient component {i} is {all[i]:R}, unbounded {reference[i]:R}");
                }
            }
        }
        s_tapeBytes[nameof(Forward)] = 0;
        Console.WriteLine($"// CheckpointedRnn: T = {Steps:N0}, loss {value:R}; tape bytes " +
            string.Join(", ", s_tapeBytes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value:N0}")));
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Forward() => LongRnn.Loss(_wh, _wx, _b, _xs, _target);

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Unbounded() => LongRnn.UnboundedGradient(_wh, _wx, _b, _xs, _target, _dWh, _dWx, _dB);

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double SqrtT() => LongRnn.SqrtTGradient(_wh, _wx, _b, _xs, _target, _dWh, _dWx, _dB);

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double LogT() => LongRnn.LogTGradient(_wh, _wx, _b, _xs, _target, _dWh, _dWx, _dB);

    /// <summary>Adds the <c>Tape</c> and <c>Snapshots</c> columns.</summary>
    private sealed class TapeConfig : ManualConfig
    {
        public TapeConfig()
        {
            AddColumn(new TapeColumn());
            AddColumn(new SnapshotsColumn());
        }
    }

    private sealed class TapeColumn : IColumn
    {
        public string Id => "CheckpointedRnn.Tape";
        public string ColumnName => "Tape";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Size;
        public string Legend => "Bytes the per-thread tape holds after one call on a new thread";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            s_tapeBytes.TryGetValue(benchmarkCase.Descriptor.WorkloadMethod.Name, out long bytes)
                ? (bytes >= 1 << 20 ? (bytes / (double)(1 << 20)).ToString("F1", CultureInfo.InvariantCulture) + " MB"
                    : (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KB")
                : "?";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    }

    private sealed class SnapshotsColumn : IColumn
    {
        public string Id => "CheckpointedRnn.Snapshots";
        public string ColumnName => "Snapshots";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 1;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Checkpoints = s (none: every step recorded)";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => benchmarkCase.Descriptor.WorkloadMethod.Name switch
        {
            nameof(SqrtT) => LongRnn.SqrtSnapshots.ToString(CultureInfo.InvariantCulture),
            nameof(LogT) => LongRnn.LogSnapshots.ToString(CultureInfo.InvariantCulture),
            _ => "-",
        };

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    }
}
