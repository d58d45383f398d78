using System;
using System.ComponentModel;

namespace AutoDiffGen;

/// <summary>What the reverse sweep of a checkpointed loop does next (<see cref="CheckpointSchedule.Next"/>).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum CheckpointAction
{
    /// <summary>Nothing yet (before the first <see cref="CheckpointSchedule.Next"/>).</summary>
    None,

    /// <summary>Run iterations <see cref="CheckpointSchedule.From"/> to <see cref="CheckpointSchedule.To"/> (exclusive) as the original does, recording nothing.</summary>
    Advance,

    /// <summary>Push a snapshot of the loop-carried state (the state before iteration <see cref="CheckpointSchedule.From"/>).</summary>
    Snapshot,

    /// <summary>Set the loop-carried state from the newest snapshot, which stays on the tape.</summary>
    Restore,

    /// <summary>Run iteration <see cref="CheckpointSchedule.From"/> recording what its reverse needs, then its reverse.</summary>
    Reverse,

    /// <summary>Pop the newest snapshot into the loop-carried state: it is no longer needed.</summary>
    Drop,
}

/// <summary>
/// The schedule of one execution of a checkpointed loop (<c>[Differentiable(Checkpoints = s)]</c>): which iterations
/// the forward sweep snapshots, and the actions of the reverse sweep (advance, snapshot, restore, reverse one
/// iteration, drop a snapshot). Snapshots are ordinary pushes on the per-thread <see cref="Tape"/>, in the order the
/// schedule takes them; the schedule keeps where each one starts in a small stack of the tape, so nested schedules
/// (a checkpointed callee inside a checkpointed iteration) and warm calls allocate nothing.
/// </summary>
/// <remarks>
/// <para>Binomial schedule (trip count T known when the loop starts): the reverse sweep of the stretch [a, e) whose
/// start a is the newest snapshot, with c snapshots available counting a's, advances from a to
/// m = a + min(β(c, r − 1), l − β(c − 1, r − 1)), where l = e − a, β(c, r) = (c + r)! / (c! r!) and r is the smallest
/// number with β(c, r) ≥ l; snapshots m, reverses [m, e) with c − 1 snapshots and then [a, m) with c. That split is one
/// of the optimal ones of Griewank and Walther's Revolve (algorithm 799), and the forward sweep takes the snapshots of
/// the first descent (a = 0, e = T, then a = m …) while it runs, so the reverse sweep starts at the last of them.</para>
/// <para>Online schedule (T known only when the loop ends): the forward sweep snapshots every d-th iteration starting
/// with d = 1; when ⌈s/2⌉ snapshots are held, every other one is dropped and d doubles, so at most ⌈s/2⌉ are kept
/// whatever T turns out to be, at most 2T/⌈s/2⌉ iterations apart. The reverse sweep then reverses the stretches between
/// them, newest first, like the binomial schedule with the snapshots left free (at least ⌊s/2⌋ besides the stretch's
/// own).</para>
/// Generated code is its only intended user.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct CheckpointSchedule
{
    private Tape _tape;
    private int _snapshots;
    private int _base;
    private int _steps;
    private int _nextDue;
    private int _interval;
    private int _end;
    private int _current;
    private bool _online;

    internal static CheckpointSchedule Begin(Tape tape, int snapshots, int steps, bool online)
    {
        if (snapshots < 1) throw new ArgumentOutOfRangeException(nameof(snapshots), snapshots, "A checkpointed loop needs at least one snapshot.");
        return new CheckpointSchedule
        {
            _tape = tape,
            _snapshots = snapshots,
            _base = tape.MarkCount,
            _steps = steps,
            _nextDue = 0,
            _interval = 1,
            _end = -1,
            _current = -1,
            _online = online,
        };
    }

    /// <summary>The action <see cref="Next"/> chose.</summary>
    public CheckpointAction Action { get; private set; }

    /// <summary>The first iteration the action concerns.</summary>
    public int From { get; private set; }

    /// <summary>The iteration after the last one an <see cref="CheckpointAction.Advance"/> runs.</summary>
    public int To { get; private set; }

    /// <summary>Snapshots held now.</summary>
    public readonly int Count => _tape is null ? 0 : _tape.MarkCount - _base;

    /// <summary>
    /// Forward sweep: whether the state before iteration <paramref name="step"/> (counted from 0) is to be snapshotted
    /// now; when it is, the caller pushes the snapshot right after this call.
    /// </summary>
    public bool SnapshotDue(int step)
    {
        if (_online)
        {
            if (step % _interval != 0) return false;
            // Half the snapshots (rounded up) for the forward sweep; the others serve the reverse of each stretch.
            int forwardLimit = (_snapshots + 1) / 2;
            if (Count == forwardLimit)
            {
                Thin();
                if (Count == forwardLimit || step % _interval != 0) return false;
            }
        }
        else if (step != _nextDue)
        {
            return false;
        }
        _tape.PushMark(step);
        if (!_online)
        {
            int free = _snapshots - Count, length = _steps - step;
            _nextDue = free > 0 && length > 1 ? step + Split(length, free + 1) : -1;
        }
        return true;
    }

    /// <summary>Forward sweep: the loop ran <paramref name="steps"/> iterations and its state is the state after them.</summary>
    public void EndForward(int steps)
    {
        _steps = steps;
        _end = steps;
        _current = steps;
    }

    /// <summary>
    /// Reverse sweep: chooses the next action (<see cref="Action"/>, <see cref="From"/>, <see cref="To"/>); false when
    /// every iteration has been reversed and every snapshot dropped.
    /// </summary>
    public bool Next()
    {
        int count = Count;
        if (count == 0)
        {
            Action = CheckpointAction.None;
            return false;
        }
        int top = _tape.MarkStep(count - 1 + _base);
        if (_end == top)
        {
            _tape.PopMark();
            _current = -1;
            return Set(CheckpointAction.Drop, top, top);
        }
        if (_current == _end - 1)
        {
            _end--;
            _current = -1;
            return Set(CheckpointAction.Reverse, _end, _end + 1);
        }
        if (_current > top && _current < _end - 1)
        {
            _tape.PushMark(_current);
            return Set(CheckpointAction.Snapshot, _current, _current);
        }
        if (_current != top)
        {
            _current = top;
            return Set(CheckpointAction.Restore, top, top);
        }
        int free = _snapshots - count;
        int target = free == 0 ? _end - 1 : top + Split(_end - top, free + 1);
        _current = target;
        return Set(CheckpointAction.Advance, top, target);
    }

    private bool Set(CheckpointAction action, int from, int to)
    {
        Action = action;
        From = from;
        To = to;
        return true;
    }

    /// <summary>Keeps the snapshots at multiples of twice the interval (iteration 0 among them) and doubles it.</summary>
    private void Thin()
    {
        _interval *= 2;
        _tape.ThinMarks(_base, _interval);
    }

    /// <summary>
    /// Where to place the next snapshot in a stretch of <paramref name="length"/> ≥ 2 iterations whose start is a snapshot,
    /// with <paramref name="snapshots"/> ≥ 2 snapshots counting that one: the offset of an optimal split (Revolve).
    /// </summary>
    public static int Split(int length, int snapshots)
    {
        if (length < 2 || snapshots < 2) throw new ArgumentOutOfRangeException(nameof(length), "A split needs at least two iterations and two snapshots.");
        int r = 1;
        while (Beta(snapshots, r) < length) r++;
        long split = Math.Min(Beta(snapshots, r - 1), length - Beta(snapshots - 1, r - 1));
        return (int)split;
    }

    /// <summary>
    /// The most iterations <paramref name="snapshots"/> snapshots reverse with each iteration run at most
    /// <paramref name="repetitions"/> times besides its recorded run: β(s, r) = (s + r)! / (s! r!), capped at 2⁴⁰.
    /// </summary>
    public static long Beta(int snapshots, int repetitions)
    {
        if (repetitions < 0) return 0;
        int n = snapshots + repetitions, k = Math.Min(snapshots, repetitions);
        long b = 1;
        for (int i = 1; i <= k; i++)
        {
            b = b * (n - k + i) / i;
            if (b > 1L << 40) return 1L << 40;
        }
        return b;
    }

    /// <summary>Griewank's repetition number: the smallest r with β(s, r) ≥ <paramref name="steps"/>.</summary>
    public static int Repetitions(int steps, int snapshots)
    {
        if (snapshots < 1) throw new ArgumentOutOfRangeException(nameof(snapshots));
        int r = 0;
        while (Beta(snapshots, r) < steps) r++;
        return r;
    }
}
