using System;
using System.ComponentModel;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace AutoDiffGen;

/// <summary>
/// The vector forms of the generated code's counting loops (one element-wise statement or one reduction over contiguous
/// slices): <c>TensorPrimitives</c>' signatures, results and length checks, except that slices shorter than
/// <see cref="ShortBelow"/> elements run as a plain scalar loop inlined into the caller instead of a call. Such loops
/// often have short slices (the columns of a triangle, a point of a few coordinates), where the call's fixed cost was
/// most of the work.
/// </summary>
/// <remarks>
/// The short path is plain C# (small IL), so the JIT inlines it into large generated methods without using up their
/// inlining budget; inline Vector512 loops for medium slices used it up (measured: <c>Span.Slice</c> and the seeded
/// kernels became calls, and ADBench's column-wise GMM gradient took 2.3 × as long at d = 20), and out of line they were
/// slower than <c>TensorPrimitives</c> on plain-loop models' 32-element rows.
/// <para>
/// Element-wise results are bit for bit the scalar loop's on both paths (every element gets the same operations in the
/// same order; a product and a sum round separately). Sums of 8 elements or more add lanes in another order than a scalar
/// loop, so they may differ from one in the last bits.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LoopKernels
{
    /// <summary>Slices shorter than this run as a plain scalar loop inlined into the caller; longer ones call <c>TensorPrimitives</c>.</summary>
    public const int ShortBelow = 8;

    /// <summary><c>destination[i] = x[i] + y[i]</c>.</summary>
    /// <exception cref="ArgumentException">The operands differ in length, or the destination is shorter.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && y.Length == x.Length && destination.Length >= x.Length)) TensorPrimitives.Add(x, y, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] + y[i];
    }

    /// <summary><c>destination[i] = x[i] + y</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="x"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add<T>(ReadOnlySpan<T> x, T y, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && destination.Length >= x.Length)) TensorPrimitives.Add(x, y, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] + y;
    }

    /// <summary><c>destination[i] = x[i] − y[i]</c>.</summary>
    /// <exception cref="ArgumentException">The operands differ in length, or the destination is shorter.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Subtract<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && y.Length == x.Length && destination.Length >= x.Length)) TensorPrimitives.Subtract(x, y, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] - y[i];
    }

    /// <summary><c>destination[i] = x[i] − y</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="x"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Subtract<T>(ReadOnlySpan<T> x, T y, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && destination.Length >= x.Length)) TensorPrimitives.Subtract(x, y, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] - y;
    }

    /// <summary><c>destination[i] = x − y[i]</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="y"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Subtract<T>(T x, ReadOnlySpan<T> y, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (!(y.Length < ShortBelow && destination.Length >= y.Length)) TensorPrimitives.Subtract(x, y, destination);
        else for (int i = 0; i < y.Length; i++) destination[i] = x - y[i];
    }

    /// <summary><c>destination[i] = x[i] · y[i]</c>.</summary>
    /// <exception cref="ArgumentException">The operands differ in length, or the destination is shorter.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multiply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && y.Length == x.Length && destination.Length >= x.Length)) TensorPrimitives.Multiply(x, y, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] * y[i];
    }

    /// <summary><c>destination[i] = x[i] · y</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="x"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multiply<T>(ReadOnlySpan<T> x, T y, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && destination.Length >= x.Length)) TensorPrimitives.Multiply(x, y, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] * y;
    }

    /// <summary><c>destination[i] = x[i] / y[i]</c>.</summary>
    /// <exception cref="ArgumentException">The operands differ in length, or the destination is shorter.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Divide<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && y.Length == x.Length && destination.Length >= x.Length)) TensorPrimitives.Divide(x, y, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] / y[i];
    }

    /// <summary><c>destination[i] = x[i] / y</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="x"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Divide<T>(ReadOnlySpan<T> x, T y, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && destination.Length >= x.Length)) TensorPrimitives.Divide(x, y, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] / y;
    }

    /// <summary><c>destination[i] = x / y[i]</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="y"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Divide<T>(T x, ReadOnlySpan<T> y, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (!(y.Length < ShortBelow && destination.Length >= y.Length)) TensorPrimitives.Divide(x, y, destination);
        else for (int i = 0; i < y.Length; i++) destination[i] = x / y[i];
    }

    /// <summary><c>destination[i] = −x[i]</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="x"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Negate<T>(ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && destination.Length >= x.Length)) TensorPrimitives.Negate(x, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = -x[i];
    }

    /// <summary><c>destination[i] = x[i] · y[i] + addend[i]</c>, the product rounded before the sum.</summary>
    /// <exception cref="ArgumentException">The operands differ in length, or the destination is shorter.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> addend, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && y.Length == x.Length && addend.Length == x.Length && destination.Length >= x.Length)) TensorPrimitives.MultiplyAdd(x, y, addend, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] * y[i] + addend[i];
    }

    /// <summary><c>destination[i] = x[i] · y[i] + addend</c>, the product rounded before the sum.</summary>
    /// <exception cref="ArgumentException">The operands differ in length, or the destination is shorter.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, T addend, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && y.Length == x.Length && destination.Length >= x.Length)) TensorPrimitives.MultiplyAdd(x, y, addend, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] * y[i] + addend;
    }

    /// <summary><c>destination[i] = x[i] · y + addend[i]</c>, the product rounded before the sum (an axpy).</summary>
    /// <exception cref="ArgumentException">The operands differ in length, or the destination is shorter.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd<T>(ReadOnlySpan<T> x, T y, ReadOnlySpan<T> addend, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && addend.Length == x.Length && destination.Length >= x.Length)) TensorPrimitives.MultiplyAdd(x, y, addend, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] * y + addend[i];
    }

    /// <summary><c>Σ x[i] · y[i]</c>.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && y.Length == x.Length)) return TensorPrimitives.Dot(x, y);
        T sum = T.Zero;
        for (int i = 0; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary><c>Σ x[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        if (x.Length >= ShortBelow) return TensorPrimitives.Sum(x);
        T sum = T.Zero;
        for (int i = 0; i < x.Length; i++) sum += x[i];
        return sum;
    }

    /// <summary><c>Σ x[i]²</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SumOfSquares<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        if (x.Length >= ShortBelow) return TensorPrimitives.SumOfSquares(x);
        T sum = T.Zero;
        for (int i = 0; i < x.Length; i++) sum += x[i] * x[i];
        return sum;
    }
}
