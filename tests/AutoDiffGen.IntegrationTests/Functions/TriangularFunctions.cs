using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Gaussian objectives with a Cholesky-factor precision, written as a user writes them with the runtime library: x − μ as a
/// loop into a stack span, Q(x − μ) as <see cref="Linear.TriangularMultiply(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>,
/// its squared norm as <see cref="Vectors.Dot(ReadOnlySpan{double}, ReadOnlySpan{double})"/>, summed over data points. The
/// generated derivatives go through the op's hand-written Backward, Tangent and BackwardTangent.
/// </summary>
public static partial class TriangularFunctions
{
    private const Derivatives All = Derivatives.Reverse | Derivatives.Forward | Derivatives.Hessian;

    /// <summary>
    /// Σ_p ‖Q (p − μ)‖² over the rows of <paramref name="points"/> (n = μ's length): μ, Q's diagonal and Q's packed strict
    /// lower triangle are all active, each its own span.
    /// </summary>
    [Differentiable(All)]
    public static double Mahalanobis(ReadOnlySpan<double> mean, ReadOnlySpan<double> diagonal, ReadOnlySpan<double> strictLower,
        [NoDerivative] ReadOnlySpan<double> points)
    {
        int n = mean.Length;
        int count = points.Length / n;
        Span<double> xc = stackalloc double[n];
        Span<double> qxc = stackalloc double[n];
        double sum = 0;
        for (int p = 0; p < count; p++)
        {
            for (int i = 0; i < n; i++) xc[i] = points[p * n + i] - mean[i];
            Linear.TriangularMultiply(diagonal, strictLower, xc, qxc);
            sum += Vectors.Dot(qxc, qxc);
        }
        return sum;
    }

    /// <summary>
    /// The Gaussian negative log-likelihood of the rows of <paramref name="points"/> with precision QᵀQ, all parameters packed
    /// in one span as a GMM stores them: θ = μ (n), log diag(Q) (n), strict lower triangle of Q (n(n − 1)/2). Q's diagonal
    /// is exp(θ) written into a stack span, so the adjoints reach the parameters through a computed span:
    /// Σ_p [½‖Q (p − μ)‖² − Σ_i log Q_ii + ½ n log 2π].
    /// </summary>
    [Differentiable(All)]
    public static double GaussianNegativeLogLikelihood(ReadOnlySpan<double> theta, int n, [NoDerivative] ReadOnlySpan<double> points)
    {
        int count = points.Length / n;
        ReadOnlySpan<double> mean = theta.Slice(0, n);
        ReadOnlySpan<double> logDiagonal = theta.Slice(n, n);
        ReadOnlySpan<double> strictLower = theta.Slice(2 * n, n * (n - 1) / 2);
        Span<double> diagonal = stackalloc double[n];
        double logDeterminant = 0;
        for (int i = 0; i < n; i++)
        {
            diagonal[i] = Math.Exp(logDiagonal[i]);
            logDeterminant += logDiagonal[i];
        }
        Span<double> xc = stackalloc double[n];
        Span<double> qxc = stackalloc double[n];
        double quadratic = 0;
        for (int p = 0; p < count; p++)
        {
            for (int i = 0; i < n; i++) xc[i] = points[p * n + i] - mean[i];
            Linear.TriangularMultiply(diagonal, strictLower, xc, qxc);
            quadratic += Vectors.Dot(qxc, qxc);
        }
        return 0.5 * quadratic - count * logDeterminant + 0.5 * count * n * Math.Log(2 * Math.PI);
    }
}
