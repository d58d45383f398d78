using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using C = AutoDiffGen.IntegrationTests.Functions.CheckpointedFunctions;
using F = AutoDiffGen.IntegrationTests.Functions.ForwardFunctions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// <c>[Differentiable(Checkpoints = s)]</c>: the checkpointed reverse sweep gives the value, the gradient and H·v of the
/// unbounded one to the last bit, for several budgets s, on an RNN, a heat equation (also double-buffered through
/// swapped span locals), a while loop run to convergence, a loop left early and a span output; the gradient also against finite differences; warm calls allocate nothing; the
/// tape memory of a long loop is bounded by the snapshots.
/// </summary>
public class CheckpointingTests
{
    private const int Hidden = 4;
    private static readonly double[] Inputs = Enumerable.Range(0, 37).Select(t => Math.Sin(0.7 * t) + 0.3 * Math.Cos(2.3 * t)).ToArray();
    private const int RnnDimension = Hidden * Hidden + 2 * Hidden;

    /// <summary>A scalar function's value, gradient and H·v, flattened.</summary>
    public sealed record Variant(string Name, Func<double[], double[], double> Gradient, Func<double[], double[], double[], double[], double> HessianVector);

    public sealed record Family(string Name, int Dimension, Func<double[], double> Value, Variant Plain, Variant[] Checkpointed, double Low = -1, double High = 1);

    private static Variant Rnn(string name, GradientFn g, HvFn hv) => new(name, (p, d) => g(p, Inputs, Hidden, d), (p, v, d, h) => hv(p, Inputs, Hidden, v, d, h));

    private delegate double GradientFn(ReadOnlySpan<double> p, ReadOnlySpan<double> xs, int hidden, Span<double> dP);

    private delegate double HvFn(ReadOnlySpan<double> p, ReadOnlySpan<double> xs, int hidden, ReadOnlySpan<double> vP, Span<double> dP, Span<double> hvP);

    private delegate double HeatGradientFn(ReadOnlySpan<double> u0, double k, double c, int steps, Span<double> dU0, out double dK, out double dC);

    private delegate double HeatHvFn(ReadOnlySpan<double> u0, double k, double c, int steps, ReadOnlySpan<double> vU0, double vK, double vC,
        Span<double> dU0, out double dK, out double dC, Span<double> hvU0, out double hvK, out double hvC);

    private const int Cells = 9;
    private const int HeatSteps = 41;

    // The heat family's last two inputs map to k = 0.1 + 0.05 x and c = 0.03 + 0.02 x (a stable, damped step), and the while family's to
    // a = 1.2 + 0.3 x, b = 0.6 + 0.2 x (a contraction): gradients and H·v are of the composed function (chain rule by hand).
    private static double Scaled(double[] d, int at, double factor, double value)
    {
        d[at] *= factor;
        return value;
    }

    private static Variant Heat(string name, HeatGradientFn g, HeatHvFn hv) => new(name,
        (x, d) => Scaled(d, Cells + 1, 0.02, Scaled(d, Cells, 0.05,
            g(x.AsSpan(0, Cells), 0.1 + 0.05 * x[Cells], 0.03 + 0.02 * x[Cells + 1], HeatSteps, d.AsSpan(0, Cells), out d[Cells], out d[Cells + 1]))),
        (x, v, d, h) => Scaled(d, Cells + 1, 0.02, Scaled(d, Cells, 0.05, Scaled(h, Cells + 1, 0.02, Scaled(h, Cells, 0.05,
            hv(x.AsSpan(0, Cells), 0.1 + 0.05 * x[Cells], 0.03 + 0.02 * x[Cells + 1], HeatSteps, v.AsSpan(0, Cells), 0.05 * v[Cells], 0.02 * v[Cells + 1],
                d.AsSpan(0, Cells), out d[Cells], out d[Cells + 1], h.AsSpan(0, Cells), out h[Cells], out h[Cells + 1]))))));

    private delegate double Scalar2Gradient(double a, double b, out double dA, out double dB);

    private delegate double Scalar2Hv(double a, double b, double vA, double vB, out double dA, out double dB, out double hvA, out double hvB);

    private static Variant Converge(string name, Scalar2Gradient g, Scalar2Hv hv) => new(name,
        (x, d) => Scaled(d, 1, 0.2, Scaled(d, 0, 0.3, g(1.2 + 0.3 * x[0], 0.6 + 0.2 * x[1], out d[0], out d[1]))),
        (x, v, d, h) => Scaled(d, 1, 0.2, Scaled(d, 0, 0.3, Scaled(h, 1, 0.2, Scaled(h, 0, 0.3,
            hv(1.2 + 0.3 * x[0], 0.6 + 0.2 * x[1], 0.3 * v[0], 0.2 * v[1], out d[0], out d[1], out h[0], out h[1]))))));

    private delegate double EarlyGradient(ReadOnlySpan<double> w, double y, Span<double> dW, out double dY);

    private delegate double EarlyHv(ReadOnlySpan<double> w, double y, ReadOnlySpan<double> vW, double vY, Span<double> dW, out double dY, Span<double> hvW, out double hvY);

    private static Variant Early(string name, EarlyGradient g, EarlyHv hv) => new(name,
        (x, d) => g(x.AsSpan(0, 5), x[5], d.AsSpan(0, 5), out d[5]),
        (x, v, d, h) => hv(x.AsSpan(0, 5), x[5], v.AsSpan(0, 5), v[5], d.AsSpan(0, 5), out d[5], h.AsSpan(0, 5), out h[5]));

    private delegate double SwapGradientFn(ReadOnlySpan<double> u0, double k, Span<double> dU0, out double dK);

    private delegate double SwapHvFn(ReadOnlySpan<double> u0, double k, ReadOnlySpan<double> vU0, double vK, Span<double> dU0, out double dK, Span<double> hvU0, out double hvK);

    // k = 0.25 x keeps the double-buffered heat equation's explicit step stable.
    private static Variant Swap(string name, SwapGradientFn g, SwapHvFn hv) => new(name,
        (x, d) => Scaled(d, 4, 0.25, g(x.AsSpan(0, 4), 0.25 * x[4], d.AsSpan(0, 4), out d[4])),
        (x, v, d, h) => Scaled(d, 4, 0.25, Scaled(h, 4, 0.25,
            hv(x.AsSpan(0, 4), 0.25 * x[4], v.AsSpan(0, 4), 0.25 * v[4], d.AsSpan(0, 4), out d[4], h.AsSpan(0, 4), out h[4]))));

    private static Variant Plain2(string name, Scalar2Gradient g, Scalar2Hv hv) => new(name,
        (x, d) => g(x[0], x[1], out d[0], out d[1]),
        (x, v, d, h) => hv(x[0], x[1], v[0], v[1], out d[0], out d[1], out h[0], out h[1]));

    public static readonly Family[] Families =
    {
        new("RNN (a differentiable callee per step)", RnnDimension, p => C.Rnn(p, Inputs, Hidden),
            Rnn("Rnn", C.RnnGradient, C.RnnHessianVectorProduct),
            new[]
            {
                Rnn("RnnC1", C.RnnC1Gradient, C.RnnC1HessianVectorProduct),
                Rnn("RnnC2", C.RnnC2Gradient, C.RnnC2HessianVectorProduct),
                Rnn("RnnC5", C.RnnC5Gradient, C.RnnC5HessianVectorProduct),
                Rnn("RnnC1000", C.RnnC1000Gradient, C.RnnC1000HessianVectorProduct),
            }),
        new("heat equation", Cells + 2, x => C.Heat(x.AsSpan(0, Cells), 0.1 + 0.05 * x[Cells], 0.03 + 0.02 * x[Cells + 1], HeatSteps),
            Heat("Heat", C.HeatGradient, C.HeatHessianVectorProduct),
            new[]
            {
                Heat("HeatC1", C.HeatC1Gradient, C.HeatC1HessianVectorProduct),
                Heat("HeatC3", C.HeatC3Gradient, C.HeatC3HessianVectorProduct),
                Heat("HeatC7", C.HeatC7Gradient, C.HeatC7HessianVectorProduct),
            }),
        new("while loop to convergence", 2, x => C.Converge(1.2 + 0.3 * x[0], 0.6 + 0.2 * x[1]),
            Converge("Converge", C.ConvergeGradient, C.ConvergeHessianVectorProduct),
            new[]
            {
                Converge("ConvergeC1", C.ConvergeC1Gradient, C.ConvergeC1HessianVectorProduct),
                Converge("ConvergeC2", C.ConvergeC2Gradient, C.ConvergeC2HessianVectorProduct),
                Converge("ConvergeC6", C.ConvergeC6Gradient, C.ConvergeC6HessianVectorProduct),
            }),
        new("loop left by break and return", 6, x => C.EarlyExit(x.AsSpan(0, 5), x[5]),
            Early("EarlyExit", C.EarlyExitGradient, C.EarlyExitHessianVectorProduct),
            new[] { Early("EarlyExitC3", C.EarlyExitC3Gradient, C.EarlyExitC3HessianVectorProduct) }, 0.2, 1.4),
        // Span locals swapped each step: a snapshot holds the buffers and where each view points, not the views' contents.
        new("double-buffered heat equation", 5, x => F.HeatSwap(x.AsSpan(0, 4), 0.25 * x[4]),
            Swap("HeatSwap", F.HeatSwapGradient, F.HeatSwapHessianVectorProduct),
            new[] { Swap("HeatSwapCheckpointed", F.HeatSwapCheckpointedGradient, F.HeatSwapCheckpointedHessianVectorProduct) }),
        new("an enum carried from one step to the next", 2, x => F.Phases(x[0], x[1]),
            Plain2("Phases", F.PhasesGradient, F.PhasesHessianVectorProduct),
            new[] { Plain2("PhasesCheckpointed", F.PhasesCheckpointedGradient, F.PhasesCheckpointedHessianVectorProduct) }),
    };

    public static IEnumerable<object[]> FamilyNames => Families.Select(f => new object[] { f.Name });

    private static Family Find(string name) => Families.Single(f => f.Name == name);

    private static void AssertBits(string what, double expected, double actual) =>
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{what}: {actual:R}, unbounded {expected:R}");

    [Theory]
    [MemberData(nameof(FamilyNames))]
    public void Checkpointed_gradients_and_hessian_vector_products_equal_the_unbounded_ones_bit_for_bit(string name)
    {
        Family f = Find(name);
        var rng = new Random(StableSeed(name));
        for (int point = 0; point < 5; point++)
        {
            double[] x = Enumerable.Range(0, f.Dimension).Select(_ => f.Low + (f.High - f.Low) * rng.NextDouble()).ToArray();
            double[] v = Enumerable.Range(0, f.Dimension).Select(_ => rng.NextDouble() - 0.5).ToArray();
            double[] g0 = new double[f.Dimension], d0 = new double[f.Dimension], hv0 = new double[f.Dimension];
            double value = f.Plain.Gradient(x, g0);
            double valueHv = f.Plain.HessianVector(x, v, d0, hv0);
            AssertBits($"{f.Plain.Name} value", f.Value(x), value);
            AssertBits($"{f.Plain.Name} value of H·v", value, valueHv);
            foreach (Variant c in f.Checkpointed)
            {
                double[] g = new double[f.Dimension], d = new double[f.Dimension], hv = new double[f.Dimension];
                AssertBits($"{c.Name} value", value, c.Gradient(x, g));
                AssertBits($"{c.Name} value of H·v", value, c.HessianVector(x, v, d, hv));
                for (int i = 0; i < f.Dimension; i++)
                {
                    AssertBits($"{c.Name} gradient[{i}] at point {point}", g0[i], g[i]);
                    AssertBits($"{c.Name} gradient of H·v[{i}] at point {point}", d0[i], d[i]);
                    AssertBits($"{c.Name} H·v[{i}] at point {point}", hv0[i], hv[i]);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(FamilyNames))]
    public void Checkpointed_gradients_match_finite_differences(string name)
    {
        Family f = Find(name);
        foreach (Variant c in f.Checkpointed)
        {
            Check(new GradientCase(c.Name, f.Dimension, f.Value, (x, g) => c.Gradient(x, g), f.Low, f.High, Tolerance: 1e-5));
        }
    }

    [Fact]
    public void A_span_output_written_in_a_checkpointed_loop_keeps_its_final_contents_and_adjoints()
    {
        double[] x = { 0.3, -0.8, 1.1, 0.2, -0.5, 0.9 };
        const double k = 0.37;
        foreach (int steps in new[] { 0, 1, 2, 17 })
        {
            double[] y0 = new double[6], y = new double[6], dY = { 0.5, -1, 0.25, 2, -0.75, 1.5 };
            double[] dX0 = new double[6], dX = new double[6];
            double dK0 = 0, dK = 0;
            C.SmoothBackward(x, k, steps, y0, dY, dX0, ref dK0);
            C.SmoothC4Backward(x, k, steps, y, dY, dX, ref dK);
            double[] plain = new double[6];
            C.Smooth(x, k, steps, plain);
            for (int i = 0; i < 6; i++)
            {
                AssertBits($"y[{i}] after {steps} steps", plain[i], y[i]);
                AssertBits($"y[{i}] of the unbounded backward", plain[i], y0[i]);
                AssertBits($"dX[{i}] after {steps} steps", dX0[i], dX[i]);
            }
            AssertBits($"dK after {steps} steps", dK0, dK);
        }
    }

    [Fact]
    public void Float_state_through_an_online_schedule_is_bit_for_bit()
    {
        var rng = new Random(5);
        for (int point = 0; point < 20; point++)
        {
            float a = 0.5f + 0.45f * (float)rng.NextDouble(), b = 2 * (float)rng.NextDouble() - 1;
            float v0 = C.DecayGradient(a, b, out float dA0, out float dB0);
            float v = C.DecayC4Gradient(a, b, out float dA, out float dB);
            Assert.Equal(BitConverter.SingleToInt32Bits(C.Decay(a, b)), BitConverter.SingleToInt32Bits(v0));
            Assert.Equal(BitConverter.SingleToInt32Bits(v0), BitConverter.SingleToInt32Bits(v));
            Assert.Equal(BitConverter.SingleToInt32Bits(dA0), BitConverter.SingleToInt32Bits(dA));
            Assert.Equal(BitConverter.SingleToInt32Bits(dB0), BitConverter.SingleToInt32Bits(dB));
        }
    }

    [Fact]
    public void Warm_checkpointed_calls_allocate_nothing()
    {
        double[] p = Enumerable.Range(0, RnnDimension).Select(i => 0.1 * Math.Sin(i)).ToArray();
        double[] g = new double[RnnDimension], v = new double[RnnDimension], hv = new double[RnnDimension];
        double[] heat = Enumerable.Range(0, Cells).Select(i => 0.2 * Math.Cos(i)).ToArray();
        double[] hg = new double[Cells];
        void Calls()
        {
            C.RnnC2Gradient(p, Inputs, Hidden, g);
            C.RnnC5HessianVectorProduct(p, Inputs, Hidden, v, g, hv);
            C.HeatC3Gradient(heat, 0.1, 0.02, HeatSteps, hg, out _, out _);
            C.ConvergeC2Gradient(1.3, 0.7, out _, out _);
            C.ConvergeC6HessianVectorProduct(1.3, 0.7, 1, -1, out _, out _, out _, out _);
        }
        Calls();
        Calls();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) Calls();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Tape bytes one gradient call needs, measured on a new thread (its tape grows to that call's high-water mark).</summary>
    private static long TapeBytes(Action call)
    {
        long bytes = 0;
        var thread = new Thread(() =>
        {
            long empty = Tape.Current.ReservedBytes;
            call();
            bytes = Tape.Current.ReservedBytes - empty;
        });
        thread.Start();
        thread.Join();
        return bytes;
    }

    [Fact]
    public void Snapshots_bound_the_tape_of_a_long_loop()
    {
        // 4,000 steps of a 4-unit RNN: unbounded, each step records 4 values (a copy of h) and the callee's records; with
        // 5 snapshots of (h, next) the tape holds 5 × 8 values and one step's records.
        double[] xs = Enumerable.Range(0, 4000).Select(t => Math.Sin(0.01 * t)).ToArray();
        double[] p = Enumerable.Range(0, RnnDimension).Select(i => 0.1 * Math.Sin(i)).ToArray();
        double[] g = new double[RnnDimension], g5 = new double[RnnDimension];
        long unbounded = TapeBytes(() => C.RnnGradient(p, xs, Hidden, g));
        long bounded = TapeBytes(() => C.RnnC5Gradient(p, xs, Hidden, g5));
        Assert.True(unbounded >= 100_000, $"unbounded tape {unbounded} B");
        Assert.True(bounded == 0, $"the checkpointed call grew the tape beyond its first 8 KB of values: by {bounded} B");
        for (int i = 0; i < RnnDimension; i++) AssertBits($"gradient[{i}]", g[i], g5[i]);
    }
}
