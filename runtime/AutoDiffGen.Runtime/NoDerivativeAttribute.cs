using System;

namespace AutoDiffGen;

/// <summary>
/// Marks a floating-point parameter of a <see cref="DifferentiableAttribute">[Differentiable]</see> method as a
/// constant: no gradient or adjoint parameter is generated for it, and no derivative flows into it.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NoDerivativeAttribute : Attribute
{
}
