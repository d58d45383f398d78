using System;

namespace AutoDiffGen;

/// <summary>
/// Marks a method whose reverse-mode derivative the AutoDiffGen source generator emits beside it:
/// <c>{Name}Backward</c> (the pullback, a vector–Jacobian product) for every such method, and
/// <c>{Name}Gradient</c> for methods that return <see cref="double"/> or <see cref="float"/> and write no span output.
/// The method must have a body and live in a <c>partial</c> type (every containing type <c>partial</c> too).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}
