using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Internal;

/// <summary>
/// The column loops of a packed lower-triangular product (<see cref="Linear.TriangularMultiply{T}"/>) and of its pullback,
/// four columns per pass. Columns run from n − 1 elements down to 1, so most are short: each loop over the columns is one
/// method with its vector loop inline (512- or 256-bit FMAs, then a scalar tail), not a call per column, whose fixed cost is most of the work
/// below about 16 elements. After the widest vectors, one 256-bit step shortens the scalar tail (a column of 64-bit values
/// and AVX-512 leaves at most 3 scalar elements instead of 7; counted at n = 64, the tails had as many iterations as the
/// vector loops).
/// </summary>
internal static class TriangularColumns
{
    /// <summary>
    /// <c>y = D x + L x</c> (<paramref name="overwrite"/>) or <c>y += D x + L x</c>, D the diagonal matrix of
    /// <paramref name="diagonal"/> and L the packed strict lower triangle <paramref name="strictLower"/> (either empty for
    /// zero); n = <paramref name="x"/>'s length, lengths checked by the caller.
    /// </summary>
    public static void MultiplyAdd<T>(ReadOnlySpan<T> diagonal, ReadOnlySpan<T> strictLower, ReadOnlySpan<T> x, Span<T> y, bool overwrite)
        where T : IFloatingPointIeee754<T>
    {
        if (overwrite && diagonal.IsEmpty) y.Clear();
        ref T dg = ref MemoryMarshal.GetReference(diagonal);
        ref T l = ref MemoryMarshal.GetReference(strictLower);
        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T ry = ref MemoryMarshal.GetReference(y);
        int n = x.Length;
        bool hasDiagonal = !diagonal.IsEmpty, hasLower = !strictLower.IsEmpty;
        if (Spans.IsNative<T>() && Vector512.IsHardwareAccelerated) MultiplyAdd<T, V512<T>, V512<double>>(ref dg, ref l, ref rx, ref ry, n, hasDiagonal, hasLower, overwrite);
        else if (Spans.IsNative<T>() && Vector256.IsHardwareAccelerated) MultiplyAdd<T, V256<T>, V256<double>>(ref dg, ref l, ref rx, ref ry, n, hasDiagonal, hasLower, overwrite);
        else MultiplyAdd<T, V1<T>, V1<double>>(ref dg, ref l, ref rx, ref ry, n, hasDiagonal, hasLower, overwrite);
    }

    /// <summary>
    /// The pullback of <c>y = (D + L) x</c> at the adjoint <paramref name="g"/> of y: <c>dDiagonal += g ∘ x</c>,
    /// <c>dL[column i] += x[i] · g[i+1..n)</c> and <c>dX += Dᵀ g + Lᵀ g</c> (the last two in one pass over each column).
    /// Empty adjoints are skipped; for dX, an empty <paramref name="diagonal"/> or <paramref name="strictLower"/> is zero.
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> diagonal, ReadOnlySpan<T> strictLower, ReadOnlySpan<T> x, ReadOnlySpan<T> g,
        Span<T> dDiagonal, Span<T> dStrictLower, Span<T> dX) where T : IFloatingPointIeee754<T>
    {
        ref T dg = ref MemoryMarshal.GetReference(diagonal);
        ref T l = ref MemoryMarshal.GetReference(strictLower);
        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T rg = ref MemoryMarshal.GetReference(g);
        ref T ddg = ref MemoryMarshal.GetReference(dDiagonal);
        ref T dl = ref MemoryMarshal.GetReference(dStrictLower);
        ref T dx = ref MemoryMarshal.GetReference(dX);
        int n = g.Length;
        bool toDiagonal = !dDiagonal.IsEmpty, fromDiagonal = !dX.IsEmpty && !diagonal.IsEmpty;
        bool lower = !dStrictLower.IsEmpty, transposed = !dX.IsEmpty && !strictLower.IsEmpty;
        if (Spans.IsNative<T>() && Vector512.IsHardwareAccelerated)
            Backward<T, V512<T>, V512<double>>(ref dg, ref l, ref rx, ref rg, ref ddg, ref dl, ref dx, n, toDiagonal, fromDiagonal, lower, transposed);
        else if (Spans.IsNative<T>() && Vector256.IsHardwareAccelerated)
            Backward<T, V256<T>, V256<double>>(ref dg, ref l, ref rx, ref rg, ref ddg, ref dl, ref dx, n, toDiagonal, fromDiagonal, lower, transposed);
        else Backward<T, V1<T>, V1<double>>(ref dg, ref l, ref rx, ref rg, ref ddg, ref dl, ref dx, n, toDiagonal, fromDiagonal, lower, transposed);
    }

    // Four columns at a time: their rows below the block get the four products in one pass (y loaded and stored once, not
    // four times, and column i + 1 no longer reloads, one element further on, the y that column i has just stored, which
    // defeats store forwarding: at n = 10 this loop took more time than the pullback's, and blocking made the GMM objective
    // 1.4–1.7 × faster from n = 10 on). Every y[j] still receives its terms in column order.
    private static void MultiplyAdd<T, TV, TD>(ref T dg, ref T l, ref T x, ref T y, int n, bool hasDiagonal, bool hasLower, bool overwrite)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        if (hasDiagonal) Diagonal<T, TV, TD>(ref dg, ref x, ref y, n, overwrite);
        if (!hasLower) return;
        int i = 0;
        for (; i + 4 < n; i += 4)
        {
            nuint a0 = ColumnStart(i, n), a1 = ColumnStart(i + 1, n), a2 = ColumnStart(i + 2, n), a3 = ColumnStart(i + 3, n);
            T x0 = Unsafe.Add(ref x, i), x1 = Unsafe.Add(ref x, i + 1), x2 = Unsafe.Add(ref x, i + 2), x3 = Unsafe.Add(ref x, i + 3);
            // The block's own triangle: rows i + 1 … i + 3.
            Unsafe.Add(ref y, i + 1) += Unsafe.Add(ref l, a0) * x0;
            Unsafe.Add(ref y, i + 2) += Unsafe.Add(ref l, a0 + 1) * x0;
            Unsafe.Add(ref y, i + 2) += Unsafe.Add(ref l, a1) * x1;
            Unsafe.Add(ref y, i + 3) += Unsafe.Add(ref l, a0 + 2) * x0;
            Unsafe.Add(ref y, i + 3) += Unsafe.Add(ref l, a1 + 1) * x1;
            Unsafe.Add(ref y, i + 3) += Unsafe.Add(ref l, a2) * x2;
            // Rows i + 4 … n − 1: column i + c's entry for row j is at a_c + j − (i + c) − 1.
            ref T c0 = ref Unsafe.Add(ref l, a0 + 3);
            ref T c1 = ref Unsafe.Add(ref l, a1 + 2);
            ref T c2 = ref Unsafe.Add(ref l, a2 + 1);
            ref T c3 = ref Unsafe.Add(ref l, a3);
            ref T target = ref Unsafe.Add(ref y, i + 4);
            nuint length = (nuint)(n - i - 4), j = 0;
            TV v0 = TV.Create(x0), v1 = TV.Create(x1), v2 = TV.Create(x2), v3 = TV.Create(x3);
            for (; j + (nuint)TV.Count <= length; j += (nuint)TV.Count)
            {
                TV acc = TV.MulAdd(TV.Load(ref c0, j), v0, TV.Load(ref target, j));
                acc = TV.MulAdd(TV.Load(ref c1, j), v1, acc);
                acc = TV.MulAdd(TV.Load(ref c2, j), v2, acc);
                TV.Store(TV.MulAdd(TV.Load(ref c3, j), v3, acc), ref target, j);
            }
            if (MediumVectors.HalfStep<T, TV, TD>() && j + (nuint)V256<T>.Count <= length)
            {
                V256<T> acc = V256<T>.MulAdd(V256<T>.Load(ref c0, j), V256<T>.Create(x0), V256<T>.Load(ref target, j));
                acc = V256<T>.MulAdd(V256<T>.Load(ref c1, j), V256<T>.Create(x1), acc);
                acc = V256<T>.MulAdd(V256<T>.Load(ref c2, j), V256<T>.Create(x2), acc);
                V256<T>.Store(V256<T>.MulAdd(V256<T>.Load(ref c3, j), V256<T>.Create(x3), acc), ref target, j);
                j += (nuint)V256<T>.Count;
            }
            for (; j < length; j++)
            {
                T acc = Unsafe.Add(ref target, j) + Unsafe.Add(ref c0, j) * x0;
                acc += Unsafe.Add(ref c1, j) * x1;
                acc += Unsafe.Add(ref c2, j) * x2;
                Unsafe.Add(ref target, j) = acc + Unsafe.Add(ref c3, j) * x3;
            }
        }
        // The last columns (fewer than four left, each shorter than four rows) one at a time.
        for (; i < n - 1; i++)
        {
            T s = Unsafe.Add(ref x, i);
            ref T column = ref Unsafe.Add(ref l, ColumnStart(i, n));
            for (int j = 0; j < n - i - 1; j++) Unsafe.Add(ref y, i + 1 + j) += Unsafe.Add(ref column, j) * s;
        }
    }

    // y = a ∘ b (overwrite) or y += a ∘ b, over n elements.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Diagonal<T, TV, TD>(ref T a, ref T b, ref T y, int n, bool overwrite)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        nuint j = 0, length = (nuint)n;
        if (overwrite)
        {
            for (; j + (nuint)TV.Count <= length; j += (nuint)TV.Count) TV.Store(TV.Load(ref a, j) * TV.Load(ref b, j), ref y, j);
            for (; j < length; j++) Unsafe.Add(ref y, j) = Unsafe.Add(ref a, j) * Unsafe.Add(ref b, j);
        }
        else
        {
            for (; j + (nuint)TV.Count <= length; j += (nuint)TV.Count) TV.Store(TV.MulAdd(TV.Load(ref a, j), TV.Load(ref b, j), TV.Load(ref y, j)), ref y, j);
            for (; j < length; j++) Unsafe.Add(ref y, j) += Unsafe.Add(ref a, j) * Unsafe.Add(ref b, j);
        }
    }

    // Where column i of the packed strict lower triangle of an n × n matrix starts: i (2n − i − 1) / 2.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint ColumnStart(int i, int n) => (nuint)((long)i * (2L * n - i - 1) / 2);

    // The pullback: the diagonal's two products, then the columns, four at a time where both adjoints are wanted (the common
    // case): the block shares each load of g, and its four dot products are independent chains.
    private static void Backward<T, TV, TD>(ref T dg, ref T l, ref T x, ref T g, ref T ddg, ref T dl, ref T dx, int n,
        bool toDiagonal, bool fromDiagonal, bool lower, bool transposed)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        if (toDiagonal) Diagonal<T, TV, TD>(ref g, ref x, ref ddg, n, overwrite: false);
        if (fromDiagonal) Diagonal<T, TV, TD>(ref dg, ref g, ref dx, n, overwrite: false);
        if (!lower && !transposed) return;
        int first = 0;
        if (lower && transposed)
        {
            for (; first + 4 < n; first += 4) BackwardBlock<T, TV, TD>(ref l, ref x, ref g, ref dl, ref dx, n, first);
        }
        for (int i = first; i < n - 1; i++) BackwardColumn<T, TV, TD>(ref l, ref x, ref g, ref dl, ref dx, n, i, lower, transposed);
    }

    private static void BackwardBlock<T, TV, TD>(ref T l, ref T x, ref T g, ref T dl, ref T dx, int n, int i)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        nuint a0 = ColumnStart(i, n), a1 = ColumnStart(i + 1, n), a2 = ColumnStart(i + 2, n), a3 = ColumnStart(i + 3, n);
        T x0 = Unsafe.Add(ref x, i), x1 = Unsafe.Add(ref x, i + 1), x2 = Unsafe.Add(ref x, i + 2), x3 = Unsafe.Add(ref x, i + 3);
        T g1 = Unsafe.Add(ref g, i + 1), g2 = Unsafe.Add(ref g, i + 2), g3 = Unsafe.Add(ref g, i + 3);
        // The block's own triangle: rows i + 1 … i + 3.
        Unsafe.Add(ref dl, a0) += x0 * g1;
        Unsafe.Add(ref dl, a0 + 1) += x0 * g2;
        Unsafe.Add(ref dl, a0 + 2) += x0 * g3;
        Unsafe.Add(ref dl, a1) += x1 * g2;
        Unsafe.Add(ref dl, a1 + 1) += x1 * g3;
        Unsafe.Add(ref dl, a2) += x2 * g3;
        T s0 = Unsafe.Add(ref l, a0) * g1 + Unsafe.Add(ref l, a0 + 1) * g2 + Unsafe.Add(ref l, a0 + 2) * g3;
        T s1 = Unsafe.Add(ref l, a1) * g2 + Unsafe.Add(ref l, a1 + 1) * g3;
        T s2 = Unsafe.Add(ref l, a2) * g3;
        T s3 = T.Zero;
        // Rows i + 4 … n − 1.
        ref T c0 = ref Unsafe.Add(ref l, a0 + 3);
        ref T c1 = ref Unsafe.Add(ref l, a1 + 2);
        ref T c2 = ref Unsafe.Add(ref l, a2 + 1);
        ref T c3 = ref Unsafe.Add(ref l, a3);
        ref T d0 = ref Unsafe.Add(ref dl, a0 + 3);
        ref T d1 = ref Unsafe.Add(ref dl, a1 + 2);
        ref T d2 = ref Unsafe.Add(ref dl, a2 + 1);
        ref T d3 = ref Unsafe.Add(ref dl, a3);
        ref T seg = ref Unsafe.Add(ref g, i + 4);
        nuint length = (nuint)(n - i - 4), j = 0;
        if (length >= (nuint)TV.Count)
        {
            TV v0 = TV.Create(x0), v1 = TV.Create(x1), v2 = TV.Create(x2), v3 = TV.Create(x3);
            TV e0 = TV.Zero, e1 = TV.Zero, e2 = TV.Zero, e3 = TV.Zero;
            for (; j + (nuint)TV.Count <= length; j += (nuint)TV.Count)
            {
                TV vg = TV.Load(ref seg, j);
                TV.Store(TV.MulAdd(vg, v0, TV.Load(ref d0, j)), ref d0, j);
                TV.Store(TV.MulAdd(vg, v1, TV.Load(ref d1, j)), ref d1, j);
                TV.Store(TV.MulAdd(vg, v2, TV.Load(ref d2, j)), ref d2, j);
                TV.Store(TV.MulAdd(vg, v3, TV.Load(ref d3, j)), ref d3, j);
                e0 = TV.MulAdd(TV.Load(ref c0, j), vg, e0);
                e1 = TV.MulAdd(TV.Load(ref c1, j), vg, e1);
                e2 = TV.MulAdd(TV.Load(ref c2, j), vg, e2);
                e3 = TV.MulAdd(TV.Load(ref c3, j), vg, e3);
            }
            s0 += TV.Sum(e0);
            s1 += TV.Sum(e1);
            s2 += TV.Sum(e2);
            s3 += TV.Sum(e3);
        }
        if (MediumVectors.HalfStep<T, TV, TD>() && j + (nuint)V256<T>.Count <= length)
        {
            V256<T> vg = V256<T>.Load(ref seg, j);
            V256<T>.Store(V256<T>.MulAdd(vg, V256<T>.Create(x0), V256<T>.Load(ref d0, j)), ref d0, j);
            V256<T>.Store(V256<T>.MulAdd(vg, V256<T>.Create(x1), V256<T>.Load(ref d1, j)), ref d1, j);
            V256<T>.Store(V256<T>.MulAdd(vg, V256<T>.Create(x2), V256<T>.Load(ref d2, j)), ref d2, j);
            V256<T>.Store(V256<T>.MulAdd(vg, V256<T>.Create(x3), V256<T>.Load(ref d3, j)), ref d3, j);
            s0 += V256<T>.Sum(V256<T>.Load(ref c0, j) * vg);
            s1 += V256<T>.Sum(V256<T>.Load(ref c1, j) * vg);
            s2 += V256<T>.Sum(V256<T>.Load(ref c2, j) * vg);
            s3 += V256<T>.Sum(V256<T>.Load(ref c3, j) * vg);
            j += (nuint)V256<T>.Count;
        }
        for (; j < length; j++)
        {
            T gj = Unsafe.Add(ref seg, j);
            Unsafe.Add(ref d0, j) += gj * x0;
            Unsafe.Add(ref d1, j) += gj * x1;
            Unsafe.Add(ref d2, j) += gj * x2;
            Unsafe.Add(ref d3, j) += gj * x3;
            s0 += Unsafe.Add(ref c0, j) * gj;
            s1 += Unsafe.Add(ref c1, j) * gj;
            s2 += Unsafe.Add(ref c2, j) * gj;
            s3 += Unsafe.Add(ref c3, j) * gj;
        }
        Unsafe.Add(ref dx, i) += s0;
        Unsafe.Add(ref dx, i + 1) += s1;
        Unsafe.Add(ref dx, i + 2) += s2;
        Unsafe.Add(ref dx, i + 3) += s3;
    }

    private static void BackwardColumn<T, TV, TD>(ref T l, ref T x, ref T g, ref T dl, ref T dx, int n, int i, bool lower, bool transposed)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        nuint at = ColumnStart(i, n);
        ref T seg = ref Unsafe.Add(ref g, i + 1);
        nuint length = (nuint)(n - i - 1), j = 0;
        if (lower && transposed)
        {
            ref T column = ref Unsafe.Add(ref l, at);
            ref T dColumn = ref Unsafe.Add(ref dl, at);
            T s = Unsafe.Add(ref x, i);
            TV vs = TV.Create(s), acc = TV.Zero;
            for (; j + (nuint)TV.Count <= length; j += (nuint)TV.Count)
            {
                TV vg = TV.Load(ref seg, j);
                TV.Store(TV.MulAdd(vg, vs, TV.Load(ref dColumn, j)), ref dColumn, j);
                acc = TV.MulAdd(TV.Load(ref column, j), vg, acc);
            }
            T sum = TV.Sum(acc);
            if (MediumVectors.HalfStep<T, TV, TD>() && j + (nuint)V256<T>.Count <= length)
            {
                V256<T> vg = V256<T>.Load(ref seg, j);
                V256<T>.Store(V256<T>.MulAdd(vg, V256<T>.Create(s), V256<T>.Load(ref dColumn, j)), ref dColumn, j);
                sum += V256<T>.Sum(V256<T>.Load(ref column, j) * vg);
                j += (nuint)V256<T>.Count;
            }
            for (; j < length; j++)
            {
                T gj = Unsafe.Add(ref seg, j);
                Unsafe.Add(ref dColumn, j) += gj * s;
                sum += Unsafe.Add(ref column, j) * gj;
            }
            Unsafe.Add(ref dx, i) += sum;
        }
        else if (lower) MediumVectors.AddScaled<T, TV, TD>(ref seg, Unsafe.Add(ref x, i), ref Unsafe.Add(ref dl, at), length);
        else Unsafe.Add(ref dx, i) += MediumVectors.Dot<T, TV, TD>(ref Unsafe.Add(ref l, at), ref seg, length);
    }
}
