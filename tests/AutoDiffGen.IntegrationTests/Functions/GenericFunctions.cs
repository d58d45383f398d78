using System;
using System.Numerics;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>Differentiable methods generic over <c>T : IFloatingPointIeee754&lt;T&gt;</c>: written once, differentiated for double and float.</summary>
public static partial class GenericFunctions
{
    /// <summary>Generic operators, constants (<c>T.One</c>, <c>CreateTruncating</c>) and elementary functions (<c>T.Exp</c>, <c>T.Log</c>, <c>T.Sqrt</c>) in a loop with a branch.</summary>
    [Differentiable]
    public static T Energy<T>(T x, ReadOnlySpan<T> w) where T : IFloatingPointIeee754<T>
    {
        T s = T.Zero;
        for (int i = 0; i < w.Length; i++)
        {
            T z = w[i] * x + T.CreateTruncating(0.25 * i);
            if (z > T.Zero) s += T.Log(T.One + T.Exp(-z)) + z;
            else s += T.Log(T.One + T.Exp(z));
            s -= T.Sqrt(z * z + T.One) / T.CreateTruncating(i + 2);
        }
        T half = T.One / (T.One + T.One);
        return s * half + T.Sin(x) * T.Pi;
    }

    /// <summary>A generic network over the runtime library's generic layers and loss.</summary>
    [Differentiable]
    public static T Classifier<T>(ReadOnlySpan<T> p, [NoDerivative] ReadOnlySpan<T> x, int label) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> h = stackalloc T[4];
        Span<T> a = stackalloc T[4];
        Span<T> logits = stackalloc T[3];
        Linear.Dense(p.Slice(0, 12), p.Slice(12, 4), x, h);
        Activations.Tanh(h, a);
        Linear.Dense(p.Slice(16, 12), p.Slice(28, 3), a, logits);
        return Losses.SoftmaxCrossEntropy(logits, label) + Activations.Softplus(p[0]);
    }

    /// <summary>A generic method calling another, and a span output.</summary>
    [Differentiable]
    public static void Layer<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < y.Length; i++) y[i] = Energy(x[i], w) * w[i % w.Length];
    }

    /// <summary>Forward mode and Hessians of a generic method.</summary>
    [Differentiable(Derivatives.Reverse | Derivatives.Forward | Derivatives.Hessian)]
    public static T Quartic<T>(T x, ReadOnlySpan<T> w) where T : IFloatingPointIeee754<T>
    {
        T s = x * x;
        for (int i = 0; i < w.Length; i++) s += w[i] * w[i] * x * T.Tanh(w[i]);
        return s * s;
    }

    /// <summary>A concrete caller of the generic methods: their generic derivatives, specialized for double.</summary>
    [Differentiable]
    public static double Caller(double x, ReadOnlySpan<double> w) => Energy(x, w) + Quartic<double>(x, w);
}

/// <summary>Where the features of two branches meet: local functions in a generic method (one copy per specialization).</summary>
public static partial class GenericLocalFunctions
{
    [Differentiable(Derivatives.Reverse | Derivatives.Forward | Derivatives.Hessian)]
    public static T Smooth<T>(T x, ReadOnlySpan<T> w) where T : IFloatingPointIeee754<T>
    {
        T s = T.Zero;
        for (int i = 0; i < w.Length; i++) s += Softplus(w[i] * x) * Square(w[i]);
        return s + Square(x);

        static T Square(T v) => v * v;
        static T Softplus(T v) => T.Log(T.One + T.Exp(v));
    }
}
