using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen.Internal;

/// <summary>
/// The batched softmax cross-entropy and its gradient for short rows (a classifier's 10 classes), one vector's worth of
/// rows at a time: a block of rows is transposed into scratch so that each vector holds one class of 8 rows (16 floats),
/// and the row maximum, the sum of exponentials, the logarithm and the gradient's per-row scale are then plain lane-wise
/// vector operations, with no per-row horizontal reductions, scalar loops or vector tails. The arithmetic is the row-wise
/// path's operation for operation (the same exp, sums in class order, the same log, the same divisions), so both paths
/// give the same bits; the row-wise one still serves long rows, single rows and the tangents.
/// </summary>
internal static class CrossEntropyBlocks
{
    /// <summary>Whether the block form applies: a native type with vectors, rows no longer than 8 vectors, and at least
    /// half a vector of rows (the padding of the last block is then at most half the work).</summary>
    public static bool Fits<T>(int rows, int classes) where T : IFloatingPointIeee754<T>
    {
        if (!Spans.IsNative<T>()) return false;
        int lanes = Vector512.IsHardwareAccelerated ? Vector512<T>.Count : Vector256.IsHardwareAccelerated ? Vector256<T>.Count : 0;
        return lanes > 0 && classes <= 8 * lanes && 2 * rows >= lanes;
    }

    /// <summary>
    /// Σ_b CE(row b) over the rows of a [rows × classes] matrix and, unless <paramref name="dLogits"/> is empty,
    /// <c>dLogits_b += rowSeed · (softmax(row b) − onehot)</c>, nothing where that partial derivative is exactly 0. Requires
    /// <see cref="Fits{T}"/>.
    /// </summary>
    public static T Run<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, int classes, T rowSeed, Span<T> dLogits)
        where T : IFloatingPointIeee754<T>
        => Vector512.IsHardwareAccelerated
            ? Run<T, V512<T>, V512<double>>(logits, labels, classes, rowSeed, dLogits)
            : Run<T, V256<T>, V256<double>>(logits, labels, classes, rowSeed, dLogits);

    /// <summary><c>ln(sum)</c> for a sum of exponentials of max-subtracted logits (at least 1, or NaN), by the vector
    /// kernels' <c>ln(1 + (sum − 1))</c>, where <c>sum − 1</c> is exact: the row-wise path's log, the same bits as the blocks'.</summary>
    public static T LogOfSum<T>(T sum) where T : IFloatingPointIeee754<T>
        => VMath.Log1PNonNegative<V1<T>, T, V1<double>>(new V1<T>(sum - T.One)).Value;

    /// <summary><c>e[i] = exp(e[i])</c> with the vector kernel's exp in every element, the tail included, so that a
    /// row's exponentials do not depend on where the row starts within the vectors.</summary>
    public static void ExpInPlace<T>(Span<T> e) where T : IFloatingPointIeee754<T>
    {
        ref T r = ref MemoryMarshal.GetReference(e);
        int i = 0;
        if (Spans.IsNative<T>())
        {
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i <= e.Length - Vector512<T>.Count; i += Vector512<T>.Count)
                    V512<T>.Store(VMath.Exp<V512<T>, T, V512<double>>(V512<T>.Load(ref r, (nuint)i)), ref r, (nuint)i);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; i <= e.Length - Vector256<T>.Count; i += Vector256<T>.Count)
                    V256<T>.Store(VMath.Exp<V256<T>, T, V256<double>>(V256<T>.Load(ref r, (nuint)i)), ref r, (nuint)i);
            }
        }
        for (; i < e.Length; i++) e[i] = VMath.Exp<V1<T>, T, V1<double>>(new V1<T>(e[i])).Value;
    }

    /// <summary>
    /// The exps of the class columns, shifted by their rows' maximum, and each row's sum of them in class order; the exps are
    /// kept in place for the gradient when <paramref name="keep"/>. An inline root of its own, so that the JIT's inlining
    /// budget covers two exps per iteration (in <see cref="Run{T, TV, TD}"/> it ran out, and generic arithmetic after it
    /// stayed calls).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ExpsAndSums<T, TV, TD>(ref T columns, ref T maxes, ref T sums, int blocks, int blockSize, bool keep)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        int lanes = TV.Count;
        for (int b = 0; b < blocks; b++)
        {
            TV max = TV.Load(ref maxes, (nuint)(b * lanes)), sum = TV.Zero;
            int i = b * blockSize, end = (b + 1) * blockSize;
            if (typeof(T) == typeof(double))
            {
                // Two classes per iteration, so two exp chains interleave (as in Elementwise's loops); still summed in class
                // order. Doubles only: a float exp is two double exps already.
                for (; i + lanes < end; i += 2 * lanes)
                {
                    TV e0 = VMath.Exp<TV, T, TD>(TV.Load(ref columns, (nuint)i) - max);
                    TV e1 = VMath.Exp<TV, T, TD>(TV.Load(ref columns, (nuint)(i + lanes)) - max);
                    if (keep)
                    {
                        TV.Store(e0, ref columns, (nuint)i);
                        TV.Store(e1, ref columns, (nuint)(i + lanes));
                    }
                    sum += e0;
                    sum += e1;
                }
            }
            for (; i < end; i += lanes)
            {
                TV e = VMath.Exp<TV, T, TD>(TV.Load(ref columns, (nuint)i) - max);
                if (keep) TV.Store(e, ref columns, (nuint)i);
                sum += e;
            }
            TV.Store(sum, ref sums, (nuint)(b * lanes));
        }
    }

    // Its own inline root, so the JIT's budget covers the inlined exp and log (see Elementwise's vector loops). Three phases,
    // so that the long dependency chains (exp's polynomial, the log) of different blocks overlap in the pipeline: the blocks'
    // columns and their rows' maximum, then the exps of all of them, then the sums, logs, losses and gradients.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T Run<T, TV, TD>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, int classes, T rowSeed, Span<T> dLogits)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        int lanes = TV.Count, rows = labels.Length, blocks = (rows + lanes - 1) / lanes, blockSize = classes * lanes;
        int columnsSize = blocks * blockSize, size = columnsSize + 4 * blocks * lanes + blockSize;
        nuint stride = (nuint)classes;
        Span<T> scratch = Scratch.RentUninitialized<T>(size);
        try
        {
            // columns[b·classes·lanes + c·lanes + k]: class c of row b·lanes + k (logits, then exponentials of the shifted
            // logits, then gradients); per row: its maximum, its sum of exponentials, its label's logit (then its loss) and
            // its label as T; padded: a last, partial block's rows followed by zero rows, so that its
            // columns can be read as whole vectors.
            Span<T> columns = scratch.Slice(0, columnsSize), maxes = scratch.Slice(columnsSize, blocks * lanes);
            Span<T> sums = scratch.Slice(columnsSize + blocks * lanes, blocks * lanes);
            Span<T> perRow = scratch.Slice(columnsSize + 2 * blocks * lanes, blocks * lanes);
            Span<T> labelClass = scratch.Slice(columnsSize + 3 * blocks * lanes, blocks * lanes);
            Span<T> padded = scratch.Slice(columnsSize + 4 * blocks * lanes, blockSize);
            ref T t = ref MemoryMarshal.GetReference(columns);
            for (int b = 0; b < blocks; b++)
            {
                int first = b * lanes, n = Math.Min(lanes, rows - first);
                ref T block = ref Unsafe.Add(ref MemoryMarshal.GetReference(logits), (nuint)first * stride);
                if (n < lanes)
                {
                    padded.Clear(); // zero rows with label 0: finite, then ignored
                    logits.Slice(first * classes, n * classes).CopyTo(padded);
                    block = ref MemoryMarshal.GetReference(padded);
                    labelClass.Slice(first, lanes).Clear();
                }
                // The labels as T, converted in one instruction where the vectors are 8 doubles (and then kept in a register:
                // scalar stores read back at once as one vector stall the load).
                TV labelLanes;
                if (typeof(TV) == typeof(V512<double>) && Avx512F.IsSupported && n == lanes)
                {
                    Vector512<double> converted = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref Unsafe.AsRef(in MemoryMarshal.GetReference(labels)), (nuint)first));
                    labelLanes = Unsafe.As<Vector512<double>, TV>(ref converted);
                    TV.Store(labelLanes, ref MemoryMarshal.GetReference(labelClass), (nuint)first);
                }
                else
                {
                    for (int k = 0; k < n; k++) labelClass[first + k] = T.CreateTruncating(labels[first + k]);
                    labelLanes = TV.Load(ref MemoryMarshal.GetReference(labelClass), (nuint)first);
                }

                // Each class's column is read from the rows once: 8 classes at a time by an in-register transpose where the
                // vectors are 8 doubles, the rest one gathered column at a time.
                nuint at0 = (nuint)(b * blockSize);
                int c = 0;
                if (typeof(TV) == typeof(V512<double>) && Avx512F.IsSupported)
                {
                    for (; c <= classes - 8; c += 8)
                        Transpose8x8.LoadColumns(ref Unsafe.As<T, double>(ref Unsafe.Add(ref block, c)), stride, ref Unsafe.As<T, double>(ref Unsafe.Add(ref t, at0 + (nuint)(c * lanes))));
                }
                for (; c < classes; c++) TV.Store(TV.Gather(ref block, (nuint)c, stride), ref t, at0 + (nuint)(c * lanes));

                // The rows' maximum in class order, NaN where a row holds one (which then propagates, as in the row-wise path),
                // and each row's logit at its label, picked lane-wise (a padding row's label is 0, its logits 0).
                TV max = TV.Load(ref t, at0), labelLogit = TV.SelectEqual(TV.Zero, labelLanes, max, TV.Zero);
                for (c = 1; c < classes; c++)
                {
                    TV v = TV.Load(ref t, at0 + (nuint)(c * lanes));
                    max = TV.SelectNaN(v, v, TV.SelectGreaterThan(v, max, v, max));
                    labelLogit = TV.SelectEqual(TV.Create(T.CreateTruncating(c)), labelLanes, v, labelLogit);
                }
                TV.Store(max, ref MemoryMarshal.GetReference(maxes), (nuint)first);
                TV.Store(labelLogit, ref MemoryMarshal.GetReference(perRow), (nuint)first);
            }

            bool gradient = !dLogits.IsEmpty;
            ExpsAndSums<T, TV, TD>(ref t, ref MemoryMarshal.GetReference(maxes), ref MemoryMarshal.GetReference(sums), blocks, blockSize, keep: gradient);

            ref T d = ref MemoryMarshal.GetReference(dLogits);
            TV seed = TV.Create(rowSeed);
            T total = T.Zero;
            for (int b = 0; b < blocks; b++)
            {
                int first = b * lanes, n = Math.Min(lanes, rows - first);
                nuint at0 = (nuint)(b * blockSize);
                ref T row = ref Unsafe.Add(ref MemoryMarshal.GetReference(perRow), first);
                TV sum = TV.Load(ref MemoryMarshal.GetReference(sums), (nuint)first);
                TV max = TV.Load(ref MemoryMarshal.GetReference(maxes), (nuint)first);
                TV.Store(VMath.Log1PNonNegative<TV, T, TD>(sum - TV.One) + (max - TV.Load(ref row, 0)), ref row, 0);
                for (int k = 0; k < n; k++) total += perRow[first + k]; // row order, as the row-wise path adds them
                if (!gradient) continue;

                // seed·softmax_c, and seed·(softmax − 1) at the label; nothing where that partial is exactly 0.
                // Each row's exp at its label, picked lane-wise from the class columns (a padding row's label is 0): scalar
                // stores read back at once as one vector stall the load.
                TV labelLanes = TV.Load(ref MemoryMarshal.GetReference(labelClass), (nuint)first), labelExp = TV.Zero;
                for (int c = 0; c < classes; c++)
                    labelExp = TV.SelectEqual(TV.Create(T.CreateTruncating(c)), labelLanes, TV.Load(ref t, at0 + (nuint)(c * lanes)), labelExp);
                TV labelPartial = labelExp / sum - TV.One;
                TV atLabel = TV.SelectEqual(labelPartial, TV.Zero, TV.Zero, seed * labelPartial);
                TV scale = seed / sum;
                for (int c = 0; c < classes; c++)
                {
                    nuint at = at0 + (nuint)(c * lanes);
                    TV e = TV.Load(ref t, at);
                    TV other = TV.SelectEqual(e, TV.Zero, TV.Zero, scale * e);
                    TV.Store(TV.SelectEqual(TV.Create(T.CreateTruncating(c)), labelLanes, atLabel, other), ref t, at);
                }
                // Back from the class columns into the rows: a whole block 8 classes at a time by the transpose where the
                // vectors are 8 doubles, the rest element by element.
                int from = 0;
                if (typeof(TV) == typeof(V512<double>) && Avx512F.IsSupported && n == lanes)
                {
                    ref T dBlock = ref Unsafe.Add(ref d, (nuint)first * stride);
                    for (; from <= classes - 8; from += 8)
                        Transpose8x8.AddRows(ref Unsafe.As<T, double>(ref Unsafe.Add(ref t, at0 + (nuint)(from * lanes))), ref Unsafe.As<T, double>(ref Unsafe.Add(ref dBlock, from)), stride);
                }
                for (int k = 0; k < n; k++)
                {
                    ref T dRow = ref Unsafe.Add(ref d, (nuint)(first + k) * stride);
                    ref T g = ref Unsafe.Add(ref t, at0 + (nuint)k);
                    for (int c = from; c < classes; c++) Unsafe.Add(ref dRow, c) += Unsafe.Add(ref g, c * lanes);
                }
            }
            return total;
        }
        finally
        {
            Scratch.ReturnUninitialized<T>(size);
        }
    }
}
