using System;
using System.Numerics;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// A two-layer regression MLP written once over <c>T</c> (API.md, "Generic math", models generic over T): array and scalar
/// parameter fields of <c>T</c>, a <c>[NoDerivative]</c> <c>T</c> and an <c>int</c> read as constants, <c>T</c> math and the
/// runtime library's generic layers.
/// </summary>
[Differentiable]
public partial class GenericMlp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T[] W1, B1, W2, B2;
    public T Temperature;
    [NoDerivative] public T Decay;
    public int Hidden;

    public GenericMlp(int inputs, int hidden, int outputs, Random rng)
    {
        Hidden = hidden;
        W1 = Fill(new T[hidden * inputs], rng);
        B1 = Fill(new T[hidden], rng);
        W2 = Fill(new T[outputs * hidden], rng);
        B2 = Fill(new T[outputs], rng);
        Temperature = T.CreateTruncating(1.3);
        Decay = T.CreateTruncating(0.01);
    }

    internal static T[] Fill(T[] values, Random rng)
    {
        for (int i = 0; i < values.Length; i++) values[i] = T.CreateTruncating(rng.NextDouble() - 0.5);
        return values;
    }

    [Differentiable]
    public T Loss([NoDerivative] ReadOnlySpan<T> x, [NoDerivative] ReadOnlySpan<T> target)
    {
        Span<T> h = stackalloc T[Hidden];
        Span<T> a = stackalloc T[Hidden];
        Span<T> y = stackalloc T[B2.Length];
        Linear.Dense(W1, B1, x, h);
        Activations.Tanh(h, a);
        Linear.Dense(W2, B2, a, y);
        for (int k = 0; k < y.Length; k++) y[k] = y[k] * Temperature;
        T penalty = T.Zero;
        for (int i = 0; i < W2.Length; i++) penalty += W2[i] * W2[i];
        return Losses.MeanSquaredError(y, target) + Decay * penalty + T.CreateTruncating(0.5) * T.Tanh(Temperature) * Temperature;
    }
}

/// <summary>A layer of a generic stack: a struct model generic over <c>T</c> with array fields and a scalar gain.</summary>
[Differentiable]
public partial struct GenericLayer<T> where T : IFloatingPointIeee754<T>
{
    public T[] W, B;
    public T Gain;

    public GenericLayer(int inputs, int outputs, Random rng)
    {
        W = new T[inputs * outputs];
        B = new T[outputs];
        for (int i = 0; i < W.Length; i++) W[i] = T.CreateTruncating(rng.NextDouble() - 0.5);
        for (int i = 0; i < B.Length; i++) B[i] = T.CreateTruncating(0.2 * rng.NextDouble() - 0.1);
        Gain = T.CreateTruncating(0.8 + 0.4 * rng.NextDouble());
    }
}

/// <summary>A scalar head of a generic stack: a class model generic over <c>T</c>.</summary>
[Differentiable]
public partial class GenericHead<T> where T : IFloatingPointIeee754<T>
{
    public T Scale = T.Zero, Shift = T.Zero;
}

/// <summary>
/// A generic model of generic sub-models: an array of struct layers whose fields are read in a loop over the layers (by
/// index), and a class head; scalar <c>T</c> math only (no stackalloc of <c>T</c>, so no <c>unmanaged</c> constraint).
/// </summary>
[Differentiable]
public partial class GenericStack<T> where T : IFloatingPointIeee754<T>
{
    public GenericLayer<T>[] Layers;
    public GenericHead<T> Head;
    public int Width;

    public GenericStack(int width, int depth, Random rng)
    {
        Width = width;
        Layers = new GenericLayer<T>[depth];
        for (int l = 0; l < depth; l++) Layers[l] = new GenericLayer<T>(width, width, rng);
        Head = new GenericHead<T> { Scale = T.CreateTruncating(0.7), Shift = T.CreateTruncating(-0.1) };
    }

    [Differentiable]
    public T Loss([NoDerivative] T[] x, T target)
    {
        T[] scratch = new T[Width];
        for (int i = 0; i < Width; i++) scratch[i] = x[i];
        T[] next = new T[Width];
        for (int l = 0; l < Layers.Length; l++)
        {
            for (int r = 0; r < Width; r++)
            {
                T s = Layers[l].B[r];
                for (int c = 0; c < Width; c++) s += Layers[l].W[r * Width + c] * scratch[c];
                next[r] = T.Tanh(Layers[l].Gain * s);
            }
            for (int r = 0; r < Width; r++) scratch[r] = next[r];
        }
        T sum = T.Zero;
        for (int i = 0; i < Width; i++) sum += scratch[i];
        T prediction = Head.Scale * sum + Head.Shift;
        T error = prediction - target;
        return error * error;
    }
}

/// <summary>A struct model generic over <c>T</c> with forward mode and Hessian-vector products.</summary>
[Differentiable]
public partial struct GenericCell<T> where T : IFloatingPointIeee754<T>
{
    public T[] W;
    public T Gain;

    public GenericCell(int n, Random rng)
    {
        W = new T[n];
        for (int i = 0; i < n; i++) W[i] = T.CreateTruncating(rng.NextDouble() - 0.5);
        Gain = T.CreateTruncating(0.9);
    }

    [Differentiable(Derivatives.Reverse | Derivatives.Forward | Derivatives.Hessian)]
    public T Energy(T x)
    {
        T s = T.Zero;
        for (int i = 0; i < W.Length; i++) s += T.Exp(W[i] * x) * Gain / T.CreateTruncating(i + 1);
        return T.Log(T.One + s * s);
    }
}

/// <summary>A generic static method taking a generic model of its <c>T</c>.</summary>
public static partial class GenericModelUsers
{
    [Differentiable]
    public static T Penalized<T>(GenericCell<T> cell, T x, T weight) where T : IFloatingPointIeee754<T> => T.Tanh(cell.Gain * x * cell.W[0]) + T.Exp(cell.W[2] * x) + weight * cell.Gain * cell.Gain;
}

/// <summary>A dense tanh layer generic over <c>T</c> with a span output.</summary>
[Differentiable]
public partial class GenericDense<T> where T : IFloatingPointIeee754<T>
{
    public T[] W, B;

    public GenericDense(int inputs, int outputs, Random rng)
    {
        W = GenericMlpFill(new T[inputs * outputs], rng);
        B = GenericMlpFill(new T[outputs], rng);
    }

    internal static T[] GenericMlpFill(T[] values, Random rng)
    {
        for (int i = 0; i < values.Length; i++) values[i] = T.CreateTruncating(rng.NextDouble() - 0.5);
        return values;
    }

    [Differentiable]
    public void Forward(ReadOnlySpan<T> x, Span<T> y)
    {
        Span<T> z = new T[B.Length];
        Linear.Dense(W, B, x, z);
        Activations.Tanh(z, y);
    }

    [Differentiable]
    public T SquaredNorm()
    {
        T s = T.Zero;
        for (int i = 0; i < W.Length; i++) s += W[i] * W[i];
        return s;
    }
}

/// <summary>
/// A deep generic model calling its generic sub-models' methods in a loop over the layers, and its own method: the calls
/// go to the callees' specializations of the same type.
/// </summary>
[Differentiable]
public partial class GenericDeep<T> where T : IFloatingPointIeee754<T>
{
    public GenericDense<T>[] Layers;
    public T[] Out;

    public GenericDeep(int width, int depth, Random rng)
    {
        Layers = new GenericDense<T>[depth];
        for (int l = 0; l < depth; l++) Layers[l] = new GenericDense<T>(width, width, rng);
        Out = GenericDense<T>.GenericMlpFill(new T[width], rng);
    }

    [Differentiable]
    public T Readout(ReadOnlySpan<T> h)
    {
        T s = T.Zero;
        for (int i = 0; i < h.Length; i++) s += Out[i] * h[i];
        return s;
    }

    [Differentiable(Derivatives.Reverse | Derivatives.Forward | Derivatives.Hessian)]
    public T Loss([NoDerivative] ReadOnlySpan<T> x, T target)
    {
        T[] h = new T[Out.Length];
        T[] next = new T[Out.Length];
        for (int i = 0; i < h.Length; i++) h[i] = x[i];
        for (int k = 0; k < Layers.Length; k++)
        {
            Layers[k].Forward(h, next);
            for (int i = 0; i < h.Length; i++) h[i] = next[i];
        }
        T error = Readout(h) - target;
        return error * error + T.CreateTruncating(0.01) * Layers[0].SquaredNorm();
    }
}
