namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>The reverse-mode transform, asserted on the printed IR of the methods it produces (before any C# is written).</summary>
public class ReverseTransformTests
{
    [Fact]
    public void Backward_of_straight_line_code_runs_the_statements_backwards_with_guarded_partials()
    {
        var file = StageHarness.Transform("[Differentiable] public static double F(double x, double y) { double p = x * y; return p + Math.Exp(p) / y; }");

        // An adjoint that still holds its initial 0 gets its first contribution by assignment (dP = dResult), until a
        // guard may have written it. The scalar inputs' adjoints are collected in locals and added into the ref parameters once, at the end: the
        // JIT keeps a local in a register, while each += on a ref parameter would load and store the caller's variable.

        Assert.Equal("""
            double result = 0.0;
            double p = 0.0;
            double exp1 = 0.0;
            double dResult = 0.0;
            double dP = 0.0;
            double dExp1 = 0.0;

            // Forward sweep
            p = x * y;
            exp1 = Math.Exp(p);
            result = p + exp1 / y;

            // Reverse sweep
            double dXLocal = 0.0;
            double dYLocal = 0.0;
            dResult = seed;
            if (dResult != 0)
            {
                dP = dResult;
                dExp1 = dResult / y;
                dYLocal = -(dResult * (exp1 / y) / y);
                dResult = 0.0;
            }
            if (dExp1 != 0)
            {
                dP += dExp1 * exp1;
            }
            if (dP != 0)
            {
                dXLocal = dP * y;
                dYLocal += dP * x;
                dP = 0.0;
            }
            dX += dXLocal;
            dY += dYLocal;
            return result;
            """, StageHarness.Print(file, "FBackward"));
    }

    [Fact]
    public void Gradient_clears_the_gradients_and_calls_the_backward_with_seed_one()
    {
        var file = StageHarness.Transform("[Differentiable] public static double F(ReadOnlySpan<double> w, double x) => w[0] * x;");

        Assert.Equal("""
            if (dW.Length != w.Length) throw new ArgumentException("dW must have the length of w.", nameof(dW));
            dW.Clear();
            dX = 0.0;
            return FBackward(w, x, 1.0, dW, ref dX);
            """, StageHarness.Print(file, "FGradient"));
    }

    [Fact]
    public void A_loop_that_overwrites_records_on_the_tape_and_runs_backwards_from_its_bounds()
    {
        // One record per step: the old tanh1 is the old h (h = tanh1 closed the last step), which the reverse sweep has
        // popped when it reverses the call, so it copies h back instead of recording tanh1 as well.
        var file = StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> xs, double w)
            {
                double h = 0;
                for (int t = 0; t < xs.Length; t++) h = Math.Tanh(w * h + xs[t]);
                return h;
            }
            """);

        Assert.Equal("""
            Tape tape = Tape.Current;
            int dXsRented = tape.PrepareAdjoint(ref dXs, xs.Length, nameof(dXs), nameof(xs));
            double result = 0.0;
            double h = 0.0;
            int t = 0;
            double tanh1 = 0.0;
            double dResult = 0.0;
            double dH = 0.0;

            // Forward sweep
            h = 0.0;
            tape.Reserve((long)xs.Length, 0L);
            double[] tapeReals = tape.RealRecords;
            int tapeTop = tape.RealCount;
            for (t = 0; t < xs.Length; t++)
            {
                tanh1 = Math.Tanh(w * h + xs[t]);
                tapeReals[tapeTop++] = h;
                h = tanh1;
            }
            tape.RealCount = tapeTop;
            result = h;

            // Reverse sweep
            double dWLocal = 0.0;
            dResult = seed;
            dH = dResult;
            dResult = 0.0;
            double[] tapeReals1 = tape.RealRecords;
            int tapeTop1 = tape.RealCount;
            for (t = xs.Length - 1; t >= 0; t--)
            {
                double dTanh1 = dH;
                dH = 0.0;
                h = tapeReals1[--tapeTop1];
                if (dTanh1 != 0)
                {
                    double dArgument1 = dTanh1 * (1.0 - tanh1 * tanh1);
                    dWLocal += dArgument1 * h;
                    dH = dArgument1 * w;
                    dXs[t] += dArgument1;
                    dTanh1 = 0.0;
                }
                tanh1 = h;
            }
            tape.RealCount = tapeTop1;
            dH = 0.0;
            dW += dWLocal;
            tape.ReturnScratch(dXsRented);
            return result;
            """, StageHarness.Print(file, "FBackward"));
    }
}
