using System.Collections.Concurrent;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Benchmarks.Harness;

/// <summary>Each kernel's compulsory bytes and vector instructions per call, recorded in its setup for the roofline table.</summary>
public static class Roofline
{
    private static readonly ConcurrentDictionary<string, (double Bytes, double Instructions)> s_work = new();

    /// <summary>Records a kernel's work per call.</summary>
    public static void Record(string kernel, double bytes, double instructions) => s_work[kernel] = (bytes, instructions);

    /// <summary>The recorded work of a kernel, if any.</summary>
    public static (double Bytes, double Instructions)? Work(string kernel) =>
        s_work.TryGetValue(kernel, out var work) ? work : null;
}

/// <summary>The vector width the kernels and the machine benchmark run with.</summary>
public static class MachineRates
{
    /// <summary>Doubles per vector: 8 where AVX-512 is accelerated, else 4.</summary>
    public static int Lanes { get; set; } = Vector512.IsHardwareAccelerated ? 8 : 4;
}
