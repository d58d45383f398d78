using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

/// <summary>An optimizer's update of one stretch of its parameters, starting at <c>offset</c> in its state.</summary>
internal interface IFieldUpdate
{
    void Update(int offset, Span<double> parameters, ReadOnlySpan<double> gradient);

    void Update(int offset, Span<float> parameters, ReadOnlySpan<float> gradient);
}

/// <summary>
/// Steps a model field by field: each field's state starts where the previous field's ended, so a model's fields map onto
/// the optimizer's state exactly as consecutive buffers of a flat step would.
/// </summary>
internal struct ModelStep<TUpdate>(TUpdate update) : IParameterVisitor where TUpdate : IFieldUpdate
{
    private int _offset;

    public void Visit<T>(Span<T> parameters, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) update.Update(_offset, Spans.As<T, double>(parameters), Spans.As<T, double>(gradient));
        else if (typeof(T) == typeof(float)) update.Update(_offset, Spans.As<T, float>(parameters), Spans.As<T, float>(gradient));
        else throw new NotSupportedException($"Parameters of type {typeof(T).Name}: the optimizers step double and float.");
        _offset += parameters.Length;
    }
}
