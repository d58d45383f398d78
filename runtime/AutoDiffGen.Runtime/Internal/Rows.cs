using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Internal;

/// <summary>The rows a <see cref="IRowKernel{T}"/> step reads and writes, by reference (unused ones are null references).</summary>
internal ref struct RowRefs<T>
{
    public ref T A;
    public ref T B;
    public ref T C;
    public ref T D;
    public ref T E;
    public ref T G;
    public ref T H;
    public ref T Out;
}

/// <summary>One step of a row operation at element <c>j</c>, written once for any vector width (and one lane for the tail).</summary>
internal interface IRowKernel<T> where T : IFloatingPointIeee754<T>
{
    void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>;
}

/// <summary>One step of a row reduction at element <c>j</c>: its contribution to the sum, lane by lane.</summary>
internal interface IRowReduction<T> where T : IFloatingPointIeee754<T>
{
    TV Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>;
}

/// <summary>Runs a row kernel over <c>output.Length</c> elements: 512- or 256-bit vectors for double and float, then one lane at a time.</summary>
internal static class Rows
{
    /// <remarks>The kernels of a few callers write <paramref name="d"/> as well (a scratch row); it is passed read-only for brevity.</remarks>
    public static void Run<T, TK>(TK kernel, ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c, Span<T> output,
        ReadOnlySpan<T> d, ReadOnlySpan<T> e, ReadOnlySpan<T> g = default, ReadOnlySpan<T> h = default)
        where T : IFloatingPointIeee754<T> where TK : struct, IRowKernel<T>
    {
        RowRefs<T> r = default;
        r.A = ref MemoryMarshal.GetReference(a);
        r.B = ref MemoryMarshal.GetReference(b);
        r.C = ref MemoryMarshal.GetReference(c);
        r.D = ref MemoryMarshal.GetReference(d);
        r.E = ref MemoryMarshal.GetReference(e);
        r.G = ref MemoryMarshal.GetReference(g);
        r.H = ref MemoryMarshal.GetReference(h);
        r.Out = ref MemoryMarshal.GetReference(output);
        int n = output.Length;
        int j = 0;
        if (Spans.IsNative<T>())
        {
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j <= n - Vector512<T>.Count; j += Vector512<T>.Count) kernel.Step<V512<T>, V512<double>>(r, (nuint)j);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= n - Vector256<T>.Count; j += Vector256<T>.Count) kernel.Step<V256<T>, V256<double>>(r, (nuint)j);
            }
        }
        for (; j < n; j++) kernel.Step<V1<T>, V1<double>>(r, (nuint)j);
    }

    /// <summary>The sum of a row reduction over <c>a.Length</c> elements: vector lanes summed first, then the tail one at a time.</summary>
    public static T Sum<T, TK>(TK kernel, ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c = default) where T : IFloatingPointIeee754<T> where TK : struct, IRowReduction<T>
    {
        RowRefs<T> r = default;
        r.A = ref MemoryMarshal.GetReference(a);
        r.B = ref MemoryMarshal.GetReference(b);
        r.C = ref MemoryMarshal.GetReference(c);
        int n = a.Length;
        int j = 0;
        T sum = T.Zero;
        if (Spans.IsNative<T>())
        {
            if (Vector512.IsHardwareAccelerated)
            {
                V512<T> acc = V512<T>.Zero;
                for (; j <= n - Vector512<T>.Count; j += Vector512<T>.Count) acc += kernel.Step<V512<T>, V512<double>>(r, (nuint)j);
                sum = V512<T>.Sum(acc);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                V256<T> acc = V256<T>.Zero;
                for (; j <= n - Vector256<T>.Count; j += Vector256<T>.Count) acc += kernel.Step<V256<T>, V256<double>>(r, (nuint)j);
                sum = V256<T>.Sum(acc);
            }
        }
        for (; j < n; j++) sum += kernel.Step<V1<T>, V1<double>>(r, (nuint)j).Value;
        return sum;
    }
}
