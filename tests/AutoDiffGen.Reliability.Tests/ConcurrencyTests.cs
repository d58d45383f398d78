using System;
using System.Linq;
using System.Threading;
using F = AutoDiffGen.Reliability.Tests.Robustness.FixedFunctions;

namespace AutoDiffGen.Reliability.Tests;

/// <summary>8 threads × 10,000 calls of loop-heavy generated gradients give bit for bit the single-threaded results.</summary>
public class ConcurrencyTests
{
    private const int Threads = 8;
    private const int CallsPerThread = 10_000;
    private const int Cases = 64;

    private sealed record Case(double[] Weights, double[] Inputs, double[] W, double Scale, int Rounds);

    private sealed record Result(double Recurrent, double[] DWeights, double Scratch, double[] DW, double DScale);

    private static Result Compute(Case c)
    {
        var dWeights = new double[c.Weights.Length];
        double recurrent = F.RecurrentGradient(c.Weights, c.Inputs, dWeights);
        var dW = new double[c.W.Length];
        double scratch = F.ScratchAndHalvingGradient(c.W, c.Scale, c.Rounds, dW, out double dScale);
        return new Result(recurrent, dWeights, scratch, dW, dScale);
    }

    private static bool Same(Result a, Result b) =>
        a.Recurrent.Equals(b.Recurrent) && a.Scratch.Equals(b.Scratch) && a.DScale.Equals(b.DScale)
        && a.DWeights.SequenceEqual(b.DWeights) && a.DW.SequenceEqual(b.DW);

    [Fact]
    public void Eight_threads_times_ten_thousand_calls_equal_the_single_threaded_results()
    {
        var rng = new Random(42);
        // Different lengths on purpose: threads push and pop different amounts on their tapes at the same time.
        Case[] cases = Enumerable.Range(0, Cases).Select(k => new Case(
            Enumerable.Range(0, 3 + k % 5).Select(_ => rng.NextDouble() * 2 - 1).ToArray(),
            Enumerable.Range(0, 20 + 7 * (k % 9)).Select(_ => rng.NextDouble() * 2 - 1).ToArray(),
            Enumerable.Range(0, 2 + k % 7).Select(_ => rng.NextDouble() * 3 - 1.5).ToArray(),
            0.5 + rng.NextDouble(),
            1 + k % 6)).ToArray();
        Result[] expected = cases.Select(Compute).ToArray();

        var mismatches = new int[Threads];
        var errors = new Exception?[Threads];
        using var start = new Barrier(Threads);
        Thread[] threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                for (int i = 0; i < CallsPerThread; i++)
                {
                    int k = (i * 7 + t * 13) % Cases;
                    if (!Same(Compute(cases[k]), expected[k])) mismatches[t]++;
                }
            }
            catch (Exception e)
            {
                errors[t] = e;
            }
        })).ToArray();
        foreach (Thread thread in threads) thread.Start();
        foreach (Thread thread in threads) thread.Join();

        Assert.All(errors, e => Assert.Null(e));
        Assert.All(mismatches, m => Assert.Equal(0, m));
        // The work is real: gradients are not all zero.
        Assert.Contains(expected, r => r.DWeights.Any(g => g != 0) && r.DW.Any(g => g != 0));
    }
}
