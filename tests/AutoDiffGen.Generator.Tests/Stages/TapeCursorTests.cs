namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>
/// <c>TapeCursors</c> on a finished backward, asserted on the printed IR: a reserved loop pushes, and a reverse loop that
/// only pops pops, through locals read from the tape before the loop and written back after it; a loop that calls a
/// method keeps the tape's count.
/// </summary>
public class TapeCursorTests
{
    [Fact]
    public void A_reserved_loop_and_its_reverse_hold_cursors_and_a_loop_with_a_call_keeps_the_tapes_count()
    {
        string backward = StageHarness.Print(StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, double x)
            {
                double h = x;
                for (int i = 0; i < w.Length; i++) h = Math.Sin(w[i] * h);
                for (int i = 0; i < w.Length; i++) h = Math.Exp(h * Scale(i)) * w[i];
                if (h > 1) h = Math.Log(h);
                return h;
            }
            public static double Scale(int i) => 1.0 / (i + 1);
            """), "FBackward");

        Assert.Contains("""
            tape.Reserve((long)w.Length, 0L);
            double[] tapeReals = tape.RealRecords;
            int tapeTop = tape.RealCount;
            for (i = 0; i < w.Length; i++)
            {
                sin1 = Math.Sin(w[i] * h);
                tapeReals[tapeTop++] = h;
                h = sin1;
            }
            tape.RealCount = tapeTop;
            """, backward);
        // The second loop calls Scale (it could use the tape): checked pushes into reserved room, pops from the tape.
        Assert.Contains("scale1 = P.Scale(i_1);", backward);
        Assert.Matches(@"tape\.PushReserved\(\w+\);\n\s+scale1 = P\.Scale\(i_1\);", backward);
        Assert.Contains("double[] tapeReals1 = tape.RealRecords;", backward);
        // Its reverse calls nothing (the call's value was recorded), so it pops through a cursor as well.
        Assert.Contains("""
                exp1 = tapeReals1[--tapeTop1];
                scale1 = tapeReals1[--tapeTop1];
            }
            tape.RealCount = tapeTop1;
            """, backward);
        Assert.EndsWith("""
            tape.RealCount = tapeTop2;
            dXLocal = dH;
            dH = 0.0;
            dX += dXLocal;
            tape.ReturnScratch(dWRented);
            return result;
            """, backward);
    }
}
