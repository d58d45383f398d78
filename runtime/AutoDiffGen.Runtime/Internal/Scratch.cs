using System;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Internal;

/// <summary>Typed access to per-thread scratch, so kernels need no allocation once warm.</summary>
internal static class Scratch
{
    /// <summary>Rents a cleared buffer of <paramref name="length"/> elements; give it back with <see cref="Return{T}"/> (last in, first out).</summary>
    public static Span<T> Rent<T>(int length)
    {
        // double and float share the tape's scratch with generated code; any other type has a per-thread stack of its own.
        if (typeof(T) == typeof(double)) return Spans.As<double, T>(Tape.Current.RentScratch(length));
        if (typeof(T) == typeof(float)) return Spans.As<float, T>(Tape.Current.RentScratchSingle(length));
        return Stack<T>.Rent(length, clear: true);
    }

    /// <summary>
    /// Rents a buffer of <paramref name="length"/> elements with unspecified contents, for a kernel that overwrites all of it
    /// (per-thread, separate from the tape's scratch); give it back with <see cref="ReturnUninitialized{T}"/>, last in, first out.
    /// </summary>
    public static Span<T> RentUninitialized<T>(int length) => Stack<T>.Rent(length, clear: false);

    /// <summary>Returns the buffer rented last by <see cref="RentUninitialized{T}"/>.</summary>
    public static void ReturnUninitialized<T>(int length) => Stack<T>.Used -= length;

    /// <summary>Returns the buffer rented last.</summary>
    public static void Return<T>(int length)
    {
        if (typeof(T) == typeof(double)) Tape.Current.ReturnScratch(length);
        else if (typeof(T) == typeof(float)) Tape.Current.ReturnScratchSingle(length);
        else Stack<T>.Used -= length;
    }

    private static class Stack<T>
    {
        [ThreadStatic] private static T[]? t_buffer;
        [ThreadStatic] public static int Used;

        public static Span<T> Rent(int length, bool clear)
        {
            T[]? buffer = t_buffer;
            if (buffer is null || buffer.Length - Used < length)
            {
                // Spans rented earlier keep pointing into the old array, which stays alive as long as they do.
                buffer = t_buffer = new T[Math.Max(2 * (buffer?.Length ?? 0), Used + length)];
            }
            Span<T> span = buffer.AsSpan(Used, length);
            Used += length;
            if (clear) span.Clear();
            return span;
        }
    }
}
