using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using AutoDiffGen.Internal;

namespace AutoDiffGen.Runtime.Tests;

public class StepSignalTests
{
    [Theory]
    [InlineData(0, 100_000)] // no polling: every wait goes through the handshake
    [InlineData(-1, 20_000)] // the default: polls 100 µs, so a signal 0–3 µs late is mostly caught while spinning
    public async Task Each_signal_wakes_the_waiter_exactly_once(long spinTicks, int rounds)
    {
        // The signaller fires at a random moment 0–3 µs after the waiter consumed the previous signal, i.e. about when the
        // waiter publishes that it is going to block. A lost wake-up hangs (the timeout); a release left unconsumed lets a
        // later wait return with no new signal, which the generation check catches. (The late release this caught showed
        // up once in about 10⁵ rounds, hence the count.)
        using var signal = new StepSignal(spinTicks < 0 ? StepSignal.DefaultSpinTicks : spinTicks);
        int consumed = 0;
        var waiter = Task.Run(() =>
        {
            int seen = 0;
            for (int i = 1; i <= rounds; i++)
            {
                seen = signal.Wait(seen);
                if (seen != i) throw new InvalidOperationException($"wait {i} returned generation {seen}");
                Volatile.Write(ref consumed, i);
            }
        });
        var signaller = Task.Run(() =>
        {
            var rng = new Random(3);
            long ticksPerMicrosecond = Math.Max(1, Stopwatch.Frequency / 1_000_000);
            for (int i = 1; i <= rounds; i++)
            {
                var spin = new SpinWait();
                while (Volatile.Read(ref consumed) != i - 1)
                {
                    if (waiter.IsCompleted) return; // the waiter failed: its exception is the test's result
                    spin.SpinOnce(sleep1Threshold: -1); // yields now and then, so a loaded machine still runs the waiter
                }
                long end = Stopwatch.GetTimestamp() + rng.Next(4) * ticksPerMicrosecond;
                while (Stopwatch.GetTimestamp() < end) Thread.SpinWait(1);
                signal.Signal();
            }
        });
        await Task.WhenAll(waiter, signaller).WaitAsync(TimeSpan.FromSeconds(120));
    }
}
