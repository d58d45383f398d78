using System;
using System.Collections.Generic;
using System.Threading;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// The checkpoint schedules driven as generated code drives them, on a state that is just the iteration it stands at
/// (and, as a second value, a check word), so every action can be checked: each iteration reversed once, in reverse
/// order, from the right state; never more than s snapshots; the tape left as found; and, for the binomial schedule,
/// exactly the fewest recomputed iterations a dynamic program finds.
/// </summary>
public class CheckpointScheduleTests
{
    private sealed record Run(int Advanced, int MaxSnapshots, List<int> Reversed);

    /// <summary>Runs a loop of <paramref name="steps"/> iterations through a schedule, as a generated backward does.</summary>
    private static Run Drive(int steps, int snapshots, bool online, int tripCountForBinomial = -1)
    {
        Tape tape = Tape.Current;
        int reals = tape.RealCount, ints = tape.IntCount, marks = tape.SnapshotCount;
        tape.Push(-1.5); // something of the caller's below
        CheckpointSchedule schedule = online ? tape.BeginCheckpoints(snapshots) : tape.BeginCheckpoints(snapshots, tripCountForBinomial < 0 ? steps : tripCountForBinomial);
        int state = 0, check = 0, max = 0;
        for (int step = 0; step < steps; step++)
        {
            Assert.Equal(step, state);
            if (schedule.SnapshotDue(step))
            {
                tape.Push((double)state);
                tape.Push(check);
                max = Math.Max(max, tape.SnapshotCount - marks);
            }
            state++;
            check = state * 7;
        }
        schedule.EndForward(steps);
        int advanced = 0;
        var reversed = new List<int>();
        while (schedule.Next())
        {
            switch (schedule.Action)
            {
                case CheckpointAction.Advance:
                    Assert.Equal(schedule.From, state);
                    for (int step = schedule.From; step < schedule.To; step++)
                    {
                        state++;
                        check = state * 7;
                        advanced++;
                    }
                    break;
                case CheckpointAction.Snapshot:
                    Assert.Equal(schedule.From, state);
                    tape.Push((double)state);
                    tape.Push(check);
                    max = Math.Max(max, tape.SnapshotCount - marks);
                    break;
                case CheckpointAction.Restore:
                    check = tape.PopInt();
                    state = (int)tape.PopReal();
                    Assert.Equal(state * 7, check);
                    Assert.Equal(schedule.From, state);
                    tape.Push((double)state);
                    tape.Push(check);
                    break;
                case CheckpointAction.Reverse:
                    Assert.Equal(schedule.From, state);
                    tape.Push(12345); // one iteration's records, popped by its reverse
                    Assert.Equal(12345, tape.PopInt());
                    reversed.Add(schedule.From);
                    state = -100; // the reverse leaves the state as it pleases
                    break;
                case CheckpointAction.Drop:
                    check = tape.PopInt();
                    state = (int)tape.PopReal();
                    Assert.Equal(state * 7, check);
                    break;
                default:
                    throw new InvalidOperationException(schedule.Action.ToString());
            }
        }
        Assert.Equal(-1.5, tape.PopReal());
        Assert.Equal((reals, ints, marks), (tape.RealCount, tape.IntCount, tape.SnapshotCount));
        Assert.Equal(steps == 0 ? 0 : 0, state == -100 ? 0 : state); // the last drop leaves the state before iteration 0
        return new Run(advanced, max, reversed);
    }

    private static void AssertReversedOnceInOrder(int steps, Run run)
    {
        Assert.Equal(steps, run.Reversed.Count);
        for (int i = 0; i < steps; i++) Assert.Equal(steps - 1 - i, run.Reversed[i]);
    }

    /// <summary>
    /// The fewest iterations the reverse sweep must advance, given that the forward sweep runs all of them and may
    /// snapshot as it goes: F(l, c) = min over m of F(l − m, c − 1) + T(m, c), where T is Revolve's problem
    /// (T(l, c) = min over m of m + T(l − m, c − 1) + T(m, c), T(l, 1) = l(l − 1)/2, T(1, c) = 0).
    /// </summary>
    private static long[,] Optimal(int maxSteps, int maxSnapshots, bool forwardFree)
    {
        var t = new long[maxSteps + 1, maxSnapshots + 1];
        var f = new long[maxSteps + 1, maxSnapshots + 1];
        for (int l = 1; l <= maxSteps; l++)
        {
            for (int c = 1; c <= maxSnapshots; c++)
            {
                if (l == 1) continue;
                if (c == 1)
                {
                    t[l, c] = f[l, c] = (long)l * (l - 1) / 2;
                    continue;
                }
                long bestT = long.MaxValue, bestF = long.MaxValue;
                for (int m = 1; m < l; m++)
                {
                    bestT = Math.Min(bestT, m + t[l - m, c - 1] + t[m, c]);
                    bestF = Math.Min(bestF, f[l - m, c - 1] + t[m, c]);
                }
                t[l, c] = bestT;
                f[l, c] = bestF;
            }
        }
        return forwardFree ? f : t;
    }

    [Fact]
    public void Binomial_schedule_reverses_every_iteration_with_the_fewest_recomputations()
    {
        const int maxSteps = 70, maxSnapshots = 6;
        long[,] optimal = Optimal(maxSteps, maxSnapshots, forwardFree: true);
        for (int steps = 0; steps <= maxSteps; steps++)
        {
            for (int s = 1; s <= maxSnapshots; s++)
            {
                Run run = Drive(steps, s, online: false);
                AssertReversedOnceInOrder(steps, run);
                Assert.True(run.MaxSnapshots <= s, $"T={steps}, s={s}: {run.MaxSnapshots} snapshots");
                Assert.True(run.Advanced == optimal[Math.Max(steps, 1), s], $"T={steps}, s={s}: advanced {run.Advanced}, optimum {optimal[Math.Max(steps, 1), s]}");
            }
        }
    }

    [Fact]
    public void Split_is_one_of_revolves_optimal_splits()
    {
        const int maxSteps = 90, maxSnapshots = 7;
        long[,] t = Optimal(maxSteps, maxSnapshots, forwardFree: false);
        for (int l = 2; l <= maxSteps; l++)
        {
            for (int c = 2; c <= maxSnapshots; c++)
            {
                int m = CheckpointSchedule.Split(l, c);
                Assert.Equal(t[l, c], m + t[l - m, c - 1] + t[m, c]);
            }
        }
    }

    [Fact]
    public void Repetitions_follow_the_binomial_bound()
    {
        // β(s, r) = (s + r)! / (s! r!): 10⁵ iterations take r = 2 from 446 snapshots on (β(445, 2) = 99,681 < 10⁵ ≤ 100,128 = β(446, 2)).
        Assert.Equal(3, CheckpointSchedule.Repetitions(100_000, 445));
        Assert.Equal(2, CheckpointSchedule.Repetitions(100_000, 446));
        Assert.Equal(1, CheckpointSchedule.Repetitions(100_000, 99_999));
        Assert.Equal(100_000 - 1, CheckpointSchedule.Repetitions(100_000, 1));
    }

    [Fact]
    public void Online_schedule_keeps_at_most_s_snapshots_whatever_the_trip_count()
    {
        for (int steps = 0; steps <= 300; steps += steps < 40 ? 1 : 37)
        {
            for (int s = 1; s <= 9; s++)
            {
                Run run = Drive(steps, s, online: true);
                AssertReversedOnceInOrder(steps, run);
                Assert.True(run.MaxSnapshots <= s, $"T={steps}, s={s}: {run.MaxSnapshots} snapshots");
            }
        }
    }

    [Fact]
    public void Online_schedule_recomputes_a_bounded_number_of_iterations()
    {
        // 10⁴ iterations, 20 snapshots: 10 for the forward sweep, so the stretches end up 2¹⁰ = 1024 long at most, each
        // reversed with 11 snapshots by the binomial schedule (r = 4: β(11, 4) = 1365 ≥ 1024), so at most 4 advances an
        // iteration; the binomial schedule knowing T from the start needs r = 4 as well (β(20, 3) = 1771 < 10⁴ ≤ β(20, 4)).
        Run run = Drive(10_000, 20, online: true);
        AssertReversedOnceInOrder(10_000, run);
        Assert.True(run.Advanced <= 4 * 10_000, $"advanced {run.Advanced}");
        Run known = Drive(10_000, 20, online: false);
        Assert.True(known.Advanced <= run.Advanced, $"binomial {known.Advanced}, online {run.Advanced}");
    }

    [Fact]
    public void A_wrong_announced_trip_count_still_reverses_every_iteration()
    {
        Run run = Drive(17, 3, online: false, tripCountForBinomial: 25);
        AssertReversedOnceInOrder(17, run);
        run = Drive(17, 3, online: false, tripCountForBinomial: 5);
        AssertReversedOnceInOrder(17, run);
    }

    [Fact]
    public void Schedules_nest_on_one_tape()
    {
        Tape tape = Tape.Current;
        CheckpointSchedule outer = tape.BeginCheckpoints(2, 4);
        Assert.True(outer.SnapshotDue(0));
        tape.Push(0.0);
        Run inner = Drive(30, 3, online: true);
        AssertReversedOnceInOrder(30, inner);
        Assert.Equal(1, outer.Count);
        Assert.True(outer.Next()); // restore (the state is after iteration 4)
        Assert.Equal(CheckpointAction.Restore, outer.Action);
        Assert.Equal(0.0, tape.PopReal());
    }

    [Fact]
    public void Warm_schedules_allocate_nothing()
    {
        Drive(500, 7, online: false);
        Drive(500, 7, online: true);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var counts = (0, 0);
        for (int i = 0; i < 3; i++)
        {
            CheckpointSchedule schedule = Tape.Current.BeginCheckpoints(7, 500);
            for (int step = 0; step < 500; step++)
            {
                if (schedule.SnapshotDue(step)) Tape.Current.Push((double)step);
            }
            schedule.EndForward(500);
            while (schedule.Next())
            {
                if (schedule.Action is CheckpointAction.Snapshot) Tape.Current.Push((double)schedule.From);
                if (schedule.Action is CheckpointAction.Drop) Tape.Current.PopReal();
                counts.Item1++;
            }
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(counts.Item1 > 0);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void At_least_one_snapshot()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tape.Current.BeginCheckpoints(0, 10));
    }

    [Fact]
    public void Reserved_bytes_grow_with_snapshots_on_a_new_thread()
    {
        long small = 0, large = 0;
        var thread = new Thread(() =>
        {
            small = Tape.Current.ReservedBytes;
            for (int i = 0; i < 10_000; i++) Tape.Current.Push((double)i);
            large = Tape.Current.ReservedBytes;
            for (int i = 0; i < 10_000; i++) Tape.Current.PopReal();
        });
        thread.Start();
        thread.Join();
        Assert.True(large >= small + 9_000 * sizeof(double), $"{small} → {large}");
    }
}
