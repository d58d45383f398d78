using System;
using AutoDiffGen.GradientClinic.Networks;

namespace AutoDiffGen.GradientClinic.Experiments;

/// <summary>How the recurrent weight W of the <see cref="VanillaRnn"/> starts.</summary>
public enum RecurrentInit
{
    /// <summary>W = 1.1·I: spectral radius 1.1 &gt; 1, the recurrent weight that makes gradients explode.</summary>
    ScaledIdentity,

    /// <summary>Glorot (Xavier) normal: variance 2/(hidden + hidden) = 1/hidden, spectral radius about 1 before the ReLU halves it.</summary>
    Glorot,
}

/// <summary>One configuration of the recurrent experiment.</summary>
/// <param name="Name">Shown in tables, legends and the report.</param>
/// <param name="Init">How W starts.</param>
/// <param name="Cure">Gradient clipping applied before each step.</param>
/// <param name="ClipThreshold">The clipping norm or value.</param>
public sealed record RnnConfig(string Name, RecurrentInit Init, GradientCure Cure = GradientCure.None, double ClipThreshold = 0);

/// <summary>Shape and optimizer settings shared by the RNN runs.</summary>
/// <param name="Steps">SGD steps.</param>
/// <param name="BatchSize">Sequences per step.</param>
/// <param name="LearningRate">SGD learning rate.</param>
/// <param name="Momentum">SGD momentum.</param>
/// <param name="Hidden">Hidden units.</param>
/// <param name="SequenceLength">Time steps per sequence.</param>
/// <param name="Decay">λ of the fading-memory target (<see cref="Datasets.FadingMemory"/>).</param>
public sealed record RnnSettings(int Steps, int BatchSize, double LearningRate, double Momentum, int Hidden = 16, int SequenceLength = 100, double Decay = 0.8);

/// <summary>Everything measured in one RNN training run.</summary>
public sealed class RnnRun
{
    /// <summary>The configuration.</summary>
    public required RnnConfig Config { get; init; }

    /// <summary>Minibatch loss per step (NaN from the step training diverged).</summary>
    public required double[] Losses { get; init; }

    /// <summary>Global gradient norm over every field (U, W, b, readout) per step, before clipping (+∞ when it overflowed).</summary>
    public required double[] GradientNorms { get; init; }

    /// <summary>Global norm of the gradient the optimizer used per step (after clipping).</summary>
    public required double[] AppliedNorms { get; init; }

    /// <summary>The first step whose loss or gradient was not finite, or −1.</summary>
    public required int DivergedAtStep { get; init; }

    /// <summary>The largest |W| entry after training (NaN after divergence).</summary>
    public required double FinalMaxRecurrentWeight { get; init; }

    /// <summary>Mean squared error of the trained network on held-out sequences (NaN after divergence).</summary>
    public required double TestLoss { get; init; }

    /// <summary>Mean squared error of always predicting the training targets' mean, the baseline to beat.</summary>
    public required double BaselineLoss { get; init; }

    /// <summary>Hidden units whose activation is 0 at every step of every test sequence after training (−1 after divergence).</summary>
    public required int DeadUnits { get; init; }

    /// <summary><see cref="TestLoss"/> over <see cref="BaselineLoss"/>: 1 learns nothing, 0.1 explains 90 % of the targets' variance.</summary>
    public double TestLossOverBaseline => TestLoss / BaselineLoss;

    /// <summary>The gradient-health monitor (one layer per field: Input, Recurrent, Bias, Readout).</summary>
    public required GradientHealth Health { get; init; }

    /// <summary>Mean loss of the first ten steps.</summary>
    public double InitialLoss => Statistics.Mean(Losses.AsSpan(0, Math.Min(10, Losses.Length)));

    /// <summary>Mean loss of the last ten steps (NaN after divergence).</summary>
    public double FinalLoss => Statistics.Mean(Losses.AsSpan(Math.Max(0, Losses.Length - 10)));
}

/// <summary>Trains the <see cref="VanillaRnn"/> with minibatch SGD on the fading-memory task (<see cref="Datasets.FadingMemory"/>).</summary>
public static class RnnTraining
{
    /// <summary>The recurrent weight's diagonal in <see cref="RecurrentInit.ScaledIdentity"/>.</summary>
    public const double RecurrentGain = 1.1;

    /// <summary>
    /// Trains one configuration. Every configuration gets the same U, b, readout and sequences; only W and the clipping
    /// differ. Stops updating once the loss or the gradient is non-finite.
    /// </summary>
    public static RnnRun Train(RnnConfig config, RnnSettings settings, int seed, Action? stepDone = null)
    {
        int hidden = settings.Hidden, length = settings.SequenceLength;
        var rng = new Random(seed);
        // PyTorch's nn.RNN draws every parameter from U(−1/√hidden, 1/√hidden); the readout bias starts at 0.
        var rnn = new VanillaRnn(hidden);
        double bound = 1.0 / Math.Sqrt(hidden);
        Fill(rnn.Input, bound, rng);
        Fill(rnn.Bias, bound, rng);
        Fill(rnn.Readout.AsSpan(0, hidden), bound, rng);
        if (config.Init == RecurrentInit.ScaledIdentity)
        {
            for (int i = 0; i < hidden; i++) rnn.Recurrent[i * hidden + i] = RecurrentGain;
        }
        else
        {
            Init.GlorotNormal(rnn.Recurrent, hidden, hidden, rng);
        }

        var gradient = new VanillaRnn.Gradient(rnn);
        var sgd = new Sgd(rnn, settings.LearningRate, settings.Momentum);
        // One layer per field, named after it, input side first: Input (U), Recurrent (W), Bias (b), Readout (V, c).
        var health = new GradientHealth(gradient);

        var dataRng = new Random(seed + 1);
        (double[] trainSequences, double[] trainTargets) = Datasets.FadingMemory(512, length, settings.Decay, dataRng);
        (double[] testSequences, double[] testTargets) = Datasets.FadingMemory(256, length, settings.Decay, dataRng);
        var batchSequences = new double[settings.BatchSize * length];
        var batchTargets = new double[settings.BatchSize];
        var batchRng = new Random(seed + 2);

        var losses = new double[settings.Steps];
        var norms = new double[settings.Steps];
        var applied = new double[settings.Steps];
        int divergedAt = -1;
        for (int step = 0; step < settings.Steps; step++)
        {
            if (divergedAt >= 0)
            {
                losses[step] = norms[step] = applied[step] = double.NaN;
                stepDone?.Invoke();
                continue;
            }
            for (int b = 0; b < settings.BatchSize; b++)
            {
                int index = batchRng.Next(trainTargets.Length);
                trainSequences.AsSpan(index * length, length).CopyTo(batchSequences.AsSpan(b * length, length));
                batchTargets[b] = trainTargets[index];
            }
            double loss = rnn.LossGradient(batchSequences, batchTargets, length, gradient);
            health.RecordGradients(step, gradient);
            double norm = GradientHealth.Norm(gradient);
            losses[step] = loss;
            norms[step] = norm;
            if (!double.IsFinite(loss) || !double.IsFinite(norm))
            {
                divergedAt = step;
                applied[step] = double.NaN;
                stepDone?.Invoke();
                continue;
            }
            switch (config.Cure)
            {
                case GradientCure.ClipByGlobalNorm:
                    Clipping.ClipByGlobalNorm(gradient, config.ClipThreshold);
                    break;
                case GradientCure.ClipByValue:
                    Clipping.ClipByValue(gradient, config.ClipThreshold);
                    break;
            }
            applied[step] = GradientHealth.Norm(gradient);
            sgd.Step(rnn, gradient);
            stepDone?.Invoke();
        }

        double testLoss = double.NaN, maxWeight = double.NaN;
        int deadUnits = -1;
        if (divergedAt < 0)
        {
            testLoss = rnn.Loss(testSequences, testTargets, length);
            deadUnits = DeadUnits(rnn, testSequences, length);
            maxWeight = 0;
            foreach (double w in rnn.Recurrent) maxWeight = Math.Max(maxWeight, Math.Abs(w));
        }
        double meanTarget = Statistics.Mean(trainTargets);
        double baseline = 0;
        foreach (double t in testTargets) baseline += (t - meanTarget) * (t - meanTarget);
        baseline /= testTargets.Length;
        return new RnnRun
        {
            Config = config,
            Losses = losses,
            GradientNorms = norms,
            AppliedNorms = applied,
            DivergedAtStep = divergedAt,
            FinalMaxRecurrentWeight = maxWeight,
            TestLoss = testLoss,
            BaselineLoss = baseline,
            DeadUnits = deadUnits,
            Health = health,
        };
    }

    /// <summary>
    /// Counts the hidden units that stay at 0 at every step of every sequence: their gradients (rows and columns of W, and
    /// their U, b and V entries) are exactly 0 on all of them, which is what GradientHealth's dying-ReLU check sees.
    /// </summary>
    public static int DeadUnits(VanillaRnn rnn, ReadOnlySpan<double> sequences, int steps)
    {
        int hidden = rnn.Hidden;
        Span<double> h = stackalloc double[hidden];
        Span<double> next = stackalloc double[hidden];
        Span<bool> active = stackalloc bool[hidden];
        active.Clear();
        for (int s = 0; s < sequences.Length / steps; s++)
        {
            h.Clear();
            for (int t = 0; t < steps; t++)
            {
                rnn.Step(h, sequences[s * steps + t], next);
                for (int i = 0; i < hidden; i++) active[i] |= next[i] > 0;
                next.CopyTo(h);
            }
        }
        int dead = 0;
        foreach (bool a in active) if (!a) dead++;
        return dead;
    }

    private static void Fill(Span<double> values, double bound, Random rng)
    {
        for (int i = 0; i < values.Length; i++) values[i] = (2 * rng.NextDouble() - 1) * bound;
    }
}
