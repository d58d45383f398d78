using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AutoDiffGen.ADBench;

/// <summary>
/// ADBench's timing rule, repeat a call and keep the minimum time per call over several batches, measured in CPU time
/// of the calling thread (on Linux), so time spent descheduled on a shared, loaded machine does not count. A batch runs
/// the call enough times to last at least <see cref="MinBatchSeconds"/>; allocation per call is measured on warm batches.
/// </summary>
public static class Timing
{
    /// <summary>Shortest batch.</summary>
    public const double MinBatchSeconds = 0.1;

    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>True when the thread CPU clock is used (Linux); wall-clock time otherwise.</summary>
    public static bool UsesThreadCpuTime { get; } = OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out _) == 0;

    private static readonly Stopwatch s_wall = Stopwatch.StartNew();

    /// <summary>Seconds on the thread CPU clock (or the wall clock where that is not available).</summary>
    public static double Now()
    {
        if (UsesThreadCpuTime && ClockGetTime(ClockThreadCpuTimeId, out TimeSpec t) == 0) return t.Seconds + t.Nanoseconds * 1e-9;
        return s_wall.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Wall-clock seconds of calls before timing: tiered compilation takes a method with loops from tier 0 (with on-stack
    /// replacement) through an instrumented tier to optimized code after enough calls, compiling on a background thread;
    /// without this the batches could time the unoptimized code (measured: the generated GMM gradient at n = 1,000,
    /// d = 2, K = 5 ran 0.78 ms per call over its first 0.7 s of batches and 0.20 ms after).
    /// </summary>
    public const double WarmUpSeconds = 1.5;

    /// <summary>
    /// Calls before timing, at least: tier-up counts calls, not seconds. A call of tens of milliseconds (the generated GMM
    /// gradient at d = 64) made about 30 calls in <see cref="WarmUpSeconds"/>, and the batches then timed the method's
    /// on-stack-replacement code: 52–55 ms per call against 22–24 ms for the optimized method (measured in fresh processes,
    /// 2026-12-02, with tiered compilation off for the latter); a long training run would only ever see the latter.
    /// </summary>
    public const int WarmUpCalls = 100;

    /// <summary>The longest warm-up, whatever the calls' count.</summary>
    public const double MaxWarmUpSeconds = 30;

    /// <summary>Minimum seconds per call, and bytes allocated per warm call.</summary>
    public static (double Seconds, double BytesPerCall) Measure(Action call, int batches = 7, double budgetSeconds = 4)
    {
        double warmUpStart = s_wall.Elapsed.TotalSeconds;
        double start = Now();
        call(); // JIT, tape growth, scratch buffers
        double first = Now() - start;
        int calls = 1;
        bool Warming()
        {
            double elapsed = s_wall.Elapsed.TotalSeconds - warmUpStart;
            return elapsed < MaxWarmUpSeconds && (elapsed < WarmUpSeconds || calls < WarmUpCalls);
        }
        if (Warming())
        {
            while (Warming())
            {
                call();
                calls++;
            }
            start = Now();
            call();
            first = Now() - start;
        }
        double single = first;
        if (first < 1)
        {
            start = Now();
            call();
            single = Now() - start;
        }
        single = Math.Max(single, 1e-7);
        int reps = Math.Max(1, (int)Math.Ceiling(MinBatchSeconds / single));
        // Fewer batches when one call is long, so a size never takes much more than the budget.
        int count = Math.Clamp((int)(budgetSeconds / (single * reps)), 2, batches);
        double best = double.PositiveInfinity;
        long allocated = 0;
        for (int b = 0; b < count; b++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            start = Now();
            for (int r = 0; r < reps; r++) call();
            double elapsed = (Now() - start) / reps;
            allocated = Math.Max(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            best = Math.Min(best, elapsed);
        }
        return (best, (double)allocated / reps);
    }
}
