using System;
using System.ComponentModel;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

/// <summary>
/// The vector forms of the generated code's counting loops (one element-wise statement or one reduction over contiguous
/// slices), with <c>TensorPrimitives</c>' signatures and results, for the short slices such loops often have (the columns
/// of a triangle, a point of a few coordinates), where a call's fixed cost would be most of the work. Slices shorter than
/// <see cref="ShortBelow"/> run as a plain scalar loop inlined into the caller; longer ones call a small method that runs
/// one vector width, then a narrower one, then scalars; from <see cref="InlineBelow"/> elements on, that method calls
/// <c>TensorPrimitives</c> (unrolled, aligned).
/// </summary>
/// <remarks>
/// Only the scalar loop is inlined, and it is written plainly (small IL): with the vector loops inlined too, the large
/// generated methods used up the JIT's inlining budget (measured: <c>Span.Slice</c> and the seeded kernels became calls,
/// and ADBench's column-wise GMM gradient took 2.3 × as long at d = 20).
/// <para>
/// Element-wise results are bit for bit the scalar loop's (every element gets the same operations in the same order; a
/// product and a sum round separately). Sums add lanes in another order than a scalar loop, as <c>TensorPrimitives</c>
/// does, so they may differ from one in the last bits.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LoopKernels
{
    /// <summary>Slices shorter than this run as a plain scalar loop inlined into the caller.</summary>
    public const int ShortBelow = 8;

    /// <summary>Slices this long or longer go to <c>TensorPrimitives</c>.</summary>
    public const int InlineBelow = 64;

    /// <summary><c>destination[i] = x[i] + y[i]</c>.</summary>
    /// <exception cref="ArgumentException">The operands differ in length, or the destination is shorter.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && y.Length == x.Length && destination.Length >= x.Length)) AddVectors(x, y, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] + y[i];
    }

    /// <summary><c>destination[i] = x[i] + y</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="x"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add<T>(ReadOnlySpan<T> x, T y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && destination.Length >= x.Length)) AddVectors(x, y, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] + y;
    }

    /// <summary><c>destination[i] = x[i] − y[i]</c>.</summary>
    /// <exception cref="ArgumentException">The operands differ in length, or the destination is shorter.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Subtract<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && y.Length == x.Length && destination.Length >= x.Length)) SubtractVectors(x, y, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] - y[i];
    }

    /// <summary><c>destination[i] = x[i] − y</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="x"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Subtract<T>(ReadOnlySpan<T> x, T y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && destination.Length >= x.Length)) SubtractVectors(x, y, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] - y;
    }

    /// <summary><c>destination[i] = x − y[i]</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="y"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Subtract<T>(T x, ReadOnlySpan<T> y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(y.Length < ShortBelow && destination.Length >= y.Length)) SubtractVectors(x, y, destination);
        else for (int i = 0; i < y.Length; i++) destination[i] = x - y[i];
    }

    /// <summary><c>destination[i] = x[i] · y[i]</c>.</summary>
    /// <exception cref="ArgumentException">The operands differ in length, or the destination is shorter.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multiply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && y.Length == x.Length && destination.Length >= x.Length)) MultiplyVectors(x, y, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] * y[i];
    }

    /// <summary><c>destination[i] = x[i] · y</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="x"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multiply<T>(ReadOnlySpan<T> x, T y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && destination.Length >= x.Length)) MultiplyVectors(x, y, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] * y;
    }

    /// <summary><c>destination[i] = x[i] / y[i]</c>.</summary>
    /// <exception cref="ArgumentException">The operands differ in length, or the destination is shorter.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Divide<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && y.Length == x.Length && destination.Length >= x.Length)) DivideVectors(x, y, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] / y[i];
    }

    /// <summary><c>destination[i] = x[i] / y</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="x"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Divide<T>(ReadOnlySpan<T> x, T y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && destination.Length >= x.Length)) DivideVectors(x, y, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] / y;
    }

    /// <summary><c>destination[i] = x / y[i]</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="y"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Divide<T>(T x, ReadOnlySpan<T> y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(y.Length < ShortBelow && destination.Length >= y.Length)) DivideVectors(x, y, destination);
        else for (int i = 0; i < y.Length; i++) destination[i] = x / y[i];
    }

    /// <summary><c>destination[i] = −x[i]</c>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <paramref name="x"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Negate<T>(ReadOnlySpan<T> x, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && destination.Length >= x.Length)) NegateVectors(x, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = -x[i];
    }

    /// <summary><c>destination[i] = x[i] · y[i] + addend[i]</c>, the product rounded before the sum.</summary>
    /// <exception cref="ArgumentException">The operands differ in length, or the destination is shorter.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> addend, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && y.Length == x.Length && addend.Length == x.Length && destination.Length >= x.Length)) MultiplyAddVectors(x, y, addend, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] * y[i] + addend[i];
    }

    /// <summary><c>destination[i] = x[i] · y[i] + addend</c>, the product rounded before the sum.</summary>
    /// <exception cref="ArgumentException">The operands differ in length, or the destination is shorter.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, T addend, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && y.Length == x.Length && destination.Length >= x.Length)) MultiplyAddVectors(x, y, addend, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] * y[i] + addend;
    }

    /// <summary><c>destination[i] = x[i] · y + addend[i]</c>, the product rounded before the sum (an axpy).</summary>
    /// <exception cref="ArgumentException">The operands differ in length, or the destination is shorter.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd<T>(ReadOnlySpan<T> x, T y, ReadOnlySpan<T> addend, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && addend.Length == x.Length && destination.Length >= x.Length)) MultiplyAddVectors(x, y, addend, destination);
        else for (int i = 0; i < x.Length; i++) destination[i] = x[i] * y + addend[i];
    }

    /// <summary><c>Σ x[i] · y[i]</c>.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(x.Length < ShortBelow && y.Length == x.Length)) return DotVectors(x, y);
        T sum = T.Zero;
        for (int i = 0; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary><c>Σ x[i]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length >= ShortBelow) return SumVectors(x);
        T sum = T.Zero;
        for (int i = 0; i < x.Length; i++) sum += x[i];
        return sum;
    }

    /// <summary><c>Σ x[i]²</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SumOfSquares<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length >= ShortBelow) return SumOfSquaresVectors(x);
        T sum = T.Zero;
        for (int i = 0; i < x.Length; i++) sum += x[i] * x[i];
        return sum;
    }

    // The vector paths, out of line: inlined, their loops used up the JIT's inlining budget in the large generated methods.

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddVectors<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsLong(x)) TensorPrimitives.Add(x, y, destination);
        else Map<T, AddOp>(ref At(x), false, ref At(y), false, ref At(x), false, ref At(destination), Length(x, y, destination));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddVectors<T>(ReadOnlySpan<T> x, T y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsLong(x)) TensorPrimitives.Add(x, y, destination);
        else Map<T, AddOp>(ref At(x), false, ref y, true, ref At(x), false, ref At(destination), Length(x, x, destination));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SubtractVectors<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsLong(x)) TensorPrimitives.Subtract(x, y, destination);
        else Map<T, SubtractOp>(ref At(x), false, ref At(y), false, ref At(x), false, ref At(destination), Length(x, y, destination));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SubtractVectors<T>(ReadOnlySpan<T> x, T y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsLong(x)) TensorPrimitives.Subtract(x, y, destination);
        else Map<T, SubtractOp>(ref At(x), false, ref y, true, ref At(x), false, ref At(destination), Length(x, x, destination));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SubtractVectors<T>(T x, ReadOnlySpan<T> y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsLong(y)) TensorPrimitives.Subtract(x, y, destination);
        else Map<T, SubtractOp>(ref x, true, ref At(y), false, ref At(y), false, ref At(destination), Length(y, y, destination));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MultiplyVectors<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsLong(x)) TensorPrimitives.Multiply(x, y, destination);
        else Map<T, MultiplyOp>(ref At(x), false, ref At(y), false, ref At(x), false, ref At(destination), Length(x, y, destination));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MultiplyVectors<T>(ReadOnlySpan<T> x, T y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsLong(x)) TensorPrimitives.Multiply(x, y, destination);
        else Map<T, MultiplyOp>(ref At(x), false, ref y, true, ref At(x), false, ref At(destination), Length(x, x, destination));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DivideVectors<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsLong(x)) TensorPrimitives.Divide(x, y, destination);
        else Map<T, DivideOp>(ref At(x), false, ref At(y), false, ref At(x), false, ref At(destination), Length(x, y, destination));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DivideVectors<T>(ReadOnlySpan<T> x, T y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsLong(x)) TensorPrimitives.Divide(x, y, destination);
        else Map<T, DivideOp>(ref At(x), false, ref y, true, ref At(x), false, ref At(destination), Length(x, x, destination));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DivideVectors<T>(T x, ReadOnlySpan<T> y, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsLong(y)) TensorPrimitives.Divide(x, y, destination);
        else Map<T, DivideOp>(ref x, true, ref At(y), false, ref At(y), false, ref At(destination), Length(y, y, destination));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NegateVectors<T>(ReadOnlySpan<T> x, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsLong(x)) TensorPrimitives.Negate(x, destination);
        else Map<T, NegateOp>(ref At(x), false, ref At(x), false, ref At(x), false, ref At(destination), Length(x, x, destination));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MultiplyAddVectors<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> addend, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsLong(x)) TensorPrimitives.MultiplyAdd(x, y, addend, destination);
        else Map<T, MultiplyAddOp>(ref At(x), false, ref At(y), false, ref At(addend), false, ref At(destination), Length(x, y, addend, destination));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MultiplyAddVectors<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, T addend, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsLong(x)) TensorPrimitives.MultiplyAdd(x, y, addend, destination);
        else Map<T, MultiplyAddOp>(ref At(x), false, ref At(y), false, ref addend, true, ref At(destination), Length(x, y, destination));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MultiplyAddVectors<T>(ReadOnlySpan<T> x, T y, ReadOnlySpan<T> addend, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsLong(x)) TensorPrimitives.MultiplyAdd(x, y, addend, destination);
        else Map<T, MultiplyAddOp>(ref At(x), false, ref y, true, ref At(addend), false, ref At(destination), Length(x, addend, destination));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T DotVectors<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsLong(x)) return TensorPrimitives.Dot(x, y);
        if (x.Length != y.Length) throw new ArgumentException("The spans must have the same length.", nameof(y));
        return Reduce<T, ProductTerm>(ref At(x), ref At(y), (nuint)x.Length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T SumVectors<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => IsLong(x) ? TensorPrimitives.Sum(x) : Reduce<T, ValueTerm>(ref At(x), ref At(x), (nuint)x.Length);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T SumOfSquaresVectors<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => IsLong(x) ? TensorPrimitives.SumOfSquares(x) : Reduce<T, SquareTerm>(ref At(x), ref At(x), (nuint)x.Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsLong<T>(ReadOnlySpan<T> x) => x.Length >= InlineBelow || !Spans.IsNative<T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T At<T>(ReadOnlySpan<T> span) => ref MemoryMarshal.GetReference(span);

    /// <summary>The element count, after TensorPrimitives' checks: operands of one length, a destination at least as long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint Length<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
    {
        if (x.Length != y.Length) throw new ArgumentException("The input spans must have the same length.", nameof(y));
        if (destination.Length < x.Length) throw new ArgumentException("The destination is too short.", nameof(destination));
        return (nuint)x.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint Length<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> destination)
    {
        if (x.Length != z.Length) throw new ArgumentException("The input spans must have the same length.", nameof(z));
        return Length(x, y, destination);
    }

    /// <summary>
    /// <c>d[i] = TOp(x, y, z)</c> for i &lt; n; an operand flagged scalar is the one value it refers to, every lane.
    /// The flags are constants at every call, so the JIT keeps one load form per operand.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Map<T, TOp>(ref T x, bool xScalar, ref T y, bool yScalar, ref T z, bool zScalar, ref T d, nuint n)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, ILaneOp
    {
        nuint k = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            k = Map<V512<T>, T, V512<double>, TOp>(ref x, xScalar, ref y, yScalar, ref z, zScalar, ref d, n, k);
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            k = Map<V256<T>, T, V256<double>, TOp>(ref x, xScalar, ref y, yScalar, ref z, zScalar, ref d, n, k);
        Map<V1<T>, T, V1<double>, TOp>(ref x, xScalar, ref y, yScalar, ref z, zScalar, ref d, n, k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint Map<TV, T, TD, TOp>(ref T x, bool xScalar, ref T y, bool yScalar, ref T z, bool zScalar, ref T d, nuint n, nuint k)
        where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD> where TOp : struct, ILaneOp
    {
        nuint count = (nuint)TV.Count;
        for (; k + count <= n; k += count)
        {
            TV.Store(TOp.Apply<TV, T, TD>(Load<TV, T, TD>(ref x, xScalar, k), Load<TV, T, TD>(ref y, yScalar, k), Load<TV, T, TD>(ref z, zScalar, k)), ref d, k);
        }
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Load<TV, T, TD>(ref T source, bool scalar, nuint k)
        where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => scalar ? TV.Create(source) : TV.Load(ref source, k);

    /// <summary><c>Σ TTerm(x[i], y[i])</c> for i &lt; n: vector partial sums, then the scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Reduce<T, TTerm>(ref T x, ref T y, nuint n) where T : unmanaged, IFloatingPointIeee754<T> where TTerm : struct, ILaneTerm
    {
        nuint k = 0;
        T sum = T.Zero;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && n >= (nuint)Vector512<T>.Count)
            sum = Reduce<V512<T>, T, V512<double>, TTerm>(ref x, ref y, n, ref k);
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n - k >= (nuint)Vector256<T>.Count)
            sum += Reduce<V256<T>, T, V256<double>, TTerm>(ref x, ref y, n, ref k);
        for (; k < n; k++) sum += TTerm.Term<V1<T>, T, V1<double>>(V1<T>.Load(ref x, k), V1<T>.Load(ref y, k)).Value;
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Reduce<TV, T, TD, TTerm>(ref T x, ref T y, nuint n, ref nuint k)
        where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD> where TTerm : struct, ILaneTerm
    {
        TV acc = TV.Zero;
        for (; k + (nuint)TV.Count <= n; k += (nuint)TV.Count) acc += TTerm.Term<TV, T, TD>(TV.Load(ref x, k), TV.Load(ref y, k));
        return TV.Sum(acc);
    }
}
