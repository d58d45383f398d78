using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Increments <c>a[j] += e</c> of a buffer written whole before them: the ones no adjoint reads in between record
/// nothing (to-be-recorded analysis, <c>WholeSpanWrites</c>); the ones an adjoint reads in between, straight or through a
/// later iteration, are recorded. Their reverse loops are column axpys and dot products (<c>SeededLoopShapes</c>).
/// </summary>
public static partial class IncrementFunctions
{
    /// <summary>
    /// ADBench's column-wise Q·v, twice (a second round reads the buffer the first round's squared norm read):
    /// q = diag ⊙ v, then column i of the strict lower triangle times v[i] added into q[i+1..n), then Σ q².
    /// </summary>
    [Differentiable]
    public static double ColumnTriangle(ReadOnlySpan<double> diag, ReadOnlySpan<double> lower, ReadOnlySpan<double> v, int rounds)
    {
        int n = v.Length;
        Span<double> q = stackalloc double[n];
        double total = 0;
        for (int r = 0; r < rounds; r++)
        {
            for (int k = 0; k < n; k++) q[k] = diag[k] * v[k] * (r + 1);
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) q[j] += lower[i * (2 * n - i - 1) / 2 + j - i - 1] * v[i];
            double sq = 0;
            for (int k = 0; k < n; k++) sq += q[k] * q[k];
            total += Math.Sqrt(1 + sq);
        }
        return total;
    }

    /// <summary>The same in single precision.</summary>
    [Differentiable]
    public static float ColumnTriangleSingle(ReadOnlySpan<float> diag, ReadOnlySpan<float> lower, ReadOnlySpan<float> v)
    {
        int n = v.Length;
        Span<float> q = stackalloc float[n];
        for (int k = 0; k < n; k++) q[k] = diag[k] * v[k];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) q[j] += lower[i * (2 * n - i - 1) / 2 + j - i - 1] * v[i];
        float sq = 0;
        for (int k = 0; k < n; k++) sq += q[k] * q[k];
        return sq;
    }

    /// <summary>
    /// A reader of the intermediate value between two increments: q[0]² is taken after the first increment, so the second
    /// one must be recorded (the reverse sweep needs q[0] as it was between them).
    /// </summary>
    [Differentiable]
    public static double ReaderBetweenIncrements(ReadOnlySpan<double> a, ReadOnlySpan<double> v)
    {
        int n = v.Length;
        Span<double> q = stackalloc double[n];
        for (int k = 0; k < n; k++) q[k] = v[k];
        q[0] += a[0] * v[1];
        double s = q[0] * q[0];
        q[0] += a[1] * v[2];
        return s + q[0] * q[0] * q[0];
    }

    /// <summary>
    /// An increment in a loop whose next iteration reads it: q[0]³ is taken at the start of every step, after the previous
    /// step's increment, so each increment must be recorded.
    /// </summary>
    [Differentiable]
    public static double IncrementReadNextIteration(ReadOnlySpan<double> a, ReadOnlySpan<double> v)
    {
        int n = v.Length;
        Span<double> q = stackalloc double[n];
        for (int k = 0; k < n; k++) q[k] = v[k] * v[k];
        double s = 0;
        for (int t = 0; t < a.Length; t++)
        {
            s += q[0] * q[0] * q[0];
            q[0] += a[t] * v[t % n];
        }
        return s + q[0];
    }

    /// <summary>
    /// A reader between increments whose derivative does not read the buffer (s += q[0] is linear in q[0]): nothing is
    /// recorded; and a scalar incremented after its square was taken is recorded, one incremented with no reader is not.
    /// </summary>
    [Differentiable]
    public static double LinearReaderAndScalars(ReadOnlySpan<double> a, ReadOnlySpan<double> v)
    {
        int n = v.Length;
        Span<double> q = stackalloc double[n];
        for (int k = 0; k < n; k++) q[k] = v[k] * a[k];
        q[0] += a[0] * v[1];
        double s = q[0];
        q[0] += a[1] * v[2];
        double acc = 0;
        for (int k = 0; k < n; k++) acc += a[k] * v[k];
        double y = acc * acc;
        acc += a[0];
        return s + q[0] * q[0] + y + acc * acc;
    }
}
