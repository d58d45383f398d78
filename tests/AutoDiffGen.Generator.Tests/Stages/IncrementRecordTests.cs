using System.Linq;

namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>
/// Increments <c>a[j] += e</c> after a loop that writes the buffer whole (<c>WholeSpanWrites</c>): recorded only where an
/// adjoint reads the buffer between that loop and the increment, straight or through a later iteration.
/// </summary>
public class IncrementRecordTests
{
    private static string Recorded(string source)
    {
        var stages = StageHarness.Lower(source);
        var (_, _, records) = stages.Adjoints();
        return stages.Print(records.Recording.Where(s => records.RecordsValue(s) || records.RecordsAnySpan(s)).ToList());
    }

    [Fact]
    public void Column_increments_after_a_whole_write_record_nothing()
    {
        // ADBench's Qtimesx, in rounds: the previous round's q[k]² reads q, so the whole write q[k] = … records each element;
        // the column increments come after it, and nothing between reads q: no record. (sqrt1's adjoint reads it.)
        Assert.Equal("""
            q[k] = diag[k] * v[k];
            sqrt1 = Math.Sqrt(1.0 + sq);
            """, Recorded("""
            [Differentiable] public static double F(ReadOnlySpan<double> diag, ReadOnlySpan<double> lower, ReadOnlySpan<double> v, int rounds)
            {
                int n = v.Length;
                Span<double> q = stackalloc double[n];
                double total = 0;
                for (int r = 0; r < rounds; r++)
                {
                    for (int k = 0; k < n; k++) q[k] = diag[k] * v[k];
                    for (int i = 0; i < n; i++)
                        for (int j = i + 1; j < n; j++) q[j] += lower[i * (2 * n - i - 1) / 2 + j - i - 1] * v[i];
                    double sq = 0;
                    for (int k = 0; k < n; k++) sq += q[k] * q[k];
                    total += Math.Sqrt(1 + sq);
                }
                return total;
            }
            """));
    }

    [Fact]
    public void An_increment_after_a_reader_of_the_intermediate_value_is_recorded()
    {
        // q[0]² is taken between the increments: the second must give the reverse sweep q[0] as it was between them.
        Assert.Equal("""
            q[0] += a[1] * v[2];
            """, Recorded("""
            [Differentiable] public static double F(ReadOnlySpan<double> a, ReadOnlySpan<double> v)
            {
                int n = v.Length;
                Span<double> q = stackalloc double[n];
                for (int k = 0; k < n; k++) q[k] = v[k];
                q[0] += a[0] * v[1];
                double s = q[0] * q[0];
                q[0] += a[1] * v[2];
                return s + q[0] * q[0] * q[0];
            }
            """));
    }

    [Fact]
    public void An_increment_a_later_iteration_reads_is_recorded()
    {
        Assert.Equal("""
            q[0] += a[t] * v[t % n];
            """, Recorded("""
            [Differentiable] public static double F(ReadOnlySpan<double> a, ReadOnlySpan<double> v)
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
            """));
    }

    [Fact]
    public void A_linear_reader_between_increments_needs_no_record_and_scalars_follow_the_same_rule()
    {
        // s = q[0] reads q[0] forward, but its adjoint reads nothing of q. acc += a[0] comes after acc² (whose adjoint reads
        // acc): recorded; acc += a[k] · v[k] has no reader of acc before it: not.
        Assert.Equal("""
            acc += a[0];
            """, Recorded("""
            [Differentiable] public static double F(ReadOnlySpan<double> a, ReadOnlySpan<double> v)
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
            """));
    }

    [Fact]
    public void A_loop_that_reads_the_buffer_in_its_reverse_or_covers_part_of_it_ends_no_need()
    {
        // The first loop's q[k]² reads q after writing it (the next iteration's write records, as the loop's reverse reads
        // each element); the second covers only q[1..n): the increment is recorded in both.
        Assert.Equal("""
            q[k] = v[k];
            q[0] += a[1];
            """, Recorded("""
            [Differentiable] public static double F(ReadOnlySpan<double> a, ReadOnlySpan<double> v)
            {
                int n = v.Length;
                Span<double> q = stackalloc double[n];
                double s = 0;
                for (int k = 0; k < n; k++) { q[k] = v[k]; s += q[k] * q[k]; }
                q[0] += a[1];
                return s + q[0];
            }
            """));
        Assert.Equal("""
            q[k_1] = a[k_1];
            q[0] += a[1];
            """, Recorded("""
            [Differentiable] public static double F(ReadOnlySpan<double> a, ReadOnlySpan<double> v)
            {
                int n = v.Length;
                Span<double> q = stackalloc double[n];
                for (int k = 0; k < n; k++) q[k] = v[k];
                double s = q[0] * q[0];
                for (int k = 1; k < n; k++) q[k] = a[k];
                q[0] += a[1];
                return s + q[0];
            }
            """));
    }
}
