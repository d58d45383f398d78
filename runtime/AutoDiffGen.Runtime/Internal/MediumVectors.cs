using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Internal;

/// <summary>
/// A dot product and an axpy for vectors of <see cref="LoopKernels.ShortBelow"/> to <see cref="Below"/> elements: one
/// vector loop (512- or 256-bit FMAs, a 256-bit step, a scalar tail) without <c>TensorPrimitives</c>' per-call dispatch,
/// which costs about as much as the arithmetic at these lengths (a point of ADBench's GMM at d = 10 to 20). Its vector
/// loops over references are shared with <see cref="TriangularColumns"/>.
/// </summary>
internal static class MediumVectors
{
    /// <summary>Vectors from this length on go to <c>TensorPrimitives</c>.</summary>
    public const int Below = 64;

    /// <summary>Whether <see cref="Dot{T}"/> and <see cref="AddScaled{T}"/> take vectors of this length and element type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Takes<T>(int length) => Spans.IsNative<T>() && length < Below && (Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated);

    /// <summary><c>Σ a[i] · b[i]</c> (equal lengths, checked by the caller).</summary>
    public static T Dot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : IFloatingPointIeee754<T>
    {
        ref T ra = ref MemoryMarshal.GetReference(a);
        ref T rb = ref MemoryMarshal.GetReference(b);
        return Vector512.IsHardwareAccelerated
            ? Dot<T, V512<T>, V512<double>>(ref ra, ref rb, (nuint)a.Length)
            : Dot<T, V256<T>, V256<double>>(ref ra, ref rb, (nuint)a.Length);
    }

    /// <summary><c>y[i] += s · x[i]</c> (equal lengths, checked by the caller).</summary>
    public static void AddScaled<T>(ReadOnlySpan<T> x, T s, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T ry = ref MemoryMarshal.GetReference(y);
        if (Vector512.IsHardwareAccelerated) AddScaled<T, V512<T>, V512<double>>(ref rx, s, ref ry, (nuint)x.Length);
        else AddScaled<T, V256<T>, V256<double>>(ref rx, s, ref ry, (nuint)x.Length);
    }

    /// <summary>Whether a 256-bit step fits between TV's loop and the scalar tail (a constant once the JIT specializes the caller).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HalfStep<T, TV, TD>()
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
        => Spans.IsNative<T>() && TV.Count > V256<T>.Count;

    /// <summary><c>Σ a[j] · b[j]</c> over <paramref name="length"/> elements: TV's vectors, a 256-bit step, a scalar tail.</summary>
    public static T Dot<T, TV, TD>(ref T a, ref T b, nuint length)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        TV acc = TV.Zero;
        nuint j = 0;
        for (; j + (nuint)TV.Count <= length; j += (nuint)TV.Count) acc = TV.MulAdd(TV.Load(ref a, j), TV.Load(ref b, j), acc);
        T sum = TV.Sum(acc);
        if (HalfStep<T, TV, TD>() && j + (nuint)V256<T>.Count <= length)
        {
            sum += V256<T>.Sum(V256<T>.Load(ref a, j) * V256<T>.Load(ref b, j));
            j += (nuint)V256<T>.Count;
        }
        for (; j < length; j++) sum += Unsafe.Add(ref a, j) * Unsafe.Add(ref b, j);
        return sum;
    }

    /// <summary><c>y[j] += s · x[j]</c> over <paramref name="length"/> elements, as <see cref="Dot{T, TV, TD}"/> runs.</summary>
    public static void AddScaled<T, TV, TD>(ref T x, T s, ref T y, nuint length)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        TV vs = TV.Create(s);
        nuint j = 0;
        for (; j + (nuint)TV.Count <= length; j += (nuint)TV.Count) TV.Store(TV.MulAdd(TV.Load(ref x, j), vs, TV.Load(ref y, j)), ref y, j);
        if (HalfStep<T, TV, TD>() && j + (nuint)V256<T>.Count <= length)
        {
            V256<T>.Store(V256<T>.MulAdd(V256<T>.Load(ref x, j), V256<T>.Create(s), V256<T>.Load(ref y, j)), ref y, j);
            j += (nuint)V256<T>.Count;
        }
        for (; j < length; j++) Unsafe.Add(ref y, j) += s * Unsafe.Add(ref x, j);
    }
}
