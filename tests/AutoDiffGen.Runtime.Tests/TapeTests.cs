using System;
using System.Linq;
using System.Threading;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// The tape's reserved pushes (<see cref="Tape.Reserve"/>, <see cref="Tape.PushReserved(double)"/>) and span records, on
/// fresh threads so each test starts from a new, small tape.
/// </summary>
public class TapeTests
{
    private static void OnFreshThread(Action<Tape> test)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { test(Tape.Current); }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw new Xunit.Sdk.XunitException("on a fresh thread: " + failure);
    }

    [Fact]
    public void Reserved_pushes_past_the_first_capacity_come_back_in_reverse_order()
    {
        OnFreshThread(tape =>
        {
            const int reals = 5000, ints = 3000;
            tape.Reserve(reals, ints);
            Assert.True(tape.ReservedBytes >= reals * sizeof(double) + ints * sizeof(int));
            for (int i = 0; i < reals; i++) tape.PushReserved(i * 0.5);
            for (int i = 0; i < ints; i++) tape.PushReserved(i % 3 == 0 ? i : -i);
            tape.PushReserved(true);
            Assert.Equal(reals, tape.RealCount);
            Assert.Equal(ints + 1, tape.IntCount);
            Assert.True(tape.PopBool());
            for (int i = ints - 1; i >= 0; i--) Assert.Equal(i % 3 == 0 ? i : -i, tape.PopInt());
            for (int i = reals - 1; i >= 0; i--) Assert.Equal(i * 0.5, tape.PopReal());
        });
    }

    [Fact]
    public void Reserving_keeps_what_is_on_the_tape_and_grows_only_when_needed()
    {
        OnFreshThread(tape =>
        {
            for (int i = 0; i < 1000; i++) tape.Push((double)i);
            long before = tape.ReservedBytes;
            tape.Reserve(10, 0);
            Assert.Equal(before, tape.ReservedBytes);
            tape.Reserve(100_000, 0);
            Assert.True(tape.ReservedBytes > before);
            for (int i = 999; i >= 0; i--) Assert.Equal(i, tape.PopReal());
        });
    }

    [Fact]
    public void A_push_beyond_the_reservation_fails_instead_of_writing_past_the_tape()
    {
        OnFreshThread(tape =>
        {
            tape.Reserve(4, 0);
            int room = (int)(tape.ReservedBytes / sizeof(double)); // at least the reals array's length
            Assert.Throws<IndexOutOfRangeException>(() => { for (int i = 0; i <= room; i++) tape.PushReserved(1.0); });
        });
    }

    [Fact]
    public void A_count_that_does_not_fit_a_tape_throws()
    {
        OnFreshThread(tape =>
        {
            Assert.Throws<OverflowException>(() => tape.Reserve(1L << 40, 0));
            Assert.Throws<OverflowException>(() => tape.Reserve(0, 1L << 40));
        });
    }

    [Fact]
    public void Span_records_of_every_length_round_trip_through_both_paths()
    {
        OnFreshThread(tape =>
        {
            var random = new Random(7);
            for (int length = 0; length <= 40; length++)
            {
                double[] values = Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
                float[] singles = values.Select(v => (float)v).ToArray();
                tape.Reserve(2 * length + 1, 0);
                tape.PushReserved(-1.0);
                tape.PushReserved(values);
                tape.PushReserved(singles);
                tape.Push(values); // the checked push, popped by the same Pop
                var back = new double[length];
                tape.Pop(back);
                Assert.Equal(values, back);
                var backSingles = new float[length];
                tape.Pop(backSingles);
                Assert.Equal(singles, backSingles);
                Array.Fill(back, double.NaN);
                tape.Pop(back);
                Assert.Equal(values, back);
                Assert.Equal(-1.0, tape.PopReal());
                Assert.Equal(0, tape.RealCount);
            }
        });
    }

    [Fact]
    public void A_local_cursor_records_what_the_tapes_own_pushes_and_pops_read_back()
    {
        OnFreshThread(tape =>
        {
            // What a generated loop does: reserve, work on locals, write the count back; the tape then pops what the cursor
            // pushed, and a cursor pops what the tape pushed.
            double[] values = Enumerable.Range(0, 13).Select(i => i * 0.25 - 1).ToArray();
            float[] singles = values.Select(v => (float)v).ToArray();
            tape.Push(99.0);
            tape.Reserve(2000, 0);
            double[] reals = tape.RealRecords;
            int top = tape.RealCount;
            for (int i = 0; i < 1000; i++) reals[top++] = i;
            top = Tape.PushReserved(reals, top, values);
            top = Tape.PushReserved(reals, top, singles);
            tape.RealCount = top;
            Assert.Equal(1 + 1000 + 2 * values.Length, tape.RealCount);

            var backSingles = new float[singles.Length];
            tape.Pop(backSingles);
            Assert.Equal(singles, backSingles);
            reals = tape.RealRecords;
            top = tape.RealCount;
            var back = new double[values.Length];
            top = Tape.Pop(reals, top, back);
            Assert.Equal(values, back);
            for (int i = 999; i >= 0; i--) Assert.Equal(i, reals[--top]);
            tape.RealCount = top;
            Assert.Equal(99.0, tape.PopReal());

            top = Tape.PushReserved(tape.RealRecords, tape.RealCount, singles);
            tape.RealCount = top;
            Array.Fill(backSingles, float.NaN);
            tape.RealCount = Tape.Pop(tape.RealRecords, tape.RealCount, backSingles);
            Assert.Equal(singles, backSingles);
            Assert.Equal(0, tape.RealCount);
        });
    }

    [Fact]
    public void A_count_written_back_outside_the_tape_throws()
    {
        OnFreshThread(tape =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => tape.RealCount = -1);
            Assert.Throws<ArgumentOutOfRangeException>(() => tape.RealCount = tape.RealRecords.Length + 1);
            tape.RealCount = tape.RealRecords.Length;
            tape.RealCount = 0;
        });
    }
}
