using System;

namespace AutoDiffGen.Benchmarks.Harness;

/// <summary>Deterministic synthetic data for the workloads.</summary>
public static class Data
{
    /// <summary>Fills <paramref name="values"/> with normal samples of mean 0 and the given standard deviation (Box–Muller).</summary>
    public static void Normal(Random rng, Span<double> values, double std)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double u1 = 1.0 - rng.NextDouble();
            double u2 = rng.NextDouble();
            values[i] = std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }
    }

    /// <summary>A new array of <paramref name="count"/> normal samples.</summary>
    public static double[] Normal(Random rng, int count, double std)
    {
        double[] values = new double[count];
        Normal(rng, values, std);
        return values;
    }
}
