using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>
/// The per-thread adjoint stack that generated reverse sweeps use to keep the values and control-flow decisions
/// of the forward sweep (Tapenade's push/pop scheme). Each thread owns one tape, grown to its high-water mark and
/// then reused, so a warm call of a generated method allocates nothing. Pushes and pops are strictly nested
/// (last in, first out), which makes nested generated calls on the same thread safe.
/// </summary>
/// <remarks>Generated code is its only intended user; the members are public so generated code in any assembly can reach them.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Tape
{
    [ThreadStatic] private static Tape? t_current;

    private double[] _reals = new double[1024];
    private int _realCount;
    private int[] _ints = new int[256];
    private int _intCount;
    private double[] _scratch = new double[1024];
    private int _scratchCount;
    private int[] _marks = new int[3 * 16];
    private int _markCount;

    private Tape() { }

    /// <summary>The calling thread's tape (created on first use).</summary>
    public static Tape Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_current ?? CreateForThread();
    }

    /// <summary>
    /// Number of floating-point values on the tape. Generated code sets it when a loop that kept the count in a local
    /// cursor (see <see cref="RealRecords"/>) ends.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative or beyond the room the tape holds.</exception>
    public int RealCount
    {
        get => _realCount;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            if ((uint)value > (uint)_reals.Length) ThrowCountOutOfRange(value);
            _realCount = value;
        }
    }

    /// <summary>
    /// The array behind the floating-point records, for a loop that pushes or pops through a local cursor: it reads this
    /// array and <see cref="RealCount"/> into locals before the loop, works on them (<c>reals[top++] = v</c>,
    /// <c>v = reals[--top]</c>) and writes the count back after it. A count in a local stays in a register, where the
    /// count in this object is a load and a store per record, each waiting for the one before. Valid until the tape grows:
    /// only a loop that records into room made by <see cref="Reserve"/>, or only pops, and makes no call that could use
    /// the tape, may hold it.
    /// </summary>
    public double[] RealRecords => _reals;

    /// <summary>Number of integers (control-flow records) on the tape.</summary>
    public int IntCount => _intCount;

    /// <summary>Number of scratch values rented and not yet returned.</summary>
    public int ScratchCount => _scratchCount;

    /// <summary>Number of snapshots that checkpointed loops hold on this tape.</summary>
    public int SnapshotCount => _markCount;

    /// <summary>
    /// The bytes this tape holds: its stacks and its scratch space, each grown to the high-water mark of the calls made
    /// on this thread (and then kept, so warm calls allocate nothing). On a new thread, what one call needed.
    /// </summary>
    public long ReservedBytes => (long)_reals.Length * sizeof(double) + (long)_ints.Length * sizeof(int)
        + (long)_scratch.Length * sizeof(double) + (long)_marks.Length * sizeof(int);

    /// <summary>
    /// Starts the schedule of a checkpointed loop whose trip count <paramref name="steps"/> is known when it starts
    /// (binomial checkpointing, Revolve), keeping at most <paramref name="snapshots"/> snapshots.
    /// </summary>
    public CheckpointSchedule BeginCheckpoints(int snapshots, int steps) => CheckpointSchedule.Begin(this, snapshots, steps, online: false);

    /// <summary>
    /// Starts the schedule of a checkpointed loop whose trip count is known only when it ends (an online schedule),
    /// keeping at most <paramref name="snapshots"/> snapshots.
    /// </summary>
    public CheckpointSchedule BeginCheckpoints(int snapshots) => CheckpointSchedule.Begin(this, snapshots, -1, online: true);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Tape CreateForThread() => t_current = new Tape();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowCountOutOfRange(int value) =>
        throw new ArgumentOutOfRangeException(nameof(RealCount), value, $"The tape holds room for {_reals.Length} values.");

    /// <summary>Pushes a floating-point value (floats are kept exactly as doubles).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(double value)
    {
        double[] reals = _reals;
        int n = _realCount;
        if ((uint)n < (uint)reals.Length)
        {
            reals[n] = value;
            _realCount = n + 1;
        }
        else
        {
            PushRealSlow(value);
        }
    }

    /// <summary>
    /// Makes room for <paramref name="reals"/> more floating-point values and <paramref name="ints"/> more integer records,
    /// so that the <see cref="PushReserved(double)"/> pushes of a loop that follow need no growth check (and no call that
    /// would make the JIT keep the loop's values in memory). Generated code reserves what a loop will record, at most,
    /// before the loop.
    /// </summary>
    /// <exception cref="System.OverflowException">A count does not fit a tape (2³¹ − 1 entries).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Reserve(long reals, long ints)
    {
        if ((ulong)reals > (ulong)(_reals.Length - _realCount) || (ulong)ints > (ulong)(_ints.Length - _intCount)) Grow(reals, ints);
    }

    /// <summary>Pushes a floating-point value into room made by <see cref="Reserve"/> (an index check, no growth check).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PushReserved(double value) => _reals[_realCount++] = value;

    /// <summary>Pushes an integer record into room made by <see cref="Reserve"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PushReserved(int value) => _ints[_intCount++] = value;

    /// <summary>Pushes a boolean decision into room made by <see cref="Reserve"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PushReserved(bool value) => PushReserved(value ? 1 : 0);

    /// <summary>Pushes every element of a span into room made by <see cref="Reserve"/>; a short one without a call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PushReserved(ReadOnlySpan<double> values) => _realCount = PushReserved(_reals, _realCount, values);

    /// <summary>Pushes every element of a float span into room made by <see cref="Reserve"/>.</summary>
    public void PushReserved(ReadOnlySpan<float> values) => _realCount = PushReserved(_reals, _realCount, values);

    /// <summary>
    /// Pushes every element of a span through a local cursor (<paramref name="reals"/> from <see cref="RealRecords"/>,
    /// <paramref name="top"/> the local count) into room made by <see cref="Reserve"/>; returns the new count.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PushReserved(double[] reals, int top, ReadOnlySpan<double> values)
    {
        Copy(values, reals.AsSpan(top, values.Length));
        return top + values.Length;
    }

    /// <summary>Pushes every element of a float span through a local cursor; returns the new count.</summary>
    public static int PushReserved(double[] reals, int top, ReadOnlySpan<float> values)
    {
        Span<double> target = reals.AsSpan(top, values.Length);
        for (int i = 0; i < values.Length; i++) target[i] = values[i];
        return top + values.Length;
    }

    /// <summary>Pops the floating-point value pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double PopReal() => _reals[--_realCount];

    /// <summary>Pushes an integer record (a branch taken, an iteration count, an overwritten index).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(int value)
    {
        int[] ints = _ints;
        int n = _intCount;
        if ((uint)n < (uint)ints.Length)
        {
            ints[n] = value;
            _intCount = n + 1;
        }
        else
        {
            PushIntSlow(value);
        }
    }

    /// <summary>Pops the integer record pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int PopInt() => _ints[--_intCount];

    /// <summary>Pushes a 64-bit integer record (as two 32-bit records).</summary>
    public void Push(long value)
    {
        Push(unchecked((int)value));
        Push(unchecked((int)(value >> 32)));
    }

    /// <summary>Pops a 64-bit integer record.</summary>
    public long PopLong()
    {
        long high = PopInt();
        uint low = unchecked((uint)PopInt());
        return (high << 32) | low;
    }

    /// <summary>Pushes a boolean decision as an integer record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(bool value) => Push(value ? 1 : 0);

    /// <summary>Pops a boolean decision.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool PopBool() => PopInt() != 0;

    /// <summary>Pushes every element of a span (a whole buffer about to be overwritten).</summary>
    public void Push(ReadOnlySpan<double> values)
    {
        EnsureReals(values.Length);
        values.CopyTo(_reals.AsSpan(_realCount));
        _realCount += values.Length;
    }

    /// <summary>Pushes every element of a float span.</summary>
    public void Push(ReadOnlySpan<float> values)
    {
        EnsureReals(values.Length);
        Span<double> target = _reals.AsSpan(_realCount, values.Length);
        for (int i = 0; i < values.Length; i++) target[i] = values[i];
        _realCount += values.Length;
    }

    /// <summary>Pops <c>destination.Length</c> values pushed by <see cref="Push(ReadOnlySpan{double})"/> back into <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Pop(Span<double> destination) => _realCount = Pop(_reals, _realCount, destination);

    /// <summary>
    /// Pops <c>destination.Length</c> values through a local cursor (see <see cref="PushReserved(double[], int, ReadOnlySpan{double})"/>)
    /// back into <paramref name="destination"/>; returns the new count.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Pop(double[] reals, int top, Span<double> destination)
    {
        int n = top - destination.Length;
        Copy(reals.AsSpan(n, destination.Length), destination);
        return n;
    }

    /// <summary>A copy between spans of one length; a short one as a loop without a call, as in <see cref="LoopKernels"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(ReadOnlySpan<double> source, Span<double> destination)
    {
        if (source.Length < LoopKernels.ShortBelow)
        {
            for (int i = 0; i < source.Length; i++) destination[i] = source[i];
        }
        else
        {
            source.CopyTo(destination);
        }
    }

    /// <summary>Pops <c>destination.Length</c> values pushed by <see cref="Push(ReadOnlySpan{float})"/> back into <paramref name="destination"/>.</summary>
    public void Pop(Span<float> destination) => _realCount = Pop(_reals, _realCount, destination);

    /// <summary>Pops <c>destination.Length</c> float values through a local cursor; returns the new count.</summary>
    public static int Pop(double[] reals, int top, Span<float> destination)
    {
        int n = top - destination.Length;
        ReadOnlySpan<double> source = reals.AsSpan(n, destination.Length);
        for (int i = 0; i < destination.Length; i++) destination[i] = (float)source[i];
        return n;
    }

    /// <summary>
    /// Rents a cleared scratch buffer of <paramref name="length"/> doubles (an adjoint buffer whose size is known only at
    /// run time). Return it with <see cref="ReturnScratch"/> in reverse order of renting.
    /// </summary>
    public Span<double> RentScratch(int length)
    {
        if (_scratch.Length - _scratchCount < length) GrowScratch(length);
        Span<double> span = _scratch.AsSpan(_scratchCount, length);
        _scratchCount += length;
        span.Clear();
        return span;
    }

    /// <summary>Rents a cleared float scratch buffer (backed by the same storage as the double one).</summary>
    public Span<float> RentScratchSingle(int length)
    {
        // Two floats fit in one double slot; round up so the next rent stays aligned.
        Span<double> raw = RentScratch((length + 1) / 2);
        Span<float> span = System.Runtime.InteropServices.MemoryMarshal.Cast<double, float>(raw).Slice(0, length);
        return span;
    }

    /// <summary>
    /// Checks an adjoint span argument of a generated backward: it must have the input's <paramref name="length"/>, or
    /// be empty to mean "this gradient is not needed", in which case it is replaced by rented scratch space.
    /// Returns the length rented (0 when none), for <see cref="ReturnScratch"/> at the end.
    /// </summary>
    /// <exception cref="ArgumentException">The span is neither empty nor of the input's length.</exception>
    public int PrepareAdjoint(ref Span<double> adjoint, int length, string adjointName, string inputName)
    {
        if (adjoint.Length == length) return 0;
        if (!adjoint.IsEmpty) throw new ArgumentException($"{adjointName} must be empty or have the length of {inputName} ({length}), not {adjoint.Length}.", adjointName);
        adjoint = RentScratch(length);
        return length;
    }

    /// <inheritdoc cref="PrepareAdjoint(ref Span{double}, int, string, string)"/>
    public int PrepareAdjoint(ref Span<float> adjoint, int length, string adjointName, string inputName)
    {
        if (adjoint.Length == length) return 0;
        if (!adjoint.IsEmpty) throw new ArgumentException($"{adjointName} must be empty or have the length of {inputName} ({length}), not {adjoint.Length}.", adjointName);
        adjoint = RentScratchSingle(length);
        return length;
    }

    /// <summary>
    /// Checks a tangent span argument of a generated forward-mode method: it must have the input's <paramref name="length"/>,
    /// or be empty to mean "this input does not move" (a zero tangent), in which case it is replaced by rented zeros.
    /// Returns the length rented (0 when none), for <see cref="ReturnScratch"/> at the end.
    /// </summary>
    /// <exception cref="ArgumentException">The span is neither empty nor of the input's length.</exception>
    public int PrepareTangent(ref ReadOnlySpan<double> tangent, int length, string tangentName, string inputName)
    {
        if (tangent.Length == length) return 0;
        if (!tangent.IsEmpty) throw new ArgumentException($"{tangentName} must be empty or have the length of {inputName} ({length}), not {tangent.Length}.", tangentName);
        tangent = RentScratch(length);
        return length;
    }

    /// <inheritdoc cref="PrepareTangent(ref ReadOnlySpan{double}, int, string, string)"/>
    public int PrepareTangent(ref ReadOnlySpan<float> tangent, int length, string tangentName, string inputName)
    {
        if (tangent.Length == length) return 0;
        if (!tangent.IsEmpty) throw new ArgumentException($"{tangentName} must be empty or have the length of {inputName} ({length}), not {tangent.Length}.", tangentName);
        tangent = RentScratchSingle(length);
        return length;
    }

    /// <summary>Returns the most recently rented scratch buffer of <paramref name="length"/> doubles.</summary>
    public void ReturnScratch(int length) => _scratchCount -= length;

    /// <summary>Returns the most recently rented float scratch buffer of <paramref name="length"/> floats.</summary>
    public void ReturnScratchSingle(int length) => _scratchCount -= (length + 1) / 2;

    internal int MarkCount => _markCount;

    /// <summary>Notes that a snapshot of the state before iteration <paramref name="step"/> starts at the stacks' tops.</summary>
    internal void PushMark(int step)
    {
        if (_marks.Length < 3 * (_markCount + 1)) Array.Resize(ref _marks, _marks.Length * 2);
        int at = 3 * _markCount++;
        _marks[at] = step;
        _marks[at + 1] = _realCount;
        _marks[at + 2] = _intCount;
    }

    internal void PopMark() => _markCount--;

    internal int MarkStep(int mark) => _marks[3 * mark];

    /// <summary>
    /// Drops the snapshots from mark <paramref name="first"/> on whose iteration is not a multiple of
    /// <paramref name="interval"/>, moving the others down. They must be the newest values on both stacks.
    /// </summary>
    internal void ThinMarks(int first, int interval)
    {
        int kept = first;
        int realTo = _marks[3 * first + 1], intTo = _marks[3 * first + 2];
        for (int mark = first; mark < _markCount; mark++)
        {
            int at = 3 * mark;
            int realFrom = _marks[at + 1], intFrom = _marks[at + 2];
            int realEnd = mark + 1 < _markCount ? _marks[at + 4] : _realCount;
            int intEnd = mark + 1 < _markCount ? _marks[at + 5] : _intCount;
            if (_marks[at] % interval != 0) continue;
            Array.Copy(_reals, realFrom, _reals, realTo, realEnd - realFrom);
            Array.Copy(_ints, intFrom, _ints, intTo, intEnd - intFrom);
            int to = 3 * kept++;
            _marks[to] = _marks[at];
            _marks[to + 1] = realTo;
            _marks[to + 2] = intTo;
            realTo += realEnd - realFrom;
            intTo += intEnd - intFrom;
        }
        _markCount = kept;
        _realCount = realTo;
        _intCount = intTo;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PushRealSlow(double value)
    {
        EnsureReals(1);
        _reals[_realCount++] = value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PushIntSlow(int value)
    {
        EnsureInts(1);
        _ints[_intCount++] = value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(long reals, long ints)
    {
        EnsureReals(checked((int)reals));
        EnsureInts(checked((int)ints));
    }

    private void EnsureReals(int extra) => Ensure(ref _reals, _realCount, extra);

    private void EnsureInts(int extra) => Ensure(ref _ints, _intCount, extra);

    // Doubles the record array until it has room for extra more after count (both arrays start non-empty).
    private static void Ensure<TRecord>(ref TRecord[] records, int count, int extra)
    {
        if (records.Length - count >= extra) return;
        int size = records.Length;
        while (size - count < extra) size = checked(size * 2);
        Array.Resize(ref records, size);
    }

    private void GrowScratch(int extra)
    {
        // Spans rented earlier keep pointing into the old array, which stays alive as long as they do;
        // new rents go to the larger one, so live scratch never moves under a caller.
        int size = _scratch.Length;
        while (size - _scratchCount < extra) size = checked(size * 2);
        double[] larger = new double[size];
        _scratch = larger;
    }
}
