using System;

namespace AutoDiffGen.GradientClinic.Experiments;

/// <summary>Small summaries of measured series.</summary>
public static class Statistics
{
    /// <summary>The arithmetic mean (NaN when empty or when any value is NaN).</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Length;
    }

    /// <summary>The largest value, NaN and infinities included as +∞ (a series that overflowed has no finite maximum).</summary>
    public static double MaxOrInfinity(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (!double.IsFinite(v)) return double.PositiveInfinity;
            if (v > max) max = v;
        }
        return max;
    }

    /// <summary>The largest finite value, or NaN when none is finite.</summary>
    public static double MaxFinite(ReadOnlySpan<double> values)
    {
        double max = double.NaN;
        foreach (double v in values)
        {
            if (double.IsFinite(v) && (double.IsNaN(max) || v > max)) max = v;
        }
        return max;
    }

    /// <summary>Trailing moving average over <paramref name="window"/> values (NaN where a NaN is in the window).</summary>
    public static double[] MovingAverage(ReadOnlySpan<double> values, int window)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            int start = Math.Max(0, i - window + 1);
            result[i] = Mean(values.Slice(start, i - start + 1));
        }
        return result;
    }

    /// <summary>The median (NaN when empty or when any value is NaN).</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        double[] sorted = values.ToArray();
        foreach (double v in sorted) if (double.IsNaN(v)) return double.NaN;
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }
}
