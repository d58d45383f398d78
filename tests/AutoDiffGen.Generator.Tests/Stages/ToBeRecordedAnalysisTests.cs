using System.Linq;

namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>To-be-recorded analysis: only overwrites of values some adjoint still needs are recorded.</summary>
public class ToBeRecordedAnalysisTests
{
    [Fact]
    public void Only_overwritten_values_that_an_adjoint_reads_are_recorded()
    {
        var stages = StageHarness.Lower("""
            [Differentiable] public static double F(ReadOnlySpan<double> inputs, double w, double h0)
            {
                double h = h0;
                for (int t = 0; t < inputs.Length; t++) h = Math.Tanh(w * h + inputs[t]);
                double g = h * h;
                g = g * g;
                g = g + h;
                return g;
            }
            """);
        var (_, _, records) = stages.Adjoints();

        // In the loop: tanh's adjoint reads its result, the multiplication reads h; after it, g * g reads the old g.
        // Not recorded: h = h0 and g = h * h (nothing read them before they were written), g = g + h (its adjoint reads nothing).
        Assert.Equal("""
            h = tanh1;
            tanh1 = Math.Tanh(w * h + inputs[t]);
            g *= g;
            """, stages.Print(records.Recording.ToList()));
    }

    [Fact]
    public void Nothing_is_recorded_when_nothing_is_overwritten()
    {
        var stages = StageHarness.Lower("""
            [Differentiable] public static double F(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
            {
                double sum = 0;
                for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
                return sum;
            }
            """);
        var (_, _, records) = stages.Adjoints();

        Assert.Empty(records.Recording);
    }
}
