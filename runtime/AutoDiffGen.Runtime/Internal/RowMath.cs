using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Internal;

/// <summary>Reductions over a row of <c>n</c> elements, vectorized with the lanes of the caller's vector type and a scalar tail.</summary>
internal static class RowMath
{
    /// <summary><c>Σᵢ x[i]</c>.</summary>
    public static T Sum<T, TV, TD>(ref T x, int n)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        TV acc = TV.Zero;
        int i = 0;
        for (; i <= n - TV.Count; i += TV.Count) acc += TV.Load(ref x, (nuint)i);
        T sum = TV.Sum(acc);
        for (; i < n; i++) sum += Unsafe.Add(ref x, i);
        return sum;
    }

    /// <summary><c>Σᵢ (x[i] − mean)²</c>.</summary>
    public static T SumSquaredDeviation<T, TV, TD>(ref T x, T mean, int n)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        TV acc = TV.Zero, m = TV.Create(mean);
        int i = 0;
        for (; i <= n - TV.Count; i += TV.Count)
        {
            TV d = TV.Load(ref x, (nuint)i) - m;
            acc = TV.MulAdd(d, d, acc);
        }
        T sum = TV.Sum(acc);
        for (; i < n; i++)
        {
            T d = Unsafe.Add(ref x, i) - mean;
            sum += d * d;
        }
        return sum;
    }
}
