using System;
using System.Numerics;

namespace AutoDiffGen;

/// <summary>
/// Receives the fields of a model's gradient one at a time, from <see cref="IModelGradient.VisitGradients{TVisitor}"/>:
/// an array field as its elements, a scalar field as a span of length 1 over the field itself.
/// </summary>
public interface IGradientVisitor
{
    /// <summary>Visits one field of the gradient.</summary>
    /// <typeparam name="T">The field's element type (<see cref="double"/> or <see cref="float"/>).</typeparam>
    /// <param name="gradient">The field's values, writable in place.</param>
    void Visit<T>(Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>;
}
