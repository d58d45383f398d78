using System;

namespace AutoDiffGen;

/// <summary>
/// The derivatives the generator emits for a <c>[Differentiable]</c> method (<see cref="DifferentiableAttribute"/>),
/// or the kind of a hand-written derivative (<see cref="DerivativeOfAttribute"/>). Callees get whatever their callers
/// need without being asked.
/// </summary>
[Flags]
public enum Derivatives
{
    /// <summary>
    /// Reverse mode: <c>{Name}Backward</c> (the pullback, a vector–Jacobian product) and, for a method returning a
    /// value with no span output, <c>{Name}Gradient</c>. What <c>[Differentiable]</c> alone means.
    /// </summary>
    Reverse = 1,

    /// <summary>Forward mode: <c>{Name}Tangent</c>, the Jacobian–vector product (a directional derivative).</summary>
    Forward = 2,

    /// <summary>
    /// Second order: <c>{Name}HessianVectorProduct</c> (H·v by forward mode over the reverse sweep) and <c>{Name}Hessian</c>.
    /// On a <see cref="DerivativeOfAttribute"/>: the forward-mode derivative of the pullback, <c>{Name}BackwardTangent</c>.
    /// </summary>
    Hessian = 4,

    /// <summary><c>{Name}Jacobian</c>: the whole Jacobian, by forward or reverse sweeps, whichever the shape makes cheaper.</summary>
    Jacobian = 8,

    /// <summary>
    /// On a <see cref="DerivativeOfAttribute"/> only: a pullback that reuses what the forward call computed instead of
    /// computing it again. Its parameters are the <see cref="Reverse"/> pullback's, except that each span output is a
    /// <c>ReadOnlySpan&lt;T&gt;</c> holding what the original wrote there; it returns nothing. A generated reverse sweep calls
    /// it in place of the <see cref="Reverse"/> pullback where those outputs still hold the forward's values without
    /// recording anything more (generator/README.md, "Pullbacks that reuse the forward's outputs").
    /// </summary>
    ReverseFromOutputs = 32,

    /// <summary>
    /// On a <see cref="DerivativeOfAttribute"/> only, together with <see cref="ReverseFromOutputs"/>
    /// (<c>Derivatives.ReverseFromOutputs | Derivatives.Overwrite</c>): the same pullback, except that it <i>writes</i>
    /// <c>seed · ∂output/∂input</c> into each non-empty adjoint span instead of adding into it (as if the span had been
    /// cleared first). A generated <c>{Name}Gradient</c> calls it where that call is the first update of each gradient
    /// span it is given, instead of clearing those gradients and calling the adding pullback (generator/README.md,
    /// "Overwrite mode").
    /// </summary>
    Overwrite = 64,
}
