using System;

namespace AutoDiffGen;

/// <summary>
/// Declares a hand-written reverse-mode derivative of the method named <see cref="MethodName"/> in the same type.
/// The marked method must have exactly the shape of a generated <c>{Name}Backward</c>: the original parameters, then
/// the output seeds (<c>T seed</c> for a returned value, then <c>ReadOnlySpan&lt;T&gt; d{Out}</c> per span output), then
/// the adjoints of the active inputs (<c>ref T</c> for scalars, <c>Span&lt;T&gt;</c> for spans and arrays). It returns what
/// the original returns and <b>adds</b> <c>seed · ∂output/∂input</c> into the adjoints.
/// Calls to the original from <c>[Differentiable]</c> code use it instead of differentiating the original's body.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class DerivativeOfAttribute : Attribute
{
    /// <summary>Creates the attribute for the method named <paramref name="methodName"/> (use <c>nameof</c>).</summary>
    public DerivativeOfAttribute(string methodName) => MethodName = methodName;

    /// <summary>The name of the method this derivative belongs to, in the same type.</summary>
    public string MethodName { get; }
}
