namespace AutoDiffGen;

/// <summary>
/// A <c>[Differentiable]</c> model type: a class or struct whose <c>double</c>/<c>float</c> fields, arrays of them and
/// fields of other model types are its parameters. The generator implements it; optimizers step a model with it.
/// </summary>
public interface IDifferentiableModel
{
    /// <summary>The number of parameters: every element of every parameter array, plus one per scalar parameter field.</summary>
    int ParameterCount { get; }
}

/// <summary>A model whose gradient has type <typeparamref name="TGradient"/> (its nested <c>Gradient</c> type).</summary>
/// <typeparam name="TGradient">The model's gradient type.</typeparam>
public interface IDifferentiableModel<TGradient> : IDifferentiableModel where TGradient : IModelGradient
{
    /// <summary>
    /// Calls <paramref name="visitor"/> with each parameter field and the matching field of <paramref name="gradient"/>, in
    /// declaration order, nested models depth first (the order of <see cref="IModelGradient.VisitGradients{TVisitor}"/>).
    /// </summary>
    /// <typeparam name="TVisitor">A struct visitor: the walk is specialized for it and allocates nothing.</typeparam>
    /// <param name="gradient">The gradient, of the model's shape.</param>
    /// <param name="visitor">The visitor, passed by reference so it can keep state across fields.</param>
    void VisitParameters<TVisitor>(TGradient gradient, ref TVisitor visitor) where TVisitor : struct, IParameterVisitor;
}
