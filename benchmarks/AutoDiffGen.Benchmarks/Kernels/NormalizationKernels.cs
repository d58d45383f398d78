using System;
using System.Runtime.CompilerServices;
using AutoDiffGen.Benchmarks.Harness;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks.Kernels;

/// <summary>
/// Normalization forward and backward: <c>LayerNorm</c> over 4,096 features and <c>BatchNormTraining</c> over 32 rows × 128
/// features, y and the adjoints dX, dGamma, dBeta for a given dY. Output: y, dX, dGamma, dBeta. <c>Library</c> is the
/// forward call then the pullback into cleared adjoints, <c>PlainLoops</c> the textbook formulas in scalar loops (the reference).
/// </summary>
public class NormalizationBenchmark : KernelBenchmark
{
    private const double Eps = 1e-5;

    private double[] _x = Array.Empty<double>();
    private double[] _gamma = Array.Empty<double>();
    private double[] _beta = Array.Empty<double>();
    private double[] _dY = Array.Empty<double>();

    /// <summary>"LayerNorm" (4,096) or "BatchNorm" (training mode, 32 × 128).</summary>
    [Params("LayerNorm", "BatchNorm")]
    public string Kind { get; set; } = "LayerNorm";

    private int Rows => Kind == "LayerNorm" ? 1 : 32;

    private int Features => Kind == "LayerNorm" ? 4096 : 128;

    private int Size => Rows * Features;

    private Span<double> Y => Output.AsSpan(0, Size);

    /// <summary>
    /// Passes over the big arrays (x, y, dY, dX; γ, β, dγ, dβ as well for layer norm, where they are as long as x):
    /// layer norm 6 forward (Σx, Σ(x − μ)², x γ β → y) and 16 in the pullback, 3 clears; batch norm 4 forward (mean,
    /// variance, normalize: x read 3 times, y written) and 9 in the pullback (x 4 times, dY twice, dX read and written, y), 1 clear.
    /// Batch norm's passes run down one feature strip at a time (rows × 64 bytes), so its repeated passes hit L1: counted
    /// anyway, as passes over the arrays.
    /// </summary>
    protected override double RooflineBytes => (Kind == "LayerNorm" ? 25.0 : 14.0) * Size * sizeof(double);

    /// <summary>
    /// Per element: layer norm 6 forward + 26 pullback (counted from the row kernels); batch norm (since issue 18 by feature
    /// strips, <c>BatchNormStrips</c>, the per-feature sums in registers) 6 forward (mean 1, variance 2, y 3) + 19 pullback
    /// (mean and variance 3; x̂, Σ dY and the masked Σ dY x̂ 6; dX 9 and y 1). Before issue 18 batch norm was counted 30.
    /// </summary>
    protected override double RooflineInstructions(int doubleLanes) => (Kind == "LayerNorm" ? 32.0 : 25.0) * Size / doubleLanes;

    private Span<double> DX => Output.AsSpan(Size, Size);

    private Span<double> DGamma => Output.AsSpan(2 * Size, Features);

    private Span<double> DBeta => Output.AsSpan(2 * Size + Features, Features);

    protected override void Initialize()
    {
        var rng = new Random(37);
        _x = Data.Normal(rng, Size, 2.0);
        _gamma = Data.Normal(rng, Features, 1.0);
        _beta = Data.Normal(rng, Features, 1.0);
        _dY = Data.Normal(rng, Size, 1.0);
        Output = new double[2 * Size + 2 * Features];
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Library()
    {
        Span<double> y = Y, dX = DX, dGamma = DGamma, dBeta = DBeta;
        dX.Clear();
        dGamma.Clear();
        dBeta.Clear();
        if (Kind == "LayerNorm")
        {
            Normalization.LayerNorm(_x, _gamma, _beta, y, Eps);
            Normalization.LayerNormBackward(_x, _gamma, _beta, y, Eps, _dY, dX, dGamma, dBeta);
        }
        else
        {
            Normalization.BatchNormTraining(_x, _gamma, _beta, y, Eps);
            Normalization.BatchNormTrainingBackward(_x, _gamma, _beta, y, Eps, _dY, dX, dGamma, dBeta);
        }

        return y[0];
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double LibraryBackwardOnly()
    {
        Span<double> y = Y, dX = DX, dGamma = DGamma, dBeta = DBeta;
        dX.Clear();
        dGamma.Clear();
        dBeta.Clear();
        if (Kind == "LayerNorm")
        {
            Normalization.LayerNormBackward(_x, _gamma, _beta, y, Eps, _dY, dX, dGamma, dBeta);
        }
        else
        {
            Normalization.BatchNormTrainingBackward(_x, _gamma, _beta, y, Eps, _dY, dX, dGamma, dBeta);
        }

        return y[0];
    }

    /// <summary>Per feature column (LayerNorm: the one row is the group): mean, biased variance, x̂, and the standard
    /// normalization gradient dX = γ r / N (N dY − Σ dY − x̂ Σ dY x̂).</summary>
    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double PlainLoops()
    {
        Span<double> y = Y, dX = DX, dGamma = DGamma, dBeta = DBeta;
        int rows = Rows, features = Features;
        bool layer = Kind == "LayerNorm";
        // LayerNorm normalizes each row over its features; BatchNorm each feature over the rows.
        int groups = layer ? rows : features, count = layer ? features : rows;
        dGamma.Clear();
        dBeta.Clear();
        for (int g = 0; g < groups; g++)
        {
            int Index(int k) => layer ? g * features + k : k * features + g;
            double mean = 0.0;
            for (int k = 0; k < count; k++)
            {
                mean += _x[Index(k)];
            }

            mean /= count;
            double variance = 0.0;
            for (int k = 0; k < count; k++)
            {
                double d = _x[Index(k)] - mean;
                variance += d * d;
            }

            variance /= count;
            double r = 1.0 / Math.Sqrt(variance + Eps);
            double sumG = 0.0, sumGXhat = 0.0;
            for (int k = 0; k < count; k++)
            {
                int i = Index(k);
                int f = layer ? k : g;
                double xhat = (_x[i] - mean) * r;
                y[i] = xhat * _gamma[f] + _beta[f];
                double gi = _dY[i] * _gamma[f];
                sumG += gi;
                sumGXhat += gi * xhat;
                dGamma[f] += _dY[i] * xhat;
                dBeta[f] += _dY[i];
            }

            for (int k = 0; k < count; k++)
            {
                int i = Index(k);
                int f = layer ? k : g;
                double xhat = (_x[i] - mean) * r;
                dX[i] = r / count * (count * _dY[i] * _gamma[f] - sumG - xhat * sumGXhat);
            }
        }

        return y[0];
    }
}
