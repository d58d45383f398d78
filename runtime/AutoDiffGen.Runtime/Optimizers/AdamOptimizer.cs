using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

/// <summary>
/// What <see cref="Adam"/> and <see cref="AdamW"/> share: the moment estimates, bias correction and stepping of flat
/// or multi-buffer parameters. They differ only in how weight decay enters the step.
/// </summary>
public abstract class AdamOptimizer
{
    private readonly AdamUpdate _update;
    private readonly bool _decoupled;

    /// <summary>Validates the hyperparameters and allocates the state.</summary>
    /// <param name="parameterCount">The total number of parameters stepped.</param>
    /// <param name="learningRate">lr.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="epsilon">ε.</param>
    /// <param name="weightDecay">λ.</param>
    /// <param name="amsgrad">Use AMSGrad.</param>
    /// <param name="decoupled">AdamW's decoupled weight decay (p ← p·(1 − lr·λ)) instead of Adam's L2 term λ·p in the gradient.</param>
    private protected AdamOptimizer(int parameterCount, double learningRate, double beta1, double beta2, double epsilon,
        double weightDecay, bool amsgrad, bool decoupled)
    {
        OptimizerArguments.NonNegative(learningRate, nameof(learningRate));
        OptimizerArguments.NonNegative(weightDecay, nameof(weightDecay));
        _update = new AdamUpdate(parameterCount, beta1, beta2, epsilon, amsgrad);
        _decoupled = decoupled;
        LearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    /// <summary>The number of parameters the state was allocated for.</summary>
    public int ParameterCount => _update.ParameterCount;

    /// <summary>lr; may be changed between steps (a learning-rate schedule).</summary>
    public double LearningRate { get; set; }

    /// <summary>β₁, the decay of the first-moment average.</summary>
    public double Beta1 => _update.Beta1;

    /// <summary>β₂, the decay of the second-moment average.</summary>
    public double Beta2 => _update.Beta2;

    /// <summary>ε, added to the denominator.</summary>
    public double Epsilon => _update.Epsilon;

    /// <summary>λ, the weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the AMSGrad variant (running maximum of the second moment) is used.</summary>
    public bool AmsGrad => _update.AmsGrad;

    /// <summary>The number of steps taken (t).</summary>
    public long StepCount => _update.StepCount;

    /// <summary>Forgets the moments and the step count.</summary>
    public void Reset() => _update.Reset();

    /// <summary>Takes one step on all <see cref="ParameterCount"/> parameters held in one span.</summary>
    /// <param name="parameters">The parameters p, updated in place.</param>
    /// <param name="gradients">Their gradients g, same length.</param>
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
        (double stepSize, double bc2) = _update.Begin(LearningRate);
        Update(0, parameters, gradients, stepSize, bc2);
    }

    private void StepBuffers<T>(ReadOnlySpan<T[]> parameters, ReadOnlySpan<T[]> gradients) where T : IFloatingPointIeee754<T>
    {
        OptimizerArguments.Total(ParameterCount, OptimizerArguments.Buffers(parameters, gradients));
        (double stepSize, double bc2) = _update.Begin(LearningRate);
        int offset = 0;
        for (int k = 0; k < parameters.Length; k++)
        {
            Update(offset, parameters[k], gradients[k], stepSize, bc2);
            offset += parameters[k].Length;
        }
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
        (double stepSize, double bc2) = _update.Begin(LearningRate);
        var visitor = new ModelStep<AdamStep>(new AdamStep(this, stepSize, bc2));
        model.VisitParameters(gradient, ref visitor);
    }

    /// <summary>The parameter count of a model, checked for null (for the constructors of <see cref="Adam"/> and <see cref="AdamW"/>).</summary>
    private protected static int ModelCount(IDifferentiableModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.ParameterCount;
    }

    // One step's update (its step size and bias correction fixed), for the model walk.
    private readonly struct AdamStep(AdamOptimizer owner, double stepSize, double bc2) : IFieldUpdate
    {
        public void Update<T>(int offset, Span<T> parameters, ReadOnlySpan<T> gradient) where T : IFloatingPointIeee754<T>
            => owner.Update(offset, parameters, gradient, stepSize, bc2);
    }

    // In double, also for float parameters, rounded once to T.
    private void Update<T>(int offset, Span<T> p, ReadOnlySpan<T> grad, double stepSize, double bc2) where T : IFloatingPointIeee754<T>
    {
        OptimizerArguments.Lengths(ParameterCount, offset, p.Length, grad.Length);
        if (_decoupled)
        {
            double decay = 1 - LearningRate * WeightDecay;
            for (int i = 0; i < p.Length; i++)
                p[i] = Real.FromDouble<T>(_update.Apply(offset + i, Real.ToDouble(p[i]) * decay, Real.ToDouble(grad[i]), stepSize, bc2));
        }
        else
        {
            for (int i = 0; i < p.Length; i++)
            {
                double parameter = Real.ToDouble(p[i]);
                p[i] = Real.FromDouble<T>(_update.Apply(offset + i, parameter, Real.ToDouble(grad[i]) + WeightDecay * parameter, stepSize, bc2));
            }
        }
    }
}
