using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
#if !NET9_0_OR_GREATER
using System.Runtime.Intrinsics.X86;
#endif

namespace AutoDiffGen.Internal;

/// <summary>
/// A SIMD vector of <typeparamref name="T"/> (double or float) of one fixed width, so each kernel is written once and runs
/// with 512-bit vectors where the CPU has them (AVX-512) and 256-bit ones elsewhere. <typeparamref name="TD"/> is the
/// vector of doubles of the same width, where the transcendental functions compute (float lanes are widened to it).
/// </summary>
/// <remarks>
/// .NET keeps its own abstraction over the vector widths (<c>ISimdVector</c>) internal, so the runtime has this small one;
/// the wrappers are single-field structs that the JIT keeps in registers, and every member inlines to one instruction or a
/// few (measured: a fused tanh pullback runs at the same speed through the wrapper as written on <c>Vector512</c> directly).
/// </remarks>
internal interface IVec<TSelf, T, TD>
    where TSelf : struct, IVec<TSelf, T, TD>
    where T : IFloatingPointIeee754<T>
    where TD : struct, IVec<TD, double, TD>
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    static abstract TSelf Zero { get; }

    static abstract TSelf One { get; }

    /// <summary>Loads <see cref="Count"/> elements from <c>source + index</c> (no alignment needed, no bounds check).</summary>
    static abstract TSelf Load(ref T source, nuint index);

    /// <summary>Loads lane k from <c>source + index + k·stride</c> (a column of a row-major matrix; no bounds check).</summary>
    static abstract TSelf Gather(ref T source, nuint index, nuint stride);

    /// <summary>Stores the lanes at <c>destination + index</c>.</summary>
    static abstract void Store(TSelf value, ref T destination, nuint index);

    /// <summary>Every lane <paramref name="value"/>.</summary>
    static abstract TSelf Create(T value);

    static abstract TSelf operator +(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a, TSelf b);

    static abstract TSelf operator *(TSelf a, TSelf b);

    static abstract TSelf operator /(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a);

    static abstract TSelf operator &(TSelf a, TSelf b);

    /// <summary><c>a · b + c</c>, rounded once where the CPU has FMA.</summary>
    static abstract TSelf MulAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>Per lane <c>mask ? a : b</c>, for masks made by the comparisons (all-ones or all-zeros lanes).</summary>
    static abstract TSelf Select(TSelf mask, TSelf a, TSelf b);

    // The fused comparisons below select in the same expression as they compare. Through Select(GreaterThan(…), …) the
    // comparison's result passes through this wrapper struct, and the JIT then turns the AVX-512 mask register into a vector
    // and back (compare, mask move, ternary logic: 3 instructions); in one expression it stays a mask (compare, blend: 2).

    /// <summary>Per lane <c>a == b ? ifEqual : otherwise</c>.</summary>
    static abstract TSelf SelectEqual(TSelf a, TSelf b, TSelf ifEqual, TSelf otherwise);

    /// <summary>Per lane <c>a &gt; b ? ifGreater : otherwise</c> (otherwise where either is NaN).</summary>
    static abstract TSelf SelectGreaterThan(TSelf a, TSelf b, TSelf ifGreater, TSelf otherwise);

    /// <summary>Per lane <c>a &lt; b ? ifLess : otherwise</c> (otherwise where either is NaN).</summary>
    static abstract TSelf SelectLessThan(TSelf a, TSelf b, TSelf ifLess, TSelf otherwise);

    /// <summary>Per lane <c>x is NaN ? ifNaN : otherwise</c>.</summary>
    static abstract TSelf SelectNaN(TSelf x, TSelf ifNaN, TSelf otherwise);

    static abstract TSelf Equal(TSelf a, TSelf b);

    static abstract TSelf GreaterThan(TSelf a, TSelf b);

    static abstract TSelf LessThan(TSelf a, TSelf b);

    static abstract TSelf LessThanOrEqual(TSelf a, TSelf b);

    /// <summary>Lanes that are NaN.</summary>
    static abstract TSelf IsNaN(TSelf x);

    static abstract TSelf Abs(TSelf x);

    /// <summary>The square root of each lane, correctly rounded.</summary>
    static abstract TSelf Sqrt(TSelf x);

    /// <summary>The sum of the lanes.</summary>
    static abstract T Sum(TSelf x);

    /// <summary>The same bits as doubles (for <c>T = double</c>).</summary>
    static abstract TD AsDouble(TSelf x);

    /// <summary>The same bits as <typeparamref name="T"/> (for <c>T = double</c>).</summary>
    static abstract TSelf FromDouble(TD x);

    /// <summary>Float lanes widened to two vectors of doubles (for <c>T = float</c>).</summary>
    static abstract void Widen(TSelf x, out TD lower, out TD upper);

    /// <summary>Two vectors of doubles rounded to one of floats (for <c>T = float</c>).</summary>
    static abstract TSelf Narrow(TD lower, TD upper);

    /// <summary>
    /// For double lanes holding <c>shifter + n</c> (n an integer in the low mantissa bits), <c>2^⌊n/2⌋</c> and
    /// <c>2^(n − ⌊n/2⌋)</c>: two factors, so that <c>q · s1 · s2</c> reaches subnormal results and overflows to ∞ correctly.
    /// </summary>
    static abstract void PowersOfTwo(TSelf shifted, TSelf shifter, out TSelf s1, out TSelf s2);

    /// <summary>For positive finite double lanes <c>u = 2^k · m</c> with m in [1, 2): returns k (as doubles) and m.</summary>
    static abstract TSelf Exponent(TSelf u, out TSelf mantissa);
}

/// <summary>A 256-bit vector (AVX2 and FMA on x64).</summary>
internal readonly struct V256<T> : IVec<V256<T>, T, V256<double>> where T : IFloatingPointIeee754<T>
{
    public readonly Vector256<T> Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public V256(Vector256<T> value) => Value = value;

    public static int Count => Vector256<T>.Count;

    public static V256<T> Zero => new(Vector256<T>.Zero);

    public static V256<T> One => new(Vector256<T>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> Load(ref T source, nuint index) => new(Vector256.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> Gather(ref T source, nuint index, nuint stride)
    {
        if (typeof(T) == typeof(double))
        {
            ref double s = ref Unsafe.As<T, double>(ref Unsafe.Add(ref source, index));
            return new(Vector256.Create(s, Unsafe.Add(ref s, 1 * stride), Unsafe.Add(ref s, 2 * stride), Unsafe.Add(ref s, 3 * stride)).As<double, T>());
        }
        ref float f = ref Unsafe.As<T, float>(ref Unsafe.Add(ref source, index));
        return new(Vector256.Create(f, Unsafe.Add(ref f, 1 * stride), Unsafe.Add(ref f, 2 * stride), Unsafe.Add(ref f, 3 * stride), Unsafe.Add(ref f, 4 * stride), Unsafe.Add(ref f, 5 * stride), Unsafe.Add(ref f, 6 * stride), Unsafe.Add(ref f, 7 * stride)).As<float, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(V256<T> value, ref T destination, nuint index) => value.Value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> Create(T value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> operator +(V256<T> a, V256<T> b) => new(a.Value + b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> operator -(V256<T> a, V256<T> b) => new(a.Value - b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> operator *(V256<T> a, V256<T> b) => new(a.Value * b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> operator /(V256<T> a, V256<T> b) => new(a.Value / b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> operator -(V256<T> a) => new(-a.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> operator &(V256<T> a, V256<T> b) => new(a.Value & b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> MulAdd(V256<T> a, V256<T> b, V256<T> c)
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(double)) return new(Vector256.FusedMultiplyAdd(a.Value.AsDouble(), b.Value.AsDouble(), c.Value.AsDouble()).As<double, T>());
        if (typeof(T) == typeof(float)) return new(Vector256.FusedMultiplyAdd(a.Value.AsSingle(), b.Value.AsSingle(), c.Value.AsSingle()).As<float, T>());
        return new(a.Value * b.Value + c.Value);
#else
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(double)) return new(Fma.MultiplyAdd(a.Value.AsDouble(), b.Value.AsDouble(), c.Value.AsDouble()).As<double, T>());
            if (typeof(T) == typeof(float)) return new(Fma.MultiplyAdd(a.Value.AsSingle(), b.Value.AsSingle(), c.Value.AsSingle()).As<float, T>());
        }
        return new(a.Value * b.Value + c.Value);
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> Select(V256<T> mask, V256<T> a, V256<T> b) => new(Vector256.ConditionalSelect(mask.Value, a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> SelectEqual(V256<T> a, V256<T> b, V256<T> ifEqual, V256<T> otherwise)
        => new(Vector256.ConditionalSelect(Vector256.Equals(a.Value, b.Value), ifEqual.Value, otherwise.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> SelectGreaterThan(V256<T> a, V256<T> b, V256<T> ifGreater, V256<T> otherwise)
        => new(Vector256.ConditionalSelect(Vector256.GreaterThan(a.Value, b.Value), ifGreater.Value, otherwise.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> SelectLessThan(V256<T> a, V256<T> b, V256<T> ifLess, V256<T> otherwise)
        => new(Vector256.ConditionalSelect(Vector256.LessThan(a.Value, b.Value), ifLess.Value, otherwise.Value));

    // x == x is false exactly for NaN, so the operands are swapped rather than the mask negated (one compare, one blend).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> SelectNaN(V256<T> x, V256<T> ifNaN, V256<T> otherwise)
        => new(Vector256.ConditionalSelect(Vector256.Equals(x.Value, x.Value), otherwise.Value, ifNaN.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> Equal(V256<T> a, V256<T> b) => new(Vector256.Equals(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> GreaterThan(V256<T> a, V256<T> b) => new(Vector256.GreaterThan(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> LessThan(V256<T> a, V256<T> b) => new(Vector256.LessThan(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> LessThanOrEqual(V256<T> a, V256<T> b) => new(Vector256.LessThanOrEqual(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> IsNaN(V256<T> x) => new(~Vector256.Equals(x.Value, x.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> Abs(V256<T> x) => new(Vector256.Abs(x.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> Sqrt(V256<T> x) => new(Vector256.Sqrt(x.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(V256<T> x) => Vector256.Sum(x.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<double> AsDouble(V256<T> x) => new(x.Value.AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> FromDouble(V256<double> x) => new(x.Value.As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Widen(V256<T> x, out V256<double> lower, out V256<double> upper)
    {
        (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(x.Value.AsSingle());
        lower = new(lo);
        upper = new(hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> Narrow(V256<double> lower, V256<double> upper) => new(Vector256.Narrow(lower.Value, upper.Value).As<float, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PowersOfTwo(V256<T> shifted, V256<T> shifter, out V256<T> s1, out V256<T> s2)
    {
        Vector256<long> n = shifted.Value.AsInt64() - shifter.Value.AsInt64();
        Vector256<long> half = Vector256.ShiftRightArithmetic(n, 1);
        Vector256<long> bias = Vector256.Create(1023L);
        s1 = new(Vector256.ShiftLeft(half + bias, 52).As<long, T>());
        s2 = new(Vector256.ShiftLeft(n - half + bias, 52).As<long, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256<T> Exponent(V256<T> u, out V256<T> mantissa)
    {
        Vector256<ulong> bits = u.Value.AsUInt64();
        Vector256<double> twoTo52 = Vector256.Create(4503599627370496.0);
        Vector256<double> k = (Vector256.ShiftRightLogical(bits, 52) | twoTo52.AsUInt64()).AsDouble() - twoTo52 - Vector256.Create(1023.0);
        mantissa = new(((bits & Vector256.Create(0x000FFFFFFFFFFFFFUL)) | Vector256.Create(0x3FF0000000000000UL)).As<ulong, T>());
        return new(k.As<double, T>());
    }
}

/// <summary>A 512-bit vector (AVX-512F on x64), twice the lanes of <see cref="V256{T}"/>.</summary>
internal readonly struct V512<T> : IVec<V512<T>, T, V512<double>> where T : IFloatingPointIeee754<T>
{
    public readonly Vector512<T> Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public V512(Vector512<T> value) => Value = value;

    public static int Count => Vector512<T>.Count;

    public static V512<T> Zero => new(Vector512<T>.Zero);

    public static V512<T> One => new(Vector512<T>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> Load(ref T source, nuint index) => new(Vector512.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> Gather(ref T source, nuint index, nuint stride)
    {
        if (typeof(T) == typeof(double))
        {
            ref double s = ref Unsafe.As<T, double>(ref Unsafe.Add(ref source, index));
            return new(Vector512.Create(s, Unsafe.Add(ref s, 1 * stride), Unsafe.Add(ref s, 2 * stride), Unsafe.Add(ref s, 3 * stride), Unsafe.Add(ref s, 4 * stride), Unsafe.Add(ref s, 5 * stride), Unsafe.Add(ref s, 6 * stride), Unsafe.Add(ref s, 7 * stride)).As<double, T>());
        }
        ref float f = ref Unsafe.As<T, float>(ref Unsafe.Add(ref source, index));
        return new(Vector512.Create(f, Unsafe.Add(ref f, 1 * stride), Unsafe.Add(ref f, 2 * stride), Unsafe.Add(ref f, 3 * stride), Unsafe.Add(ref f, 4 * stride), Unsafe.Add(ref f, 5 * stride), Unsafe.Add(ref f, 6 * stride), Unsafe.Add(ref f, 7 * stride), Unsafe.Add(ref f, 8 * stride), Unsafe.Add(ref f, 9 * stride), Unsafe.Add(ref f, 10 * stride), Unsafe.Add(ref f, 11 * stride), Unsafe.Add(ref f, 12 * stride), Unsafe.Add(ref f, 13 * stride), Unsafe.Add(ref f, 14 * stride), Unsafe.Add(ref f, 15 * stride)).As<float, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(V512<T> value, ref T destination, nuint index) => value.Value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> Create(T value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> operator +(V512<T> a, V512<T> b) => new(a.Value + b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> operator -(V512<T> a, V512<T> b) => new(a.Value - b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> operator *(V512<T> a, V512<T> b) => new(a.Value * b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> operator /(V512<T> a, V512<T> b) => new(a.Value / b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> operator -(V512<T> a) => new(-a.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> operator &(V512<T> a, V512<T> b) => new(a.Value & b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> MulAdd(V512<T> a, V512<T> b, V512<T> c)
    {
#if NET9_0_OR_GREATER
        if (typeof(T) == typeof(double)) return new(Vector512.FusedMultiplyAdd(a.Value.AsDouble(), b.Value.AsDouble(), c.Value.AsDouble()).As<double, T>());
        if (typeof(T) == typeof(float)) return new(Vector512.FusedMultiplyAdd(a.Value.AsSingle(), b.Value.AsSingle(), c.Value.AsSingle()).As<float, T>());
        return new(a.Value * b.Value + c.Value);
#else
        if (Avx512F.IsSupported)
        {
            if (typeof(T) == typeof(double)) return new(Avx512F.FusedMultiplyAdd(a.Value.AsDouble(), b.Value.AsDouble(), c.Value.AsDouble()).As<double, T>());
            if (typeof(T) == typeof(float)) return new(Avx512F.FusedMultiplyAdd(a.Value.AsSingle(), b.Value.AsSingle(), c.Value.AsSingle()).As<float, T>());
        }
        return new(a.Value * b.Value + c.Value);
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> Select(V512<T> mask, V512<T> a, V512<T> b) => new(Vector512.ConditionalSelect(mask.Value, a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> SelectEqual(V512<T> a, V512<T> b, V512<T> ifEqual, V512<T> otherwise)
        => new(Vector512.ConditionalSelect(Vector512.Equals(a.Value, b.Value), ifEqual.Value, otherwise.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> SelectGreaterThan(V512<T> a, V512<T> b, V512<T> ifGreater, V512<T> otherwise)
        => new(Vector512.ConditionalSelect(Vector512.GreaterThan(a.Value, b.Value), ifGreater.Value, otherwise.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> SelectLessThan(V512<T> a, V512<T> b, V512<T> ifLess, V512<T> otherwise)
        => new(Vector512.ConditionalSelect(Vector512.LessThan(a.Value, b.Value), ifLess.Value, otherwise.Value));

    // x == x is false exactly for NaN, so the operands are swapped rather than the mask negated (one compare, one blend).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> SelectNaN(V512<T> x, V512<T> ifNaN, V512<T> otherwise)
        => new(Vector512.ConditionalSelect(Vector512.Equals(x.Value, x.Value), otherwise.Value, ifNaN.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> Equal(V512<T> a, V512<T> b) => new(Vector512.Equals(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> GreaterThan(V512<T> a, V512<T> b) => new(Vector512.GreaterThan(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> LessThan(V512<T> a, V512<T> b) => new(Vector512.LessThan(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> LessThanOrEqual(V512<T> a, V512<T> b) => new(Vector512.LessThanOrEqual(a.Value, b.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> IsNaN(V512<T> x) => new(~Vector512.Equals(x.Value, x.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> Abs(V512<T> x) => new(Vector512.Abs(x.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> Sqrt(V512<T> x) => new(Vector512.Sqrt(x.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(V512<T> x) => Vector512.Sum(x.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<double> AsDouble(V512<T> x) => new(x.Value.AsDouble());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> FromDouble(V512<double> x) => new(x.Value.As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Widen(V512<T> x, out V512<double> lower, out V512<double> upper)
    {
        (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(x.Value.AsSingle());
        lower = new(lo);
        upper = new(hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> Narrow(V512<double> lower, V512<double> upper) => new(Vector512.Narrow(lower.Value, upper.Value).As<float, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PowersOfTwo(V512<T> shifted, V512<T> shifter, out V512<T> s1, out V512<T> s2)
    {
        Vector512<long> n = shifted.Value.AsInt64() - shifter.Value.AsInt64();
        Vector512<long> half = Vector512.ShiftRightArithmetic(n, 1);
        Vector512<long> bias = Vector512.Create(1023L);
        s1 = new(Vector512.ShiftLeft(half + bias, 52).As<long, T>());
        s2 = new(Vector512.ShiftLeft(n - half + bias, 52).As<long, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512<T> Exponent(V512<T> u, out V512<T> mantissa)
    {
        Vector512<ulong> bits = u.Value.AsUInt64();
        Vector512<double> twoTo52 = Vector512.Create(4503599627370496.0);
        Vector512<double> k = (Vector512.ShiftRightLogical(bits, 52) | twoTo52.AsUInt64()).AsDouble() - twoTo52 - Vector512.Create(1023.0);
        mantissa = new(((bits & Vector512.Create(0x000FFFFFFFFFFFFFUL)) | Vector512.Create(0x3FF0000000000000UL)).As<ulong, T>());
        return new(k.As<double, T>());
    }
}

/// <summary>
/// One lane of any IEEE type: the scalar instance of <see cref="IVec{TSelf, T, TD}"/>, for the tails of the vector loops and for
/// element types without SIMD kernels (<see cref="System.Half"/>, …). Masks are 1 (true) and 0 (false).
/// </summary>
internal readonly struct V1<T> : IVec<V1<T>, T, V1<double>> where T : IFloatingPointIeee754<T>
{
    public readonly T Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public V1(T value) => Value = value;

    public static int Count => 1;

    public static V1<T> Zero => new(T.Zero);

    public static V1<T> One => new(T.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> Load(ref T source, nuint index) => new(Unsafe.Add(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> Gather(ref T source, nuint index, nuint stride) => new(Unsafe.Add(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(V1<T> value, ref T destination, nuint index) => Unsafe.Add(ref destination, index) = value.Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> Create(T value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> operator +(V1<T> a, V1<T> b) => new(a.Value + b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> operator -(V1<T> a, V1<T> b) => new(a.Value - b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> operator *(V1<T> a, V1<T> b) => new(a.Value * b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> operator /(V1<T> a, V1<T> b) => new(a.Value / b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> operator -(V1<T> a) => new(-a.Value);

    /// <summary>With 1/0 masks: <c>b</c> where the mask <c>a</c> is set, else 0 (what <c>mask &amp; value</c> gives on vector lanes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> operator &(V1<T> a, V1<T> b) => a.Value != T.Zero ? b : Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> MulAdd(V1<T> a, V1<T> b, V1<T> c) => new(T.FusedMultiplyAdd(a.Value, b.Value, c.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> Select(V1<T> mask, V1<T> a, V1<T> b) => mask.Value != T.Zero ? a : b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> SelectEqual(V1<T> a, V1<T> b, V1<T> ifEqual, V1<T> otherwise) => a.Value == b.Value ? ifEqual : otherwise;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> SelectGreaterThan(V1<T> a, V1<T> b, V1<T> ifGreater, V1<T> otherwise) => a.Value > b.Value ? ifGreater : otherwise;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> SelectLessThan(V1<T> a, V1<T> b, V1<T> ifLess, V1<T> otherwise) => a.Value < b.Value ? ifLess : otherwise;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> SelectNaN(V1<T> x, V1<T> ifNaN, V1<T> otherwise) => T.IsNaN(x.Value) ? ifNaN : otherwise;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> Equal(V1<T> a, V1<T> b) => a.Value == b.Value ? One : Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> GreaterThan(V1<T> a, V1<T> b) => a.Value > b.Value ? One : Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> LessThan(V1<T> a, V1<T> b) => a.Value < b.Value ? One : Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> LessThanOrEqual(V1<T> a, V1<T> b) => a.Value <= b.Value ? One : Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> IsNaN(V1<T> x) => T.IsNaN(x.Value) ? One : Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> Abs(V1<T> x) => new(T.Abs(x.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> Sqrt(V1<T> x) => new(T.Sqrt(x.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(V1<T> x) => x.Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<double> AsDouble(V1<T> x) => new(double.CreateTruncating(x.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> FromDouble(V1<double> x) => new(T.CreateTruncating(x.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Widen(V1<T> x, out V1<double> lower, out V1<double> upper)
    {
        lower = new(double.CreateTruncating(x.Value));
        upper = lower;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> Narrow(V1<double> lower, V1<double> upper) => new(T.CreateTruncating(lower.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PowersOfTwo(V1<T> shifted, V1<T> shifter, out V1<T> s1, out V1<T> s2)
    {
        long n = BitConverter.DoubleToInt64Bits(double.CreateTruncating(shifted.Value)) - BitConverter.DoubleToInt64Bits(double.CreateTruncating(shifter.Value));
        long half = n >> 1;
        s1 = new(T.CreateTruncating(BitConverter.Int64BitsToDouble((half + 1023) << 52)));
        s2 = new(T.CreateTruncating(BitConverter.Int64BitsToDouble((n - half + 1023) << 52)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V1<T> Exponent(V1<T> u, out V1<T> mantissa)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(double.CreateTruncating(u.Value));
        mantissa = new(T.CreateTruncating(BitConverter.UInt64BitsToDouble((bits & 0x000FFFFFFFFFFFFFUL) | 0x3FF0000000000000UL)));
        return new(T.CreateTruncating((double)(long)(bits >> 52) - 1023.0));
    }
}
