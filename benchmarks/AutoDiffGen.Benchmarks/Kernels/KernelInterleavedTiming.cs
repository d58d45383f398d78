using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using AutoDiffGen.Benchmarks.Harness;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks.Kernels;

/// <summary>
/// The <c>--interleaved-kernels</c> mode: the runtime-library kernels and the machine rates of the roofline timed the way
/// <see cref="InterleavedTiming"/> times the gradient workloads, for a machine other jobs share. Every contender of every
/// selected kernel (TorchSharp left out) and the three <see cref="MachineBenchmark"/> methods run in batches of about 50 µs,
/// round-robin, for many rounds after a warm-up; each figure is the fastest batch. The machine rates then come from the
/// same rounds as the kernels, so the roofline ratio <c>Library / bound</c> divides two figures taken under the same load.
/// The kernels' setup (contenders agree, allocation probe, roofline work) runs first as in the quick mode.
/// </summary>
public static class KernelInterleavedTiming
{
    private static readonly string[] s_contenders = { "Library", "LibraryBackwardOnly", "PlainLoops" };

    /// <summary>Times the kernels whose names start with one of <paramref name="prefixes"/> (all when none) and prints their roofline.</summary>
    public static void Run(int rounds, IReadOnlyList<string> prefixes)
    {
        var kernels = new List<KernelBenchmark>
        {
            new ActivationBenchmark { Activation = "Relu" }, new ActivationBenchmark { Activation = "Sigmoid" },
            new ActivationBenchmark { Activation = "Tanh" }, new ActivationFloatBenchmark { Activation = "Relu" },
            new ActivationFloatBenchmark { Activation = "Sigmoid" }, new ActivationFloatBenchmark { Activation = "Tanh" },
            new LinearBenchmark { Batch = 1 }, new LinearBenchmark { Batch = 32 },
            new LossBenchmark { Loss = "SoftmaxCrossEntropy" }, new LossBenchmark { Loss = "MeanSquaredError" },
            new NormalizationBenchmark { Kind = "LayerNorm" }, new NormalizationBenchmark { Kind = "BatchNorm" },
            new ClippingBenchmark { Kind = "GlobalNorm" }, new ClippingBenchmark { Kind = "Value" },
        };
        var calls = new List<(string Kernel, string Contender, Func<double> Call)>();
        foreach (KernelBenchmark kernel in kernels)
        {
            string name = kernel.KernelName();
            if (prefixes.Count > 0 && !prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))) continue;
            kernel.Setup();
            foreach (string contender in s_contenders)
            {
                MethodInfo? method = kernel.GetType().GetMethod(contender, BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
                if (method?.GetCustomAttribute<BenchmarkAttribute>() is not null)
                    calls.Add((name, contender, method.CreateDelegate<Func<double>>(kernel)));
            }
        }

        var machine = new MachineBenchmark();
        machine.Setup();
        calls.Add(("Machine", nameof(MachineBenchmark.VectorFmaPeak), machine.VectorFmaPeak));
        calls.Add(("Machine", nameof(MachineBenchmark.Triad), machine.Triad));
        calls.Add(("Machine", nameof(MachineBenchmark.StreamRead), machine.StreamRead));

        foreach (var (_, _, call) in calls)
        {
            var warm = Stopwatch.StartNew();
            while (warm.ElapsedMilliseconds < 300) call();
        }

        double[] best = calls.Select(_ => double.MaxValue).ToArray();
        int[] batch = calls.Select(c => Math.Max(1, (int)(50_000 / Math.Max(1, Time(c.Call, 20))))).ToArray();
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < calls.Count; i++) best[i] = Math.Min(best[i], Time(calls[i].Call, batch[i]));
        }

        double Best(string kernel, string contender)
        {
            int i = calls.FindIndex(c => c.Kernel == kernel && c.Contender == contender);
            return i < 0 ? double.NaN : best[i];
        }

        double fmaPerNs = MachineBenchmark.VectorFmasPerCall / Best("Machine", nameof(MachineBenchmark.VectorFmaPeak));
        double bytesPerNs = Math.Max(MachineBenchmark.TriadBytesPerCall / Best("Machine", nameof(MachineBenchmark.Triad)),
            MachineBenchmark.ReadBytesPerCall / Best("Machine", nameof(MachineBenchmark.StreamRead)));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "Interleaved kernel timing: fastest of {0} round-robin batches of ~50 µs per contender; {1} cores; machine, same rounds: "
            + "{2:F2} vector FMAs/ns ({3}-bit), streaming {4:F1} GB/s.", rounds, Environment.ProcessorCount, fmaPerNs, MachineRates.Lanes * 64, bytesPerNs));
        Console.WriteLine("kernel | Library | Lib·bwd | Plain | bound | Library / bound");
        foreach (string kernel in calls.Select(c => c.Kernel).Where(k => k != "Machine").Distinct())
        {
            string bound = "—", ratio = "—";
            if (Roofline.Work(kernel) is (double bytes, double instructions))
            {
                double memory = bytes / bytesPerNs, compute = instructions / fmaPerNs, b = Math.Max(memory, compute);
                bound = (memory >= compute ? "memory " : "compute ") + Format(b);
                ratio = (Best(kernel, "Library") / b).ToString("F2", CultureInfo.InvariantCulture);
            }

            Console.WriteLine($"{kernel} | {Format(Best(kernel, "Library"))} | {Format(Best(kernel, "LibraryBackwardOnly"))} | "
                + $"{Format(Best(kernel, "PlainLoops"))} | {bound} | {ratio}");
        }
    }

    private static double Time(Func<double> call, int calls) => InterleavedTiming.Time(call, calls);

    private static string Format(double ns) => double.IsNaN(ns) ? "—" : InterleavedTiming.Format(ns);
}
