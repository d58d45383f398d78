using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Internal;

/// <summary>
/// Register-blocked matrix kernels for <see cref="Linear"/>, 256-bit vectors with FMA. Callers validate every length first:
/// the kernels index with <see cref="Unsafe.Add{T}(ref T, int)"/> and do not check bounds.
/// </summary>
internal static class Gemm
{
    /// <summary>
    /// "NT" product with bias: <c>y[r, o] = bias[o] + Σᵢ x[r, i] · w[o, i]</c> for x [rows × k], w [outs × k], y [rows × outs]
    /// (all row-major); an empty bias means 0. Dot products along contiguous rows, 2 rows × 4 outputs per block.
    /// </summary>
    public static void ForwardNT<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, int rows, int k, int outs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T rw = ref MemoryMarshal.GetReference(w);
        ref T ry = ref MemoryMarshal.GetReference(y);
        bool hasBias = !bias.IsEmpty;
        int r = 0;
        if (Simd.IsAccelerated && k >= Vector256<T>.Count)
        {
            for (; r + 2 <= rows; r += 2)
            {
                int o = 0;
                for (; o + 4 <= outs; o += 4) Dot2x4(ref rx, ref rw, ref ry, r, o, k, outs, bias, hasBias);
                for (; o < outs; o++)
                {
                    T b = hasBias ? bias[o] : T.Zero;
                    Unsafe.Add(ref ry, r * outs + o) = b + Dot(ref Unsafe.Add(ref rx, r * k), ref Unsafe.Add(ref rw, o * k), k);
                    Unsafe.Add(ref ry, (r + 1) * outs + o) = b + Dot(ref Unsafe.Add(ref rx, (r + 1) * k), ref Unsafe.Add(ref rw, o * k), k);
                }
            }
        }
        for (; r < rows; r++)
        {
            for (int o = 0; o < outs; o++)
            {
                T b = hasBias ? bias[o] : T.Zero;
                Unsafe.Add(ref ry, r * outs + o) = b + Dot(ref Unsafe.Add(ref rx, r * k), ref Unsafe.Add(ref rw, o * k), k);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dot2x4<T>(ref T rx, ref T rw, ref T ry, int r, int o, int k, int outs, ReadOnlySpan<T> bias, bool hasBias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T x0 = ref Unsafe.Add(ref rx, r * k);
        ref T x1 = ref Unsafe.Add(ref rx, (r + 1) * k);
        ref T w0 = ref Unsafe.Add(ref rw, o * k);
        ref T w1 = ref Unsafe.Add(ref w0, k);
        ref T w2 = ref Unsafe.Add(ref w1, k);
        ref T w3 = ref Unsafe.Add(ref w2, k);
        Vector256<T> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector256<T> a10 = default, a11 = default, a12 = default, a13 = default;
        int i = 0;
        for (; i <= k - Vector256<T>.Count; i += Vector256<T>.Count)
        {
            nuint ii = (nuint)i;
            Vector256<T> v0 = Vector256.LoadUnsafe(ref x0, ii), v1 = Vector256.LoadUnsafe(ref x1, ii);
            Vector256<T> u = Vector256.LoadUnsafe(ref w0, ii);
            a00 = Simd.MulAdd(v0, u, a00); a10 = Simd.MulAdd(v1, u, a10);
            u = Vector256.LoadUnsafe(ref w1, ii);
            a01 = Simd.MulAdd(v0, u, a01); a11 = Simd.MulAdd(v1, u, a11);
            u = Vector256.LoadUnsafe(ref w2, ii);
            a02 = Simd.MulAdd(v0, u, a02); a12 = Simd.MulAdd(v1, u, a12);
            u = Vector256.LoadUnsafe(ref w3, ii);
            a03 = Simd.MulAdd(v0, u, a03); a13 = Simd.MulAdd(v1, u, a13);
        }
        T s00 = Vector256.Sum(a00), s01 = Vector256.Sum(a01), s02 = Vector256.Sum(a02), s03 = Vector256.Sum(a03);
        T s10 = Vector256.Sum(a10), s11 = Vector256.Sum(a11), s12 = Vector256.Sum(a12), s13 = Vector256.Sum(a13);
        for (; i < k; i++)
        {
            T v0 = Unsafe.Add(ref x0, i), v1 = Unsafe.Add(ref x1, i);
            T u0 = Unsafe.Add(ref w0, i), u1 = Unsafe.Add(ref w1, i), u2 = Unsafe.Add(ref w2, i), u3 = Unsafe.Add(ref w3, i);
            s00 += v0 * u0; s01 += v0 * u1; s02 += v0 * u2; s03 += v0 * u3;
            s10 += v1 * u0; s11 += v1 * u1; s12 += v1 * u2; s13 += v1 * u3;
        }
        if (hasBias)
        {
            T b0 = bias[o], b1 = bias[o + 1], b2 = bias[o + 2], b3 = bias[o + 3];
            s00 += b0; s01 += b1; s02 += b2; s03 += b3;
            s10 += b0; s11 += b1; s12 += b2; s13 += b3;
        }
        ref T y0 = ref Unsafe.Add(ref ry, r * outs + o);
        ref T y1 = ref Unsafe.Add(ref y0, outs);
        y0 = s00; Unsafe.Add(ref y0, 1) = s01; Unsafe.Add(ref y0, 2) = s02; Unsafe.Add(ref y0, 3) = s03;
        y1 = s10; Unsafe.Add(ref y1, 1) = s11; Unsafe.Add(ref y1, 2) = s12; Unsafe.Add(ref y1, 3) = s13;
    }

    /// <summary><c>Σᵢ a[i] · b[i]</c> over <paramref name="k"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Dot<T>(ref T a, ref T b, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T sum = T.Zero;
        if (Simd.IsAccelerated && k >= Vector256<T>.Count)
        {
            Vector256<T> acc0 = default, acc1 = default;
            for (; i <= k - 2 * Vector256<T>.Count; i += 2 * Vector256<T>.Count)
            {
                acc0 = Simd.MulAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), acc0);
                acc1 = Simd.MulAdd(Vector256.LoadUnsafe(ref a, (nuint)(i + Vector256<T>.Count)), Vector256.LoadUnsafe(ref b, (nuint)(i + Vector256<T>.Count)), acc1);
            }
            for (; i <= k - Vector256<T>.Count; i += Vector256<T>.Count)
                acc0 = Simd.MulAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), acc0);
            sum = Vector256.Sum(acc0 + acc1);
        }
        for (; i < k; i++) sum += Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
        return sum;
    }

    /// <summary>
    /// "NN" accumulation <c>c[m, n] += Σ_k A(m, k) · b[k, n]</c> with <c>A(m, k) = a[m·sam + k·sak]</c> (so A may be read
    /// transposed), b [kCount × nCount] and c [mCount × nCount] row-major. Blocks of 4 rows × 4 vectors keep 16 accumulators in
    /// registers while one broadcast of A feeds 4 FMAs.
    /// </summary>
    public static void AccumulateNN<T>(ReadOnlySpan<T> a, int sam, int sak, ReadOnlySpan<T> b, Span<T> c, int mCount, int nCount, int kCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T ra = ref MemoryMarshal.GetReference(a);
        ref T rb = ref MemoryMarshal.GetReference(b);
        ref T rc = ref MemoryMarshal.GetReference(c);
        int vc = Vector256<T>.Count;
        int m = 0;
        if (Simd.IsAccelerated)
        {
            for (; m + 4 <= mCount; m += 4)
            {
                int n = 0;
                for (; n + 4 * vc <= nCount; n += 4 * vc) Block4x4(ref ra, sam, sak, ref rb, ref rc, m, n, nCount, kCount);
                for (; n + vc <= nCount; n += vc) Block4x1(ref ra, sam, sak, ref rb, ref rc, m, n, nCount, kCount);
                for (; n < nCount; n++)
                    for (int mm = m; mm < m + 4; mm++) ScalarCell(ref ra, sam, sak, ref rb, ref rc, mm, n, nCount, kCount);
            }
            for (; m < mCount; m++)
            {
                int n = 0;
                for (; n + 4 * vc <= nCount; n += 4 * vc) Block1x4(ref ra, sam, sak, ref rb, ref rc, m, n, nCount, kCount);
                for (; n + vc <= nCount; n += vc) Block1x1(ref ra, sam, sak, ref rb, ref rc, m, n, nCount, kCount);
                for (; n < nCount; n++) ScalarCell(ref ra, sam, sak, ref rb, ref rc, m, n, nCount, kCount);
            }
        }
        for (; m < mCount; m++)
            for (int n = 0; n < nCount; n++) ScalarCell(ref ra, sam, sak, ref rb, ref rc, m, n, nCount, kCount);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScalarCell<T>(ref T ra, int sam, int sak, ref T rb, ref T rc, int m, int n, int nCount, int kCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = Unsafe.Add(ref rc, m * nCount + n);
        for (int k = 0; k < kCount; k++) sum += Unsafe.Add(ref ra, m * sam + k * sak) * Unsafe.Add(ref rb, k * nCount + n);
        Unsafe.Add(ref rc, m * nCount + n) = sum;
    }

    private static void Block4x4<T>(ref T ra, int sam, int sak, ref T rb, ref T rc, int m, int n, int nCount, int kCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int vc = Vector256<T>.Count;
        ref T c0 = ref Unsafe.Add(ref rc, m * nCount + n);
        ref T c1 = ref Unsafe.Add(ref c0, nCount);
        ref T c2 = ref Unsafe.Add(ref c1, nCount);
        ref T c3 = ref Unsafe.Add(ref c2, nCount);
        nuint v1 = (nuint)vc, v2 = (nuint)(2 * vc), v3 = (nuint)(3 * vc);
        Vector256<T> c00 = Vector256.LoadUnsafe(ref c0), c01 = Vector256.LoadUnsafe(ref c0, v1), c02 = Vector256.LoadUnsafe(ref c0, v2), c03 = Vector256.LoadUnsafe(ref c0, v3);
        Vector256<T> c10 = Vector256.LoadUnsafe(ref c1), c11 = Vector256.LoadUnsafe(ref c1, v1), c12 = Vector256.LoadUnsafe(ref c1, v2), c13 = Vector256.LoadUnsafe(ref c1, v3);
        Vector256<T> c20 = Vector256.LoadUnsafe(ref c2), c21 = Vector256.LoadUnsafe(ref c2, v1), c22 = Vector256.LoadUnsafe(ref c2, v2), c23 = Vector256.LoadUnsafe(ref c2, v3);
        Vector256<T> c30 = Vector256.LoadUnsafe(ref c3), c31 = Vector256.LoadUnsafe(ref c3, v1), c32 = Vector256.LoadUnsafe(ref c3, v2), c33 = Vector256.LoadUnsafe(ref c3, v3);
        ref T a0 = ref Unsafe.Add(ref ra, m * sam);
        ref T a1 = ref Unsafe.Add(ref a0, sam);
        ref T a2 = ref Unsafe.Add(ref a1, sam);
        ref T a3 = ref Unsafe.Add(ref a2, sam);
        ref T bRow = ref Unsafe.Add(ref rb, n);
        int ak = 0;
        for (int k = 0; k < kCount; k++, ak += sak)
        {
            Vector256<T> b0 = Vector256.LoadUnsafe(ref bRow), b1 = Vector256.LoadUnsafe(ref bRow, v1);
            Vector256<T> b2 = Vector256.LoadUnsafe(ref bRow, v2), b3 = Vector256.LoadUnsafe(ref bRow, v3);
            Vector256<T> s = Vector256.Create(Unsafe.Add(ref a0, ak));
            c00 = Simd.MulAdd(s, b0, c00); c01 = Simd.MulAdd(s, b1, c01); c02 = Simd.MulAdd(s, b2, c02); c03 = Simd.MulAdd(s, b3, c03);
            s = Vector256.Create(Unsafe.Add(ref a1, ak));
            c10 = Simd.MulAdd(s, b0, c10); c11 = Simd.MulAdd(s, b1, c11); c12 = Simd.MulAdd(s, b2, c12); c13 = Simd.MulAdd(s, b3, c13);
            s = Vector256.Create(Unsafe.Add(ref a2, ak));
            c20 = Simd.MulAdd(s, b0, c20); c21 = Simd.MulAdd(s, b1, c21); c22 = Simd.MulAdd(s, b2, c22); c23 = Simd.MulAdd(s, b3, c23);
            s = Vector256.Create(Unsafe.Add(ref a3, ak));
            c30 = Simd.MulAdd(s, b0, c30); c31 = Simd.MulAdd(s, b1, c31); c32 = Simd.MulAdd(s, b2, c32); c33 = Simd.MulAdd(s, b3, c33);
            bRow = ref Unsafe.Add(ref bRow, nCount);
        }
        c00.StoreUnsafe(ref c0); c01.StoreUnsafe(ref c0, v1); c02.StoreUnsafe(ref c0, v2); c03.StoreUnsafe(ref c0, v3);
        c10.StoreUnsafe(ref c1); c11.StoreUnsafe(ref c1, v1); c12.StoreUnsafe(ref c1, v2); c13.StoreUnsafe(ref c1, v3);
        c20.StoreUnsafe(ref c2); c21.StoreUnsafe(ref c2, v1); c22.StoreUnsafe(ref c2, v2); c23.StoreUnsafe(ref c2, v3);
        c30.StoreUnsafe(ref c3); c31.StoreUnsafe(ref c3, v1); c32.StoreUnsafe(ref c3, v2); c33.StoreUnsafe(ref c3, v3);
    }

    private static void Block4x1<T>(ref T ra, int sam, int sak, ref T rb, ref T rc, int m, int n, int nCount, int kCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T c0 = ref Unsafe.Add(ref rc, m * nCount + n);
        ref T c1 = ref Unsafe.Add(ref c0, nCount);
        ref T c2 = ref Unsafe.Add(ref c1, nCount);
        ref T c3 = ref Unsafe.Add(ref c2, nCount);
        Vector256<T> c00 = Vector256.LoadUnsafe(ref c0), c10 = Vector256.LoadUnsafe(ref c1), c20 = Vector256.LoadUnsafe(ref c2), c30 = Vector256.LoadUnsafe(ref c3);
        ref T a0 = ref Unsafe.Add(ref ra, m * sam);
        ref T a1 = ref Unsafe.Add(ref a0, sam);
        ref T a2 = ref Unsafe.Add(ref a1, sam);
        ref T a3 = ref Unsafe.Add(ref a2, sam);
        ref T bRow = ref Unsafe.Add(ref rb, n);
        int ak = 0;
        for (int k = 0; k < kCount; k++, ak += sak)
        {
            Vector256<T> b0 = Vector256.LoadUnsafe(ref bRow);
            c00 = Simd.MulAdd(Vector256.Create(Unsafe.Add(ref a0, ak)), b0, c00);
            c10 = Simd.MulAdd(Vector256.Create(Unsafe.Add(ref a1, ak)), b0, c10);
            c20 = Simd.MulAdd(Vector256.Create(Unsafe.Add(ref a2, ak)), b0, c20);
            c30 = Simd.MulAdd(Vector256.Create(Unsafe.Add(ref a3, ak)), b0, c30);
            bRow = ref Unsafe.Add(ref bRow, nCount);
        }
        c00.StoreUnsafe(ref c0); c10.StoreUnsafe(ref c1); c20.StoreUnsafe(ref c2); c30.StoreUnsafe(ref c3);
    }

    private static void Block1x1<T>(ref T ra, int sam, int sak, ref T rb, ref T rc, int m, int n, int nCount, int kCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T c0 = ref Unsafe.Add(ref rc, m * nCount + n);
        Vector256<T> acc = Vector256.LoadUnsafe(ref c0);
        ref T a0 = ref Unsafe.Add(ref ra, m * sam);
        ref T bRow = ref Unsafe.Add(ref rb, n);
        int ak = 0;
        for (int k = 0; k < kCount; k++, ak += sak)
        {
            acc = Simd.MulAdd(Vector256.Create(Unsafe.Add(ref a0, ak)), Vector256.LoadUnsafe(ref bRow), acc);
            bRow = ref Unsafe.Add(ref bRow, nCount);
        }
        acc.StoreUnsafe(ref c0);
    }

    private static void Block1x4<T>(ref T ra, int sam, int sak, ref T rb, ref T rc, int m, int n, int nCount, int kCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int vc = Vector256<T>.Count;
        nuint v1 = (nuint)vc, v2 = (nuint)(2 * vc), v3 = (nuint)(3 * vc);
        ref T c0 = ref Unsafe.Add(ref rc, m * nCount + n);
        Vector256<T> c00 = Vector256.LoadUnsafe(ref c0), c01 = Vector256.LoadUnsafe(ref c0, v1), c02 = Vector256.LoadUnsafe(ref c0, v2), c03 = Vector256.LoadUnsafe(ref c0, v3);
        ref T a0 = ref Unsafe.Add(ref ra, m * sam);
        ref T bRow = ref Unsafe.Add(ref rb, n);
        int ak = 0;
        for (int k = 0; k < kCount; k++, ak += sak)
        {
            Vector256<T> s = Vector256.Create(Unsafe.Add(ref a0, ak));
            c00 = Simd.MulAdd(s, Vector256.LoadUnsafe(ref bRow), c00);
            c01 = Simd.MulAdd(s, Vector256.LoadUnsafe(ref bRow, v1), c01);
            c02 = Simd.MulAdd(s, Vector256.LoadUnsafe(ref bRow, v2), c02);
            c03 = Simd.MulAdd(s, Vector256.LoadUnsafe(ref bRow, v3), c03);
            bRow = ref Unsafe.Add(ref bRow, nCount);
        }
        c00.StoreUnsafe(ref c0); c01.StoreUnsafe(ref c0, v1); c02.StoreUnsafe(ref c0, v2); c03.StoreUnsafe(ref c0, v3);
    }
}
