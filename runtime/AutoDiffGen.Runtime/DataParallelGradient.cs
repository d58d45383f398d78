using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.ExceptionServices;
using System.Threading;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

/// <summary>
/// The gradient of a loss over the samples <c>[start, start + count)</c> of a batch: returns the <b>mean</b> loss over
/// those samples and <b>overwrites</b> <paramref name="gradient"/> with its gradient, as a generated <c>{Name}Gradient</c>
/// called on a slice of the batch does.
/// </summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <param name="start">The first sample of the shard.</param>
/// <param name="count">The number of samples in the shard (at least 1).</param>
/// <param name="gradient">Receives the gradient of the shard's mean loss, one flat buffer of all parameters.</param>
public delegate T ShardGradient<T>(int start, int count, Span<T> gradient);

/// <summary>
/// Data-parallel gradient of a mean loss over a batch, on all cores: the batch is cut into one contiguous shard per worker,
/// each worker computes its shard's gradient into a gradient buffer of its own, and the results are combined as
/// <c>L = Σₛ (nₛ / N) Lₛ</c>, <c>∇L = Σₛ (nₛ / N) ∇Lₛ</c> for shards of nₛ of the N samples — the gradient of the mean over
/// the whole batch.
/// </summary>
/// <remarks>
/// <para>The calling thread computes the first shard; the others run on dedicated background threads created with the
/// instance (stack <c>stackSize</c> bytes each, since generated gradients keep a batch's activations on the stack). The
/// per-worker gradient buffers are allocated once and reused by every step, and the threads wait on semaphores between steps,
/// so a warm <see cref="Compute"/> allocates nothing on any thread. Each worker thread also keeps its own per-thread tape,
/// as generated code does on any thread.</para>
/// <para>A waiting thread (a worker for the next step, the caller for the workers' shards) polls for up to 100 µs before it
/// blocks, as OpenMP runtimes do: being woken from a blocked wait costs tens of microseconds, as much as a small batch's
/// whole shard. So between steps each worker keeps its core busy for at most 100 µs. The polling yields the core now and
/// then, so other runnable threads still get it, and with more workers than cores the waits block at once.</para>
/// <para>Deterministic: the shard boundaries depend only on the batch size and <see cref="Workers"/>, and the shard results are
/// added in shard order, so the same inputs give bitwise the same loss and gradient on every run. (A different worker count
/// sums in a different order and may differ in the last bits, as any change of summation order does.)</para>
/// <para>One step at a time per instance: a <see cref="Compute"/> while another runs on the same instance throws.</para>
/// </remarks>
/// <typeparam name="T">The floating-point type.</typeparam>
public sealed class DataParallelGradient<T> : IDisposable where T : IFloatingPointIeee754<T>
{
    /// <summary>The stack of each worker thread unless given: 8 MiB, the main thread's on Linux.</summary>
    public const int DefaultStackSize = 8 << 20;

    private readonly T[][] _buffers;
    private readonly Thread[] _threads;
    // Spin-then-block signals (Internal/StepSignal.cs): a blocked wait woken by a semaphore cost about 20 µs per step on
    // 2 cores, when a step of the benchmarks' MLP at batch 32 takes about 30 µs on one thread.
    private readonly StepSignal[] _start;
    private readonly StepSignal[] _done;
    private readonly int[] _doneSeen;
    private readonly T[] _losses;
    private readonly Exception?[] _errors;
    private ShardGradient<T>? _shard;
    private int _batch;
    private int _running;
    private volatile bool _disposed;

    /// <summary>Creates the workers and their gradient buffers.</summary>
    /// <param name="parameterCount">The length of the flat gradient.</param>
    /// <param name="workers">Shards per step, the calling thread included (default: <see cref="Environment.ProcessorCount"/>).</param>
    /// <param name="stackSize">Stack size of each worker thread in bytes (default <see cref="DefaultStackSize"/>).</param>
    public DataParallelGradient(int parameterCount, int workers = 0, int stackSize = DefaultStackSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stackSize);
        if (workers == 0) workers = Environment.ProcessorCount;
        ParameterCount = parameterCount;
        Workers = workers;
        _buffers = new T[workers][];
        _start = new StepSignal[workers];
        _done = new StepSignal[workers];
        _doneSeen = new int[workers];
        _losses = new T[workers];
        _errors = new Exception?[workers];
        _threads = new Thread[workers];
        // More threads than cores: a polling thread would hold a core another one needs, so waits block at once.
        long spinTicks = workers <= Environment.ProcessorCount ? StepSignal.DefaultSpinTicks : 0;
        for (int w = 1; w < workers; w++)
        {
            _buffers[w] = new T[parameterCount];
            _start[w] = new StepSignal(spinTicks);
            _done[w] = new StepSignal(spinTicks);
            int index = w;
            _threads[w] = new Thread(() => WorkerLoop(index), stackSize) { IsBackground = true, Name = $"AutoDiffGen data-parallel worker {w}" };
            _threads[w].Start();
        }
    }

    /// <summary>The number of shards per step (the calling thread and <c>Workers − 1</c> worker threads).</summary>
    public int Workers { get; }

    /// <summary>The length of the flat gradient.</summary>
    public int ParameterCount { get; }

    /// <summary>
    /// Computes the mean loss over <paramref name="batch"/> samples and overwrites <paramref name="gradient"/> with its
    /// gradient: shard s covers samples <c>[⌊s·N/W⌋, ⌊(s+1)·N/W⌋)</c> of the N samples and W = min(<see cref="Workers"/>, N)
    /// shards; <c>L = Σₛ (nₛ/N) Lₛ</c> and <c>∇L = Σₛ (nₛ/N) ∇Lₛ</c>, summed in shard order.
    /// </summary>
    /// <param name="batch">The number of samples (at least 1).</param>
    /// <param name="shard">Computes one shard's mean loss and gradient (called concurrently on different threads, each with
    /// its own <c>gradient</c> buffer; it must only read shared state). Keep one delegate for all steps: creating a lambda per
    /// step allocates it.</param>
    /// <param name="gradient">Receives the gradient, <see cref="ParameterCount"/> elements.</param>
    /// <returns>The mean loss over the batch.</returns>
    /// <exception cref="InvalidOperationException">Another step of this instance is running.</exception>
    /// <exception cref="Exception">A shard threw: its exception is rethrown here, or an <see cref="AggregateException"/> holding
    /// each failing shard's exception when several failed.</exception>
    public T Compute(int batch, ShardGradient<T> shard, Span<T> gradient)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (gradient.Length != ParameterCount)
            throw new ArgumentException($"gradient has length {gradient.Length}; expected {ParameterCount}.", nameof(gradient));
        if (Interlocked.Exchange(ref _running, 1) != 0)
            throw new InvalidOperationException("Compute is already running on this instance; use one instance per concurrent caller.");
        try
        {
            int shards = Math.Min(Workers, batch);
            _shard = shard;
            _batch = batch;
            for (int w = 1; w < shards; w++) _start[w].Signal();
            RunShard(0, shards, gradient);

            // Deterministic reduction in shard order, g = (n₀/N)·g₀ + Σ (nₛ/N)·gₛ, each term added as soon as its shard is
            // done: the caller's own term is scaled while the workers still run, and shard s is added while later ones do.
            T n = T.CreateTruncating(batch);
            T weight0 = T.CreateTruncating(ShardLength(0, shards, batch)) / n;
            T loss = _losses[0] * weight0;
            bool failed = _errors[0] is not null;
            if (shards > 1 && !failed) TensorPrimitives.Multiply(gradient, weight0, gradient);
            for (int w = 1; w < shards; w++)
            {
                _doneSeen[w] = _done[w].Wait(_doneSeen[w]);
                failed |= _errors[w] is not null;
                if (failed) continue; // still wait for every worker before throwing
                T weight = T.CreateTruncating(ShardLength(w, shards, batch)) / n;
                loss += _losses[w] * weight;
                TensorPrimitives.MultiplyAdd(_buffers[w], weight, gradient, gradient);
            }
            _shard = null;
            ThrowIfFailed(shards);
            return loss;
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Stops the worker threads (after any running step). The instance cannot be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        for (int w = 1; w < Workers; w++) _start[w].Signal();
        for (int w = 1; w < Workers; w++)
        {
            _threads[w].Join();
            _start[w].Dispose();
            _done[w].Dispose();
        }
    }

    private static int ShardStart(int shard, int shards, int batch) => (int)((long)shard * batch / shards);

    private static int ShardLength(int shard, int shards, int batch) => ShardStart(shard + 1, shards, batch) - ShardStart(shard, shards, batch);

    private void RunShard(int w, int shards, Span<T> gradient)
    {
        try
        {
            _errors[w] = null;
            int start = ShardStart(w, shards, _batch);
            _losses[w] = _shard!(start, ShardLength(w, shards, _batch), gradient);
        }
        catch (Exception e)
        {
            _errors[w] = e;
        }
    }

    private void WorkerLoop(int w)
    {
        int seen = 0;
        while (true)
        {
            seen = _start[w].Wait(seen);
            if (_disposed) return;
            RunShard(w, Math.Min(Workers, _batch), _buffers[w]);
            _done[w].Signal();
        }
    }

    private void ThrowIfFailed(int shards)
    {
        int failed = 0;
        for (int w = 0; w < shards; w++) if (_errors[w] is not null) failed++;
        if (failed == 0) return;
        if (failed == 1)
        {
            for (int w = 0; w < shards; w++)
            {
                if (_errors[w] is Exception e) ExceptionDispatchInfo.Throw(e);
            }
        }
        var errors = new Exception[failed];
        for (int w = 0, k = 0; w < shards; w++)
        {
            if (_errors[w] is Exception e) errors[k++] = e;
        }
        throw new AggregateException("Shards of the data-parallel gradient failed.", errors);
    }
}
