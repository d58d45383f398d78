using System;
using System.Numerics;

namespace AutoDiffGen;

/// <summary>An optimizer's update of one stretch of its parameters, starting at <c>offset</c> in its state.</summary>
internal interface IFieldUpdate
{
    void Update<T>(int offset, Span<T> parameters, ReadOnlySpan<T> gradient) where T : IFloatingPointIeee754<T>;
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
        update.Update(_offset, parameters, gradient);
        _offset += parameters.Length;
    }
}
