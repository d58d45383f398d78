using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.IR;

/// <summary>How a derivative for a called method is obtained.</summary>
internal enum CallDerivative
{
    /// <summary>No derivative: only callable with constant arguments.</summary>
    None,
    /// <summary>The callee is <c>[Differentiable]</c>: its generated <c>{Name}Backward</c> is used.</summary>
    Generated,
    /// <summary>A hand-written <c>[DerivativeOf]</c> method is used.</summary>
    Custom,
}

/// <summary>A called user method, as text and parameter roles.</summary>
/// <param name="MethodText">What to print to call the original (qualified name or <c>this.F</c>).</param>
/// <param name="BackwardText">What to print to call its backward; null when <see cref="Derivative"/> is None.</param>
/// <param name="DisplayName">The name shown in diagnostics.</param>
/// <param name="ShortName">The bare method name, for <c>nameof</c> in messages.</param>
/// <param name="Parameters">The callee's parameter roles, in order.</param>
/// <param name="ReturnsVoid">Whether the callee returns nothing.</param>
/// <param name="ParameterNames">The callee's parameter names, for messages.</param>
/// <param name="DependencyKey">For a [Differentiable] callee of this compilation, its <c>MethodKeys</c> key:
/// its generated derivatives exist only if that method is generated without errors.</param>
/// <param name="TangentText">What to print to call its forward-mode derivative (<c>{Name}Tangent</c> or a custom one); null when none.</param>
/// <param name="BackwardTangentText">What to print to call the forward-mode derivative of its pullback; null when none.</param>
/// <param name="ReturnKind">What the callee returns (a real value has a seed in the pullback).</param>
/// <param name="HasReceiver">An instance method of a model type: the first argument is the model it is called on (role
/// <see cref="ParameterRole.Model"/>), printed before the method's name, and the texts are bare method names.</param>
/// <param name="InOut">Per parameter, whether it is an in-out span output: its backward takes <c>Span&lt;T&gt; dY</c>, reads
/// the span's incoming contents and hands back their adjoint in <c>dY</c>. Empty when none is (for a callee of this
/// compilation, until the in-out analysis of the compilation resolves it).</param>
/// <param name="CallsGeneratedCopy">Whether <see cref="MethodText"/> names a copy the generator emits (a local function's, or
/// an allocation-free <c>{Name}Primal</c>): the code then depends on the callee's generated code even where it uses no
/// derivative of it.</param>
/// <param name="ReuseText">What to print to call its pullback that reuses the forward's span outputs instead of computing them
/// again (<c>[DerivativeOf(…, Derivatives.ReverseFromOutputs)]</c>); null when it has none.</param>
/// <param name="OverwriteText">What to print to call the same pullback writing its adjoint spans instead of adding into
/// them (<c>Derivatives.ReverseFromOutputs | Derivatives.Overwrite</c>); null when it has none.</param>
internal sealed record CallTarget(
    string MethodText,
    string? BackwardText,
    CallDerivative Derivative,
    string DisplayName,
    string ShortName,
    EquatableArray<ParameterRole> Parameters,
    bool ReturnsVoid,
    EquatableArray<string> ParameterNames,
    string? DependencyKey = null,
    string? TangentText = null,
    string? BackwardTangentText = null,
    ScalarKind ReturnKind = ScalarKind.Opaque,
    bool HasReceiver = false,
    EquatableArray<bool> InOut = default,
    bool CallsGeneratedCopy = false,
    string? ReuseText = null,
    string? OverwriteText = null);
