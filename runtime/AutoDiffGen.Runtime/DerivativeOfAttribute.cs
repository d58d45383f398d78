using System;

namespace AutoDiffGen;

/// <summary>
/// Declares a hand-written derivative of the method named <see cref="MethodName"/> in the same type; calls to that
/// method from <c>[Differentiable]</c> code use it instead of differentiating the method's body.
/// <list type="bullet">
/// <item><description><see cref="Derivatives.Reverse"/> (the default): exactly the shape of a generated <c>{Name}Backward</c>: the
/// original parameters, then the output seeds (<c>T seed</c> for a returned value, then <c>ReadOnlySpan&lt;T&gt; d{Out}</c> per
/// span output), then the adjoints of the active inputs (<c>ref T</c> for scalars, <c>Span&lt;T&gt;</c> for spans and arrays). It
/// returns what the original returns and <b>adds</b> <c>seed · ∂output/∂input</c> into the adjoints.</description></item>
/// <item><description><see cref="Derivatives.Forward"/>: exactly the shape of a generated <c>{Name}Tangent</c>: the original
/// parameters, then one tangent per active input (<c>T</c> / <c>ReadOnlySpan&lt;T&gt;</c>), then a <c>Span&lt;T&gt;</c> per span output
/// that receives its tangent, then <c>out T dResult</c> when the original returns a value.</description></item>
/// <item><description><see cref="Derivatives.Hessian"/>: exactly the shape of a generated <c>{Name}BackwardTangent</c>, the
/// forward-mode derivative of the pullback that Hessian-vector products of callers use (see the README).</description></item>
/// </list>
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class DerivativeOfAttribute : Attribute
{
    /// <summary>A reverse-mode derivative of the method named <paramref name="methodName"/> (use <c>nameof</c>).</summary>
    public DerivativeOfAttribute(string methodName) : this(methodName, Derivatives.Reverse)
    {
    }

    /// <summary>A derivative of the given <paramref name="kind"/> of the method named <paramref name="methodName"/>.</summary>
    public DerivativeOfAttribute(string methodName, Derivatives kind)
    {
        MethodName = methodName;
        Kind = kind;
    }

    /// <summary>The name of the method this derivative belongs to, in the same type.</summary>
    public string MethodName { get; }

    /// <summary>Which derivative this is: <see cref="Derivatives.Reverse"/>, <see cref="Derivatives.Forward"/> or <see cref="Derivatives.Hessian"/>.</summary>
    public Derivatives Kind { get; }
}
