using System;
using System.Numerics;

namespace AutoDiffGen;

/// <summary>
/// The running mean and variance of a batch-normalization layer, updated explicitly by the training loop as in PyTorch's
/// <c>BatchNorm1d</c>: <c>mean ← (1 − m)·mean + m·μ_batch</c> and <c>var ← (1 − m)·var + m·s²_batch</c>, with momentum
/// m = 0.1 by default and the <b>unbiased</b> batch variance <c>s² = Σ (x − μ)² / (batch − 1)</c>. Starts at mean 0, variance 1.
/// </summary>
/// <remarks>
/// Typical use, once per training step with the batch the layer normalized:
/// <code>
/// var stats = new BatchNormRunningStatistics&lt;double&gt;(features);
/// // training step:
/// Normalization.BatchNormTraining(x, gamma, beta, y);       // inside [Differentiable] code (pure)
/// stats.Update(x);                                           // outside it, once per step
/// // evaluation:
/// Normalization.BatchNormInference(x, gamma, beta, stats.Mean, stats.Variance, y);
/// </code>
/// The update is kept out of the differentiable functions because a pullback re-runs the forward pass, which would update
/// the statistics twice. <see cref="Update"/> allocates nothing.
/// </remarks>
/// <typeparam name="T"><see cref="double"/> or <see cref="float"/>.</typeparam>
public sealed class BatchNormRunningStatistics<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _mean;
    private readonly T[] _variance;
    private readonly T[] _batchMean;

    /// <summary>Creates statistics for <paramref name="features"/> features: mean 0, variance 1.</summary>
    /// <param name="features">The number of features (columns of the batch).</param>
    /// <param name="momentum">The weight m of the newest batch, in [0, 1] (default 0.1, PyTorch's).</param>
    public BatchNormRunningStatistics(int features, double momentum = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        if (!(momentum >= 0 && momentum <= 1)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1].");
        Features = features;
        Momentum = momentum;
        _mean = new T[features];
        _variance = new T[features];
        _batchMean = new T[features];
        Reset();
    }

    /// <summary>The number of features.</summary>
    public int Features { get; }

    /// <summary>The weight of the newest batch in the exponential moving average.</summary>
    public double Momentum { get; }

    /// <summary>How many batches have been folded in (PyTorch's <c>num_batches_tracked</c>).</summary>
    public long BatchesTracked { get; private set; }

    /// <summary>The running per-feature mean.</summary>
    public ReadOnlySpan<T> Mean => _mean;

    /// <summary>The running per-feature (unbiased) variance.</summary>
    public ReadOnlySpan<T> Variance => _variance;

    /// <summary>Restores mean 0, variance 1 and zero batches tracked.</summary>
    public void Reset()
    {
        Array.Fill(_mean, T.Zero);
        Array.Fill(_variance, T.One);
        BatchesTracked = 0;
    }

    /// <summary>
    /// Folds in one batch <paramref name="x"/> (row-major [batch × features], batch ≥ 2):
    /// <c>mean ← (1 − m)·mean + m·μ</c>, <c>var ← (1 − m)·var + m·Σ_b (x[b] − μ)² / (batch − 1)</c>.
    /// </summary>
    /// <param name="x">The batch the layer normalized.</param>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="Features"/>, or the batch has fewer than 2 rows.</exception>
    public void Update(ReadOnlySpan<T> x)
    {
        int f = Features;
        int batch = Normalization.BatchRows(x.Length, f, nameof(x));
        if (batch < 2) throw new ArgumentException("The unbiased variance needs at least 2 rows in the batch.", nameof(x));
        T count = T.CreateTruncating(batch);
        T m = T.CreateTruncating(Momentum);
        T keep = T.One - m;
        Span<T> mu = _batchMean;
        mu.Clear();
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<T> row = x.Slice(b * f, f);
            for (int j = 0; j < f; j++) mu[j] += row[j];
        }
        for (int j = 0; j < f; j++) mu[j] /= count;
        for (int j = 0; j < f; j++)
        {
            T ss = T.Zero;
            for (int b = 0; b < batch; b++)
            {
                T d = x[b * f + j] - mu[j];
                ss += d * d;
            }
            _mean[j] = keep * _mean[j] + m * mu[j];
            _variance[j] = keep * _variance[j] + m * ss / (count - T.One);
        }
        BatchesTracked++;
    }
}
