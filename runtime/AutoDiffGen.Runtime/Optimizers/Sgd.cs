using System;

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
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradients)
    {
        OptimizerArguments.Total(ParameterCount, parameters.Length);
        Update(0, parameters, gradients);
        StepCount++;
    }

    /// <inheritdoc cref="Step(Span{double}, ReadOnlySpan{double})"/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        OptimizerArguments.Total(ParameterCount, parameters.Length);
        Update(0, parameters, gradients);
        StepCount++;
    }

    /// <summary>Takes one step on parameters spread over several buffers (e.g. <c>[w1, b1, w2, b2]</c>), in a fixed order.</summary>
    /// <param name="parameters">The parameter buffers, updated in place; their lengths sum to <see cref="ParameterCount"/>.</param>
    /// <param name="gradients">The matching gradient buffers.</param>
    public void Step(ReadOnlySpan<double[]> parameters, ReadOnlySpan<double[]> gradients)
    {
        OptimizerArguments.SameCount(parameters.Length, gradients.Length);
        int total = 0;
        foreach (double[] p in parameters) total += p.Length;
        OptimizerArguments.Total(ParameterCount, total);
        int offset = 0;
        for (int k = 0; k < parameters.Length; k++)
        {
            Update(offset, parameters[k], gradients[k]);
            offset += parameters[k].Length;
        }
        StepCount++;
    }

    /// <inheritdoc cref="Step(ReadOnlySpan{double[]}, ReadOnlySpan{double[]})"/>
    public void Step(ReadOnlySpan<float[]> parameters, ReadOnlySpan<float[]> gradients)
    {
        OptimizerArguments.SameCount(parameters.Length, gradients.Length);
        int total = 0;
        foreach (float[] p in parameters) total += p.Length;
        OptimizerArguments.Total(ParameterCount, total);
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

    // Sgd's own updates, for the model walk.
    private readonly struct SgdUpdate(Sgd owner) : IFieldUpdate
    {
        public void Update(int offset, Span<double> parameters, ReadOnlySpan<double> gradient) => owner.Update(offset, parameters, gradient);

        public void Update(int offset, Span<float> parameters, ReadOnlySpan<float> gradient) => owner.Update(offset, parameters, gradient);
    }

    private void Update(int offset, Span<double> p, ReadOnlySpan<double> grad)
    {
        OptimizerArguments.Lengths(ParameterCount, offset, p.Length, grad.Length);
        for (int i = 0; i < p.Length; i++) p[i] -= LearningRate * Direction(offset + i, grad[i], p[i]);
    }

    private void Update(int offset, Span<float> p, ReadOnlySpan<float> grad)
    {
        OptimizerArguments.Lengths(ParameterCount, offset, p.Length, grad.Length);
        for (int i = 0; i < p.Length; i++) p[i] = (float)(p[i] - LearningRate * Direction(offset + i, grad[i], p[i]));
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
