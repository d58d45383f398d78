using AutoDiffGen.Reliability.Tests.Fuzz;

namespace AutoDiffGen.Reliability.Tests;

/// <summary>The fuzzer's checks can fail: a wrong derivative (gradient, tangent or H·v), an allocating one and a kink are each caught.</summary>
public class CheckerSelfTests
{
    private const string Harness = """
        namespace Fuzz;

        public static class H_S
        {
            public static double Value(double[] xs) => S.F(xs[0]);
            public static double Traced(double[] xs) => S.F_T(xs[0]);
            public static double Gradient(double[] xs, double[] g) => S.FGradient(xs[0], out g[0]);
            public static double Backward(double[] xs, double[] g, double seed) => S.FBackward(xs[0], seed, ref g[0]);
            public static long WarmAllocation(double[] xs, double[] g)
            {
                Gradient(xs, g);
                Gradient(xs, g);
                long before = global::System.GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 4; i++) Gradient(xs, g);
                return global::System.GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }
        """;

    /// <summary>F calls G, whose hand-written derivative is <paramref name="backwardBody"/>.</summary>
    private static CheckResult Check(string f, string backwardBody, double x)
    {
        string source = $$"""
            using System;
            using AutoDiffGen;

            namespace Fuzz;

            public static partial class S
            {
                public static double G(double x) => x * x;

                public static object Sink = new object();

                [DerivativeOf(nameof(G))]
                public static double GBackward(double x, double seed, ref double dX) { {{backwardBody}} }

                [Differentiable]
                public static double F(double a) => {{f}};
            }
            """;
        using Batch batch = FuzzCompiler.Compile(new[] { new FuzzUnit("S", source, Harness) });
        UnitOutcome unit = batch.Units[0];
        Assert.True(unit.Runnable, string.Join("\n", unit.Problems) + string.Join("\n", unit.Adg) + string.Join("\n", unit.InputErrors));
        return GradientChecker.CheckAt(unit, batch.TraceOf(unit), new[] { x });
    }

    [Fact]
    public void A_correct_derivative_passes()
    {
        CheckResult r = Check("Math.Sin(G(a)) + a", "dX += seed * 2 * x; return x * x;", 0.7);
        Assert.Null(r.Failure);
        Assert.Equal(1, r.PointsTested);
    }

    [Fact]
    public void A_wrong_derivative_is_a_gradient_failure()
    {
        CheckResult r = Check("Math.Sin(G(a)) + a", "dX += seed * 3 * x; return x * x;", 0.7);
        Assert.Equal(CheckResult.Kinds.Gradient, r.FailureKind);
    }

    [Fact]
    public void A_derivative_that_allocates_is_an_allocation_failure()
    {
        CheckResult r = Check("G(a) * 2.0", "Sink = new double[1]; dX += seed * 2 * x; return x * x;" /* escapes, so the JIT cannot put it on the stack */, 0.7);
        Assert.Equal(CheckResult.Kinds.Allocation, r.FailureKind);
    }

    [Fact]
    public void A_pullback_that_ignores_its_seed_is_a_backward_failure()
    {
        // Right at seed 1 (the gradient), wrong at the backward check's seed 2.5.
        CheckResult r = Check("G(a)", "dX += 2 * x; return x * x;", 0.7);
        Assert.Equal(CheckResult.Kinds.Backward, r.FailureKind);
    }

    [Fact]
    public void A_pullback_that_overwrites_instead_of_adding_is_caught()
    {
        // The generated FBackward collects a scalar input's adjoint in a local that starts at 0 and adds it into dA at the
        // end, so an overwriting pullback that is the first contribution (G(a) * 2.0) does no harm there; one that
        // follows another contribution to the same local (a * a's, reversed first) loses it, and the gradient is wrong.
        CheckResult r = Check("a * a + G(a) * 2.0", "dX = seed * 2 * x; return x * x;", 0.7);
        Assert.Equal(CheckResult.Kinds.Gradient, r.FailureKind);
    }

    [Fact]
    public void A_stencil_across_a_kink_is_skipped_and_counted()
    {
        CheckResult r = Check("Math.Abs(a - 0.7) + G(a)", "dX += seed * 2 * x; return x * x;", 0.70001);
        Assert.Null(r.Failure);
        Assert.Equal(1, r.KinksSkipped);
        Assert.Equal(0, r.PointsTested);
    }

    private const string ForwardHarness = """
        namespace Fuzz;

        public static class H_T
        {
            public static double Value(double[] xs) => T.F(xs[0]);
            public static double Traced(double[] xs) => T.F_T(xs[0]);
            public static double Gradient(double[] xs, double[] g) => T.FGradient(xs[0], out g[0]);
            public static double Backward(double[] xs, double[] g, double seed) => T.FBackward(xs[0], seed, ref g[0]);
            public static long WarmAllocation(double[] xs, double[] g) => 0;
            public static double Tangent(double[] xs, double[] v, out double d) => T.FTangent(xs[0], v[0], out d);
            public static long WarmTangentAllocation(double[] xs, double[] v) => 0;
            public static double HessianVector(double[] xs, double[] v, double[] g, double[] hv) => T.FHessianVectorProduct(xs[0], v[0], out g[0], out hv[0]);
        }
        """;

    /// <summary>F calls G (x³), whose hand-written tangent and forward derivative of the pullback are the bodies given.</summary>
    private static CheckResult CheckForward(string tangentBody, string backwardTangentBody)
    {
        string source = $$"""
            using System;
            using AutoDiffGen;

            namespace Fuzz;

            public static partial class T
            {
                public static double G(double v) => v * v * v;

                [DerivativeOf(nameof(G))]
                public static double GBackward(double v, double seed, ref double dV) { dV += 3 * v * v * seed; return v * v * v; }

                [DerivativeOf(nameof(G), Derivatives.Forward)]
                public static double GTangent(double v, double dV, out double dResult) { {{tangentBody}} }

                [DerivativeOf(nameof(G), Derivatives.Hessian)]
                public static double GBackwardTangent(double v, double seed, ref double dV, double vV, double vSeed, ref double hvV, out double vResult) { {{backwardTangentBody}} }

                [Differentiable(Derivatives.Reverse | Derivatives.Forward | Derivatives.Hessian)]
                public static double F(double a) => Math.Sin(G(a)) + a;
            }
            """;
        using Batch batch = FuzzCompiler.Compile(new[] { new FuzzUnit("T", source, ForwardHarness) });
        UnitOutcome unit = batch.Units[0];
        Assert.True(unit.Runnable, string.Join("\n", unit.Problems) + string.Join("\n", unit.Adg) + string.Join("\n", unit.InputErrors));
        return GradientChecker.CheckAt(unit, batch.TraceOf(unit), new[] { 0.7 });
    }

    private const string RightTangent = "dResult = 3 * v * v * dV; return v * v * v;";
    private const string RightBackwardTangent = "dV += 3 * v * v * seed; hvV += 3 * v * v * vSeed + 6 * v * seed * vV; vResult = 3 * v * v * vV; return v * v * v;";

    [Fact]
    public void Correct_forward_derivatives_pass()
    {
        CheckResult r = CheckForward(RightTangent, RightBackwardTangent);
        Assert.Null(r.Failure);
        Assert.Equal((1, 1, 1), (r.PointsTested, r.TangentsTested, r.HessianVectorsTested));
    }

    [Fact]
    public void A_wrong_tangent_is_a_tangent_failure()
    {
        CheckResult r = CheckForward("dResult = 2 * v * v * dV; return v * v * v;", RightBackwardTangent);
        Assert.Equal(CheckResult.Kinds.Tangent, r.FailureKind);
    }

    [Fact]
    public void A_wrong_second_derivative_is_a_hessian_vector_failure()
    {
        CheckResult r = CheckForward(RightTangent, "dV += 3 * v * v * seed; hvV += 3 * v * v * vSeed + 5 * v * seed * vV; vResult = 3 * v * v * vV; return v * v * v;");
        Assert.Equal(CheckResult.Kinds.HessianVector, r.FailureKind);
    }

    [Fact]
    public void A_singular_point_is_skipped_and_counted()
    {
        CheckResult r = Check("Math.Cbrt(a - a) + G(a)", "dX += seed * 2 * x; return x * x;", 0.3);
        Assert.Null(r.Failure);
        Assert.Equal(1, r.KinksSkipped);
    }
}
