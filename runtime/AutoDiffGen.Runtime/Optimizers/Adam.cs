using System;

namespace AutoDiffGen;

/// <summary>
/// Adam with PyTorch's defaults and update (<c>torch.optim.Adam</c>): at step t, with <c>g = ∇ + λ·p</c> (L2 weight decay λ),
/// <c>m ← m + (1 − β₁)(g − m)</c>, <c>v ← β₂·v + (1 − β₂)·g²</c> and
/// <c>p ← p − lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)</c> (with AMSGrad, v is replaced by its running maximum).
/// </summary>
/// <remarks>
/// State (m, v) is allocated in the constructor for a fixed parameter count, in double also for float parameters;
/// a step allocates nothing. For weight decay decoupled from the gradient use <see cref="AdamW"/>.
/// </remarks>
public sealed class Adam : AdamOptimizer
{
    /// <summary>Creates the optimizer for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The total number of parameters stepped.</param>
    /// <param name="learningRate">lr (default 1e-3).</param>
    /// <param name="beta1">β₁ (default 0.9).</param>
    /// <param name="beta2">β₂ (default 0.999).</param>
    /// <param name="epsilon">ε (default 1e-8).</param>
    /// <param name="weightDecay">λ, added to the gradient as λ·p (default 0).</param>
    /// <param name="amsgrad">Use AMSGrad (default false).</param>
    public Adam(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        double weightDecay = 0, bool amsgrad = false)
        : base(parameterCount, learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, decoupled: false)
    {
    }

    /// <summary>Creates the optimizer for the parameters of a <c>[Differentiable]</c> model (<see cref="IDifferentiableModel.ParameterCount"/>).</summary>
    /// <param name="model">The model whose parameters <c>Step(model, gradient)</c> will update.</param>
    /// <param name="learningRate">lr (default 1e-3).</param>
    /// <param name="beta1">β₁ (default 0.9).</param>
    /// <param name="beta2">β₂ (default 0.999).</param>
    /// <param name="epsilon">ε (default 1e-8).</param>
    /// <param name="weightDecay">λ, added to the gradient as λ·p (default 0).</param>
    /// <param name="amsgrad">Use AMSGrad (default false).</param>
    public Adam(IDifferentiableModel model, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        double weightDecay = 0, bool amsgrad = false)
        : this(ModelCount(model), learningRate, beta1, beta2, epsilon, weightDecay, amsgrad)
    {
    }
}
