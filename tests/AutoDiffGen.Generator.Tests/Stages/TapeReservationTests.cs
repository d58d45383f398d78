namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>
/// <c>TapeReservation</c> on a finished backward, asserted on the printed IR: room for a loop's records is made before the
/// outermost loop that can count them, and its pushes skip the growth check; what cannot be counted keeps checked pushes.
/// </summary>
public class TapeReservationTests
{
    [Fact]
    public void Nested_counting_loops_reserve_once_before_the_outer_loop_and_a_branch_counts_as_its_larger_side()
    {
        string backward = StageHarness.Print(StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, int rows, int cols)
            {
                double total = 0;
                for (int r = 0; r < rows; r++)
                {
                    double s = 0;
                    for (int c = 0; c < cols; c++) s += Math.Sin(w[r * cols + c] * s);
                    if (s > 0) total += Math.Exp(s); else total -= s;
                }
                return total;
            }
            """), "FBackward");

        // Per row: one old s per column and the old exp on the side that has it (floating point), the branch taken (integer).
        Assert.Contains("""
            tape.Reserve(Math.Max(0L, (long)rows) * (Math.Max(0L, (long)cols) + 1L), Math.Max(0L, (long)rows));
            double[] tapeReals = tape.RealRecords;
            int tapeTop = tape.RealCount;
            for (r = 0; r < rows; r++)
            """, backward);
        Assert.DoesNotMatch(@"tape\.Push\(", backward);
        // Floating-point records go through the loop's cursor (TapeCursors), integer ones into the reserved room.
        Assert.Contains("tapeReals[tapeTop++] = s;", backward);
        Assert.Contains("tape.PushReserved(true);", backward);
        Assert.Single(backward.Split('\n'), line => line.Contains("tape.Reserve("));
    }

    [Fact]
    public void A_loop_whose_bounds_follow_an_outer_counter_reserves_inside_that_loop()
    {
        string backward = StageHarness.Print(StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, int n)
            {
                double total = 0;
                for (int j = 0; j < n; j++)
                {
                    double s = w[j];
                    for (int i = 0; i < j; i++) s = Math.Sin(s * w[i]);
                    total += s;
                }
                return total;
            }
            """), "FBackward");

        // The triangle's rows cannot be counted before the outer loop: each row reserves its own.
        Assert.Contains("""
                tape.Reserve(Math.Max(0L, (long)j), 0L);
                double[] tapeReals = tape.RealRecords;
                int tapeTop = tape.RealCount;
                for (i = 0; i < j; i++)
                {
                    sin1 = Math.Sin(s * w[i]);
                    tapeReals[tapeTop++] = s;
            """, backward);
    }

    [Fact]
    public void A_while_loop_keeps_checked_pushes()
    {
        string backward = StageHarness.Print(StageHarness.Transform("""
            [Differentiable] public static double F(double x)
            {
                double y = x;
                while (y < 10) y = y * 1.5 + Math.Sin(y);
                return y;
            }
            """), "FBackward");

        Assert.DoesNotContain("tape.Reserve(", backward);
        Assert.DoesNotContain("PushReserved", backward);
        Assert.Contains("tape.Push(", backward);
    }
}
