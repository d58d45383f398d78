using System.Collections.Concurrent;

namespace AutoDiffGen.Benchmarks.Harness;

/// <summary>Exact managed bytes per warm call of each contender on the calling thread, measured in every
/// <c>[GlobalSetup]</c> (BenchmarkDotNet's Allocated column counts the whole process, which in process includes
/// the harness's own occasional allocations).</summary>
public static class AllocationProbe
{
    private static readonly ConcurrentDictionary<(string Workload, string Contender), double> s_bytes = new();

    /// <summary>Records a measurement (the last one wins).</summary>
    public static void Record(string workload, string contender, double bytesPerCall) =>
        s_bytes[(workload, contender)] = bytesPerCall;

    /// <summary>
    /// Managed bytes <paramref name="call"/> allocates per warm call on this thread: two warm-up calls, then
    /// <see cref="GradientWorkload.AllocationProbeCalls"/> calls between two readings of <see cref="System.GC.GetAllocatedBytesForCurrentThread"/>.
    /// </summary>
    public static double Measure(System.Func<double> call)
    {
        call();
        call();
        long before = System.GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < GradientWorkload.AllocationProbeCalls; i++)
        {
            call();
        }

        return (double)(System.GC.GetAllocatedBytesForCurrentThread() - before) / GradientWorkload.AllocationProbeCalls;
    }

    /// <summary>The measured bytes per call, if any.</summary>
    public static double? BytesPerCall(string workload, string contender) =>
        s_bytes.TryGetValue((workload, contender), out double bytes) ? bytes : null;
}
