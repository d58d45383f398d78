using System;
using System.Diagnostics;

namespace AutoDiffGen.ADBench;

/// <summary>
/// ADBench's timing rule: repeat a call, report the minimum time per call over several batches. A batch runs the call
/// enough times to last at least <see cref="MinBatchSeconds"/>; the allocation per call is measured on a warm batch.
/// </summary>
public static class Timing
{
    /// <summary>Shortest batch.</summary>
    public const double MinBatchSeconds = 0.1;

    /// <summary>Minimum seconds per call, and bytes allocated per warm call.</summary>
    public static (double Seconds, double BytesPerCall) Measure(Action call, int batches = 5, double budgetSeconds = 4)
    {
        var sw = Stopwatch.StartNew();
        call(); // JIT, tape growth, scratch buffers
        double first = sw.Elapsed.TotalSeconds;
        double single = first;
        if (first < 1)
        {
            sw.Restart();
            call();
            single = sw.Elapsed.TotalSeconds;
        }
        single = Math.Max(single, 1e-7);
        int reps = Math.Max(1, (int)Math.Ceiling(MinBatchSeconds / single));
        // Few batches when one call is long, so a size never takes more than about the budget.
        int count = Math.Clamp((int)(budgetSeconds / (single * reps)), 2, batches);
        double best = double.PositiveInfinity;
        long allocated = 0;
        for (int b = 0; b < count; b++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            sw.Restart();
            for (int r = 0; r < reps; r++) call();
            double elapsed = sw.Elapsed.TotalSeconds / reps;
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            best = Math.Min(best, elapsed);
        }
        return (best, (double)allocated / reps);
    }
}
