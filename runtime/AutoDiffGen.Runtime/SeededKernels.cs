using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen;

/// <summary>
/// Vector forms of the reverse sweep's per-element guarded loops <c>for (k…) if (seed[k] != 0) { … }</c>: an element
/// whose seed is zero contributes nothing, exactly as the scalar guard skips it (so <c>0 · ∞</c> never becomes NaN), and
/// every other element gets the scalar statement's operations. The loops are inline (one vector width, then a narrower
/// one, then scalars): generated code calls these once per column of a triangle, 1 to d − 1 elements long, where a
/// <c>TensorPrimitives</c> call's fixed cost would dominate.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SeededKernels
{
    /// <summary>
    /// <c>destination[k] += seed[k] · scale</c> for every k with <c>seed[k] ≠ 0</c> (the product rounded, then the sum, as
    /// the scalar statement computes it); other elements are left as they are.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd<T>(ReadOnlySpan<T> seed, T scale, Span<T> destination)
        where T : unmanaged, INumberBase<T>
    {
        if (seed.Length != destination.Length) throw LengthMismatch(nameof(destination));
        ref T s = ref MemoryMarshal.GetReference(seed);
        ref T d = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)seed.Length, k = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            Vector512<T> factor = Vector512.Create(scale);
            for (; k + (nuint)Vector512<T>.Count <= n; k += (nuint)Vector512<T>.Count)
            {
                Vector512<T> sv = Vector512.LoadUnsafe(ref s, k), dv = Vector512.LoadUnsafe(ref d, k);
                Vector512.ConditionalSelect(Vector512.Equals(sv, Vector512<T>.Zero), dv, dv + sv * factor).StoreUnsafe(ref d, k);
            }
        }
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            Vector256<T> factor = Vector256.Create(scale);
            for (; k + (nuint)Vector256<T>.Count <= n; k += (nuint)Vector256<T>.Count)
            {
                Vector256<T> sv = Vector256.LoadUnsafe(ref s, k), dv = Vector256.LoadUnsafe(ref d, k);
                Vector256.ConditionalSelect(Vector256.Equals(sv, Vector256<T>.Zero), dv, dv + sv * factor).StoreUnsafe(ref d, k);
            }
        }
        for (; k < n; k++)
        {
            T v = Unsafe.Add(ref s, k);
            if (v != T.Zero) Unsafe.Add(ref d, k) += v * scale;
        }
    }

    /// <summary>
    /// <c>destination[k] += seed[k] · factor[k]</c> for every k with <c>seed[k] ≠ 0</c> (the product rounded, then the sum,
    /// as the scalar statement computes it); other elements are left as they are.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd<T>(ReadOnlySpan<T> seed, ReadOnlySpan<T> factor, Span<T> destination)
        where T : unmanaged, INumberBase<T>
    {
        if (seed.Length != destination.Length) throw LengthMismatch(nameof(destination));
        if (seed.Length != factor.Length) throw LengthMismatch(nameof(factor));
        ref T s = ref MemoryMarshal.GetReference(seed);
        ref T f = ref MemoryMarshal.GetReference(factor);
        ref T d = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)seed.Length, k = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            for (; k + (nuint)Vector512<T>.Count <= n; k += (nuint)Vector512<T>.Count)
            {
                Vector512<T> sv = Vector512.LoadUnsafe(ref s, k), dv = Vector512.LoadUnsafe(ref d, k);
                Vector512.ConditionalSelect(Vector512.Equals(sv, Vector512<T>.Zero), dv, dv + sv * Vector512.LoadUnsafe(ref f, k)).StoreUnsafe(ref d, k);
            }
        }
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            for (; k + (nuint)Vector256<T>.Count <= n; k += (nuint)Vector256<T>.Count)
            {
                Vector256<T> sv = Vector256.LoadUnsafe(ref s, k), dv = Vector256.LoadUnsafe(ref d, k);
                Vector256.ConditionalSelect(Vector256.Equals(sv, Vector256<T>.Zero), dv, dv + sv * Vector256.LoadUnsafe(ref f, k)).StoreUnsafe(ref d, k);
            }
        }
        for (; k < n; k++)
        {
            T v = Unsafe.Add(ref s, k);
            if (v != T.Zero) Unsafe.Add(ref d, k) += v * Unsafe.Add(ref f, k);
        }
    }

    /// <summary>
    /// <c>Σ seed[k] · other[k]</c> over every k with <c>seed[k] ≠ 0</c>. The vector lanes add in another order than a
    /// scalar loop, so the sum may differ from one in the last bits.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Dot<T>(ReadOnlySpan<T> seed, ReadOnlySpan<T> other)
        where T : unmanaged, INumberBase<T>
    {
        if (seed.Length != other.Length) throw LengthMismatch(nameof(other));
        ref T s = ref MemoryMarshal.GetReference(seed);
        ref T o = ref MemoryMarshal.GetReference(other);
        nuint n = (nuint)seed.Length, k = 0;
        T sum = T.Zero;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && n >= (nuint)Vector512<T>.Count)
        {
            Vector512<T> acc = Vector512<T>.Zero;
            for (; k + (nuint)Vector512<T>.Count <= n; k += (nuint)Vector512<T>.Count)
            {
                Vector512<T> sv = Vector512.LoadUnsafe(ref s, k);
                acc += Vector512.ConditionalSelect(Vector512.Equals(sv, Vector512<T>.Zero), Vector512<T>.Zero, sv * Vector512.LoadUnsafe(ref o, k));
            }
            sum = Vector512.Sum(acc);
        }
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n - k >= (nuint)Vector256<T>.Count)
        {
            Vector256<T> acc = Vector256<T>.Zero;
            for (; k + (nuint)Vector256<T>.Count <= n; k += (nuint)Vector256<T>.Count)
            {
                Vector256<T> sv = Vector256.LoadUnsafe(ref s, k);
                acc += Vector256.ConditionalSelect(Vector256.Equals(sv, Vector256<T>.Zero), Vector256<T>.Zero, sv * Vector256.LoadUnsafe(ref o, k));
            }
            sum += Vector256.Sum(acc);
        }
        for (; k < n; k++)
        {
            T v = Unsafe.Add(ref s, k);
            if (v != T.Zero) sum += v * Unsafe.Add(ref o, k);
        }
        return sum;
    }

    private static ArgumentException LengthMismatch(string name) => new("The spans must have the same length.", name);
}
