namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>Lowering: C# → IR, asserted on the printed IR of the model.</summary>
public class LoweringStageTests
{
    [Fact]
    public void Calls_and_conditional_values_become_statements_of_their_own()
    {
        var stages = StageHarness.Lower("""
            [Differentiable] public static double F(double x, double y) => Math.Sin(x) * (x > 0 ? y : x * y) + G(x);
            [Differentiable] public static double G(double x) => x * x;
            """);

        Assert.Equal("""
            sin1 = Math.Sin(x);
            if (x > 0.0)
            {
                choice1 = y;
            }
            else
            {
                choice1 = x * y;
            }
            g1 = P.G(x);
            return sin1 * choice1 + g1;
            """, stages.Print(stages.Model.Body));
    }

    [Fact]
    public void Compound_assignments_and_increments_are_assignments_in_the_operator_type()
    {
        var stages = StageHarness.Lower("""
            [Differentiable] public static float F(float x, int n)
            {
                float s = x;
                s *= 2.5;
                int k = n;
                k++;
                return s / k;
            }
            """);

        Assert.Equal("""
            s = x;
            s = (float)((double)s * 2.5);
            k = n;
            k++;
            return s / (float)k;
            """, stages.Print(stages.Model.Body));
    }
}
