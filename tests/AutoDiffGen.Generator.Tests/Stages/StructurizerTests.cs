namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>The structurizer: break, continue and return become flags and branches, so the sweeps see only if/else and loops.</summary>
public class StructurizerTests
{
    private const string EarlyExits = """
        [Differentiable] public static double F(ReadOnlySpan<double> w, double x)
        {
            double s = 0;
            for (int i = 0; i < w.Length; i++)
            {
                if (w[i] < 0) break;
                if (w[i] == 0) continue;
                s += w[i] * x;
            }
            if (s > 10) return 10;
            return s;
        }
        """;

    [Fact]
    public void Lowering_keeps_the_jumps()
    {
        var stages = StageHarness.Lower(EarlyExits);

        Assert.Equal("""
            s = 0.0;
            for (i = 0; i < w.Length; i++)
            {
                if (w[i] < 0.0)
                {
                    break;
                }
                if (w[i] == 0.0)
                {
                    continue;
                }
                s += w[i] * x;
            }
            if (s > 10.0)
            {
                return 10.0;
            }
            return s;
            """, stages.Print(stages.Model.Body));
    }

    [Fact]
    public void Break_becomes_a_flag_in_the_loop_guard_and_continue_and_return_become_else_branches()
    {
        var stages = StageHarness.Lower(EarlyExits);

        Assert.Equal("""
            s = 0.0;
            breakLoop1 = false;
            for (i = 0; !breakLoop1 && i < w.Length; i++)
            {
                if (w[i] < 0.0)
                {
                    breakLoop1 = true;
                }
                else if (w[i] == 0.0)
                {
                }
                else
                {
                    s += w[i] * x;
                }
            }
            if (s > 10.0)
            {
                result = 10.0;
            }
            else
            {
                result = s;
            }
            """, stages.Print(stages.Structured()));
    }

    [Fact]
    public void A_return_inside_a_loop_sets_a_flag_that_stops_the_loop_and_guards_what_follows()
    {
        var stages = StageHarness.Lower("""
            [Differentiable] public static double F(double x, int n)
            {
                double s = x;
                int k = 0;
                while (k < n)
                {
                    if (s > 100) return s;
                    s = s * x;
                    k++;
                }
                return -s;
            }
            """);

        Assert.Equal("""
            returned1 = false;
            s = x;
            k = 0;
            while (!returned1 && k < n)
            {
                if (s > 100.0)
                {
                    result = s;
                    returned1 = true;
                }
                else
                {
                    s *= x;
                    k++;
                }
            }
            if (!returned1)
            {
                result = -s;
                returned1 = true;
            }
            """, stages.Print(stages.Structured()));
    }
}
