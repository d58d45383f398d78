namespace AutoDiffGen;

/// <summary>
/// Activation functions with PyTorch's definitions, defaults and subgradients, generic over the floating-point type
/// (<c>T : IFloatingPointIeee754&lt;T&gt;</c>; <see cref="double"/> and <see cref="float"/> vectorized, any other IEEE type
/// computed through double) with <c>double</c> and <c>float</c> overloads, as scalars and as vectorized spans (512-bit
/// vectors where the CPU has AVX-512, 256-bit otherwise). Each has a hand-written pullback (<c>{Name}Backward</c>, marked
/// <see cref="DerivativeOfAttribute"/>), so it can be called from <see cref="DifferentiableAttribute">[Differentiable]</see>
/// code. Hyperparameters are <see cref="NoDerivativeAttribute">[NoDerivative]</see> constants (<c>double</c> in the generic
/// overloads, as in PyTorch, where they are Python floats). Pullbacks add nothing where the derivative is exactly 0 (ReLU's
/// negative side, a saturated sigmoid), even for an infinite or NaN adjoint: never ∞ · 0 = NaN. NaN inputs give NaN
/// outputs; nothing throws on special values. Span overloads throw <see cref="System.ArgumentException"/> when lengths disagree.
/// </summary>
public static partial class Activations
{
    /// <summary>SELU's α = 1.6732632423543772848170429916717.</summary>
    public const double SeluAlpha = 1.6732632423543772848170429916717;

    /// <summary>SELU's scale λ = 1.0507009873554804934193349852946.</summary>
    public const double SeluScale = 1.0507009873554804934193349852946;

    /// <summary>SELU's α as a float.</summary>
    public const float SeluAlphaF = 1.6732632423543772848170429916717f;

    /// <summary>SELU's scale λ as a float.</summary>
    public const float SeluScaleF = 1.0507009873554804934193349852946f;
}
