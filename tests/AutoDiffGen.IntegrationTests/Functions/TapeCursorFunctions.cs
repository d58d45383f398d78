using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Loops whose floating-point records go through a local cursor (TapeCursors) beside loops that keep the tape's count
/// because they call a differentiable method, whose backward pushes and pops on the same tape in between.
/// </summary>
public static partial class TapeCursorFunctions
{
    /// <summary>A recurrence with a recorded state per step: its loop reserves and pushes through a cursor.</summary>
    [Differentiable]
    public static double Damped(double a, double b, int steps)
    {
        double h = a;
        for (int t = 0; t < steps; t++) h = Math.Sin(b * h) + 0.5 * h;
        return h;
    }

    /// <summary>
    /// A cursor loop, a loop calling <see cref="Damped"/> (whose backward records on the tape) that keeps the tape's count,
    /// and a cursor loop again, over a span of weights; records of all three interleave on one tape.
    /// </summary>
    [Differentiable]
    public static double Mixed(ReadOnlySpan<double> w, double x)
    {
        double h = x;
        for (int i = 0; i < w.Length; i++) h = Math.Tanh(w[i] * h + 0.1);
        double total = 0;
        for (int i = 0; i < w.Length; i++) total += Damped(w[i] * h, x, 3 + i % 2);
        for (int i = 0; i < w.Length; i++) total = Math.Exp(-total * total * 0.01) + w[i] * total;
        return total + h;
    }

    /// <summary>A float recurrence that records whole state buffers and single values: floats travel as doubles.</summary>
    [Differentiable]
    public static float FloatStates(ReadOnlySpan<float> w, float x, int steps)
    {
        Span<float> state = stackalloc float[3];
        state[0] = x; state[1] = -x; state[2] = 0.5f * x;
        float s = 0;
        for (int t = 0; t < steps; t++)
        {
            for (int j = 0; j < 3; j++) state[j] = MathF.Tanh(w[j] * state[j] + s);
            s = MathF.Sin(state[0] * state[1] + state[2]);
        }
        return s + state[0] * state[2];
    }

    /// <summary>
    /// A recording loop that calls a helper which takes a gradient itself (records on the tape and pops them again):
    /// the loop keeps the tape's count, or the helper's records would land on this loop's.
    /// </summary>
    [Differentiable]
    public static double CallsATapeUser(ReadOnlySpan<double> w, double x)
    {
        double h = x;
        for (int i = 0; i < w.Length; i++) h = Math.Tanh(w[i] * h * Slope(i) + 0.2);
        return h;
    }

    /// <summary>Not differentiated (an integer argument): the slope of <see cref="Damped"/> at a point, by its generated gradient.</summary>
    public static double Slope(int i)
    {
        DampedGradient(0.1 * i, 0.7, 4, out double da, out _);
        return 1 + 0.1 * da;
    }
}
