using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using L = AutoDiffGen.IntegrationTests.Functions.LoopFunctions;
using F = AutoDiffGen.IntegrationTests.Functions.ScalarFunctions;
using Fw = AutoDiffGen.IntegrationTests.Functions.ForwardFunctions;
using Rs = AutoDiffGen.IntegrationTests.Functions.RuntimeSecondOrder;

namespace AutoDiffGen.IntegrationTests;

/// <summary>The product's promise: a warm call allocates nothing, and threads do not interfere.</summary>
public class AllocationTests
{
    private static readonly double[] Input4 = { 0.5, -1.0, 0.25, 1.5 };

    internal static long AllocatedBy(Action action, int repetitions = 20)
    {
        action(); // first call on this thread: the tape may grow to its high-water mark
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < repetitions; i++) action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Scalar_gradient_allocates_nothing()
    {
        double sink = 0;
        Assert.Equal(0, AllocatedBy(() => sink += F.RosenbrockGradient(0.3, 0.7, out _, out _) + F.EarlyReturnsGradient(2.5, 0.1, out _, out _)));
        Assert.Equal(0, AllocatedBy(() => sink += F.CallsOtherAssemblyGradient(0.4, out _) + F.RecursiveGradient(0.4, 4, out _)));
    }

    [Fact]
    public void Loop_gradients_with_records_allocate_nothing_when_warm()
    {
        var rng = new Random(11);
        double[] xs = Enumerable.Range(0, 5000).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] parameters = Enumerable.Range(0, 121).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] gradient = new double[121];
        double[] w = Enumerable.Range(0, 12).Select(_ => rng.NextDouble()).ToArray();
        double[] dW = new double[12];
        double sink = 0;
        Assert.Equal(0, AllocatedBy(() => sink += L.ScalarRnnGradient(0.5, 0.9, xs, out _, out _)));
        Assert.Equal(0, AllocatedBy(() => sink += L.MlpLossGradient(parameters, Input4, 0.3, gradient, out _)));
        Assert.Equal(0, AllocatedBy(() => sink += L.NestedBreakContinueGradient(w, 3, dW) + L.FillAndCopyGradient(w.AsSpan(0, 5), 0.4, dW.AsSpan(0, 5), out _)));
        Assert.Equal(0, AllocatedBy(() => sink += L.DotLossBackward(w, w, 1.0, Span<double>.Empty)));
    }

    [Fact]
    public void Tangents_Hessians_and_Jacobians_allocate_nothing_when_warm()
    {
        double[] xs = { 0.1, -0.4, 0.8 }, v = { 1, 0.5, -0.5 };
        double[] p = Enumerable.Range(0, 10).Select(i => 0.1 * i - 0.4).ToArray(), input = { 0.3, -0.7 };
        double[] g = new double[10], hv = new double[10], hessian = new double[100], jacobian = new double[10], y = new double[3], dy = new double[3];
        double sink = 0;
        Assert.Equal(0, AllocatedBy(() => sink += Fw.RecurrenceTangent(xs, 0.5, 0.7, 0.2, v, 1, 0, 0, out double d) + d));
        Assert.Equal(0, AllocatedBy(() => sink += Fw.RecurrenceTangent(xs, 0.5, 0.7, 0.2, default, 1, 0, 0, out double d) + d));
        Assert.Equal(0, AllocatedBy(() => sink += Fw.NetworkHessianVectorProduct(p, input, p, g, hv)));
        Assert.Equal(0, AllocatedBy(() => sink += Fw.NetworkHessian(p, input, hessian)));
        Assert.Equal(0, AllocatedBy(() => sink += Fw.NetworkJacobian(p, input, jacobian) + Fw.ContractionJacobian(0.3, 0.2, jacobian.AsSpan(0, 2))));
        Assert.Equal(0, AllocatedBy(() => Fw.LayerTangent(p.AsSpan(0, 6), input, y, p.AsSpan(0, 6), dy)));
    }

    [Fact]
    public void Second_order_through_runtime_functions_allocates_nothing_when_warm()
    {
        const int w = Rs.Width;
        double[] p = Enumerable.Range(0, 3 * w).Select(i => Math.Sin(i)).ToArray(), v = Enumerable.Range(0, 3 * w).Select(i => Math.Cos(i)).ToArray();
        double[] g = new double[3 * w], hv = new double[3 * w], data = new double[w], hessian = new double[4];
        double sink = 0;
        Assert.Equal(0, AllocatedBy(() => sink += Rs.LayerNormHessianVectorProduct(p, data, v, g, hv) + Rs.TanhSpanHessianVectorProduct(p.AsSpan(0, w), data, v.AsSpan(0, w), g.AsSpan(0, w), hv.AsSpan(0, w))));
        Assert.Equal(0, AllocatedBy(() => sink += Rs.DenseHessianVectorProduct(p.AsSpan(0, 19), data, v.AsSpan(0, 19), g.AsSpan(0, 19), hv.AsSpan(0, 19))));
        Assert.Equal(0, AllocatedBy(() => sink += Rs.SoftmaxCrossEntropyBatchTangent(p.AsSpan(0, 15), data, v.AsSpan(0, 15), out double d) + d + Rs.GeluHessian(p.AsSpan(0, 2), data, hessian)));
    }

    [Fact]
    public void Forward_mode_of_issue_14_constructs_allocates_nothing_when_warm()
    {
        // Local arrays and local functions (their tangents in scratch space), swapped span locals, checkpointing, in-out outputs.
        double[] x = { 0.4, -0.3, 0.9, 0.2 }, v = { 0.5, -1, 0.25, 0.75 }, g = new double[4], hv = new double[4], jacobian = new double[16];
        double[] y = new double[3], dy = new double[3];
        double sink = 0;
        Assert.Equal(0, AllocatedBy(() => sink += Fw.SpanLocalsTangent(0.3, -0.6, x, 1, 0.5, v, out double d) + d));
        Assert.Equal(0, AllocatedBy(() => sink += Fw.WithLocalFunctionsHessianVectorProduct(0.3, x, 1, v, out _, g, out _, hv)));
        Assert.Equal(0, AllocatedBy(() => sink += Fw.HeatSwapCheckpointedHessianVectorProduct(x, 0.2, v, 0.5, g, out _, hv, out _)));
        Assert.Equal(0, AllocatedBy(() => sink += Fw.CallsInOutHessianVectorProduct(x.AsSpan(0, 3), v.AsSpan(0, 3), g.AsSpan(0, 3), hv.AsSpan(0, 3))));
        Assert.Equal(0, AllocatedBy(() => Fw.RelaxTangent(x.AsSpan(0, 3), y, v.AsSpan(0, 3), dy)));
        Assert.Equal(0, AllocatedBy(() => Fw.RelaxJacobian(x, y, jacobian.AsSpan(0, 12))));
    }

    [Fact]
    public void Eight_threads_compute_the_same_Hessians_as_one()
    {
        double[] p = Enumerable.Range(0, 10).Select(i => 0.1 * i - 0.4).ToArray(), input = { 0.3, -0.7 };
        var expected = new double[100];
        Fw.NetworkHessian(p, input, expected);
        var results = new double[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            var mine = new double[100];
            for (int k = 0; k < 50; k++) Fw.NetworkHessian(p, input, mine);
            results[t] = mine;
        });
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Eight_threads_compute_the_same_gradients_as_one()
    {
        var rng = new Random(5);
        double[][] sequences = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, 2000).Select(_ => rng.NextDouble() * 2 - 1).ToArray()).ToArray();
        double[][] parameters = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, 121).Select(_ => rng.NextDouble() - 0.5).ToArray()).ToArray();

        (double, double, double, double[]) Compute(int k)
        {
            double value = L.ScalarRnnGradient(0.6, 0.8 + 0.01 * k, sequences[k], out double dW, out double dU);
            var gradient = new double[121];
            L.MlpLossGradient(parameters[k], Input4, 0.1 * k, gradient, out _);
            return (value, dW, dU, gradient);
        }

        var expected = Enumerable.Range(0, 8).Select(Compute).ToArray();
        var results = new (double, double, double, double[])[8][];
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(k => new Thread(() =>
        {
            start.SignalAndWait();
            var mine = new (double, double, double, double[])[200];
            for (int i = 0; i < mine.Length; i++) mine[i] = Compute((k + i) % 8);
            results[k] = mine;
        })).ToArray();
        foreach (Thread t in threads) t.Start();
        foreach (Thread t in threads) t.Join();
        for (int k = 0; k < 8; k++)
        {
            for (int i = 0; i < results[k].Length; i++)
            {
                var (value, dW, dU, gradient) = results[k][i];
                var (eValue, eDW, eDU, eGradient) = expected[(k + i) % 8];
                Assert.Equal(eValue, value);
                Assert.Equal(eDW, dW);
                Assert.Equal(eDU, dU);
                Assert.Equal(eGradient, gradient);
            }
        }
    }

    [Fact]
    public void Tape_is_balanced_after_every_call()
    {
        double[] xs = { 0.1, 0.2, -0.3 };
        Tape tape = Tape.Current;
        int reals = tape.RealCount, ints = tape.IntCount, scratch = tape.ScratchCount;
        L.ScalarRnnGradient(0.5, 0.5, xs, out _, out _);
        L.NestedBreakContinueGradient(new double[] { 1, -2, 0.5, 3, 0.1, 0.2 }, 2, new double[6]);
        L.DotLossBackward(xs, xs, 1.0, Span<double>.Empty);
        Assert.Equal((reals, ints, scratch), (tape.RealCount, tape.IntCount, tape.ScratchCount));
    }
}
