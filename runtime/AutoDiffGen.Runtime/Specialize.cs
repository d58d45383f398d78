using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen;

/// <summary>
/// For generated code: a generic <c>[Differentiable]</c> method's derivatives, generic over <c>T</c>, call the <c>double</c>
/// or <c>float</c> specialization the generator wrote; these view their arguments as the specialization's type, in place.
/// Each is valid only when the generic type <i>is</i> the target type (the generated code tests
/// <c>typeof(T) == typeof(double)</c> first), and then costs nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Specialize
{
    /// <summary>The same variable, typed as <typeparamref name="TTo"/>.</summary>
    /// <typeparam name="T">The generic type.</typeparam>
    /// <typeparam name="TTo">The type it is.</typeparam>
    /// <param name="value">The variable.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref TTo Ref<T, TTo>(ref T value) => ref Unsafe.As<T, TTo>(ref value);

    /// <summary>The same memory, typed as <typeparamref name="TTo"/>.</summary>
    /// <typeparam name="T">The generic type.</typeparam>
    /// <typeparam name="TTo">The type it is.</typeparam>
    /// <param name="span">The span.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Span<TTo> Span<T, TTo>(Span<T> span) => MemoryMarshal.CreateSpan(ref Unsafe.As<T, TTo>(ref MemoryMarshal.GetReference(span)), span.Length);

    /// <inheritdoc cref="Span{T, TTo}(Span{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<TTo> ReadOnlySpan<T, TTo>(ReadOnlySpan<T> span) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, TTo>(ref MemoryMarshal.GetReference(span)), span.Length);

    /// <summary>The same array, typed as an array of <typeparamref name="TTo"/>.</summary>
    /// <typeparam name="T">The generic type.</typeparam>
    /// <typeparam name="TTo">The type it is.</typeparam>
    /// <param name="array">The array (may be null).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TTo[] Array<T, TTo>(T[] array) => Unsafe.As<TTo[]>(array);
}
