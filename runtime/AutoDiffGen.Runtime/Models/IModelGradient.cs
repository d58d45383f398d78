using System.Collections.Generic;

namespace AutoDiffGen;

/// <summary>
/// The gradient of a <c>[Differentiable]</c> model type: the nested <c>Model.Gradient</c> type the generator writes, one
/// field per parameter field of the model (the gradient of a nested model in a field of its <c>Gradient</c> type).
/// Clipping and <see cref="GradientHealth"/> read and scale it through <see cref="VisitGradients{TVisitor}"/>.
/// </summary>
public interface IModelGradient
{
    /// <summary>Sets every entry to zero.</summary>
    void Clear();

    /// <summary>Calls <paramref name="visitor"/> once per parameter field, in declaration order, nested models depth first.</summary>
    /// <typeparam name="TVisitor">A struct visitor: the walk is specialized for it and allocates nothing.</typeparam>
    /// <param name="visitor">The visitor, passed by reference so it can keep state across fields.</param>
    void VisitGradients<TVisitor>(ref TVisitor visitor) where TVisitor : struct, IGradientVisitor;

    /// <summary>
    /// Appends the name of each parameter field in visiting order, each after <paramref name="prefix"/>: <c>W1</c>,
    /// <c>Encoder.W</c>, <c>Layers[2].Bias</c>. Allocates; meant for setting up reports, not for every step.
    /// </summary>
    /// <param name="names">Receives the names.</param>
    /// <param name="prefix">Put before each name (the path of a nested model, or empty).</param>
    void AppendNames(List<string> names, string prefix);
}
