namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>
/// <c>RecordFission</c> on a finished backward, asserted on the printed IR: a loop's one element record per iteration becomes
/// a slice pushed ahead of the loop and popped after its reverse, while the rest of the loop stays scalar; a loop that reads
/// the span at another element, or records something else too, keeps its records per element.
/// </summary>
public class RecordFissionTests
{
    private const string Layer = """
        [Differentiable] public static double F(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, int batch)
        {
            Span<double> pre = stackalloc double[3];
            double total = 0;
            for (int s = 0; s < batch; s++)
            {
                for (int j = 0; j < 3; j++)
                {
                    double a = 0;
                    for (int k = 0; k < 4; k++) a += w[j * 4 + k] * x[s * 4 + k];
                    pre[j] = a;
                }
                for (int j = 0; j < 3; j++) total += Math.Sin(pre[j]);
            }
            return total;
        }
        """;

    [Fact]
    public void A_units_store_recorded_per_element_is_recorded_as_one_slice_per_loop()
    {
        string backward = StageHarness.Print(StageHarness.Transform(Layer), "FBackward");
        Assert.Contains("""
            for (s = 0; s < batch; s++)
            {
                tapeTop = Tape.PushReserved(tapeReals, tapeTop, pre);
                for (j = 0; j < 3; j++)
                {
                    a = 0.0;
                    a += LoopKernels.Dot<double>(w.Slice(j * 4, 4), x.Slice(s * 4, 4));
                    pre[j] = a;
                }
            """, backward);
        Assert.Contains("""
                for (j = 2; j >= 0; j--)
                {
                    double dA = dPre[j];
                    dPre[j] = 0.0;
                    if (dA != 0)
                    {
                        LoopKernels.MultiplyAdd<double>(x.Slice(s * 4, 4), dA, dW.Slice(j * 4, 4), dW.Slice(j * 4, 4));
                    }
                    dA = 0.0;
                }
                tapeTop1 = Tape.Pop(tapeReals1, tapeTop1, pre);
            """, backward);
        // No element record, whether through the tape or a cursor.
        Assert.DoesNotMatch(@"(Push(Reserved)?\(|\] = )pre\[j\]\)?;", backward);
        Assert.DoesNotMatch(@"pre\[j\] = (tape\.PopReal\(\)|tapeReals)", backward);
    }

    [Fact]
    public void A_buffer_read_at_another_element_keeps_one_record_per_iteration()
    {
        string backward = StageHarness.Print(StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, int batch)
            {
                Span<double> buf = stackalloc double[4];
                double total = 0;
                for (int s = 0; s < batch; s++)
                {
                    buf[0] = w[0] + s;
                    for (int j = 1; j < 4; j++) buf[j] = Math.Sin(w[j] * buf[j - 1]);
                    total += buf[3] * buf[3];
                }
                return total;
            }
            """), "FBackward");
        Assert.Contains("tapeReals[tapeTop++] = buf[j];", backward);
        Assert.Contains("buf[j] = tapeReals1[--tapeTop1];", backward);
        Assert.DoesNotMatch(@"Push(Reserved)?\((tapeReals, tapeTop, )?buf\)", backward);
    }

    [Fact]
    public void A_loop_recording_a_scalar_too_keeps_its_element_records()
    {
        // Two records per iteration (the old u and the old y[j]): moving one of them would change the tape's order.
        string backward = StageHarness.Print(StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, int batch)
            {
                Span<double> y = stackalloc double[3];
                double total = 0;
                for (int s = 0; s < batch; s++)
                {
                    for (int j = 0; j < 3; j++)
                    {
                        double u = Math.Sin(w[j] + s);
                        y[j] = u * u;
                        total += Math.Exp(u) * y[j];
                    }
                    total += y[0] * y[2];
                }
                return total;
            }
            """), "FBackward");
        Assert.Contains("tapeReals[tapeTop++] = y[j];", backward);
        Assert.DoesNotMatch(@"Push(Reserved)?\((tapeReals, tapeTop, )?y\)", backward);
    }
}
