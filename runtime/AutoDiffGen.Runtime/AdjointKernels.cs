using System;
using System.ComponentModel;
using System.Numerics.Tensors;

namespace AutoDiffGen;

/// <summary>
/// Vectorized helpers that generated reverse sweeps call for whole-span statements (<c>CopyTo</c>, <c>Fill</c>).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AdjointKernels
{
    /// <summary>Adds <paramref name="source"/> into <paramref name="destination"/>: <c>destination[i] += source[i]</c>.</summary>
    public static void AddInto(ReadOnlySpan<double> source, Span<double> destination) => TensorPrimitives.Add(destination, source, destination);

    /// <summary>Adds <paramref name="source"/> into <paramref name="destination"/>: <c>destination[i] += source[i]</c>.</summary>
    public static void AddInto(ReadOnlySpan<float> source, Span<float> destination) => TensorPrimitives.Add(destination, source, destination);

    /// <summary>The sum <c>Σ values[i]</c> (the adjoint of a value broadcast by <c>Fill</c>).</summary>
    public static double Sum(ReadOnlySpan<double> values) => TensorPrimitives.Sum(values);

    /// <summary>The sum <c>Σ values[i]</c>.</summary>
    public static float Sum(ReadOnlySpan<float> values) => TensorPrimitives.Sum(values);

    /// <summary>
    /// Throws when a span a generated method writes shares memory with another span argument of the same call: the
    /// reverse sweep would read values the call changed. Spans that do not overlap (two disjoint slices of one buffer) pass.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="output"/> and <paramref name="other"/> overlap.</exception>
    public static void ThrowIfOverlapping(ReadOnlySpan<double> output, ReadOnlySpan<double> other, string outputName, string otherName, string method)
    {
        if (output.Overlaps(other)) throw Overlapping(outputName, otherName, method);
    }

    /// <inheritdoc cref="ThrowIfOverlapping(ReadOnlySpan{double}, ReadOnlySpan{double}, string, string, string)"/>
    public static void ThrowIfOverlapping(ReadOnlySpan<float> output, ReadOnlySpan<float> other, string outputName, string otherName, string method)
    {
        if (output.Overlaps(other)) throw Overlapping(outputName, otherName, method);
    }

    private static ArgumentException Overlapping(string outputName, string otherName, string method) =>
        new($"'{outputName}' and '{otherName}' passed to '{method}' overlap in memory: the output '{outputName}' must not share elements with another argument. Pass a separate buffer (or disjoint slices).", outputName);
}
