using System;

namespace AutoDiffGen;

/// <summary>
/// Marks a method whose derivatives the AutoDiffGen source generator emits beside it. By default (reverse mode):
/// <c>{Name}Backward</c> (the pullback, a vector–Jacobian product) for every such method, and <c>{Name}Gradient</c> for
/// methods that return <see cref="double"/> or <see cref="float"/> and write no span output. Ask for more with
/// <see cref="Derivatives"/>: <c>[Differentiable(Derivatives.Forward | Derivatives.Hessian)]</c>.
/// The method must have a body and live in a <c>partial</c> type (every containing type <c>partial</c> too).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
    /// <summary>Reverse mode only.</summary>
    public DifferentiableAttribute() : this(Derivatives.Reverse)
    {
    }

    /// <summary>The derivatives to emit (<see cref="Derivatives.Reverse"/> is added when <paramref name="derivatives"/> asks for none).</summary>
    public DifferentiableAttribute(Derivatives derivatives) => Derivatives = derivatives == 0 ? Derivatives.Reverse : derivatives;

    /// <summary>The derivatives asked for.</summary>
    public Derivatives Derivatives { get; }
}
