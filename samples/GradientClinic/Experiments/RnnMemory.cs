using System;
using System.Diagnostics;
using System.Threading;
using AutoDiffGen.GradientClinic.Networks;

namespace AutoDiffGen.GradientClinic.Experiments;

/// <summary>
/// What the reverse sweep of the clinic's RNN holds on the per-thread tape: a training minibatch of 100-step sequences
/// as the clinic trains it, one 100-step sequence, and one 10,000-step sequence recorded step by step and checkpointed
/// (<c>[Differentiable(Checkpoints = 14)]</c>), with the time of each gradient. The tape of a call is measured on a new
/// thread, whose tape grows to that call's high-water mark (its arrays doubling); an empty tape holds
/// <see cref="EmptyTapeBytes"/>.
/// </summary>
/// <param name="EmptyTapeBytes">A new thread's tape before any call.</param>
/// <param name="BatchTapeBytes">One training minibatch (16 sequences of 100 steps) of <see cref="VanillaRnn.Loss"/>.</param>
/// <param name="ShortTapeBytes">One 100-step sequence, every step recorded.</param>
/// <param name="LongTapeBytes">One 10,000-step sequence, every step recorded.</param>
/// <param name="LongCheckpointedTapeBytes">One 10,000-step sequence, checkpointed with 14 snapshots.</param>
/// <param name="LongSeconds">Gradient time of the 10,000-step sequence, every step recorded (median of 5).</param>
/// <param name="LongCheckpointedSeconds">Gradient time of the 10,000-step sequence, checkpointed (median of 5).</param>
/// <param name="BitForBit">Whether the checkpointed gradient equals the recorded one bit for bit.</param>
public sealed record RnnMemory(long EmptyTapeBytes, long BatchTapeBytes, long ShortTapeBytes, long LongTapeBytes, long LongCheckpointedTapeBytes,
    double LongSeconds, double LongCheckpointedSeconds, bool BitForBit)
{
    /// <summary>The long sequence's length.</summary>
    public const int LongSteps = 10_000;

    /// <summary>Measures with the clinic's RNN shape, W = 1.1·I scaled down to 0.9·I so 10,000 ReLU steps stay finite.</summary>
    public static RnnMemory Measure(RnnSettings settings, int seed)
    {
        int hidden = settings.Hidden, length = settings.SequenceLength;
        var rng = new Random(seed);
        double bound = 1.0 / Math.Sqrt(hidden);
        var rnn = new VanillaRnn(hidden);
        for (int i = 0; i < hidden; i++) rnn.Recurrent[i * hidden + i] = 0.9;
        foreach (double[] p in new[] { rnn.Input, rnn.Bias, rnn.Readout }) for (int i = 0; i < p.Length; i++) p[i] = bound * (2 * rng.NextDouble() - 1);
        (double[] sequences, double[] targets) = Datasets.FadingMemory(settings.BatchSize, length, settings.Decay, rng);
        double[] longSequence = new double[LongSteps];
        for (int t = 0; t < LongSteps; t++) longSequence[t] = rng.NextDouble();
        var gradient = new VanillaRnn.Gradient(rnn);

        double[] Gradient(Func<double> run)
        {
            run();
            return [.. gradient.Input, .. gradient.Recurrent, .. gradient.Bias, .. gradient.Readout];
        }
        double Recorded() => rnn.SequenceLossGradient(longSequence, 0.5, gradient);
        double Checkpointed() => rnn.SequenceLossCheckpointedGradient(longSequence, 0.5, gradient);

        long empty = TapeBytes(() => { });
        long batch = TapeBytes(() => rnn.LossGradient(sequences, targets, length, gradient));
        long shortSequence = TapeBytes(() => rnn.SequenceLossGradient(sequences.AsSpan(0, length), targets[0], gradient));
        long longRecorded = TapeBytes(() => Recorded());
        long longCheckpointed = TapeBytes(() => Checkpointed());
        double[] g1 = Gradient(Recorded), g2 = Gradient(Checkpointed);
        bool same = true;
        for (int i = 0; i < g1.Length; i++) same &= BitConverter.DoubleToInt64Bits(g1[i]) == BitConverter.DoubleToInt64Bits(g2[i]);
        return new RnnMemory(empty, batch, shortSequence, longRecorded, longCheckpointed,
            MedianSeconds(() => Recorded()), MedianSeconds(() => Checkpointed()), same);
    }

    /// <summary>The tape memory after <paramref name="call"/> on a new thread.</summary>
    private static long TapeBytes(Action call)
    {
        long bytes = 0;
        var thread = new Thread(() =>
        {
            call();
            bytes = Tape.Current.ReservedBytes;
        }, maxStackSize: 16 << 20);
        thread.Start();
        thread.Join();
        return bytes;
    }

    private static double MedianSeconds(Action call)
    {
        call();
        var times = new double[5];
        for (int i = 0; i < times.Length; i++)
        {
            var clock = Stopwatch.StartNew();
            call();
            times[i] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[times.Length / 2];
    }
}
