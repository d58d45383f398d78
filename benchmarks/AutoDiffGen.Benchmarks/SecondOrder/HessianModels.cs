using System;
using System.Numerics.Tensors;

namespace AutoDiffGen.Benchmarks.SecondOrder;

/// <summary>The 10-parameter functions of <see cref="DenseHessianBenchmark"/>, each with its exact Hessian written by hand.</summary>
public static partial class HessianModels
{
    /// <summary>Parameters of both functions.</summary>
    public const int Parameters = 10;

    /// <summary>The extended Rosenbrock function Σᵢ 100·(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², i = 0 … n − 2 (a classic test of Newton methods).</summary>
    [Differentiable(Derivatives.Reverse | Derivatives.Hessian)]
    public static double ExtendedRosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
        }

        return sum;
    }

    /// <summary>
    /// Logistic regression: the mean binary cross-entropy with logits of <c>w · featuresₛ</c> against <c>labels[s]</c>, over the
    /// rows of <paramref name="features"/> (samples × w.Length, row-major), with the runtime's <c>Vectors.Dot</c> and
    /// <c>Losses.BinaryCrossEntropyWithLogits</c>.
    /// </summary>
    [Differentiable(Derivatives.Reverse | Derivatives.Hessian)]
    public static double LogisticLoss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> features, [NoDerivative] ReadOnlySpan<double> labels)
    {
        double sum = 0;
        for (int s = 0; s < labels.Length; s++)
        {
            sum += Losses.BinaryCrossEntropyWithLogits(Vectors.Dot(w, features.Slice(s * w.Length, w.Length)), labels[s]);
        }

        return sum / labels.Length;
    }

    /// <summary>Value and exact Hessian of <see cref="ExtendedRosenbrock"/>: a tridiagonal matrix, term by term
    /// ∂²/∂xᵢ² = 1200xᵢ² − 400xᵢ₊₁ + 2, ∂²/∂xᵢ∂xᵢ₊₁ = −400xᵢ, ∂²/∂xᵢ₊₁² = 200.</summary>
    public static double ExtendedRosenbrockExactHessian(ReadOnlySpan<double> x, Span<double> hessian)
    {
        int n = x.Length;
        hessian.Clear();
        double sum = 0;
        for (int i = 0; i < n - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
            hessian[i * n + i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
            hessian[i * n + i + 1] = hessian[(i + 1) * n + i] = -400 * x[i];
            hessian[(i + 1) * n + i + 1] += 200;
        }

        return sum;
    }

    /// <summary>Value and exact Hessian of <see cref="LogisticLoss"/>: (1/m) Σₛ σ(zₛ)σ(−zₛ) xₛxₛᵀ with zₛ = w · xₛ.</summary>
    public static double LogisticLossExactHessian(ReadOnlySpan<double> w, ReadOnlySpan<double> features, ReadOnlySpan<double> labels, Span<double> hessian)
    {
        int n = w.Length, m = labels.Length;
        hessian.Clear();
        double sum = 0;
        for (int s = 0; s < m; s++)
        {
            ReadOnlySpan<double> row = features.Slice(s * n, n);
            double z = TensorPrimitives.Dot(w, row);
            sum += Losses.BinaryCrossEntropyWithLogits(z, labels[s]);
            double curvature = 1 / ((1 + Math.Exp(-z)) * (1 + Math.Exp(z)) * m); // σ(z)σ(−z) / m
            for (int i = 0; i < n; i++)
            {
                double ci = curvature * row[i];
                for (int j = 0; j < n; j++) hessian[i * n + j] += ci * row[j];
            }
        }

        return sum / m;
    }
}
