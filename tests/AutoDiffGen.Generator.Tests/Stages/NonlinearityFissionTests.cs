using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Transform.Vectorization;

namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>
/// The opt-in split of activation loops (<c>NonlinearityFission</c>, <c>AutoDiffGenVectorMath</c>): a loop reducing into a
/// scalar and storing an activation of it becomes the loop storing the reduction and one span activation call, asserted on
/// the printed backward; without the property, and where the loop does not qualify, the scalar code stays.
/// </summary>
public class NonlinearityFissionTests
{
    internal const string DeepTanh = """
        [Differentiable] public static double F(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, int layers)
        {
            Span<double> act = stackalloc double[4];
            Span<double> next = stackalloc double[4];
            x.Slice(0, 4).CopyTo(act);
            for (int l = 0; l < layers; l++)
            {
                for (int j = 0; j < 4; j++)
                {
                    double sum = w[j];
                    for (int k = 0; k < 4; k++) sum += w[4 + j * 4 + k] * act[k];
                    next[j] = l < layers - 1 ? Math.Tanh(sum) : sum;
                }
                next.CopyTo(act);
            }
            return act[0] + act[3];
        }
        """;

    internal const string ReluOfCount = """
        [Differentiable] public static double F(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, int n)
        {
            Span<double> h = stackalloc double[8];
            double total = 0;
            for (int j = 0; j < n; j++)
            {
                double a = w[j];
                for (int k = 0; k < x.Length; k++) a += w[8 + j * x.Length + k] * x[k];
                h[j + 0] = Math.Max(a, 0.0);
            }
            for (int j = 0; j < n; j++) total += h[j] * h[j];
            return total;
        }
        """;

    [Fact]
    public void A_reduction_then_an_invariant_choice_of_tanh_becomes_the_reduction_loop_and_one_span_activation()
    {
        string backward = StageHarness.Print(StageHarness.Transform(DeepTanh, vectorMath: true), "FBackward");

        // The scratch buffer beside its destination; the loop stores the reduction; the choice is made once per layer.
        Assert.Contains("""
            Span<double> nextPreActivation = stackalloc double[4];
            Span<double> dNextPreActivation = stackalloc double[nextPreActivation.Length];
            dNextPreActivation.Clear();
            """, backward, System.StringComparison.Ordinal);
        // The pre-activations the layer overwrites are recorded as one slice ahead of the loop (RecordFission).
        Assert.Contains("""
                tape.PushReserved(nextPreActivation);
                for (j = 0; j < 4; j++)
                {
                    sum = w[j];
                    sum += LoopKernels.Dot<double>(w.Slice(j * 4 + 4, 4), act);
                    nextPreActivation[j] = sum;
                }
                if (l < layers - 1)
                {
                    Activations.Tanh(nextPreActivation, next);
                    tape.PushReserved(true);
                }
                else
                {
                    nextPreActivation.CopyTo(next);
                    tape.PushReserved(false);
                }
            """, backward, System.StringComparison.Ordinal);
        // The reverse of the activation is the runtime's pullback over the layer; no scalar Math.Tanh is left.
        Assert.Contains("Activations.TanhBackward(nextPreActivation, next, dNext, dNextPreActivation);", backward, System.StringComparison.Ordinal);
        Assert.DoesNotContain("Math.Tanh", backward, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_property_the_scalar_tanh_stays()
    {
        string backward = StageHarness.Print(StageHarness.Transform(DeepTanh), "FBackward");

        Assert.Contains("tanh1 = Math.Tanh(sum);", backward, System.StringComparison.Ordinal);
        Assert.DoesNotContain("Activations.", backward, System.StringComparison.Ordinal);
        Assert.DoesNotContain("PreActivation", backward, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Relu_over_a_count_that_may_be_zero_is_sliced_under_a_test()
    {
        string backward = StageHarness.Print(StageHarness.Transform(ReluOfCount, vectorMath: true), "FBackward");

        // The test is the forward sweep's branch, recorded in a variable its reverse reads again.
        Assert.Contains("""
                hPreActivation[j + 0] = a;
            }
            branch1 = n > 0;
            if (branch1)
            {
                Activations.Relu(hPreActivation.Slice(0, n), h.Slice(0, n));
            }
            """, backward, System.StringComparison.Ordinal);
        Assert.Contains("Activations.ReluBackward(hPreActivation.Slice(0, n), h.Slice(0, n), dH.Slice(0, n), dHPreActivation.Slice(0, n));", backward,
            System.StringComparison.Ordinal);
        Assert.DoesNotContain("Math.Max", backward, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""
        [Differentiable] public static void F(ReadOnlySpan<double> w, Span<double> y)
        {
            for (int j = 0; j < y.Length; j++)
            {
                double a = w[j];
                a += w[j + 1] * w[j];
                y[j] = Math.Tanh(a);
            }
        }
        """)] // a span output may overlap the input: stays scalar
    [InlineData("""
        [Differentiable] public static double F(ReadOnlySpan<double> w)
        {
            Span<double> h = stackalloc double[4];
            for (int j = 0; j < 4; j++)
            {
                double a = w[j];
                if (j > 0) a += h[j - 1];
                h[j] = Math.Tanh(a);
            }
            return h[3];
        }
        """)] // the loop reads what it stored (a recurrence)
    [InlineData("""
        [Differentiable] public static double F(ReadOnlySpan<double> w)
        {
            Span<double> h = stackalloc double[4];
            for (int j = 0; j < 4; j++)
            {
                double a = w[j];
                a *= w[j + 1];
                h[j] = Math.Tanh(a) * 2.0;
            }
            return h[3];
        }
        """)] // not one activation of the scalar
    [InlineData("""
        [Differentiable] public static double F(ReadOnlySpan<double> w)
        {
            Span<double> h = stackalloc double[4];
            for (int j = 0; j < 4; j++)
            {
                double a = w[j];
                a *= w[j + 1];
                h[j] = j < 2 ? Math.Tanh(a) : a;
            }
            return h[3];
        }
        """)] // a choice that changes with the counter
    [InlineData("""
        [Differentiable] public static double F(ReadOnlySpan<double> w)
        {
            Span<double> h = stackalloc double[4];
            Span<double> view = h.Slice(0, 2);
            for (int j = 0; j < 4; j++)
            {
                double a = w[j];
                a *= w[j + 1];
                view[0] += a;
                h[j] = Math.Tanh(a);
            }
            view = h.Slice(2, 2);
            return h[3] + view[1];
        }
        """)] // a view may write the destination without naming it
    public void Loops_that_do_not_qualify_stay_scalar(string method)
    {
        string backward = StageHarness.Print(StageHarness.Transform(method, vectorMath: true), "FBackward");

        Assert.Contains("Math.Tanh(a)", backward, System.StringComparison.Ordinal);
        Assert.DoesNotContain("Activations.", backward, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Tanh")]
    [InlineData("Relu")]
    public void The_call_it_builds_is_the_call_lowering_resolves(string function)
    {
        var stages = StageHarness.Lower("[Differentiable] public static void F(ReadOnlySpan<double> x, Span<double> y) => Activations." + function + "(x, y);");
        CallStmt call = StatementWalker.All(stages.Model.Body).OfType<CallStmt>().Single();

        Assert.Equal(call.Call.Target, NonlinearityFission.Target(function));
    }
}
