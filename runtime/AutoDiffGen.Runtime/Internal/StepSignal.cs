using System;
using System.Diagnostics;
using System.Threading;

namespace AutoDiffGen.Internal;

/// <summary>
/// A wake-up from one thread to one other, once per step: the waiter spins for up to <see cref="DefaultSpinTicks"/> before
/// it blocks. Blocking and being woken costs tens of microseconds on a virtual machine (a futex round trip plus the
/// scheduler), as much as the whole shard of a small batch, so a waiter that expects the signal soon polls first, as OpenMP
/// runtimes do (libgomp spins before it sleeps too). The semaphore is only the fallback for long gaps between steps.
/// </summary>
/// <remarks>
/// One word holds the state: a generation count (bumped by each <see cref="Signal"/>) times two, plus a "waiter blocked" bit.
/// The waiter sets the bit only by a compare-exchange from the generation it has not yet seen, and a signaller clears it in
/// the same atomic step that bumps the generation, releasing the semaphore exactly when it cleared the bit. So every
/// release answers one blocking wait of the current generation, and a wait woken by it always finds a new generation.
/// </remarks>
internal sealed class StepSignal : IDisposable
{
    /// <summary>How long a waiter polls before it blocks by default: 100 µs, about the time between two steps of a training
    /// loop (the optimizer's update of the parameters) and a shard's imbalance, while a longer idle time costs one core's
    /// spinning for no more than that.</summary>
    public static readonly long DefaultSpinTicks = Stopwatch.Frequency / 10_000;

    private const int Blocked = 1;

    // SemaphoreSlim, not ManualResetEventSlim: the latter creates its lock object the first time a wait blocks, so a warm
    // step under load allocated 24 B on a worker.
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly long _spinTicks;
    private int _state; // generation · 2 + Blocked bit

    /// <summary>Creates the signal; <paramref name="spinTicks"/> (<see cref="Stopwatch"/> ticks) is how long a wait polls
    /// before it blocks (0: block at once, which tests use to exercise the hand-over).</summary>
    public StepSignal(long spinTicks) => _spinTicks = spinTicks;

    /// <summary>Signals the waiter: bumps the generation and wakes the waiter if it has blocked.</summary>
    public void Signal()
    {
        int state = Volatile.Read(ref _state);
        while (true)
        {
            int seen = Interlocked.CompareExchange(ref _state, (state + 2) & ~Blocked, state);
            if (seen == state) break;
            state = seen;
        }
        if ((state & Blocked) != 0) _wake.Release();
    }

    /// <summary>Waits until the generation differs from <paramref name="seen"/> and returns the new one.</summary>
    public int Wait(int seen)
    {
        int state = Volatile.Read(ref _state);
        if (state >> 1 != seen) return state >> 1;
        // SpinWait yields the core now and then (sched_yield), so a thread that needs it — the one this wait is for, on a
        // machine with fewer free cores than threads — still runs.
        long deadline = Stopwatch.GetTimestamp() + _spinTicks;
        var spinner = new SpinWait();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
            state = Volatile.Read(ref _state);
            if (state >> 1 != seen) return state >> 1;
        }

        while (true)
        {
            int now = Interlocked.CompareExchange(ref _state, state | Blocked, state);
            if (now == state) break;
            if (now >> 1 != seen) return now >> 1; // signalled meanwhile
            state = now;
        }
        _wake.Wait();
        return Volatile.Read(ref _state) >> 1;
    }

    /// <summary>Releases the fallback semaphore.</summary>
    public void Dispose() => _wake.Dispose();
}
