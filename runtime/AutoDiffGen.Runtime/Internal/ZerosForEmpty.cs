using System;

namespace AutoDiffGen.Internal;

/// <summary>
/// Zeros standing in for the empty direction spans of a forward-mode or second-order call (generated code passes an empty
/// span for a tangent that is zero), so a kernel has one shape instead of one per combination of present inputs. Rented
/// once from per-thread scratch, cleared, handed out in slices; <see cref="Dispose"/> gives it back.
/// </summary>
internal ref struct ZerosForEmpty<T>
{
    private readonly Span<T> _pool;
    private int _used;

    /// <param name="length">The total of <see cref="Needed"/> over the spans that <see cref="Or"/> will be asked for.</param>
    public ZerosForEmpty(int length)
    {
        _pool = Scratch.RentUninitialized<T>(length);
        _pool.Clear();
    }

    /// <summary>How many zeros <paramref name="span"/> needs: <paramref name="length"/> when it is empty, else none.</summary>
    public static int Needed(ReadOnlySpan<T> span, int length) => span.IsEmpty ? length : 0;

    /// <summary><paramref name="span"/> itself, or <paramref name="length"/> zeros when it is empty.</summary>
    public ReadOnlySpan<T> Or(ReadOnlySpan<T> span, int length)
    {
        if (!span.IsEmpty) return span;
        _used += length;
        return _pool.Slice(_used - length, length);
    }

    public readonly void Dispose() => Scratch.ReturnUninitialized<T>(_pool.Length);
}
