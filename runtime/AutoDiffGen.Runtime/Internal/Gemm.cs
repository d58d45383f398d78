using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen.Internal;

/// <summary>
/// Register-blocked matrix kernels for <see cref="Linear"/>: 512-bit vectors where the CPU has AVX-512, 256-bit ones
/// otherwise, with FMA. Callers validate every length first: the kernels index with <see cref="Unsafe.Add{T}(ref T, int)"/>
/// and do not check bounds.
/// </summary>
internal static class Gemm
{
    /// <summary>
    /// "NT" product with bias: <c>y[r, o] = bias[o] + Σᵢ x[r, i] · w[o, i]</c> for x [rows × k], w [outs × k], y [rows × outs]
    /// (all row-major); an empty bias means 0. Dot products along contiguous rows, 2 rows × 4 outputs per block.
    /// </summary>
    public static void ForwardNT<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, int rows, int k, int outs)
        where T : IFloatingPointIeee754<T>
    {
        if (Spans.IsNative<T>() && Vector512.IsHardwareAccelerated && k >= Vector512<T>.Count) ForwardNT<T, V512<T>, V512<double>>(x, w, bias, y, rows, k, outs);
        else if (Spans.IsNative<T>() && Vector256.IsHardwareAccelerated && k >= Vector256<T>.Count) ForwardNT<T, V256<T>, V256<double>>(x, w, bias, y, rows, k, outs);
        else
        {
            for (int r = 0; r < rows; r++)
                for (int o = 0; o < outs; o++)
                    y[r * outs + o] = (bias.IsEmpty ? T.Zero : bias[o]) + ScalarDot(x.Slice(r * k, k), w.Slice(o * k, k));
        }
    }

    /// <summary>
    /// <c>t[c, r] = a[r, c]</c> for a [rows × cols] row-major into t [cols × rows]: 4 × 4 tiles of doubles and 8 × 8 tiles of
    /// floats transposed in registers with AVX (unpack, shuffle, swap 128-bit halves), 8 × 8 tiles of scalars otherwise.
    /// </summary>
    public static void Transpose<T>(ReadOnlySpan<T> a, Span<T> t, int rows, int cols) where T : IFloatingPointIeee754<T>
    {
        ref T ra = ref MemoryMarshal.GetReference(a);
        ref T rt = ref MemoryMarshal.GetReference(t);
        int r0 = 0;
        if (typeof(T) == typeof(double) && Avx.IsSupported && rows >= 4)
        {
            ref double da = ref Unsafe.As<T, double>(ref ra);
            ref double dt = ref Unsafe.As<T, double>(ref rt);
            int fullRows = rows & ~3;
            // Tiles down a column band, so the stores fill whole cache lines of t one after another.
            int c0 = 0;
            for (; c0 + 4 <= cols; c0 += 4)
                for (int r = 0; r < fullRows; r += 4) Transpose4x4(ref Unsafe.Add(ref da, r * cols + c0), cols, ref Unsafe.Add(ref dt, c0 * rows + r), rows);
            for (int c = c0; c < cols; c++)
                for (int r = 0; r < fullRows; r++) Unsafe.Add(ref dt, c * rows + r) = Unsafe.Add(ref da, r * cols + c);
            r0 = fullRows;
        }
        else if (typeof(T) == typeof(float) && Avx.IsSupported && rows >= 8)
        {
            ref float fa = ref Unsafe.As<T, float>(ref ra);
            ref float ft = ref Unsafe.As<T, float>(ref rt);
            int fullRows = rows & ~7;
            int c0 = 0;
            for (; c0 + 8 <= cols; c0 += 8)
                for (int r = 0; r < fullRows; r += 8) Transpose8x8(ref Unsafe.Add(ref fa, r * cols + c0), cols, ref Unsafe.Add(ref ft, c0 * rows + r), rows);
            for (int c = c0; c < cols; c++)
                for (int r = 0; r < fullRows; r++) Unsafe.Add(ref ft, c * rows + r) = Unsafe.Add(ref fa, r * cols + c);
            r0 = fullRows;
        }
        for (; r0 < rows; r0 += 8)
        {
            int r1 = Math.Min(r0 + 8, rows);
            for (int c0 = 0; c0 < cols; c0 += 8)
            {
                int c1 = Math.Min(c0 + 8, cols);
                for (int c = c0; c < c1; c++)
                    for (int r = r0; r < r1; r++) Unsafe.Add(ref rt, c * rows + r) = Unsafe.Add(ref ra, r * cols + c);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(ref double a, int aStride, ref double t, int tStride)
    {
        Vector256<double> r0 = Vector256.LoadUnsafe(ref a), r1 = Vector256.LoadUnsafe(ref a, (nuint)aStride);
        Vector256<double> r2 = Vector256.LoadUnsafe(ref a, (nuint)(2 * aStride)), r3 = Vector256.LoadUnsafe(ref a, (nuint)(3 * aStride));
        Vector256<double> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1); // [r0₀ r1₀ r0₂ r1₂], [r0₁ r1₁ r0₃ r1₃]
        Vector256<double> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref t);                          // column 0: low halves
        Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref t, (nuint)tStride);          // column 1
        Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref t, (nuint)(2 * tStride));    // column 2: high halves
        Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref t, (nuint)(3 * tStride));    // column 3
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float a, int aStride, ref float t, int tStride)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref a), r1 = Vector256.LoadUnsafe(ref a, (nuint)aStride);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref a, (nuint)(2 * aStride)), r3 = Vector256.LoadUnsafe(ref a, (nuint)(3 * aStride));
        Vector256<float> r4 = Vector256.LoadUnsafe(ref a, (nuint)(4 * aStride)), r5 = Vector256.LoadUnsafe(ref a, (nuint)(5 * aStride));
        Vector256<float> r6 = Vector256.LoadUnsafe(ref a, (nuint)(6 * aStride)), r7 = Vector256.LoadUnsafe(ref a, (nuint)(7 * aStride));
        // Interleave pairs of rows, then pairs of pairs within each 128-bit half, then swap the halves.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE), s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE), s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(s0, s4, 0x20).StoreUnsafe(ref t);
        Avx.Permute2x128(s1, s5, 0x20).StoreUnsafe(ref t, (nuint)tStride);
        Avx.Permute2x128(s2, s6, 0x20).StoreUnsafe(ref t, (nuint)(2 * tStride));
        Avx.Permute2x128(s3, s7, 0x20).StoreUnsafe(ref t, (nuint)(3 * tStride));
        Avx.Permute2x128(s0, s4, 0x31).StoreUnsafe(ref t, (nuint)(4 * tStride));
        Avx.Permute2x128(s1, s5, 0x31).StoreUnsafe(ref t, (nuint)(5 * tStride));
        Avx.Permute2x128(s2, s6, 0x31).StoreUnsafe(ref t, (nuint)(6 * tStride));
        Avx.Permute2x128(s3, s7, 0x31).StoreUnsafe(ref t, (nuint)(7 * tStride));
    }

    private static T ScalarDot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void ForwardNT<T, TV, TD>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, int rows, int k, int outs)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T rw = ref MemoryMarshal.GetReference(w);
        ref T ry = ref MemoryMarshal.GetReference(y);
        bool hasBias = !bias.IsEmpty;
        int r = 0;
        for (; r + 2 <= rows; r += 2)
        {
            int o = 0;
            for (; o + 4 <= outs; o += 4) Dot2x4<T, TV, TD>(ref rx, ref rw, ref ry, r, o, k, outs, bias, hasBias);
            for (; o < outs; o++)
            {
                T b = hasBias ? bias[o] : T.Zero;
                Unsafe.Add(ref ry, r * outs + o) = b + Dot<T, TV, TD>(ref Unsafe.Add(ref rx, r * k), ref Unsafe.Add(ref rw, o * k), k);
                Unsafe.Add(ref ry, (r + 1) * outs + o) = b + Dot<T, TV, TD>(ref Unsafe.Add(ref rx, (r + 1) * k), ref Unsafe.Add(ref rw, o * k), k);
            }
        }
        for (; r < rows; r++)
        {
            for (int o = 0; o < outs; o++)
            {
                T b = hasBias ? bias[o] : T.Zero;
                Unsafe.Add(ref ry, r * outs + o) = b + Dot<T, TV, TD>(ref Unsafe.Add(ref rx, r * k), ref Unsafe.Add(ref rw, o * k), k);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dot2x4<T, TV, TD>(ref T rx, ref T rw, ref T ry, int r, int o, int k, int outs, ReadOnlySpan<T> bias, bool hasBias)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        ref T x0 = ref Unsafe.Add(ref rx, r * k);
        ref T x1 = ref Unsafe.Add(ref rx, (r + 1) * k);
        ref T w0 = ref Unsafe.Add(ref rw, o * k);
        ref T w1 = ref Unsafe.Add(ref w0, k);
        ref T w2 = ref Unsafe.Add(ref w1, k);
        ref T w3 = ref Unsafe.Add(ref w2, k);
        TV a00 = TV.Zero, a01 = TV.Zero, a02 = TV.Zero, a03 = TV.Zero;
        TV a10 = TV.Zero, a11 = TV.Zero, a12 = TV.Zero, a13 = TV.Zero;
        int i = 0;
        for (; i <= k - TV.Count; i += TV.Count)
        {
            nuint ii = (nuint)i;
            TV v0 = TV.Load(ref x0, ii), v1 = TV.Load(ref x1, ii);
            TV u = TV.Load(ref w0, ii);
            a00 = TV.MulAdd(v0, u, a00); a10 = TV.MulAdd(v1, u, a10);
            u = TV.Load(ref w1, ii);
            a01 = TV.MulAdd(v0, u, a01); a11 = TV.MulAdd(v1, u, a11);
            u = TV.Load(ref w2, ii);
            a02 = TV.MulAdd(v0, u, a02); a12 = TV.MulAdd(v1, u, a12);
            u = TV.Load(ref w3, ii);
            a03 = TV.MulAdd(v0, u, a03); a13 = TV.MulAdd(v1, u, a13);
        }
        T s00 = TV.Sum(a00), s01 = TV.Sum(a01), s02 = TV.Sum(a02), s03 = TV.Sum(a03);
        T s10 = TV.Sum(a10), s11 = TV.Sum(a11), s12 = TV.Sum(a12), s13 = TV.Sum(a13);
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

    /// <summary><c>Σᵢ a[i] · b[i]</c> over <paramref name="k"/> ≥ one vector of elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Dot<T, TV, TD>(ref T a, ref T b, int k)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        int i = 0;
        TV acc0 = TV.Zero, acc1 = TV.Zero;
        for (; i <= k - 2 * TV.Count; i += 2 * TV.Count)
        {
            acc0 = TV.MulAdd(TV.Load(ref a, (nuint)i), TV.Load(ref b, (nuint)i), acc0);
            acc1 = TV.MulAdd(TV.Load(ref a, (nuint)(i + TV.Count)), TV.Load(ref b, (nuint)(i + TV.Count)), acc1);
        }
        for (; i <= k - TV.Count; i += TV.Count)
            acc0 = TV.MulAdd(TV.Load(ref a, (nuint)i), TV.Load(ref b, (nuint)i), acc0);
        T sum = TV.Sum(acc0 + acc1);
        for (; i < k; i++) sum += Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
        return sum;
    }

    /// <summary>
    /// "NN" accumulation <c>c[m, n] += Σ_k A(m, k) · b[k, n]</c> with <c>A(m, k) = a[m·sam + k·sak]</c> (so A may be read
    /// transposed), b [kCount × nCount] and c [mCount × nCount] row-major. Blocks of 4 rows × 4 vectors keep 16 accumulators in
    /// registers while one broadcast of A feeds 4 FMAs.
    /// </summary>
    public static void AccumulateNN<T>(ReadOnlySpan<T> a, int sam, int sak, ReadOnlySpan<T> b, Span<T> c, int mCount, int nCount, int kCount)
        where T : IFloatingPointIeee754<T>
    {
        int m = 0;
        if (Spans.IsNative<T>() && Vector512.IsHardwareAccelerated && nCount >= Vector512<T>.Count) m = AccumulateNN<T, V512<T>, V512<double>>(a, sam, sak, b, c, mCount, nCount, kCount);
        else if (Spans.IsNative<T>() && Vector256.IsHardwareAccelerated) m = AccumulateNN<T, V256<T>, V256<double>>(a, sam, sak, b, c, mCount, nCount, kCount);
        ref T ra = ref MemoryMarshal.GetReference(a);
        ref T rb = ref MemoryMarshal.GetReference(b);
        ref T rc = ref MemoryMarshal.GetReference(c);
        for (; m < mCount; m++)
            for (int n = 0; n < nCount; n++) ScalarCell(ref ra, sam, sak, ref rb, ref rc, m, n, nCount, kCount);
    }

    // Every row; returns mCount.
    private static int AccumulateNN<T, TV, TD>(ReadOnlySpan<T> a, int sam, int sak, ReadOnlySpan<T> b, Span<T> c, int mCount, int nCount, int kCount)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        ref T ra = ref MemoryMarshal.GetReference(a);
        ref T rb = ref MemoryMarshal.GetReference(b);
        ref T rc = ref MemoryMarshal.GetReference(c);
        int vc = TV.Count;
        int m = 0;
        for (; m + 4 <= mCount; m += 4)
        {
            int n = 0;
            for (; n + 4 * vc <= nCount; n += 4 * vc) Block4x4<T, TV, TD>(ref ra, sam, sak, ref rb, ref rc, m, n, nCount, kCount);
            for (; n + vc <= nCount; n += vc) Block4x1<T, TV, TD>(ref ra, sam, sak, ref rb, ref rc, m, n, nCount, kCount);
            for (; n < nCount; n++)
                for (int mm = m; mm < m + 4; mm++) ScalarCell(ref ra, sam, sak, ref rb, ref rc, mm, n, nCount, kCount);
        }
        for (; m < mCount; m++)
        {
            int n = 0;
            for (; n + 4 * vc <= nCount; n += 4 * vc) Block1x4<T, TV, TD>(ref ra, sam, sak, ref rb, ref rc, m, n, nCount, kCount);
            for (; n + vc <= nCount; n += vc) Block1x1<T, TV, TD>(ref ra, sam, sak, ref rb, ref rc, m, n, nCount, kCount);
            for (; n < nCount; n++) ScalarCell(ref ra, sam, sak, ref rb, ref rc, m, n, nCount, kCount);
        }
        return mCount;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScalarCell<T>(ref T ra, int sam, int sak, ref T rb, ref T rc, int m, int n, int nCount, int kCount)
        where T : IFloatingPointIeee754<T>
    {
        T sum = Unsafe.Add(ref rc, m * nCount + n);
        for (int k = 0; k < kCount; k++) sum += Unsafe.Add(ref ra, m * sam + k * sak) * Unsafe.Add(ref rb, k * nCount + n);
        Unsafe.Add(ref rc, m * nCount + n) = sum;
    }

    private static void Block4x4<T, TV, TD>(ref T ra, int sam, int sak, ref T rb, ref T rc, int m, int n, int nCount, int kCount)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        int vc = TV.Count;
        ref T c0 = ref Unsafe.Add(ref rc, m * nCount + n);
        ref T c1 = ref Unsafe.Add(ref c0, nCount);
        ref T c2 = ref Unsafe.Add(ref c1, nCount);
        ref T c3 = ref Unsafe.Add(ref c2, nCount);
        nuint v1 = (nuint)vc, v2 = (nuint)(2 * vc), v3 = (nuint)(3 * vc);
        TV c00 = TV.Load(ref c0, 0), c01 = TV.Load(ref c0, v1), c02 = TV.Load(ref c0, v2), c03 = TV.Load(ref c0, v3);
        TV c10 = TV.Load(ref c1, 0), c11 = TV.Load(ref c1, v1), c12 = TV.Load(ref c1, v2), c13 = TV.Load(ref c1, v3);
        TV c20 = TV.Load(ref c2, 0), c21 = TV.Load(ref c2, v1), c22 = TV.Load(ref c2, v2), c23 = TV.Load(ref c2, v3);
        TV c30 = TV.Load(ref c3, 0), c31 = TV.Load(ref c3, v1), c32 = TV.Load(ref c3, v2), c33 = TV.Load(ref c3, v3);
        ref T a0 = ref Unsafe.Add(ref ra, m * sam);
        ref T a1 = ref Unsafe.Add(ref a0, sam);
        ref T a2 = ref Unsafe.Add(ref a1, sam);
        ref T a3 = ref Unsafe.Add(ref a2, sam);
        ref T bRow = ref Unsafe.Add(ref rb, n);
        int ak = 0;
        for (int k = 0; k < kCount; k++, ak += sak)
        {
            TV b0 = TV.Load(ref bRow, 0), b1 = TV.Load(ref bRow, v1), b2 = TV.Load(ref bRow, v2), b3 = TV.Load(ref bRow, v3);
            TV s = TV.Create(Unsafe.Add(ref a0, ak));
            c00 = TV.MulAdd(s, b0, c00); c01 = TV.MulAdd(s, b1, c01); c02 = TV.MulAdd(s, b2, c02); c03 = TV.MulAdd(s, b3, c03);
            s = TV.Create(Unsafe.Add(ref a1, ak));
            c10 = TV.MulAdd(s, b0, c10); c11 = TV.MulAdd(s, b1, c11); c12 = TV.MulAdd(s, b2, c12); c13 = TV.MulAdd(s, b3, c13);
            s = TV.Create(Unsafe.Add(ref a2, ak));
            c20 = TV.MulAdd(s, b0, c20); c21 = TV.MulAdd(s, b1, c21); c22 = TV.MulAdd(s, b2, c22); c23 = TV.MulAdd(s, b3, c23);
            s = TV.Create(Unsafe.Add(ref a3, ak));
            c30 = TV.MulAdd(s, b0, c30); c31 = TV.MulAdd(s, b1, c31); c32 = TV.MulAdd(s, b2, c32); c33 = TV.MulAdd(s, b3, c33);
            bRow = ref Unsafe.Add(ref bRow, nCount);
        }
        TV.Store(c00, ref c0, 0); TV.Store(c01, ref c0, v1); TV.Store(c02, ref c0, v2); TV.Store(c03, ref c0, v3);
        TV.Store(c10, ref c1, 0); TV.Store(c11, ref c1, v1); TV.Store(c12, ref c1, v2); TV.Store(c13, ref c1, v3);
        TV.Store(c20, ref c2, 0); TV.Store(c21, ref c2, v1); TV.Store(c22, ref c2, v2); TV.Store(c23, ref c2, v3);
        TV.Store(c30, ref c3, 0); TV.Store(c31, ref c3, v1); TV.Store(c32, ref c3, v2); TV.Store(c33, ref c3, v3);
    }

    private static void Block4x1<T, TV, TD>(ref T ra, int sam, int sak, ref T rb, ref T rc, int m, int n, int nCount, int kCount)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        ref T c0 = ref Unsafe.Add(ref rc, m * nCount + n);
        ref T c1 = ref Unsafe.Add(ref c0, nCount);
        ref T c2 = ref Unsafe.Add(ref c1, nCount);
        ref T c3 = ref Unsafe.Add(ref c2, nCount);
        TV c00 = TV.Load(ref c0, 0), c10 = TV.Load(ref c1, 0), c20 = TV.Load(ref c2, 0), c30 = TV.Load(ref c3, 0);
        ref T a0 = ref Unsafe.Add(ref ra, m * sam);
        ref T a1 = ref Unsafe.Add(ref a0, sam);
        ref T a2 = ref Unsafe.Add(ref a1, sam);
        ref T a3 = ref Unsafe.Add(ref a2, sam);
        ref T bRow = ref Unsafe.Add(ref rb, n);
        int ak = 0;
        for (int k = 0; k < kCount; k++, ak += sak)
        {
            TV b0 = TV.Load(ref bRow, 0);
            c00 = TV.MulAdd(TV.Create(Unsafe.Add(ref a0, ak)), b0, c00);
            c10 = TV.MulAdd(TV.Create(Unsafe.Add(ref a1, ak)), b0, c10);
            c20 = TV.MulAdd(TV.Create(Unsafe.Add(ref a2, ak)), b0, c20);
            c30 = TV.MulAdd(TV.Create(Unsafe.Add(ref a3, ak)), b0, c30);
            bRow = ref Unsafe.Add(ref bRow, nCount);
        }
        TV.Store(c00, ref c0, 0); TV.Store(c10, ref c1, 0); TV.Store(c20, ref c2, 0); TV.Store(c30, ref c3, 0);
    }

    private static void Block1x1<T, TV, TD>(ref T ra, int sam, int sak, ref T rb, ref T rc, int m, int n, int nCount, int kCount)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        ref T c0 = ref Unsafe.Add(ref rc, m * nCount + n);
        TV acc = TV.Load(ref c0, 0);
        ref T a0 = ref Unsafe.Add(ref ra, m * sam);
        ref T bRow = ref Unsafe.Add(ref rb, n);
        int ak = 0;
        for (int k = 0; k < kCount; k++, ak += sak)
        {
            acc = TV.MulAdd(TV.Create(Unsafe.Add(ref a0, ak)), TV.Load(ref bRow, 0), acc);
            bRow = ref Unsafe.Add(ref bRow, nCount);
        }
        TV.Store(acc, ref c0, 0);
    }

    private static void Block1x4<T, TV, TD>(ref T ra, int sam, int sak, ref T rb, ref T rc, int m, int n, int nCount, int kCount)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        int vc = TV.Count;
        nuint v1 = (nuint)vc, v2 = (nuint)(2 * vc), v3 = (nuint)(3 * vc);
        ref T c0 = ref Unsafe.Add(ref rc, m * nCount + n);
        TV c00 = TV.Load(ref c0, 0), c01 = TV.Load(ref c0, v1), c02 = TV.Load(ref c0, v2), c03 = TV.Load(ref c0, v3);
        ref T a0 = ref Unsafe.Add(ref ra, m * sam);
        ref T bRow = ref Unsafe.Add(ref rb, n);
        int ak = 0;
        for (int k = 0; k < kCount; k++, ak += sak)
        {
            TV s = TV.Create(Unsafe.Add(ref a0, ak));
            c00 = TV.MulAdd(s, TV.Load(ref bRow, 0), c00);
            c01 = TV.MulAdd(s, TV.Load(ref bRow, v1), c01);
            c02 = TV.MulAdd(s, TV.Load(ref bRow, v2), c02);
            c03 = TV.MulAdd(s, TV.Load(ref bRow, v3), c03);
            bRow = ref Unsafe.Add(ref bRow, nCount);
        }
        TV.Store(c00, ref c0, 0); TV.Store(c01, ref c0, v1); TV.Store(c02, ref c0, v2); TV.Store(c03, ref c0, v3);
    }
}
