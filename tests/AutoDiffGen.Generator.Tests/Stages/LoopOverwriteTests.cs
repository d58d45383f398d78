namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>
/// <c>LoopOverwrite</c>, asserted on the printed gradient method: gradients whose only updates are one row or element per
/// iteration of one constant-bound loop covering them are written by that loop's first complete run (a flag, true until
/// then; the loop runs in a writing and an adding version), and cleared where the lengths differ or the loop never ran; gradients with any other touch, or a loop that does
/// not cover them from element 0, keep the clear.
/// </summary>
public class LoopOverwriteTests
{
    [Fact]
    public void Rows_and_biases_of_a_layer_over_a_batch_are_written_by_the_first_samples_pass()
    {
        string gradient = StageHarness.Print(StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] ReadOnlySpan<double> x, int batch)
            {
                double total = 0;
                for (int s = 0; s < batch; s++)
                {
                    for (int j = 0; j < 3; j++)
                    {
                        double a = b[j];
                        for (int k = 0; k < 4; k++) a += w[j * 4 + k] * x[s * 4 + k];
                        total += Math.Max(a, 0.0);
                    }
                }
                return total;
            }
            """), "FGradient");
        Assert.StartsWith("""
            if (dW.Length != w.Length) throw new ArgumentException("dW must have the length of w.", nameof(dW));
            if (dB.Length != b.Length) throw new ArgumentException("dB must have the length of b.", nameof(dB));
            bool dWUnwritten = dW.Length == 12 && dB.Length == 3;
            if (!dWUnwritten)
            {
                dW.Clear();
                dB.Clear();
            }
            double seed = 1.0;
            """, gradient);
        // Two versions of the covering loop: the first run writes (dead units' rows cleared), later runs add.
        Assert.Contains("""
            for (s = batch - 1; s >= 0; s--)
            {
                if (dWUnwritten)
                {
                    for (j = 2; j >= 0; j--)
                    {
            """, gradient);
        Assert.Contains("""
                        if (dA != 0)
                        {
                            LoopKernels.Multiply<double>(x.Slice(s * 4, 4), dA, dW.Slice(j * 4, 4));
                        }
                        else
                        {
                            dW.Slice(j * 4, 4).Clear();
                        }
                        dB[j] = dA;
                        dA = 0.0;
                        a = tapeReals1[--tapeTop1];
                    }
                }
                else
                {
                    for (j = 2; j >= 0; j--)
                    {
            """, gradient);
        Assert.Contains("""
                        if (dA != 0)
                        {
                            LoopKernels.MultiplyAdd<double>(x.Slice(s * 4, 4), dA, dW.Slice(j * 4, 4), dW.Slice(j * 4, 4));
                        }
                        dB[j] += dA;
                        dA = 0.0;
                        a = tapeReals1[--tapeTop1];
                    }
                }
                dWUnwritten = false;
            }
            """, gradient);
        Assert.EndsWith("""
            if (dWUnwritten)
            {
                dW.Clear();
                dB.Clear();
            }
            return result;
            """, gradient);
    }

    [Theory]
    [InlineData("for (int j = 0; j < 3; j++)", "total += w[12] * w[13];")]   // a touch outside the loop
    [InlineData("for (int j = 1; j < 3; j++)", "")]                          // rows 1 and 2 only: row 0 would stay unwritten
    [InlineData("for (int j = 0; j < 3; j++)", "total += w[0];")]            // the same, for one element
    public void A_gradient_the_loop_does_not_cover_alone_keeps_its_clear(string loop, string extra)
    {
        string gradient = StageHarness.Print(StageHarness.Transform($$"""
            [Differentiable] public static double F(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, int batch)
            {
                double total = 0;
                for (int s = 0; s < batch; s++)
                {
                    {{loop}}
                    {
                        double a = 0;
                        for (int k = 0; k < 4; k++) a += w[j * 4 + k] * x[s * 4 + k];
                        total += Math.Sin(a);
                    }
                }
                {{extra}}
                return total;
            }
            """), "FGradient");
        Assert.DoesNotContain("Unwritten", gradient);
        Assert.Contains("dW.Clear();", gradient);
    }

    [Fact]
    public void Two_updates_of_one_gradient_per_iteration_keep_the_clear()
    {
        string gradient = StageHarness.Print(StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> b, int batch)
            {
                double total = 0;
                for (int s = 0; s < batch; s++)
                {
                    for (int j = 0; j < 3; j++) total += Math.Sin(b[j] * s) + b[j] * b[j];
                }
                return total;
            }
            """), "FGradient");
        Assert.DoesNotContain("Unwritten", gradient);
        Assert.Contains("dB.Clear();", gradient);
    }
}
