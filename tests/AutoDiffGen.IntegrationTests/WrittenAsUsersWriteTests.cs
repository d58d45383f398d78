using System;
using System.Linq;
using AutoDiffGen.IntegrationTests.Functions;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using U = AutoDiffGen.IntegrationTests.Functions.WrittenAsUsersWriteFunctions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Issue 14: code written as users write it compiles, matches central finite differences (scale-aware, per component)
/// and allocates nothing on warm calls.
/// </summary>
public class WrittenAsUsersWriteTests
{
    private static readonly double[] Data4 = { 0.5, -1.0, 0.25, 1.5 };

    private static long AllocatedBy(Action action)
    {
        action();
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    // Group 1: assignments and increments inside expressions.

    [Fact]
    public void Countdown_loop_condition_with_a_decrement() =>
        Check(new GradientCase("PowerByCountdown", 1, x => U.PowerByCountdown(x[0], 5), (x, g) => U.PowerByCountdownGradient(x[0], 5, out g[0])));

    [Fact]
    public void Side_effects_inside_expressions_follow_evaluation_order() =>
        Check(new GradientCase("SideEffects", 6, x => U.SideEffects(x[0], x[1], x.AsSpan(2)),
            (x, g) => U.SideEffectsGradient(x[0], x[1], x.AsSpan(2), out g[0], out g[1], g.AsSpan(2)),
            Admissible: x => Math.Abs(Math.Abs(x[0] * x[1]) * 0.25 - 0.01) > 0.005 && Math.Abs(Math.Abs(x[0] * x[1]) * 0.5 - 0.01) > 0.005
                && Math.Abs(x[0] * x[1] - 0.01) > 0.005));

    [Fact]
    public void Side_effects_allocate_nothing()
    {
        double[] a = { 0.3, 0.7, -0.2, 1.1 };
        double[] g = new double[4];
        double sink = 0;
        Assert.Equal(0, AllocatedBy(() => sink += U.SideEffectsGradient(0.4, 1.3, a, out _, out _, g) + U.PowerByCountdownGradient(0.9, 7, out _)));
    }

    // Group 6: constants of any type.

    [Theory]
    [InlineData(OptionType.Call)]
    [InlineData(OptionType.Put)]
    public void Black_Scholes_with_an_enum_option_type(OptionType type) =>
        Check(new GradientCase("BlackScholes" + type, 5, p => U.BlackScholes(p[0], p[1], p[2], p[3], p[4], type),
            (p, g) => U.BlackScholesGradient(p[0], p[1], p[2], p[3], p[4], type, out g[0], out g[1], out g[2], out g[3], out g[4]),
            Low: 0.05, High: 1.5, Admissible: p => p[3] > 0.1 && p[4] > 0.1 && AwayFrom(BlackScholesD1(p), 0) && AwayFrom(BlackScholesD1(p) - p[3] * Math.Sqrt(p[4]), 0)));

    private static double BlackScholesD1(double[] p) => (Math.Log(p[0] / p[1]) + (p[2] + 0.5 * p[3] * p[3]) * p[4]) / (p[3] * Math.Sqrt(p[4]));

    [Theory]
    [InlineData(OptionType.Call, "square")]
    [InlineData(OptionType.Put, "square")]
    [InlineData(OptionType.Call, "plain")]
    public void Enum_comparisons_switch_expressions_and_string_constants(OptionType type, string mode) =>
        Check(new GradientCase("EnumSelections" + type + mode, 1, x => U.EnumSelections(x[0], type, mode),
            (x, g) => U.EnumSelectionsGradient(x[0], type, mode, out g[0])));

    [Fact]
    public void Enum_code_allocates_nothing()
    {
        double sink = 0;
        Assert.Equal(0, AllocatedBy(() => sink += U.BlackScholesGradient(1.0, 0.9, 0.02, 0.3, 0.7, OptionType.Put, out _, out _, out _, out _, out _)
            + U.EnumSelectionsGradient(0.3, OptionType.Call, "square", out _)));
    }

    // Group 2: span locals made from values.

    [Fact]
    public void Span_locals_from_values_and_local_arrays() =>
        Check(new GradientCase("SpanLocalsFromValues", 2, x => U.SpanLocalsFromValues(x[0], x[1], 4), (x, g) => U.SpanLocalsFromValuesGradient(x[0], x[1], 4, out g[0], out g[1])));

    [Fact]
    public void Span_locals_from_values_allocate_nothing()
    {
        double sink = 0;
        Assert.Equal(0, AllocatedBy(() => sink += U.SpanLocalsFromValuesGradient(0.3, -0.8, 50, out _, out _)));
    }

    // Group 3: in-out span outputs.

    private static readonly double[] Lower3 = { 2.0, 0, 0, 0.5, 1.5, 0, -0.3, 0.7, 2.5 };

    [Fact]
    public void In_out_outputs_pass_the_adjoint_of_their_incoming_contents_to_the_caller() =>
        Check(new GradientCase("InOutCaller", 13, p => U.InOutCaller(p, Lower3), (p, g) => U.InOutCallerGradient(p, Lower3, g),
            Admissible: p => p.Skip(3).Take(3).All(v => AwayFrom(v, 0)) && p.Take(3).All(v => AwayFrom(v, 0)),
            // s += z[i]·z[i] + y[i] runs as vector reductions (issue 18), which sum in another order.
            Reassociated: true));

    [Fact]
    public void Backward_of_an_in_out_output_hands_back_the_adjoint_of_the_incoming_contents()
    {
        double[] x = { 0.5, -1.0, 2.0 };
        double[] y = { 7.0, 8.0, 9.0 };
        double[] dY = { 1.0, 2.0, 3.0 };
        double[] dX = new double[3];
        U.ConditionalWriteBackward(x, y, dY, dX);
        Assert.Equal(new[] { 0.25, 8.0, 4.0 }, y);           // what the method computes
        Assert.Equal(new[] { 0.0, 2.0, 0.0 }, dY);           // y[1] kept its incoming value: its seed flows back
        Assert.Equal(new[] { 2 * 0.5 * 1.0, 0.0, 2 * 2.0 * 3.0 }, dX);
    }

    [Fact]
    public void Qtimesx_as_ADBench_writes_it_matches_finite_differences()
    {
        double[] ltri = { 0.3, -0.2, 0.5 };
        double[] weights = { 1.0, -2.0, 0.5 };
        double F(double[] v)
        {
            Span<double> o = stackalloc double[3];
            U.Qtimesx(3, v.AsSpan(0, 3), ltri, v.AsSpan(3, 3), o);
            return o[0] * weights[0] + o[1] * weights[1] + o[2] * weights[2];
        }
        Check(new GradientCase("Qtimesx", 6, F, (v, g) =>
        {
            var o = new double[3];
            Array.Fill(o, 5.0); // incoming contents are overwritten: their adjoint is 0
            double[] dO = (double[])weights.Clone();
            U.QtimesxBackward(3, v.AsSpan(0, 3), ltri, v.AsSpan(3, 3), o, dO, g.AsSpan(0, 3), default, g.AsSpan(3, 3));
            Assert.Equal(new double[3], dO);
            return F(v);
        }));
    }

    [Fact]
    public void An_element_update_that_reads_the_element_it_writes_at_run_time()
    {
        double[] weights = { 1.0, -2.0, 0.5 };
        double F(double[] u)
        {
            Span<double> y = stackalloc double[3];
            U.UpdateReadingItsOwnSpan(u, y);
            return y[0] * weights[0] + y[1] * weights[1] + y[2] * weights[2];
        }
        Check(new GradientCase("UpdateReadingItsOwnSpan", 3, F, (u, g) =>
        {
            var y = new double[3];
            U.UpdateReadingItsOwnSpanBackward(u, y, (double[])weights.Clone(), g);
            return F(u);
        }));
    }

    [Fact]
    public void Foreach_over_a_span_local_the_body_swaps_runs_where_it_pointed_at_the_start() =>
        Check(new GradientCase("SwapWhileIterating", 2, p => U.SwapWhileIterating(p[0], p[1]), (p, g) => U.SwapWhileIteratingGradient(p[0], p[1], out g[0], out g[1])));

    [Fact]
    public void A_write_through_one_span_local_read_through_another_after_a_swap() =>
        Check(new GradientCase("SwapOnce", 1, p => U.SwapOnce(p[0]), (p, g) => U.SwapOnceGradient(p[0], out g[0])));

    [Fact]
    public void In_out_outputs_allocate_nothing()
    {
        double[] p = Enumerable.Range(0, 13).Select(i => 0.1 * i - 0.5).ToArray();
        double[] g = new double[13];
        double sink = 0;
        Assert.Equal(0, AllocatedBy(() => sink += U.InOutCallerGradient(p, Lower3, g)));
    }

    // Non-overlapping slices: checked when the call runs.

    [Fact]
    public void Disjoint_slices_of_one_buffer_as_input_and_output() =>
        Check(new GradientCase("SlicesOfOneBuffer", 4, p => U.SlicesOfOneBuffer(p, 4), (p, g) => U.SlicesOfOneBufferGradient(p, 4, g)));

    [Fact]
    public void Overlapping_slices_throw_an_argument_exception_naming_both()
    {
        double[] p = { 0.1, 0.2, 0.3, 0.4 };
        var e = Assert.Throws<ArgumentException>(() => U.SlicesOfOneBufferGradient(p, 2, new double[4]));
        Assert.Contains("'buf.Slice(offset, 4)' and 'buf.Slice(0, 4)'", e.Message);
        Assert.Contains("Square", e.Message);
        // A backward called directly with an output that overlaps its input.
        double[] buffer = new double[6];
        var direct = Assert.Throws<ArgumentException>(() => U.SquareBackward(buffer.AsSpan(0, 4), buffer.AsSpan(2, 4), new double[4], new double[4]));
        Assert.Contains("'y' and 'x'", direct.Message);
    }

    [Fact]
    public void Overlap_checks_allocate_nothing()
    {
        double[] p = { 0.1, 0.2, 0.3, 0.4 };
        double[] g = new double[4];
        double sink = 0;
        Assert.Equal(0, AllocatedBy(() => sink += U.SlicesOfOneBufferGradient(p, 4, g)));
    }

    // Group 5: span locals that are reassigned.

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(6)]
    public void Heat_equation_with_double_buffering_swapped_by_a_tuple(int steps) =>
        Check(new GradientCase("HeatTuple" + steps, 6, p => U.HeatTuple(p.AsSpan(0, 5), p[5] * 0.2, steps),
            (p, g) => { double v = U.HeatTupleGradient(p.AsSpan(0, 5), p[5] * 0.2, steps, g.AsSpan(0, 5), out g[5]); g[5] *= 0.2; return v; }));

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Heat_equation_swapped_through_a_temporary_then_repointed(int steps) =>
        Check(new GradientCase("HeatTemporary" + steps, 6, p => U.HeatTemporary(p.AsSpan(0, 5), p[5] * 0.2, steps),
            (p, g) => { double v = U.HeatTemporaryGradient(p.AsSpan(0, 5), p[5] * 0.2, steps, g.AsSpan(0, 5), out g[5]); g[5] *= 0.2; return v; }));

    [Fact]
    public void Reassigned_span_locals_allocate_nothing()
    {
        double[] initial = { 0.1, 0.5, -0.3, 0.8, 0.2 };
        double[] g = new double[5];
        double sink = 0;
        Assert.Equal(0, AllocatedBy(() => sink += U.HeatTupleGradient(initial, 0.1, 20, g, out _) + U.HeatTemporaryGradient(initial, 0.1, 20, g, out _)));
    }

    [Fact]
    public void Callers_of_methods_with_local_arrays_allocate_nothing()
    {
        Check(new GradientCase("CallsCallerOfLocalArray", 1, x => U.CallsCallerOfLocalArray(x[0]), (x, g) => U.CallsCallerOfLocalArrayGradient(x[0], out g[0])));
        Assert.Equal(U.WithLocalArray(0.7), U.WithLocalArrayPrimal(0.7));
        double sink = 0;
        Assert.Equal(0, AllocatedBy(() => sink += U.CallsCallerOfLocalArrayGradient(0.7, out _)));
    }

    // Local functions.

    [Fact]
    public void Local_functions_are_differentiated_like_private_methods()
    {
        Check(new GradientCase("WithLocalFunctions", 4, p => U.WithLocalFunctions(p[0], p.AsSpan(1)),
            (p, g) => U.WithLocalFunctionsGradient(p[0], p.AsSpan(1), out g[0], g.AsSpan(1))));
        double[] w = { 0.3, -0.2, 0.9 };
        double[] g = new double[3];
        double sink = 0;
        Assert.Equal(0, AllocatedBy(() => sink += U.WithLocalFunctionsGradient(0.4, w, out _, g)));
    }

    // m (3 x 3) then x (3): MatVec's output, AddScaled's in-out output, recursion, a local array, a nested local function.
    private static GradientCase LocalFunctionsWithOutputsCase(string name, Func<double[], double> value, GradientFunction gradient) =>
        new(name, 12, value, gradient, Low: -1, High: 1,
            Admissible: p => LocalFunctionsY(p).All(v => AwayFrom(v, 0)));

    private static double[] LocalFunctionsY(double[] p) => Enumerable.Range(0, 3)
        .Select(r => Enumerable.Range(0, 3).Sum(c => p[r * 3 + c] * p[9 + c]) + 0.5 * p[9 + r]).ToArray();

    [Fact]
    public void Local_functions_with_span_outputs_int_results_recursion_and_local_arrays() =>
        Check(LocalFunctionsWithOutputsCase("LocalFunctionsWithOutputs", p => U.LocalFunctionsWithOutputs(p.AsSpan(0, 9), p.AsSpan(9)),
            (p, g) => U.LocalFunctionsWithOutputsGradient(p.AsSpan(0, 9), p.AsSpan(9), g.AsSpan(0, 9), g.AsSpan(9))));

    [Fact]
    public void A_caller_of_a_method_whose_local_function_allocates_matches_and_allocates_nothing()
    {
        Check(LocalFunctionsWithOutputsCase("CallsLocalFunctionsWithOutputs", p => U.CallsLocalFunctionsWithOutputs(p.AsSpan(0, 9), p.AsSpan(9)),
            (p, g) => U.CallsLocalFunctionsWithOutputsGradient(p.AsSpan(0, 9), p.AsSpan(9), g.AsSpan(0, 9), g.AsSpan(9))));
        double[] p = Enumerable.Range(0, 12).Select(i => 0.1 * i - 0.4).ToArray();
        double[] g = new double[12];
        double sink = 0;
        Assert.Equal(0, AllocatedBy(() => sink += U.LocalFunctionsWithOutputsGradient(p.AsSpan(0, 9), p.AsSpan(9), g.AsSpan(0, 9), g.AsSpan(9))
            + U.CallsLocalFunctionsWithOutputsGradient(p.AsSpan(0, 9), p.AsSpan(9), g.AsSpan(0, 9), g.AsSpan(9))));
    }

    [Fact]
    public void Local_functions_of_the_same_name_in_overloads_and_sibling_blocks()
    {
        Check(new GradientCase("SameLocalNames", 1, p => U.SameLocalNames(p[0]), (p, g) => U.SameLocalNamesGradient(p[0], out g[0])));
        foreach (bool cube in new[] { false, true })
        {
            Check(new GradientCase("SameLocalNames" + cube, 1, p => U.SameLocalNames(p[0], cube), (p, g) => U.SameLocalNamesGradient(p[0], cube, out g[0])));
        }
    }

    [Fact]
    public void Local_functions_in_single_precision() =>
        Check(new GradientCaseSingle("LocalFunctionsSingle", 4, p => U.LocalFunctionsSingle(p[0], p.AsSpan(1)),
            (p, g) => U.LocalFunctionsSingleGradient(p[0], p.AsSpan(1), out g[0], g.AsSpan(1))));

    [Fact]
    public void A_static_local_function_of_an_instance_method()
    {
        var springs = new LocalFunctionsOnInstances(1.7);
        Check(new GradientCase("LocalFunctionsOnInstances", 5, q => springs.Energy(q), (q, g) => springs.EnergyGradient(q, g)));
        double[] q = { 0.1, 0.4, -0.3, 0.8, 0.2 };
        double[] dq = new double[5];
        float[] w = { 0.5f, -0.25f };
        float[] dw = new float[2];
        double sink = 0;
        Assert.Equal(0, AllocatedBy(() => sink += springs.EnergyGradient(q, dq) + U.LocalFunctionsSingleGradient(0.3f, w, out _, dw)));
    }
}
