using System;
using System.Collections.Generic;
using System.Numerics;

namespace AutoDiffGen;

/// <summary>
/// The walk over a model's parameter fields, reached through a reference so that a nested struct model is visited in
/// place (an interface call on a struct would box and visit a copy). Generated model code calls these for nested
/// models; optimizers, <see cref="Clipping"/> and <see cref="GradientHealth"/> use them for whole models.
/// </summary>
public static class ModelWalk
{
    /// <summary>Visits the (parameter, gradient) pairs of <paramref name="model"/> in place.</summary>
    /// <typeparam name="TModel">The model type.</typeparam>
    /// <typeparam name="TGradient">Its gradient type.</typeparam>
    /// <typeparam name="TVisitor">The visitor.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="gradient">Its gradient.</param>
    /// <param name="visitor">The visitor.</param>
    public static void VisitParameters<TModel, TGradient, TVisitor>(ref TModel model, TGradient gradient, ref TVisitor visitor)
        where TModel : IDifferentiableModel<TGradient> where TGradient : IModelGradient where TVisitor : struct, IParameterVisitor
        => model.VisitParameters(gradient, ref visitor);

    /// <summary>Visits the fields of <paramref name="gradient"/> in place.</summary>
    /// <typeparam name="TGradient">The gradient type.</typeparam>
    /// <typeparam name="TVisitor">The visitor.</typeparam>
    /// <param name="gradient">The gradient.</param>
    /// <param name="visitor">The visitor.</param>
    public static void VisitGradients<TGradient, TVisitor>(ref TGradient gradient, ref TVisitor visitor)
        where TGradient : IModelGradient where TVisitor : struct, IGradientVisitor
        => gradient.VisitGradients(ref visitor);

    /// <summary>Sets every entry of <paramref name="gradient"/> to zero, in place.</summary>
    /// <typeparam name="TGradient">The gradient type.</typeparam>
    /// <param name="gradient">The gradient.</param>
    public static void Clear<TGradient>(ref TGradient gradient) where TGradient : IModelGradient => gradient.Clear();

    /// <summary>Appends the names of the parameter fields of <paramref name="gradient"/> after <paramref name="prefix"/>.</summary>
    /// <typeparam name="TGradient">The gradient type.</typeparam>
    /// <param name="gradient">The gradient.</param>
    /// <param name="names">Receives the names.</param>
    /// <param name="prefix">Put before each name.</param>
    public static void AppendNames<TGradient>(ref TGradient gradient, List<string> names, string prefix) where TGradient : IModelGradient
        => gradient.AppendNames(names, prefix);

    /// <summary>The number of parameters of <paramref name="model"/> (<see cref="IDifferentiableModel.ParameterCount"/>).</summary>
    /// <typeparam name="TModel">The model type.</typeparam>
    /// <param name="model">The model.</param>
    public static int ParameterCount<TModel>(ref TModel model) where TModel : IDifferentiableModel => model.ParameterCount;

    /// <summary>The names of the parameter fields of <paramref name="gradient"/>, in visiting order (<c>W1</c>, <c>Layers[0].Bias</c>, …).</summary>
    /// <param name="gradient">The gradient.</param>
    public static string[] Names(IModelGradient gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        var names = new List<string>();
        gradient.AppendNames(names, "");
        return names.ToArray();
    }

    /// <summary>The number of entries of <paramref name="gradient"/>: the parameter count of the model it belongs to.</summary>
    /// <typeparam name="TGradient">The gradient type.</typeparam>
    /// <param name="gradient">The gradient.</param>
    public static int Count<TGradient>(ref TGradient gradient) where TGradient : IModelGradient
    {
        var counter = new Counter();
        gradient.VisitGradients(ref counter);
        return counter.Total;
    }

    /// <summary>Checks that every parameter field has a gradient of its length, before an optimizer changes anything.</summary>
    internal static int CheckedCount<TModel, TGradient>(ref TModel model, TGradient gradient)
        where TModel : IDifferentiableModel<TGradient> where TGradient : IModelGradient
    {
        var check = new PairCounter();
        model.VisitParameters(gradient, ref check);
        return check.Total;
    }

    private struct Counter : IGradientVisitor
    {
        public int Total;

        public void Visit<T>(Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T> => Total += gradient.Length;
    }

    private struct PairCounter : IParameterVisitor
    {
        public int Total;

        public void Visit<T>(Span<T> parameters, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (parameters.Length != gradient.Length)
            {
                throw new ArgumentException(
                    $"A gradient field has length {gradient.Length} where its parameter field has {parameters.Length} (parameter field {Total} entries in); " +
                    "create the gradient again after resizing the model.", nameof(gradient));
            }
            Total += parameters.Length;
        }
    }
}
