using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

/// <summary>
/// Stochastic gradient descent with PyTorch's update (<c>torch.optim.SGD</c>): with <c>g = ∇ + λ·p</c> (weight decay λ),
/// the momentum buffer <c>b ← g</c> on the first step and <c>b ← μ·b + (1 − τ)·g</c> afterwards (momentum μ, dampening τ),
/// the direction <c>d = g + μ·b</c> (Nesterov) or <c>d = b</c> (or <c>d = g</c> without momentum), and <c>p ← p − lr·d</c>.
/// </summary>
/// <remarks>
/// State is allocated in the constructor for a fixed parameter count (kept in double, also for float parameters);
/// <see cref="Optimizer.Step(Span{double}, ReadOnlySpan{double})"/> allocates nothing. Parameters spread over several buffers are
/// stepped together with the overloads taking spans of arrays, in the same order every step.
/// </remarks>
public sealed class Sgd : Optimizer
{
    private readonly double[] _momentumBuffer;

    /// <summary>Creates the optimizer for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The total number of parameters stepped.</param>
    /// <param name="learningRate">lr (PyTorch's default 1e-3).</param>
    /// <param name="momentum">μ (default 0).</param>
    /// <param name="dampening">τ (default 0).</param>
    /// <param name="weightDecay">λ, L2 penalty added to the gradient (default 0).</param>
    /// <param name="nesterov">Use Nesterov momentum (requires μ &gt; 0 and τ = 0).</param>
    public Sgd(int parameterCount, double learningRate = 1e-3, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameterCount)
    {
        OptimizerArguments.NonNegative(learningRate, nameof(learningRate));
        OptimizerArguments.NonNegative(momentum, nameof(momentum));
        OptimizerArguments.NonNegative(dampening, nameof(dampening));
        OptimizerArguments.NonNegative(weightDecay, nameof(weightDecay));
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a positive momentum and zero dampening.", nameof(nesterov));
        LearningRate = learningRate;
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        _momentumBuffer = momentum != 0 ? new double[parameterCount] : [];
    }

    /// <summary>Creates the optimizer for the parameters of a <c>[Differentiable]</c> model (<see cref="IDifferentiableModel.ParameterCount"/>).</summary>
    /// <param name="model">The model whose parameters <see cref="Optimizer.Step{TModel, TGradient}(TModel, TGradient)"/> will update.</param>
    /// <param name="learningRate">lr (PyTorch's default 1e-3).</param>
    /// <param name="momentum">μ (default 0).</param>
    /// <param name="dampening">τ (default 0).</param>
    /// <param name="weightDecay">λ, L2 penalty added to the gradient (default 0).</param>
    /// <param name="nesterov">Use Nesterov momentum (requires μ &gt; 0 and τ = 0).</param>
    public Sgd(IDifferentiableModel model, double learningRate = 1e-3, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : this(ModelCount(model), learningRate, momentum, dampening, weightDecay, nesterov)
    {
    }

    /// <summary>lr; may be changed between steps (a learning-rate schedule).</summary>
    public double LearningRate { get; set; }

    /// <summary>μ.</summary>
    public double Momentum { get; }

    /// <summary>τ.</summary>
    public double Dampening { get; }

    /// <summary>λ.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the step uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <summary>The number of steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>Forgets the momentum and the step count.</summary>
    public void Reset()
    {
        Array.Clear(_momentumBuffer);
        StepCount = 0;
    }

    private protected override void EndStep() => StepCount++;

    private protected override void Update(int offset, Span<double> parameters, ReadOnlySpan<double> gradients) => UpdateOf(offset, parameters, gradients);

    private protected override void Update(int offset, Span<float> parameters, ReadOnlySpan<float> gradients) => UpdateOf(offset, parameters, gradients);

    // In double, also for float parameters: p ← p − lr·d, rounded once to T.
    private void UpdateOf<T>(int offset, Span<T> p, ReadOnlySpan<T> grad) where T : IFloatingPointIeee754<T>
    {
        OptimizerArguments.Lengths(ParameterCount, offset, p.Length, grad.Length);
        for (int i = 0; i < p.Length; i++)
        {
            double parameter = Real.ToDouble(p[i]);
            p[i] = Real.FromDouble<T>(parameter - LearningRate * Direction(offset + i, Real.ToDouble(grad[i]), parameter));
        }
    }

    private double Direction(int index, double gradient, double parameter)
    {
        double g = gradient + WeightDecay * parameter;
        if (Momentum == 0) return g;
        double b = StepCount == 0 ? g : Momentum * _momentumBuffer[index] + (1 - Dampening) * g;
        _momentumBuffer[index] = b;
        return Nesterov ? g + Momentum * b : b;
    }
}
