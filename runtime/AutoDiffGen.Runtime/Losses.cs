using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

/// <summary>
/// Loss functions with PyTorch's definitions (mean reduction), numerically stable, for <see cref="double"/> and
/// <see cref="float"/>. Each has a hand-written pullback (<c>{Name}Backward</c>, marked <see cref="DerivativeOfAttribute"/>)
/// so it can be called from <see cref="DifferentiableAttribute">[Differentiable]</see> code. Targets and labels are constants.
/// </summary>
public static partial class Losses
{
    // max(x) and Σ exp(x − max): the pieces of a max-subtracted log-sum-exp, so no exponential overflows.
    private static T SumExpShifted<T>(ReadOnlySpan<T> x, out T max) where T : unmanaged, IFloatingPointIeee754<T>
    {
        max = TensorPrimitives.Max(x); // NaN if any element is NaN, which then propagates
        int i = 0;
        T sum = T.Zero;
        if (Simd.IsAccelerated && x.Length >= Vector256<T>.Count)
        {
            Vector256<T> m = Vector256.Create(max);
            Vector256<T> acc = Vector256<T>.Zero;
            for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
                acc += Simd.Exp(Simd.Load(x, i) - m);
            sum = Vector256.Sum(acc);
        }
        for (; i < x.Length; i++) sum += G.Exp(x[i] - max);
        return sum;
    }

    // dX[i] += scale · exp(x[i] − max) (the softmax times seed when scale = seed / Σ exp).
    private static void AddScaledExpShifted<T>(ReadOnlySpan<T> x, T max, T scale, Span<T> dX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Simd.IsAccelerated)
        {
            Vector256<T> m = Vector256.Create(max);
            Vector256<T> s = Vector256.Create(scale);
            for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
                Simd.Store(Simd.MulAdd(Simd.Exp(Simd.Load(x, i) - m), s, Simd.Load(dX, i)), dX, i);
        }
        for (; i < x.Length; i++) dX[i] += G.Exp(x[i] - max) * scale;
    }
}
