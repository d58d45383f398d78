using System;

namespace AutoDiffGen;

/// <summary>
/// Marks a floating-point parameter of a <see cref="DifferentiableAttribute">[Differentiable]</see> method as a
/// constant: no gradient or adjoint parameter is generated for it, and no derivative flows into it. On a field or
/// auto-property of a <c>[Differentiable]</c> model type, it makes the field a constant rather than a parameter: it has
/// no field in the model's <c>Gradient</c>, and optimizers leave it alone.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class NoDerivativeAttribute : Attribute
{
}
