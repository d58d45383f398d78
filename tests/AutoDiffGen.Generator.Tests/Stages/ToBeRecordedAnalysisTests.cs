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
        // tanh1's old value is h's (after h = tanh1; on the first step nothing has read it), which tanh's adjoint reads:
        // the reverse sweep copies it back from h instead of recording it.
        Assert.Equal("""
            h = tanh1;
            g *= g;
            """, stages.Print(records.Recording.Where(records.RecordsValue).ToList()));
        Assert.Equal("""
            tanh1 = Math.Tanh(w * h + inputs[t]);
            """, stages.Print(records.Recording.Where(s => records.CopySource(s) == stages.Variables.All.Single(v => v.Name == "h").Id).ToList()));
    }

    [Fact]
    public void A_chain_of_copies_restores_from_its_end()
    {
        // tanh1 → next → h: the old tanh1 equals h, which tanh's adjoint reads; next's old value no adjoint reads, nor
        // prev's (it enters the argument linearly).
        var stages = StageHarness.Lower("""
            [Differentiable] public static double F(ReadOnlySpan<double> inputs, double w)
            {
                double h = 0, prev = 0;
                for (int t = 0; t < inputs.Length; t++)
                {
                    double next = Math.Tanh(w * h + prev + inputs[t]);
                    prev = h;
                    h = next;
                }
                return h * prev;
            }
            """);
        var (_, _, records) = stages.Adjoints();

        Assert.Equal("""
            h = next;
            """, stages.Print(records.Recording.Where(records.RecordsValue).ToList()));
        Assert.Equal("""
            tanh1 = Math.Tanh(w * h + prev + inputs[t]);
            """, stages.Print(records.Recording.Where(s => records.CopySource(s) == stages.Variables.All.Single(v => v.Name == "h").Id).ToList()));
    }

    [Fact]
    public void A_copy_whose_source_changed_since_is_recorded()
    {
        // After h = tanh1 the loop changes h again (h = h * a): the old tanh1 is no longer h's value, so it is recorded.
        var stages = StageHarness.Lower("""
            [Differentiable] public static double F(ReadOnlySpan<double> inputs, double w, double a)
            {
                double h = 0;
                for (int t = 0; t < inputs.Length; t++)
                {
                    h = Math.Tanh(w * h + inputs[t]);
                    h = h * a;
                }
                return h;
            }
            """);
        var (_, _, records) = stages.Adjoints();

        Assert.DoesNotContain(records.Recording, s => records.CopySource(s) is not null);
        Assert.Contains("tanh1 = Math.Tanh", stages.Print(records.Recording.Where(records.RecordsValue).ToList()));
    }

    [Fact]
    public void A_copy_on_one_branch_only_is_not_used()
    {
        // tanh1's old value equals h only where the branch copied it: recorded.
        var stages = StageHarness.Lower("""
            [Differentiable] public static double F(ReadOnlySpan<double> inputs, double w)
            {
                double h = 0;
                for (int t = 0; t < inputs.Length; t++)
                {
                    double next = Math.Tanh(w * h + inputs[t]);
                    if (inputs[t] > 0) h = next; else h = next * w;
                }
                return h;
            }
            """);
        var (_, _, records) = stages.Adjoints();

        Assert.DoesNotContain(records.Recording, s => records.CopySource(s) is not null);
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
