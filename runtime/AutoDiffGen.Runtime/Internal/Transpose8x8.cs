using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen.Internal;

/// <summary>
/// An 8 × 8 tile of doubles transposed in AVX-512 registers: 8 unpacks, then two rounds of 8 shuffles of 128-bit blocks (24
/// instructions for 64 elements). <see cref="CrossEntropyBlocks"/> uses it to turn 8 rows of 8 classes into 8 class columns
/// and back, where the element-by-element loads, inserts and scalar adds took several instructions per element.
/// Requires <see cref="Avx512F.IsSupported"/>.
/// </summary>
internal static class Transpose8x8
{
    /// <summary>
    /// Column c (c = 0 … 7) of the tile whose row k starts at <c>source + k·stride</c>, stored at <c>destination + c·8</c>:
    /// <c>destination[c·8 + k] = source[k·stride + c]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadColumns(ref double source, nuint stride, ref double destination)
    {
        Transpose(
            Vector512.LoadUnsafe(ref source), Vector512.LoadUnsafe(ref source, stride),
            Vector512.LoadUnsafe(ref source, 2 * stride), Vector512.LoadUnsafe(ref source, 3 * stride),
            Vector512.LoadUnsafe(ref source, 4 * stride), Vector512.LoadUnsafe(ref source, 5 * stride),
            Vector512.LoadUnsafe(ref source, 6 * stride), Vector512.LoadUnsafe(ref source, 7 * stride),
            out Vector512<double> c0, out Vector512<double> c1, out Vector512<double> c2, out Vector512<double> c3,
            out Vector512<double> c4, out Vector512<double> c5, out Vector512<double> c6, out Vector512<double> c7);
        c0.StoreUnsafe(ref destination);
        c1.StoreUnsafe(ref destination, 8);
        c2.StoreUnsafe(ref destination, 16);
        c3.StoreUnsafe(ref destination, 24);
        c4.StoreUnsafe(ref destination, 32);
        c5.StoreUnsafe(ref destination, 40);
        c6.StoreUnsafe(ref destination, 48);
        c7.StoreUnsafe(ref destination, 56);
    }

    /// <summary>
    /// Adds the transpose of the 8 columns at <c>source + c·8</c> into the rows at <c>destination + k·stride</c>:
    /// <c>destination[k·stride + c] += source[c·8 + k]</c>, one rounding per element as the scalar <c>+=</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddRows(ref double source, ref double destination, nuint stride)
    {
        Transpose(
            Vector512.LoadUnsafe(ref source), Vector512.LoadUnsafe(ref source, 8),
            Vector512.LoadUnsafe(ref source, 16), Vector512.LoadUnsafe(ref source, 24),
            Vector512.LoadUnsafe(ref source, 32), Vector512.LoadUnsafe(ref source, 40),
            Vector512.LoadUnsafe(ref source, 48), Vector512.LoadUnsafe(ref source, 56),
            out Vector512<double> r0, out Vector512<double> r1, out Vector512<double> r2, out Vector512<double> r3,
            out Vector512<double> r4, out Vector512<double> r5, out Vector512<double> r6, out Vector512<double> r7);
        (Vector512.LoadUnsafe(ref destination) + r0).StoreUnsafe(ref destination);
        (Vector512.LoadUnsafe(ref destination, stride) + r1).StoreUnsafe(ref destination, stride);
        (Vector512.LoadUnsafe(ref destination, 2 * stride) + r2).StoreUnsafe(ref destination, 2 * stride);
        (Vector512.LoadUnsafe(ref destination, 3 * stride) + r3).StoreUnsafe(ref destination, 3 * stride);
        (Vector512.LoadUnsafe(ref destination, 4 * stride) + r4).StoreUnsafe(ref destination, 4 * stride);
        (Vector512.LoadUnsafe(ref destination, 5 * stride) + r5).StoreUnsafe(ref destination, 5 * stride);
        (Vector512.LoadUnsafe(ref destination, 6 * stride) + r6).StoreUnsafe(ref destination, 6 * stride);
        (Vector512.LoadUnsafe(ref destination, 7 * stride) + r7).StoreUnsafe(ref destination, 7 * stride);
    }

    // o_k[j] = a_j[k]. Unpacks pair rows 2i and 2i + 1 in each 128-bit block ([a0[k] a1[k]] for even k in t0, odd k in t1, …);
    // the first shuffle round gathers the blocks of rows 0–3 and of rows 4–7 for k and k + 4 side by side, the second puts
    // the four blocks of one k together.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(
        Vector512<double> a0, Vector512<double> a1, Vector512<double> a2, Vector512<double> a3,
        Vector512<double> a4, Vector512<double> a5, Vector512<double> a6, Vector512<double> a7,
        out Vector512<double> o0, out Vector512<double> o1, out Vector512<double> o2, out Vector512<double> o3,
        out Vector512<double> o4, out Vector512<double> o5, out Vector512<double> o6, out Vector512<double> o7)
    {
        const byte Even = 0b10_00_10_00, Odd = 0b11_01_11_01;
        Vector512<double> t0 = Avx512F.UnpackLow(a0, a1), t1 = Avx512F.UnpackHigh(a0, a1);
        Vector512<double> t2 = Avx512F.UnpackLow(a2, a3), t3 = Avx512F.UnpackHigh(a2, a3);
        Vector512<double> t4 = Avx512F.UnpackLow(a4, a5), t5 = Avx512F.UnpackHigh(a4, a5);
        Vector512<double> t6 = Avx512F.UnpackLow(a6, a7), t7 = Avx512F.UnpackHigh(a6, a7);
        Vector512<double> u0 = Avx512F.Shuffle4x128(t0, t2, Even), u1 = Avx512F.Shuffle4x128(t0, t2, Odd); // k 0, 4 | 2, 6 (rows 0–3)
        Vector512<double> u2 = Avx512F.Shuffle4x128(t1, t3, Even), u3 = Avx512F.Shuffle4x128(t1, t3, Odd); // k 1, 5 | 3, 7
        Vector512<double> u4 = Avx512F.Shuffle4x128(t4, t6, Even), u5 = Avx512F.Shuffle4x128(t4, t6, Odd); // the same, rows 4–7
        Vector512<double> u6 = Avx512F.Shuffle4x128(t5, t7, Even), u7 = Avx512F.Shuffle4x128(t5, t7, Odd);
        o0 = Avx512F.Shuffle4x128(u0, u4, Even);
        o4 = Avx512F.Shuffle4x128(u0, u4, Odd);
        o2 = Avx512F.Shuffle4x128(u1, u5, Even);
        o6 = Avx512F.Shuffle4x128(u1, u5, Odd);
        o1 = Avx512F.Shuffle4x128(u2, u6, Even);
        o5 = Avx512F.Shuffle4x128(u2, u6, Odd);
        o3 = Avx512F.Shuffle4x128(u3, u7, Even);
        o7 = Avx512F.Shuffle4x128(u3, u7, Odd);
    }
}
