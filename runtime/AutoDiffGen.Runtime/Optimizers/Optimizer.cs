using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

/// <summary>
/// What <see cref="Sgd"/>, <see cref="Adam"/> and <see cref="AdamW"/> share: stepping parameters held in one span, in
/// several buffers, or in the fields of a <c>[Differentiable]</c> model, with no allocation per step. The state (kept in
/// double, also for float parameters) is allocated once for <see cref="ParameterCount"/> parameters; each buffer or field
/// is mapped onto the state where the previous one ended, in the same order every step.
/// </summary>
public abstract class Optimizer
{
    private protected Optimizer(int parameterCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        ParameterCount = parameterCount;
    }

    /// <summary>The number of parameters the state was allocated for.</summary>
    public int ParameterCount { get; }

    /// <summary>Takes one step on all <see cref="ParameterCount"/> parameters held in one span.</summary>
    /// <param name="parameters">The parameters p, updated in place.</param>
    /// <param name="gradients">Their gradients, same length.</param>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradients) => StepFlat(parameters, gradients);

    /// <inheritdoc cref="Step(Span{double}, ReadOnlySpan{double})"/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients) => StepFlat(parameters, gradients);

    /// <summary>Takes one step on parameters spread over several buffers (e.g. <c>[w1, b1, w2, b2]</c>), in a fixed order.</summary>
    /// <param name="parameters">The parameter buffers, updated in place; their lengths sum to <see cref="ParameterCount"/>.</param>
    /// <param name="gradients">The matching gradient buffers.</param>
    public void Step(ReadOnlySpan<double[]> parameters, ReadOnlySpan<double[]> gradients) => StepBuffers(parameters, gradients);

    /// <inheritdoc cref="Step(ReadOnlySpan{double[]}, ReadOnlySpan{double[]})"/>
    public void Step(ReadOnlySpan<float[]> parameters, ReadOnlySpan<float[]> gradients) => StepBuffers(parameters, gradients);

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

    /// <summary>Starts a step (Adam's bias corrections).</summary>
    private protected virtual void BeginStep()
    {
    }

    /// <summary>
    /// Updates <paramref name="parameters"/>, whose state starts at <paramref name="offset"/>, from their gradients. Each
    /// optimizer forwards both to one generic update of its own (a non-virtual generic method, specialized by the JIT for
    /// each type); the base dispatches on the type here rather than through a generic virtual method, whose call is a
    /// run-time lookup.
    /// </summary>
    private protected abstract void Update(int offset, Span<double> parameters, ReadOnlySpan<double> gradients);

    /// <inheritdoc cref="Update(int, Span{double}, ReadOnlySpan{double})"/>
    private protected abstract void Update(int offset, Span<float> parameters, ReadOnlySpan<float> gradients);

    private void Update<T>(int offset, Span<T> parameters, ReadOnlySpan<T> gradients) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) Update(offset, Spans.As<T, double>(parameters), Spans.As<T, double>(gradients));
        else if (typeof(T) == typeof(float)) Update(offset, Spans.As<T, float>(parameters), Spans.As<T, float>(gradients));
        else throw new NotSupportedException($"Parameters of type {typeof(T).Name}: the optimizers step double and float.");
    }

    /// <summary>Ends a step (SGD's step count).</summary>
    private protected virtual void EndStep()
    {
    }

    /// <summary>The parameter count of a model, checked for null (for the constructors that take a model).</summary>
    private protected static int ModelCount(IDifferentiableModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.ParameterCount;
    }

    private void StepFlat<T>(Span<T> parameters, ReadOnlySpan<T> gradients) where T : IFloatingPointIeee754<T>
    {
        OptimizerArguments.Total(ParameterCount, parameters.Length);
        BeginStep();
        Update(0, parameters, gradients);
        EndStep();
    }

    private void StepBuffers<T>(ReadOnlySpan<T[]> parameters, ReadOnlySpan<T[]> gradients) where T : IFloatingPointIeee754<T>
    {
        OptimizerArguments.Total(ParameterCount, OptimizerArguments.Buffers(parameters, gradients));
        BeginStep();
        int offset = 0;
        for (int k = 0; k < parameters.Length; k++)
        {
            Update<T>(offset, parameters[k], gradients[k]);
            offset += parameters[k].Length;
        }
        EndStep();
    }

    private void StepModel<TModel, TGradient>(ref TModel model, TGradient gradient)
        where TModel : IDifferentiableModel<TGradient> where TGradient : IModelGradient
    {
        // Every field's length is checked before anything changes: a wrong gradient leaves the model as it was.
        OptimizerArguments.Total(ParameterCount, ModelWalk.CheckedCount(ref model, gradient));
        BeginStep();
        var visitor = new FieldByField(this);
        model.VisitParameters(gradient, ref visitor);
        EndStep();
    }

    // A model field by field, each field's state where the previous field's ended.
    private struct FieldByField(Optimizer owner) : IParameterVisitor
    {
        private int _offset;

        public void Visit<T>(Span<T> parameters, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
        {
            owner.Update<T>(_offset, parameters, gradient);
            _offset += parameters.Length;
        }
    }
}
