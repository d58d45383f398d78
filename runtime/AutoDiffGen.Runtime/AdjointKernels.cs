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
}
