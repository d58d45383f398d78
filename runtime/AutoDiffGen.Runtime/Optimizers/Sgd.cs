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
/// <see cref="Step(Span{double}, ReadOnlySpan{double})"/> allocates nothing. Parameters spread over several buffers are
/// stepped together with the overloads taking spans of arrays, in the same order every step.
/// </remarks>
public sealed class Sgd
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
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        OptimizerArguments.NonNegative(learningRate, nameof(learningRate));
        OptimizerArguments.NonNegative(momentum, nameof(momentum));
        OptimizerArguments.NonNegative(dampening, nameof(dampening));
        OptimizerArguments.NonNegative(weightDecay, nameof(weightDecay));
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a positive momentum and zero dampening.", nameof(nesterov));
        ParameterCount = parameterCount;
        LearningRate = learningRate;
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        _momentumBuffer = momentum != 0 ? new double[parameterCount] : [];
    }

    /// <summary>Creates the optimizer for the parameters of a <c>[Differentiable]</c> model (<see cref="IDifferentiableModel.ParameterCount"/>).</summary>
    /// <param name="model">The model whose parameters <see cref="Step{TModel, TGradient}(TModel, TGradient)"/> will update.</param>
    /// <param name="learningRate">lr (PyTorch's default 1e-3).</param>
    /// <param name="momentum">μ (default 0).</param>
    /// <param name="dampening">τ (default 0).</param>
    /// <param name="weightDecay">λ, L2 penalty added to the gradient (default 0).</param>
    /// <param name="nesterov">Use Nesterov momentum (requires μ &gt; 0 and τ = 0).</param>
    public Sgd(IDifferentiableModel model, double learningRate = 1e-3, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : this(ModelCount(model), learningRate, momentum, dampening, weightDecay, nesterov)
    {
    }

    /// <summary>The number of parameters the state was allocated for.</summary>
    public int ParameterCount { get; }

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

    /// <summary>Takes one step on all <see cref="ParameterCount"/> parameters held in one span.</summary>
    /// <param name="parameters">The parameters p, updated in place.</param>
    /// <param name="gradients">Their gradients ∇, same length.</param>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradients) => StepFlat(parameters, gradients);

    /// <inheritdoc cref="Step(Span{double}, ReadOnlySpan{double})"/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients) => StepFlat(parameters, gradients);

    /// <summary>Takes one step on parameters spread over several buffers (e.g. <c>[w1, b1, w2, b2]</c>), in a fixed order.</summary>
    /// <param name="parameters">The parameter buffers, updated in place; their lengths sum to <see cref="ParameterCount"/>.</param>
    /// <param name="gradients">The matching gradient buffers.</param>
    public void Step(ReadOnlySpan<double[]> parameters, ReadOnlySpan<double[]> gradients) => StepBuffers(parameters, gradients);

    /// <inheritdoc cref="Step(ReadOnlySpan{double[]}, ReadOnlySpan{double[]})"/>
    public void Step(ReadOnlySpan<float[]> parameters, ReadOnlySpan<float[]> gradients) => StepBuffers(parameters, gradients);

    // The double and float steps are one generic code, specialized by the JIT for each (measured: no slower than the
    // separate double and float loops it replaced; benchmarks/README.md).
    private void StepFlat<T>(Span<T> parameters, ReadOnlySpan<T> gradients) where T : IFloatingPointIeee754<T>
    {
        OptimizerArguments.Total(ParameterCount, parameters.Length);
        Update(0, parameters, gradients);
        StepCount++;
    }

    private void StepBuffers<T>(ReadOnlySpan<T[]> parameters, ReadOnlySpan<T[]> gradients) where T : IFloatingPointIeee754<T>
    {
        OptimizerArguments.Total(ParameterCount, OptimizerArguments.Buffers(parameters, gradients));
        int offset = 0;
        for (int k = 0; k < parameters.Length; k++)
        {
            Update(offset, parameters[k], gradients[k]);
            offset += parameters[k].Length;
        }
        StepCount++;
    }

    /// <summary>
    /// Takes one step on every parameter field of a <c>[Differentiable]</c> class model, with the matching fields of its
    /// gradient, in the model's field order (the same order every step). Allocates nothing.
    /// </summary>
    /// <typeparam name="TModel">The model type.</typeparam>
    /// <typeparam name="TGradient">Its gradient type (<c>TModel.Gradient</c>).</typeparam>
    /// <param name="model">The model, updated in place; it holds <see cref="ParameterCount"/> parameters.</param>
    /// <param name="gradient">Its gradient.</param>
    public void Step<TModel, TGradient>(TModel model, TGradient gradient)
        where TModel : class, IDifferentiableModel<TGradient> where TGradient : IModelGradient
    {
        ArgumentNullException.ThrowIfNull(model);
        StepModel(ref model, gradient);
    }

    /// <summary>
    /// Takes one step on every parameter field of a <c>[Differentiable]</c> struct model, in place (by reference, so its
    /// scalar fields change too).
    /// </summary>
    /// <typeparam name="TModel">The model type.</typeparam>
    /// <typeparam name="TGradient">Its gradient type (<c>TModel.Gradient</c>).</typeparam>
    /// <param name="model">The model, updated in place; it holds <see cref="ParameterCount"/> parameters.</param>
    /// <param name="gradient">Its gradient.</param>
    public void Step<TModel, TGradient>(ref TModel model, TGradient gradient)
        where TModel : struct, IDifferentiableModel<TGradient> where TGradient : IModelGradient
        => StepModel(ref model, gradient);

    private void StepModel<TModel, TGradient>(ref TModel model, TGradient gradient)
        where TModel : IDifferentiableModel<TGradient> where TGradient : IModelGradient
    {
        OptimizerArguments.Total(ParameterCount, ModelWalk.CheckedCount(ref model, gradient));
        var visitor = new ModelStep<SgdUpdate>(new SgdUpdate(this));
        model.VisitParameters(gradient, ref visitor);
        StepCount++;
    }

    private static int ModelCount(IDifferentiableModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.ParameterCount;
    }

    // Sgd's own update, for the model walk.
    private readonly struct SgdUpdate(Sgd owner) : IFieldUpdate
    {
        public void Update<T>(int offset, Span<T> parameters, ReadOnlySpan<T> gradient) where T : IFloatingPointIeee754<T>
            => owner.Update(offset, parameters, gradient);
    }

    // In double, also for float parameters: p ← p − lr·d, rounded once to T.
    private void Update<T>(int offset, Span<T> p, ReadOnlySpan<T> grad) where T : IFloatingPointIeee754<T>
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
