using System;

namespace AutoDiffGen;

/// <summary>Argument checks shared by the optimizers.</summary>
internal static class OptimizerArguments
{
    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite non-negative number.");
    }

    public static void Beta(double value, string name)
    {
        if (!(value >= 0 && value < 1)) throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");
    }

    public static void Lengths(int parameterCount, int offset, int parameters, int gradients)
    {
        if (parameters != gradients)
            throw new ArgumentException($"gradients has length {gradients}; expected the parameters' length {parameters}.", "gradients");
        if ((long)offset + parameters > parameterCount)
            throw new ArgumentException($"The parameters ({offset + (long)parameters} in all) exceed the optimizer's parameter count {parameterCount}.", "parameters");
    }

    public static void Total(int parameterCount, int total)
    {
        if (total != parameterCount)
            throw new ArgumentException($"The buffers hold {total} parameters; the optimizer was created for {parameterCount}.", "parameters");
    }

    /// <summary>The parameters in several buffers, checking there is a gradient buffer for each.</summary>
    public static int Buffers<T>(ReadOnlySpan<T[]> parameters, ReadOnlySpan<T[]> gradients)
    {
        SameCount(parameters.Length, gradients.Length);
        int total = 0;
        foreach (T[] p in parameters) total += p.Length;
        return total;
    }

    public static void SameCount(int parameters, int gradients)
    {
        if (parameters != gradients)
            throw new ArgumentException($"{parameters} parameter buffers but {gradients} gradient buffers.", "gradients");
    }
}
