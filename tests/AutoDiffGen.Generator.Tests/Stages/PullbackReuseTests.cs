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
}
