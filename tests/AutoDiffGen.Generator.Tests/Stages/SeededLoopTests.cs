namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>
/// The reverse of a contiguous axpy-shaped increment loop (<c>SeededLoopShapes</c>): a loop guarded per element by its
/// seed whose statements are axpys and dot products becomes one <c>SeededKernels</c> call per statement, with no
/// per-element guard and no counter; shapes that are not exactly that stay scalar.
/// </summary>
public class SeededLoopTests
{
    private const string Triangle = """
        [Differentiable] public static double F(ReadOnlySpan<double> diag, ReadOnlySpan<double> lower, ReadOnlySpan<double> v)
        {
            int n = v.Length;
            Span<double> q = stackalloc double[n];
            for (int k = 0; k < n; k++) q[k] = diag[k] * v[k];
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) q[j] += lower[i * (2 * n - i - 1) / 2 + j - i - 1] * v[i];
            double sq = 0;
            for (int k = 0; k < n; k++) sq += q[k] * q[k];
            return sq;
        }
        """;

    [Fact]
    public void Column_increments_reverse_as_a_seeded_axpy_and_a_seeded_dot_product()
    {
        string backward = StageHarness.Print(StageHarness.Transform(Triangle), "FBackward");

        // Forward: the column axpy, no push (nothing reads q between the whole write and the increments).
        Assert.Contains("""
                if (n - i - 1 > 0)
                {
                    LoopKernels.MultiplyAdd<double>(lower.Slice(i * (2 * n - i - 1) / 2, n - i - 1), v[i], q.Slice(i + 1, n - i - 1), q.Slice(i + 1, n - i - 1));
                }
            """, backward);
        // Reverse: per column, an axpy into dLower and a dot product into dV[i], both skipping zero seeds.
        Assert.Contains("""
                if (n - i - 1 > 0)
                {
                    SeededKernels.MultiplyAdd<double>(dQ.Slice(i + 1, n - i - 1), v[i], dLower.Slice(i * (2 * n - i - 1) / 2, n - i - 1));
                    dV[i] += SeededKernels.Dot<double>(dQ.Slice(i + 1, n - i - 1), lower.Slice(i * (2 * n - i - 1) / 2, n - i - 1));
                }
            """, backward);
        Assert.DoesNotContain("dQ[j] != 0", backward);
        // The diagonal's reverse: two seeded element-wise axpys, the seed cleared, the recorded q popped, all as slices.
        Assert.Contains("""
            if (n > 0)
            {
                SeededKernels.MultiplyAdd<double>(dQ.Slice(0, n), v.Slice(0, n), dDiag.Slice(0, n));
                SeededKernels.MultiplyAdd<double>(dQ.Slice(0, n), diag.Slice(0, n), dV.Slice(0, n));
                dQ.Slice(0, n).Clear();
            }
            """, backward);
        // q is recorded whole, never by element or slice.
        Assert.DoesNotMatch(@"Push(Reserved)?\(q[\[.]", backward);
    }

    [Fact]
    public void A_guarded_loop_that_writes_its_dot_target_twice_stays_scalar()
    {
        // q[j] += lower[j]·v[i]²: dV[i] receives two contributions per element (one target written twice), and dLower's
        // update is the seed times v[i] twice through a temporary: not one seeded call per statement.
        string backward = StageHarness.Print(StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> lower, ReadOnlySpan<double> v)
            {
                int n = v.Length;
                Span<double> q = stackalloc double[n];
                for (int k = 0; k < n; k++) q[k] = v[k];
                for (int i = 0; i < n; i++)
                    for (int j = i + 1; j < n; j++) q[j] += lower[j] * v[i] * v[i];
                double sq = 0;
                for (int k = 0; k < n; k++) sq += q[k] * q[k];
                return sq;
            }
            """), "FBackward");

        Assert.Contains("if (dQ[j] != 0)", backward);
        Assert.DoesNotContain("SeededKernels", backward);
    }
}
