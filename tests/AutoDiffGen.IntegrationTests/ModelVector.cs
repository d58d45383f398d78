using System;
using System.Collections.Generic;
using System.Numerics;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// A model's parameters and a gradient as flat vectors, through the generated walk, so a model's gradient is checked
/// against finite differences over every field at once.
/// </summary>
internal static class ModelVector
{
    /// <summary>Every parameter of <paramref name="model"/>, fields in walk order (floats widened).</summary>
    public static double[] Parameters<TModel, TGradient>(ref TModel model, TGradient shape)
        where TModel : IDifferentiableModel<TGradient> where TGradient : IModelGradient
    {
        var read = new Copy(new List<double>(), null);
        ModelWalk.VisitParameters(ref model, shape, ref read);
        return read.Values.ToArray();
    }

    /// <summary>Writes <paramref name="values"/> into the parameters of <paramref name="model"/> (in place; floats rounded).</summary>
    public static void SetParameters<TModel, TGradient>(ref TModel model, TGradient shape, ReadOnlySpan<double> values)
        where TModel : IDifferentiableModel<TGradient> where TGradient : IModelGradient
    {
        var write = new Copy(null, values.ToArray());
        ModelWalk.VisitParameters(ref model, shape, ref write);
        if (write.Offset != values.Length) throw new InvalidOperationException("length mismatch");
    }

    /// <summary>Every entry of <paramref name="gradient"/>, in walk order.</summary>
    public static double[] Of<TGradient>(TGradient gradient) where TGradient : IModelGradient
    {
        var read = new GradientCopy(new List<double>(), double.NaN);
        ModelWalk.VisitGradients(ref gradient, ref read);
        return read.Values!.ToArray();
    }

    /// <summary>Sets every entry of <paramref name="gradient"/> to <paramref name="value"/> (garbage, for overwrite tests).</summary>
    public static void Fill<TGradient>(ref TGradient gradient, double value) where TGradient : IModelGradient
    {
        var fill = new GradientCopy(null, value);
        ModelWalk.VisitGradients(ref gradient, ref fill);
    }

    /// <summary>Writes <paramref name="values"/> into <paramref name="gradient"/>, in walk order (floats rounded): a direction for forward mode.</summary>
    public static void SetGradient<TGradient>(ref TGradient gradient, ReadOnlySpan<double> values) where TGradient : IModelGradient
    {
        var write = new GradientWrite(values.ToArray());
        ModelWalk.VisitGradients(ref gradient, ref write);
        if (write.Offset != values.Length) throw new InvalidOperationException("length mismatch");
    }

    private struct GradientWrite(double[] values) : IGradientVisitor
    {
        public int Offset;

        public void Visit<T>(Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (int i = 0; i < gradient.Length; i++) gradient[i] = T.CreateTruncating(values[Offset + i]);
            Offset += gradient.Length;
        }
    }

    private struct Copy(List<double>? read, double[]? write) : IParameterVisitor
    {
        public readonly List<double> Values => read!;
        public int Offset;

        public void Visit<T>(Span<T> parameters, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                if (read is not null) read.Add(double.CreateTruncating(parameters[i]));
                else parameters[i] = T.CreateTruncating(write![Offset + i]);
            }
            Offset += parameters.Length;
        }
    }

    private readonly struct GradientCopy(List<double>? read, double value) : IGradientVisitor
    {
        public List<double>? Values => read;

        public void Visit<T>(Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (int i = 0; i < gradient.Length; i++)
            {
                if (read is not null) read.Add(double.CreateTruncating(gradient[i]));
                else gradient[i] = T.CreateTruncating(value);
            }
        }
    }
}
