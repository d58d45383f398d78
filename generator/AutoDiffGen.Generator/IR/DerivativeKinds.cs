using System;

namespace AutoDiffGen.Generator.IR;

/// <summary>
/// The derivatives of a method: the runtime's <c>Derivatives</c> flags as asked on <c>[Differentiable(…)]</c>
/// (same values), plus <see cref="BackwardTangent"/>, which only callers ask for.
/// </summary>
[Flags]
internal enum DerivativeKinds
{
    None = 0,
    Reverse = 1,
    Forward = 2,
    Hessian = 4,
    Jacobian = 8,
    /// <summary>The forward derivative of the pullback, which a caller's Hessian-vector product calls.</summary>
    BackwardTangent = 16,
}

internal static class DerivativeKindsExtensions
{
    /// <summary>Whether <c>{Name}Backward</c> is generated.</summary>
    public static bool NeedsBackward(this DerivativeKinds k) => (k & (DerivativeKinds.Reverse | DerivativeKinds.Hessian | DerivativeKinds.Jacobian | DerivativeKinds.BackwardTangent)) != 0;

    /// <summary>Whether <c>{Name}Tangent</c> is generated.</summary>
    public static bool NeedsTangent(this DerivativeKinds k) => (k & (DerivativeKinds.Forward | DerivativeKinds.Jacobian)) != 0;

    /// <summary>Whether <c>{Name}BackwardTangent</c> is generated.</summary>
    public static bool NeedsBackwardTangent(this DerivativeKinds k) => (k & (DerivativeKinds.Hessian | DerivativeKinds.BackwardTangent)) != 0;

    /// <summary>
    /// What a method's callees must provide for its derivatives: its backward calls their backwards, its tangent
    /// their tangents, and the forward derivative of its backward calls their tangents (forward sweep) and the forward
    /// derivatives of their backwards (reverse sweep).
    /// </summary>
    public static DerivativeKinds ForCallees(this DerivativeKinds k)
    {
        DerivativeKinds callees = DerivativeKinds.None;
        if (k.NeedsBackward()) callees |= DerivativeKinds.Reverse;
        if (k.NeedsTangent()) callees |= DerivativeKinds.Forward;
        if (k.NeedsBackwardTangent()) callees |= DerivativeKinds.Forward | DerivativeKinds.BackwardTangent;
        return callees;
    }
}
