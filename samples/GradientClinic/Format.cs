using System;
using System.Globalization;

namespace AutoDiffGen.GradientClinic;

/// <summary>Number formatting for tables and the report (invariant culture).</summary>
public static class Format
{
    /// <summary>3 significant digits; scientific below 1e-3 and from 1e5; "NaN", "∞" for non-finite values.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "∞";
        if (double.IsNegativeInfinity(value)) return "−∞";
        if (value == 0) return "0";
        double magnitude = Math.Abs(value);
        return magnitude < 1e-3 || magnitude >= 1e5
            ? value.ToString("0.##e+0", CultureInfo.InvariantCulture)
            : value.ToString("G3", CultureInfo.InvariantCulture);
    }

    /// <summary>A fraction as a percentage with one decimal, or "—" for NaN.</summary>
    public static string Percent(double fraction)
        => double.IsNaN(fraction) ? "—" : (fraction * 100).ToString("F1", CultureInfo.InvariantCulture) + " %";

    /// <summary>A step number, or "never" for −1.</summary>
    public static string Step(int step) => step < 0 ? "never" : step.ToString(CultureInfo.InvariantCulture);

    /// <summary>A verdict as text ("healthy" for none).</summary>
    public static string Verdict(GradientHealthVerdict verdict) => verdict == GradientHealthVerdict.Healthy ? "healthy" : verdict.ToString();

    /// <summary>How many steps raised each flag, e.g. "vanishing 800, dying ReLU 12".</summary>
    public static string Flags(GradientHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        string text = "";
        Append(ref text, "vanishing", health.StepsFlagged(GradientHealthVerdict.Vanishing));
        Append(ref text, "exploding", health.StepsFlagged(GradientHealthVerdict.Exploding));
        Append(ref text, "dying ReLU", health.StepsFlagged(GradientHealthVerdict.DyingRelu));
        return text.Length == 0 ? "none" : text;

        static void Append(ref string text, string name, long count)
        {
            if (count == 0) return;
            if (text.Length > 0) text += ", ";
            text += name + " " + count.ToString(CultureInfo.InvariantCulture);
        }
    }
}
