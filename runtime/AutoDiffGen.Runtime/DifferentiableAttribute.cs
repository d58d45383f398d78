using System;

namespace AutoDiffGen;

/// <summary>
/// Marks a method whose derivatives the AutoDiffGen source generator emits beside it. By default (reverse mode):
/// <c>{Name}Backward</c> (the pullback, a vector–Jacobian product) for every such method, and <c>{Name}Gradient</c> for
/// methods that return <see cref="double"/> or <see cref="float"/> and write no span output. Ask for more with
/// <see cref="Derivatives"/>: <c>[Differentiable(Derivatives.Forward | Derivatives.Hessian)]</c>.
/// The method must have a body and live in a <c>partial</c> type (every containing type <c>partial</c> too).
/// <para>
/// On a <c>partial</c> class or struct it makes a <b>model type</b>: its instance fields of type <c>double</c>,
/// <c>float</c>, arrays of them, and other model types (or arrays of them) are its parameters, unless marked
/// <see cref="NoDerivativeAttribute">[NoDerivative]</see>. The generator adds a nested <c>Gradient</c> type with one field
/// per parameter, and implements <see cref="IDifferentiableModel{TGradient}"/> so optimizers and clipping take the model
/// and its gradient directly. Its instance <c>[Differentiable]</c> methods are differentiated with respect to the fields:
/// <c>{Name}Gradient(…, Model.Gradient gradient)</c> overwrites the gradient, <c>{Name}Backward(…, seed, Model.Gradient
/// gradient, …)</c> adds into it.
/// </para>
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
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

    /// <summary>
    /// Checkpointing of the reverse sweep: the number of snapshots of the loop-carried state that the reverse sweep of
    /// each outermost loop of the method may hold at once (0, the default: no checkpointing, every iteration is recorded
    /// on the tape). With <c>Checkpoints = s</c>, a loop of T iterations keeps at most s snapshots and the records of one
    /// iteration instead of the records of all T iterations, and recomputes iterations from the snapshots: a loop whose
    /// trip count is known when it starts follows the binomial schedule (Griewank and Walther's Revolve: the fewest
    /// recomputed iterations for s snapshots, about T·r for the smallest r with (s + r)! / (s! r!) ≥ T); a loop whose
    /// trip count is known only when it ends (a <c>while</c> on a computed condition) follows an online schedule
    /// (snapshots every d iterations, d doubling whenever the s snapshots are full, then the binomial schedule inside
    /// each stretch). Gradients are bit for bit the ones without checkpointing. Loops that record nothing per iteration
    /// are left as they are. The generated <c>Backward</c>'s XML documentation says which loops are checkpointed, how,
    /// and what a snapshot holds.
    /// </summary>
    /// <remarks>
    /// For T = 10⁵ iterations, s = 17 ≈ log₂ T runs each iteration again at most 6 times (5.7 on average), s = 317 ≈ √T at
    /// most 3 (2.5 on average), s ≥ 446 at most 2. Must not be negative (ADG0017).
    /// </remarks>
    public int Checkpoints { get; set; }
}
