using System;

namespace AutoDiffGen;

/// <summary>
/// Thrown by <see cref="Clipping"/> when asked (<c>errorIfNonfinite: true</c>) and the gradient norm is NaN or infinite,
/// so a diverging step stops with a clear message instead of spreading NaN into the parameters.
/// </summary>
public sealed class NonFiniteGradientException : ArithmeticException
{
    /// <summary>Creates the exception for the offending <paramref name="norm"/>.</summary>
    /// <param name="norm">The non-finite gradient norm.</param>
    public NonFiniteGradientException(double norm)
        : base($"The gradient norm is {norm}, so the gradients cannot be clipped: a value overflowed or became NaN. Lower the learning rate, check the inputs and loss for NaN/Inf, or clip earlier.")
        => Norm = norm;

    /// <summary>The non-finite norm that was found.</summary>
    public double Norm { get; }
}
