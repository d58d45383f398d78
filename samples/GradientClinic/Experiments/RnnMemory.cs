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
        double[] recurrent = new double[hidden * hidden], input = new double[hidden], bias = new double[hidden], readout = new double[hidden + 1];
        for (int i = 0; i < hidden; i++) recurrent[i * hidden + i] = 0.9;
        foreach (double[] p in new[] { input, bias, readout }) for (int i = 0; i < p.Length; i++) p[i] = bound * (2 * rng.NextDouble() - 1);
        (double[] sequences, double[] targets) = Datasets.FadingMemory(settings.BatchSize, length, settings.Decay, rng);
        double[] longSequence = new double[LongSteps];
        for (int t = 0; t < LongSteps; t++) longSequence[t] = rng.NextDouble();
        double[] dRecurrent = new double[recurrent.Length], dInput = new double[hidden], dBias = new double[hidden], dReadout = new double[hidden + 1];
        double[] all = new double[recurrent.Length + 3 * hidden + 1];

        double[] Gradient(Func<double[], double[], double[], double[], double> run)
        {
            run(dRecurrent, dInput, dBias, dReadout);
            var g = new double[all.Length];
            dRecurrent.CopyTo(g, 0);
            dInput.CopyTo(g, recurrent.Length);
            dBias.CopyTo(g, recurrent.Length + hidden);
            dReadout.CopyTo(g, recurrent.Length + 2 * hidden);
            return g;
        }
        double Recorded(double[] dW, double[] dU, double[] dB, double[] dV) =>
            VanillaRnnSequence.LossGradient(recurrent, input, bias, readout, longSequence, 0.5, dW, dU, dB, dV);
        double Checkpointed(double[] dW, double[] dU, double[] dB, double[] dV) =>
            VanillaRnnSequence.LossCheckpointedGradient(recurrent, input, bias, readout, longSequence, 0.5, dW, dU, dB, dV);

        long empty = TapeBytes(() => { });
        long batch = TapeBytes(() => VanillaRnn.LossGradient(recurrent, input, bias, readout, sequences, targets, length, dRecurrent, dInput, dBias, dReadout));
        long shortSequence = TapeBytes(() => VanillaRnnSequence.LossGradient(recurrent, input, bias, readout, sequences.AsSpan(0, length), targets[0],
            dRecurrent, dInput, dBias, dReadout));
        long longRecorded = TapeBytes(() => Recorded(dRecurrent, dInput, dBias, dReadout));
        long longCheckpointed = TapeBytes(() => Checkpointed(dRecurrent, dInput, dBias, dReadout));
        double[] g1 = Gradient(Recorded), g2 = Gradient(Checkpointed);
        bool same = true;
        for (int i = 0; i < g1.Length; i++) same &= BitConverter.DoubleToInt64Bits(g1[i]) == BitConverter.DoubleToInt64Bits(g2[i]);
        return new RnnMemory(empty, batch, shortSequence, longRecorded, longCheckpointed,
            MedianSeconds(() => Recorded(dRecurrent, dInput, dBias, dReadout)), MedianSeconds(() => Checkpointed(dRecurrent, dInput, dBias, dReadout)), same);
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
