using System;
using System.Numerics;

namespace AutoDiffGen;

/// <summary>
/// Receives a model's parameters and their gradients one field at a time, from
/// <see cref="IDifferentiableModel{TGradient}.VisitParameters{TVisitor}"/>: an array field as its elements, a scalar
/// field as a span of length 1 over the field itself, so writing <c>parameters[0]</c> updates the field.
/// </summary>
/// <remarks>
/// Visitors are structs passed by reference, so the walk is specialized for each visitor and allocates nothing.
/// </remarks>
public interface IParameterVisitor
{
    /// <summary>Visits one parameter field and the matching field of the gradient.</summary>
    /// <typeparam name="T">The field's element type (<see cref="double"/> or <see cref="float"/>).</typeparam>
    /// <param name="parameters">The field's values, writable in place.</param>
    /// <param name="gradient">The gradient's matching field, same length.</param>
    void Visit<T>(Span<T> parameters, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>;
}
