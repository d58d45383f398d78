using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

/// <summary>
/// Loss functions with PyTorch's definitions (mean reduction), numerically stable, generic over the floating-point type
/// (<see cref="double"/> and <see cref="float"/> vectorized; other IEEE types in scalar code), with <c>double</c> and
/// <c>float</c> overloads. Each has a hand-written pullback (<c>{Name}Backward</c>, marked <see cref="DerivativeOfAttribute"/>)
/// so it can be called from <see cref="DifferentiableAttribute">[Differentiable]</see> code. Targets and labels are constants.
/// Pullbacks add nothing where a partial derivative is exactly 0, even for an infinite or NaN seed.
/// </summary>
public static partial class Losses
{
    // max(x) and Σ exp(x − max): the pieces of a max-subtracted log-sum-exp, so no exponential overflows.
    private static T SumExpShifted<T>(ReadOnlySpan<T> x, out T max) where T : IFloatingPointIeee754<T>
    {
        max = Max(x); // NaN if any element is NaN, which then propagates
        int i = 0;
        T sum = T.Zero;
        if (typeof(T) == typeof(double)) sum = (T)(object)SumExpShiftedVector(Spans.As<T, double>(x), (double)(object)max, out i);
        else if (typeof(T) == typeof(float)) sum = (T)(object)SumExpShiftedVector(Spans.As<T, float>(x), (float)(object)max, out i);
        for (; i < x.Length; i++) sum += Exp(x[i] - max);
        return sum;
    }

    // dX[i] += scale · exp(x[i] − max) (the softmax times seed when scale = seed / Σ exp); nothing where the exponential is 0.
    private static void AddScaledExpShifted<T>(ReadOnlySpan<T> x, T max, T scale, Span<T> dX) where T : IFloatingPointIeee754<T>
    {
        int i = 0;
        if (typeof(T) == typeof(double)) i = AddScaledExpShiftedVector(Spans.As<T, double>(x), (double)(object)max, (double)(object)scale, Spans.As<T, double>(dX));
        else if (typeof(T) == typeof(float)) i = AddScaledExpShiftedVector(Spans.As<T, float>(x), (float)(object)max, (float)(object)scale, Spans.As<T, float>(dX));
        for (; i < x.Length; i++) dX[i] += Adjoint.Times(scale, Exp(x[i] - max));
    }

    private static T Max<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return (T)(object)TensorPrimitives.Max(Spans.As<T, double>(x));
        if (typeof(T) == typeof(float)) return (T)(object)TensorPrimitives.Max(Spans.As<T, float>(x));
        T max = x[0];
        foreach (T v in x)
        {
            if (T.IsNaN(v)) return v;
            if (v > max) max = v;
        }
        return max;
    }

    // Scalar exponentials in double (correctly rounded for float), matching the vector lanes.
    private static T Exp<T>(T x) where T : IFloatingPointIeee754<T> => T.CreateTruncating(Math.Exp(double.CreateTruncating(x)));

    private static T SumExpShiftedVector<T>(ReadOnlySpan<T> x, T max, out int done) where T : unmanaged, IFloatingPointIeee754<T>
    {
        done = 0;
        if (Vector512.IsHardwareAccelerated) return SumExpShiftedVector<T, V512<T>, V512<double>>(x, max, out done);
        if (Vector256.IsHardwareAccelerated) return SumExpShiftedVector<T, V256<T>, V256<double>>(x, max, out done);
        return T.Zero;
    }

    private static T SumExpShiftedVector<T, TV, TD>(ReadOnlySpan<T> x, T max, out int done)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        ref T rx = ref MemoryMarshal.GetReference(x);
        TV m = TV.Create(max);
        TV acc = TV.Zero;
        int i = 0;
        for (; i <= x.Length - TV.Count; i += TV.Count) acc += VMath.Exp<TV, T, TD>(TV.Load(ref rx, (nuint)i) - m);
        done = i;
        return TV.Sum(acc);
    }

    private static int AddScaledExpShiftedVector<T>(ReadOnlySpan<T> x, T max, T scale, Span<T> dX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated) return AddScaledExpShiftedVector<T, V512<T>, V512<double>>(x, max, scale, dX);
        if (Vector256.IsHardwareAccelerated) return AddScaledExpShiftedVector<T, V256<T>, V256<double>>(x, max, scale, dX);
        return 0;
    }

    private static int AddScaledExpShiftedVector<T, TV, TD>(ReadOnlySpan<T> x, T max, T scale, Span<T> dX)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T rd = ref MemoryMarshal.GetReference(dX);
        TV m = TV.Create(max), s = TV.Create(scale);
        int i = 0;
        for (; i <= x.Length - TV.Count; i += TV.Count)
        {
            nuint at = (nuint)i;
            TV.Store(Adjoint.AddTimes<TV, T, TD>(TV.Load(ref rd, at), s, VMath.Exp<TV, T, TD>(TV.Load(ref rx, at) - m)), ref rd, at);
        }
        return i;
    }
}
