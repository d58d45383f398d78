using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Internal;

/// <summary>
/// Reductions over a row of <c>n</c> elements, vectorized with the lanes of the caller's vector type and a scalar tail. Four
/// vector accumulators, combined as (a₀ + a₁) + (a₂ + a₃) at the end: with one, every add waited for the previous one (4
/// cycles of latency for one vector), and a 4,096-element sum ran at a fraction of the rate its loads allow.
/// </summary>
internal static class RowMath
{
    /// <summary><c>Σᵢ x[i]</c>.</summary>
    public static T Sum<T, TV, TD>(ref T x, int n)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        TV a0 = TV.Zero, a1 = TV.Zero, a2 = TV.Zero, a3 = TV.Zero;
        int i = 0;
        for (; i <= n - 4 * TV.Count; i += 4 * TV.Count)
        {
            a0 += TV.Load(ref x, (nuint)i);
            a1 += TV.Load(ref x, (nuint)(i + TV.Count));
            a2 += TV.Load(ref x, (nuint)(i + 2 * TV.Count));
            a3 += TV.Load(ref x, (nuint)(i + 3 * TV.Count));
        }
        for (; i <= n - TV.Count; i += TV.Count) a0 += TV.Load(ref x, (nuint)i);
        T sum = TV.Sum((a0 + a1) + (a2 + a3));
        for (; i < n; i++) sum += Unsafe.Add(ref x, i);
        return sum;
    }

    /// <summary><c>Σᵢ (x[i] − mean)²</c>.</summary>
    public static T SumSquaredDeviation<T, TV, TD>(ref T x, T mean, int n)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        TV a0 = TV.Zero, a1 = TV.Zero, a2 = TV.Zero, a3 = TV.Zero, m = TV.Create(mean);
        int i = 0;
        for (; i <= n - 4 * TV.Count; i += 4 * TV.Count)
        {
            TV d0 = TV.Load(ref x, (nuint)i) - m, d1 = TV.Load(ref x, (nuint)(i + TV.Count)) - m;
            TV d2 = TV.Load(ref x, (nuint)(i + 2 * TV.Count)) - m, d3 = TV.Load(ref x, (nuint)(i + 3 * TV.Count)) - m;
            a0 = TV.MulAdd(d0, d0, a0);
            a1 = TV.MulAdd(d1, d1, a1);
            a2 = TV.MulAdd(d2, d2, a2);
            a3 = TV.MulAdd(d3, d3, a3);
        }
        for (; i <= n - TV.Count; i += TV.Count)
        {
            TV d = TV.Load(ref x, (nuint)i) - m;
            a0 = TV.MulAdd(d, d, a0);
        }
        T sum = TV.Sum((a0 + a1) + (a2 + a3));
        for (; i < n; i++)
        {
            T d = Unsafe.Add(ref x, i) - mean;
            sum += d * d;
        }
        return sum;
    }
}
