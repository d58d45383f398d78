using System;

namespace AutoDiffGen;

/// <summary>What <see cref="GradientHealth"/> found in a step's gradients; flags combine.</summary>
[Flags]
public enum GradientHealthVerdict
{
    /// <summary>No problem found.</summary>
    Healthy = 0,

    /// <summary>Vanishing gradients: the first layer's norm is tiny both absolutely and relative to the last layer's.</summary>
    Vanishing = 1,

    /// <summary>Exploding gradients: the first layer's norm dwarfs the last layer's, or a norm is NaN/∞.</summary>
    Exploding = 2,

    /// <summary>Dying ReLU: most gradient entries of some layer are exactly zero.</summary>
    DyingRelu = 4,
}
