using System;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Internal;

/// <summary>Typed access to the per-thread scratch of <see cref="Tape"/>, so kernels need no allocation once warm.</summary>
internal static class Scratch
{
    /// <summary>Rents a cleared buffer of <paramref name="length"/> elements; give it back with <see cref="Return{T}"/> (last in, first out).</summary>
    public static Span<T> Rent<T>(int length) where T : unmanaged
    {
        if (typeof(T) == typeof(double)) return MemoryMarshal.Cast<double, T>(Tape.Current.RentScratch(length));
        if (typeof(T) == typeof(float)) return MemoryMarshal.Cast<float, T>(Tape.Current.RentScratchSingle(length));
        throw new NotSupportedException(typeof(T).Name);
    }

    /// <summary>Returns the buffer rented last.</summary>
    public static void Return<T>(int length) where T : unmanaged
    {
        if (typeof(T) == typeof(double)) Tape.Current.ReturnScratch(length);
        else Tape.Current.ReturnScratchSingle(length);
    }
}
