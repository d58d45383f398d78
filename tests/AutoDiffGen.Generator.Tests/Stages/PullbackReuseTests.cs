namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>
/// Joint or split per call (<c>PullbackReuse</c>): a library call whose outputs still hold its values when the reverse
/// sweep reaches it, at no extra record, gets the pullback that reuses them; one whose outputs something overwrites later,
/// with no other reader that records them anyway, keeps the pullback that computes them again.
/// </summary>
public class PullbackReuseTests
{
    [Fact]
    public void Outputs_nothing_overwrites_are_reused()
    {
        var file = StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, ReadOnlySpan<double> x)
            {
                Span<double> y = stackalloc double[2];
                Linear.Dense(w, ReadOnlySpan<double>.Empty, x, y);
                return Vectors.Dot(y, y) + y[0];
            }
            """);

        string backward = StageHarness.Print(file, "FBackward");
        Assert.Contains("Vectors.DotBackwardFromOutputs(y, y, dDot1, dY, dY);", backward);
        Assert.Contains("Linear.DenseBackwardFromOutputs(w, ReadOnlySpan<double>.Empty, x, y, dY, dW, default, dX);", backward);
        Assert.DoesNotContain("tape.Push", backward);
    }

    [Fact]
    public void Outputs_overwritten_later_and_not_recorded_otherwise_are_computed_again()
    {
        // The sum of y's elements reads no value of y in its reverse, so the Fill needs no record of y; reusing y would
        // cost a copy of it on the tape, so Dense keeps its recomputing pullback.
        var file = StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, ReadOnlySpan<double> x)
            {
                Span<double> y = stackalloc double[2];
                Linear.Dense(w, ReadOnlySpan<double>.Empty, x, y);
                double s = y[0] + y[1];
                y.Fill(2.0);
                return s + y[0] * x[0];
            }
            """);

        string backward = StageHarness.Print(file, "FBackward");
        Assert.Contains("Linear.DenseBackward(w, ReadOnlySpan<double>.Empty, x, y, dY, dW, default, dX);", backward);
        Assert.DoesNotContain("FromOutputs", backward);
        Assert.DoesNotContain("tape.Push", backward);
    }

    [Fact]
    public void Outputs_another_reader_records_anyway_are_reused()
    {
        // Tanh's pullback reads its input y, so y is recorded before the loop's next Dense overwrites it in any case: Dense
        // reuses its output at no extra cost.
        var file = StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, ReadOnlySpan<double> x, int layers)
            {
                Span<double> h = stackalloc double[4];
                Span<double> y = stackalloc double[4];
                x.CopyTo(h);
                for (int l = 0; l < layers; l++)
                {
                    Linear.Dense(w, ReadOnlySpan<double>.Empty, h, y);
                    Activations.Tanh(y, h);
                }
                return h[0];
            }
            """);

        string backward = StageHarness.Print(file, "FBackward");
        Assert.Contains("Linear.DenseBackwardFromOutputs(w, ReadOnlySpan<double>.Empty, h, y, dY, dW, default, dH);", backward);
        Assert.Contains("Activations.TanhBackward(y, h, dH, dY);", backward);
    }

    [Fact]
    public void Gradient_first_written_by_a_reusing_pullback_calls_the_writing_one_instead_of_clearing()
    {
        var file = StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double y)
            {
                double r = Vectors.Dot(w, x) - y;
                return 0.5 * r * r;
            }
            """);

        // The backward adds, as every pullback does; the gradient writes dW with the overwriting pullback under the zero-seed
        // guard and clears it when the seed is zero. Nothing else is cleared, and no tape is needed.
        string backward = StageHarness.Print(file, "FBackward");
        Assert.Contains("Vectors.DotBackwardFromOutputs(w, x, dDot1, dW, default);", backward);
        string gradient = StageHarness.Print(file, "FGradient");
        Assert.Contains("""
                if (dDot1 != 0)
                {
                    Vectors.DotBackwardFromOutputsOverwrite(w, x, dDot1, dW, default);
                }
                else
                {
                    dW.Clear();
                }
                """, gradient);
        Assert.Equal(1, Occurrences(gradient, "dW.Clear();"));
        Assert.DoesNotContain("Tape", gradient);
    }

    [Fact]
    public void A_writing_pullback_is_chosen_only_where_every_adjoint_span_it_gets_is_a_gradient_first_written_there()
    {
        var file = StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, [NoDerivative] ReadOnlySpan<double> x)
            {
                Span<double> h = stackalloc double[3];
                Span<double> y = stackalloc double[3];
                Linear.Dense(w1, b1, x, h);
                Activations.Tanh(h, y);
                return Vectors.Dot(w2, y) + Vectors.Dot(w1.Slice(0, 3), y);
            }
            """);

        // The first layer could write dB1 (x has no adjoint) but not dW1, which a slice of it received before in the reverse
        // sweep, so it adds into both; the dot product with y also adds into dY, a local adjoint, so dW2 is cleared and added
        // into: the gradient method stays a call of the backward.
        Assert.Contains("Linear.DenseBackwardFromOutputs(w1, b1, x, h, dH, dW1, dB1, default);", StageHarness.Print(file, "FBackward"));
        string gradient = StageHarness.Print(file, "FGradient");
        Assert.DoesNotContain("Overwrite", gradient);
        Assert.Contains("dW2.Clear();", gradient);
        Assert.Contains("return FBackward(", gradient);

        var single = StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2, [NoDerivative] ReadOnlySpan<double> x)
            {
                Span<double> h = stackalloc double[3];
                Span<double> y = stackalloc double[3];
                Linear.Dense(w1, b1, x, h);
                Activations.Tanh(h, y);
                return Vectors.Dot(w2, y);
            }
            """);
        gradient = StageHarness.Print(single, "FGradient");
        // Now the first layer is the first update of both its gradients: one writing call covers dW1 and dB1.
        Assert.Contains("Linear.DenseBackwardFromOutputsOverwrite(w1, b1, x, h, dH, dW1, dB1, default);", gradient);
        Assert.DoesNotContain("dW1.Clear();", gradient.Split("// Reverse sweep")[0]);
        Assert.DoesNotContain("dB1.Clear();", gradient.Split("// Reverse sweep")[0]);
        Assert.Contains("dW2.Clear();", gradient);
    }

    [Fact]
    public void A_gradient_given_twice_to_one_pullback_is_cleared_and_added_into()
    {
        var file = StageHarness.Transform("""
            [Differentiable] public static double F(ReadOnlySpan<double> w) => Vectors.Dot(w, w);
            """);

        string gradient = StageHarness.Print(file, "FGradient");
        Assert.DoesNotContain("Overwrite", gradient);
        Assert.Contains("dW.Clear();", gradient);
    }

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
