using System;
using System.Threading;

namespace AutoDiffGen.Runtime.Tests;

public class DataParallelGradientTests
{
    private const int In = 7, Hidden = 12, Out = 4;
    private const int Count = Hidden * In + Hidden + Out * Hidden + Out;

    /// <summary>A 7-12-4 tanh MLP (smooth, so finite differences apply everywhere) with mean softmax cross-entropy over samples [start, start + count), and its gradient
    /// (overwritten), chained from the runtime's pullbacks as generated code chains them.</summary>
    private sealed class Mlp(double[] parameters, double[] x, int[] labels)
    {
        public double[] Parameters { get; } = parameters;

        public double Loss(int start, int count)
        {
            double[] h = new double[count * Hidden], z = new double[count * Out];
            Linear.DenseBatch(W1, B1, x.AsSpan(start * In, count * In), h, count);
            Activations.Tanh(h, h);
            Linear.DenseBatch(W2, B2, h, z, count);
            return Losses.SoftmaxCrossEntropy(z, labels.AsSpan(start, count));
        }

        public double Gradient(int start, int count, Span<double> g)
        {
            // Stack scratch as generated code uses, so a warm call allocates nothing.
            Span<double> h = stackalloc double[count * Hidden], a = stackalloc double[count * Hidden], z = stackalloc double[count * Out];
            Span<double> dz = stackalloc double[count * Out], da = stackalloc double[count * Hidden], dh = stackalloc double[count * Hidden];
            dz.Clear();
            da.Clear();
            dh.Clear();
            g.Clear();
            ReadOnlySpan<double> xs = x.AsSpan(start * In, count * In);
            Linear.DenseBatch(W1, B1, xs, h, count);
            Activations.Tanh(h, a);
            Linear.DenseBatch(W2, B2, a, z, count);
            double loss = Losses.SoftmaxCrossEntropyBackward(z, labels.AsSpan(start, count), 1.0, dz);
            Linear.DenseBatchBackward(W2, B2, a, z, count, dz, g.Slice(Hidden * In + Hidden, Out * Hidden), g.Slice(Count - Out, Out), da);
            Activations.TanhBackward(h, a, da, dh);
            Linear.DenseBatchBackward(W1, B1, xs, h, count, dh, g.Slice(0, Hidden * In), g.Slice(Hidden * In, Hidden), Span<double>.Empty);
            return loss;
        }

        private ReadOnlySpan<double> W1 => Parameters.AsSpan(0, Hidden * In);
        private ReadOnlySpan<double> B1 => Parameters.AsSpan(Hidden * In, Hidden);
        private ReadOnlySpan<double> W2 => Parameters.AsSpan(Hidden * In + Hidden, Out * Hidden);
        private ReadOnlySpan<double> B2 => Parameters.AsSpan(Count - Out, Out);
    }

    private static Mlp Create(int batch, int seed)
    {
        var rng = new Random(seed);
        double[] p = new double[Count], x = new double[batch * In];
        int[] labels = new int[batch];
        for (int i = 0; i < Count; i++) p[i] = (rng.NextDouble() - 0.5) * 0.8;
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble() * 2 - 1;
        for (int i = 0; i < batch; i++) labels[i] = rng.Next(Out);
        return new Mlp(p, x, labels);
    }

    [Theory]
    [InlineData(64, 2)]
    [InlineData(7, 3)]
    [InlineData(2, 4)]
    [InlineData(1, 2)]
    [InlineData(33, 1)]
    public void Equals_the_whole_batch_gradient_and_finite_differences(int batch, int workers)
    {
        Mlp mlp = Create(batch, batch + workers);
        double[] whole = new double[Count];
        double wholeLoss = mlp.Gradient(0, batch, whole);
        using var parallel = new DataParallelGradient<double>(Count, workers);
        double[] g = new double[Count];
        Array.Fill(g, double.NaN); // overwritten, not accumulated
        double loss = parallel.Compute(batch, mlp.Gradient, g);
        Approx.Equal(wholeLoss, loss, 1e-13, 0, "loss");
        for (int i = 0; i < Count; i++) Approx.Equal(whole[i], g[i], 1e-12, 1e-15, $"gradient[{i}]");

        double[] p = mlp.Parameters;
        Approx.Passed(Fd.Compare(q =>
        {
            double[] saved = (double[])p.Clone();
            q.CopyTo(p);
            double l = mlp.Loss(0, batch);
            saved.CopyTo(p, 0);
            return l;
        }, (double[])p.Clone(), g), $"batch {batch}, {workers} workers");
    }

    [Fact]
    public void Repeated_steps_give_bitwise_the_same_result()
    {
        Mlp mlp = Create(100, 5);
        using var parallel = new DataParallelGradient<double>(Count, 3);
        double[] first = new double[Count], again = new double[Count];
        double l1 = parallel.Compute(100, mlp.Gradient, first);
        for (int k = 0; k < 20; k++)
        {
            double l2 = parallel.Compute(100, mlp.Gradient, again);
            Assert.Equal(l1, l2);
            Assert.Equal(first, again);
        }
    }

    [Fact]
    public void Warm_steps_allocate_nothing_on_any_thread()
    {
        Mlp mlp = Create(64, 9);
        const int workers = 3, steps = 6;
        // Each thread's own allocation counter, read when its shard starts: the difference between two steps covers
        // everything the thread did in between (waiting, signalling, the shard itself, the reduction on the caller).
        long[,] counter = new long[steps + 2, workers];
        int step = 0;
        ShardGradient<double> shard = (start, count, g) =>
        {
            counter[step, (start * workers + 63) / 64] = GC.GetAllocatedBytesForCurrentThread(); // shard index: start = ⌊w·64/3⌋
            return mlp.Gradient(start, count, g);
        };
        using var parallel = new DataParallelGradient<double>(Count, workers);
        double[] g = new double[Count];
        for (step = 0; step < steps + 2; step++)
        {
            // Pauses make the workers' waits block instead of spinning, as they do under load: a wait primitive that
            // allocates the first time it blocks (ManualResetEventSlim's lazy lock) shows here, not only on a busy machine.
            if (step >= 3) Thread.Sleep(20);
            parallel.Compute(64, shard, g);
        }
        for (int s = 2; s < steps + 1; s++)
        {
            for (int w = 0; w < workers; w++)
                Assert.True(counter[s + 1, w] == counter[s, w], $"shard {w} allocated {counter[s + 1, w] - counter[s, w]} B between steps {s} and {s + 1}");
        }
        ShardGradient<double> cached = mlp.Gradient; // a method group converted per call would allocate its delegate
        parallel.Compute(64, cached, g);
        long before = GC.GetAllocatedBytesForCurrentThread();
        parallel.Compute(64, cached, g);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public async System.Threading.Tasks.Task Every_step_wakes_every_worker_whether_the_waits_spin_or_block()
    {
        // Waits spin for up to 100 µs, then block. Gaps between steps and shard times on both sides of that limit (none,
        // a few microseconds, milliseconds) take every path of the hand-over — signal before the waiter blocks, while it
        // decides to block, after it blocked — in both directions. A lost wake-up hangs a step (caught by the timeout); a
        // stale or repeated one leaves last step's values in the gradient.
        const int workers = 3, steps = 1_000;
        var rng = new Random(17);
        int[] gaps = new int[steps], shardPause = new int[steps];
        for (int s = 0; s < steps; s++)
        {
            // µs; 90–110 lands the signal about when a spinning waiter gives up and blocks.
            gaps[s] = rng.Next(5) switch { 0 => 0, 1 => 20, 2 => 90 + rng.Next(21), 3 => 200, _ => 2_000 };
            shardPause[s] = rng.Next(3) switch { 0 => 0, 1 => 50, _ => 1_500 };
        }
        double[] g = new double[workers];
        var run = System.Threading.Tasks.Task.Run(() =>
        {
            using var parallel = new DataParallelGradient<double>(workers, workers);
            for (int s = 0; s < steps; s++)
            {
                Pause(gaps[s]);
                int step = s;
                double loss = parallel.Compute(workers, (start, count, grad) =>
                {
                    if (start == workers - 1) Pause(shardPause[step]); // the last shard runs on a worker: the caller waits for it
                    grad.Clear();
                    grad[start] = step + 1;
                    return step + 1;
                }, g);
                Assert.Equal(step + 1, loss, 12);
                for (int w = 0; w < workers; w++) Assert.Equal((step + 1) / (double)workers, g[w], 12);
            }
        });
        await run.WaitAsync(TimeSpan.FromSeconds(60)); // a TimeoutException: a step never finished, a wake-up was lost

        static void Pause(int microseconds)
        {
            long end = System.Diagnostics.Stopwatch.GetTimestamp() + microseconds * System.Diagnostics.Stopwatch.Frequency / 1_000_000;
            if (microseconds >= 1_000) Thread.Sleep(microseconds / 1_000);
            while (System.Diagnostics.Stopwatch.GetTimestamp() < end) Thread.SpinWait(10);
        }
    }

    [Fact]
    public void A_shard_exception_reaches_the_caller_and_the_instance_stays_usable()
    {
        using var parallel = new DataParallelGradient<double>(3, 2);
        double[] g = new double[3];
        var error = Assert.Throws<InvalidOperationException>(() => parallel.Compute(10, (start, count, grad) =>
            start == 0 ? 1.0 : throw new InvalidOperationException("shard 1 failed"), g));
        Assert.Equal("shard 1 failed", error.Message);
        Assert.Throws<AggregateException>(() => parallel.Compute(10, (start, count, grad) => throw new InvalidOperationException(), g));
        Assert.Equal(2.0, parallel.Compute(10, (start, count, grad) => { grad.Fill(1); return 2.0; }, g));
        Assert.Equal([1.0, 1.0, 1.0], g);
        Assert.Throws<ArgumentException>(() => parallel.Compute(10, (start, count, grad) => 0.0, new double[4]));
    }

    [Fact]
    public void A_second_step_on_the_same_instance_while_one_runs_throws()
    {
        using var parallel = new DataParallelGradient<double>(1, 2);
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        double[] g = new double[1];
        var first = new Thread(() => parallel.Compute(2, (start, count, grad) =>
        {
            if (start == 0)
            {
                inside.Set();
                release.Wait();
            }
            return 0.0;
        }, g));
        first.Start();
        inside.Wait();
        Assert.Throws<InvalidOperationException>(() => parallel.Compute(2, (start, count, grad) => 0.0, new double[1]));
        release.Set();
        first.Join();
    }

    [Fact]
    public void Float_models_shard_too()
    {
        using var parallel = new DataParallelGradient<float>(2, 2);
        float[] g = new float[2];
        // Loss of sample i: (i + 1)·p; shard mean and gradient by hand: the whole-batch mean is 5.5, its gradient [5.5, 1].
        float loss = parallel.Compute(10, (start, count, grad) =>
        {
            float mean = 0;
            for (int i = start; i < start + count; i++) mean += i + 1;
            mean /= count;
            grad[0] = mean;
            grad[1] = 1;
            return mean;
        }, g);
        Assert.Equal(5.5f, loss);
        Assert.Equal([5.5f, 1f], g);
    }
}
