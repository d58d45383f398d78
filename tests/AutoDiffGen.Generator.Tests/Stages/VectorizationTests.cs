namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>
/// The vectorization pass on a finished backward (<c>BackwardVectorization</c>), asserted on the printed IR: recognized
/// loops become LoopKernels calls (TensorPrimitives for long slices) and slice operations in both sweeps, loop-invariant zero-seed guards move out of
/// the loops, and every other loop is left as it was.
/// </summary>
public class VectorizationTests
{
    [Fact]
    public void Dot_products_forward_and_axpy_updates_under_one_hoisted_guard_backward()
    {
        var file = StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, ReadOnlySpan<double> x, ReadOnlySpan<double> b)
            {
                double loss = 0;
                for (int r = 0; r < b.Length; r++)
                {
                    double a = b[r];
                    for (int c = 0; c < x.Length; c++) a += w[r * x.Length + c] * x[c];
                    loss += Math.Tanh(a);
                }
                return loss;
            }
            """);

        // The inner loop's counter is gone; a row slice starts at r * x.Length, so an empty x must not slice at all.
        Assert.Equal("""
            Tape tape = Tape.Current;
            int dWRented = tape.PrepareAdjoint(ref dW, w.Length, nameof(dW), nameof(w));
            int dXRented = tape.PrepareAdjoint(ref dX, x.Length, nameof(dX), nameof(x));
            int dBRented = tape.PrepareAdjoint(ref dB, b.Length, nameof(dB), nameof(b));
            double result = 0.0;
            double loss = 0.0;
            int r = 0;
            double a = 0.0;
            double tanh1 = 0.0;
            double dResult = 0.0;
            double dLoss = 0.0;

            // Forward sweep
            loss = 0.0;
            tape.Reserve((long)b.Length, 0L);
            double[] tapeReals = tape.RealRecords;
            int tapeTop = tape.RealCount;
            for (r = 0; r < b.Length; r++)
            {
                a = b[r];
                if (x.Length > 0)
                {
                    a += LoopKernels.Dot<double>(w.Slice(r * x.Length, x.Length), x);
                }
                tapeReals[tapeTop++] = tanh1;
                tanh1 = Math.Tanh(a);
                loss += tanh1;
            }
            tape.RealCount = tapeTop;
            result = loss;

            // Reverse sweep
            dResult = seed;
            dLoss = dResult;
            dResult = 0.0;
            double[] tapeReals1 = tape.RealRecords;
            int tapeTop1 = tape.RealCount;
            for (r = b.Length - 1; r >= 0; r--)
            {
                double dA = 0.0;
                double dTanh1 = dLoss;
                if (dTanh1 != 0)
                {
                    dA = dTanh1 * (1.0 - tanh1 * tanh1);
                    dTanh1 = 0.0;
                }
                tanh1 = tapeReals1[--tapeTop1];
                if (dA != 0)
                {
                    if (x.Length > 0)
                    {
                        LoopKernels.MultiplyAdd<double>(x, dA, dW.Slice(r * x.Length, x.Length), dW.Slice(r * x.Length, x.Length));
                        LoopKernels.MultiplyAdd<double>(w.Slice(r * x.Length, x.Length), dA, dX, dX);
                    }
                }
                dB[r] += dA;
                dA = 0.0;
            }
            tape.RealCount = tapeTop1;
            dLoss = 0.0;
            tape.ReturnScratch(dBRented);
            tape.ReturnScratch(dXRented);
            tape.ReturnScratch(dWRented);
            return result;
            """, StageHarness.Print(file, "FBackward"));
    }

    [Fact]
    public void A_float_state_buffer_is_pushed_and_popped_whole_and_element_guarded_adjoints_become_seeded_kernels()
    {
        var file = StageHarness.Transform("""
            [Differentiable] public static float F(ReadOnlySpan<float> w, int steps)
            {
                Span<float> h = stackalloc float[8];
                Span<float> next = stackalloc float[8];
                h.Fill(1f);
                for (int t = 0; t < steps; t++)
                {
                    for (int i = 0; i < 8; i++) next[i] = h[i] * w[i];
                    for (int i = 0; i < 8; i++) h[i] = next[i] + 0.5f;
                }
                float s = 0;
                for (int i = 0; i < 8; i++) s += h[i];
                return s;
            }
            """);

        // Slices covering a whole buffer are the buffer itself. The reverse of next = h * w multiplies each element's seed by
        // partials that may be infinite, guarded per element (dNext[i] != 0): LoopKernels cannot skip elements, the
        // seeded kernels can (zero seeds masked), and the guard's clear of its seed becomes a Clear of the slice.
        Assert.Equal("""
            Tape tape = Tape.Current;
            int dWRented = tape.PrepareAdjoint(ref dW, w.Length, nameof(dW), nameof(w));
            float result = 0f;
            int t = 0;
            float s = 0f;
            float dResult = 0f;
            float dS = 0f;

            // Forward sweep
            Span<float> h = stackalloc float[8];
            Span<float> dH = stackalloc float[h.Length];
            dH.Clear();
            Span<float> next = stackalloc float[8];
            Span<float> dNext = stackalloc float[next.Length];
            dNext.Clear();
            h.Fill(1f);
            tape.Reserve(Math.Max(0L, (long)steps) * (long)h.Length, 0L);
            double[] tapeReals = tape.RealRecords;
            int tapeTop = tape.RealCount;
            for (t = 0; t < steps; t++)
            {
                LoopKernels.Multiply<float>(h, w.Slice(0, 8), next);
                tapeTop = Tape.PushReserved(tapeReals, tapeTop, h);
                LoopKernels.Add<float>(next, 0.5f, h);
            }
            tape.RealCount = tapeTop;
            s = 0f;
            s += LoopKernels.Sum<float>(h);
            result = s;

            // Reverse sweep
            dResult = seed;
            dS = dResult;
            dResult = 0f;
            LoopKernels.Add<float>(dH, dS, dH);
            dS = 0f;
            double[] tapeReals1 = tape.RealRecords;
            int tapeTop1 = tape.RealCount;
            for (t = steps - 1; t >= 0; t--)
            {
                LoopKernels.Add<float>(dNext, dH, dNext);
                dH.Clear();
                tapeTop1 = Tape.Pop(tapeReals1, tapeTop1, h);
                SeededKernels.MultiplyAdd<float>(dNext, w.Slice(0, 8), dH);
                SeededKernels.MultiplyAdd<float>(dNext, h, dW.Slice(0, 8));
                dNext.Clear();
            }
            tape.RealCount = tapeTop1;
            dH.Clear();
            tape.ReturnScratchSingle(dWRented);
            return result;
            """, StageHarness.Print(file, "FBackward"));
    }

    [Fact]
    public void Gradient_writes_a_gradient_whose_first_update_covers_it_instead_of_clearing_and_adding()
    {
        var file = StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++) s += w[i] * x[i];
                return s * s;
            }
            """);

        // dW's first update is a whole-span MultiplyAdd under the zero-seed guard: it becomes Multiply, and the branch not
        // taken clears dW. No rented adjoint: the gradient method's dW is checked to be w's length.
        Assert.Equal("""
            if (dW.Length != w.Length) throw new ArgumentException("dW must have the length of w.", nameof(dW));
            double seed = 1.0;
            double result = 0.0;
            double s = 0.0;
            double dResult = 0.0;
            double dS = 0.0;

            // Forward sweep
            s = 0.0;
            s += LoopKernels.Dot<double>(w, x.Slice(0, w.Length));
            result = s * s;

            // Reverse sweep
            dResult = seed;
            if (dResult != 0)
            {
                dS = 2.0 * dResult * s;
                dResult = 0.0;
            }
            if (dS != 0)
            {
                LoopKernels.Multiply<double>(x.Slice(0, w.Length), dS, dW);
            }
            else
            {
                dW.Clear();
            }
            dS = 0.0;
            return result;
            """, StageHarness.Print(file, "FGradient"));
    }

    [Fact]
    public void Gradient_first_updated_inside_a_loop_is_cleared_and_added_into_as_before()
    {
        var file = StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, int rows)
            {
                double loss = 0;
                for (int r = 0; r < rows; r++)
                {
                    double a = 0;
                    for (int c = 0; c < x.Length; c++) a += w[r * x.Length + c] * x[c];
                    loss += a * a;
                }
                return loss;
            }
            """);

        Assert.Equal("""
            if (dW.Length != w.Length) throw new ArgumentException("dW must have the length of w.", nameof(dW));
            dW.Clear();
            return FBackward(w, x, rows, 1.0, dW);
            """, StageHarness.Print(file, "FGradient"));
    }

    [Fact]
    public void A_guard_on_an_element_leaves_only_loops_that_surely_run()
    {
        // y[r] += w[…] * x[c]: the reverse tests dY[r] in the loop over c. Before a loop of x.Length iterations, which may be
        // none, dY[r] is not read (the scalar code would not read it); before a loop of 4 it is.
        var file = StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, ReadOnlySpan<double> x)
            {
                Span<double> y = stackalloc double[2];
                for (int r = 0; r < 2; r++)
                    for (int c = 0; c < x.Length; c++) y[r] += w[r * x.Length + c] * x[c];
                Span<double> z = stackalloc double[2];
                for (int r = 0; r < 2; r++)
                    for (int c = 0; c < 4; c++) z[r] += w[r * 4 + c] * x[c];
                return y[0] * y[1] + z[0] * z[1];
            }
            """);

        string backward = StageHarness.Print(file, "FBackward");
        Assert.Contains("""
                for (c = x.Length - 1; c >= 0; c--)
                {
                    if (dY[r] != 0)
            """, backward);
        Assert.Contains("""
                if (dZ[r_1] != 0)
                {
                    LoopKernels.MultiplyAdd<double>(x.Slice(0, 4), dZ[r_1], dW.Slice(r_1 * 4, 4), dW.Slice(r_1 * 4, 4));
            """, backward);
    }

    [Fact]
    public void Only_the_finished_backward_and_gradient_are_vectorized_forward_mode_and_forward_over_reverse_stay_scalar()
    {
        var file = StageHarness.Transform("""
            [Differentiable(Derivatives.Reverse | Derivatives.Forward | Derivatives.Hessian)]
            public static double F(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++) s += w[i] * x[i];
                return s * s;
            }
            """);

        Assert.Contains("LoopKernels.Dot<double>(w, x.Slice(0, w.Length))", StageHarness.Print(file, "FBackward"));
        Assert.Contains("LoopKernels.Multiply<double>(x.Slice(0, w.Length), dS, dW)", StageHarness.Print(file, "FGradient"));
        // FBackwardTangent differentiates the backward's scalar statements (built before vectorization); FTangent is the
        // original's statements with their tangents. Neither holds a vector statement.
        foreach (string method in new[] { "FTangent", "FBackwardTangent" })
        {
            string printed = StageHarness.Print(file, method);
            Assert.DoesNotContain("LoopKernels", printed);
            Assert.Contains("for (", printed);
        }
    }

    [Fact]
    public void Fields_of_a_model_bound_at_the_top_are_arguments_so_their_loops_vectorize()
    {
        // Before the aliasing analysis knew BindStmt, a bound field made every span "unknown" and these loops stayed scalar.
        var file = StageHarness.Transform("""
            [Differentiable] public partial class Lin
            {
                public double[] W = new double[4];
                [Differentiable] public double F([NoDerivative] ReadOnlySpan<double> x)
                {
                    double p = 0;
                    for (int j = 0; j < x.Length; j++) p += W[j] * x[j];
                    return p * p;
                }
            }
            """);

        string backward = StageHarness.Print(file, "FBackward");
        Assert.Contains("ReadOnlySpan<double> W = this.W;", backward, System.StringComparison.Ordinal);
        Assert.Contains("Span<double> dW = gradient.W;", backward, System.StringComparison.Ordinal);
        Assert.Contains("LoopKernels.Dot<double>(W.Slice(0, x.Length), x)", backward, System.StringComparison.Ordinal);
        Assert.Contains("LoopKernels.MultiplyAdd<double>(x, dP, dW.Slice(0, x.Length), dW.Slice(0, x.Length));", backward, System.StringComparison.Ordinal);
        Assert.DoesNotContain("for (j", backward, System.StringComparison.Ordinal);
    }
}
