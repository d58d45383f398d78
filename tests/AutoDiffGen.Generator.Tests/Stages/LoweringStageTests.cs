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

    [Fact]
    public void Side_effects_inside_expressions_become_statements_in_evaluation_order()
    {
        var stages = StageHarness.Lower("""
            [Differentiable] public static double F(double x, ReadOnlySpan<double> a, int n)
            {
                double s = x + (x = 2 * x);
                int i = 0;
                while (n-- > 0) s += a[i++];
                return s;
            }
            """);

        // x is read before the assignment inside the sum changes it; n-- runs before each test of the condition.
        Assert.Equal("""
            xBefore1 = x;
            x = 2.0 * x;
            s = xBefore1 + x;
            i = 0;
            nBefore1 = n;
            n--;
            while (nBefore1 > 0)
            {
                iBefore1 = i;
                i++;
                s += a[iBefore1];
                nBefore1 = n;
                n--;
            }
            return s;
            """, stages.Print(stages.Model.Body));
    }

    [Fact]
    public void Enum_constants_and_locals_are_compared_as_written()
    {
        var stages = StageHarness.Lower("""
            public enum Kind { A, B }
            [Differentiable] public static double F(double x, Kind kind)
            {
                Kind other = kind == Kind.A ? Kind.B : Kind.A;
                switch (other)
                {
                    case Kind.A: return x;
                    default: return 2 * x;
                }
            }
            """);

        Assert.Equal("""
            other = kind == P.Kind.A ? P.Kind.B : P.Kind.A;
            selector1 = other;
            if (selector1 == P.Kind.A)
            {
                return x;
            }
            else
            {
                return 2.0 * x;
            }
            """, stages.Print(stages.Model.Body));
    }
}
