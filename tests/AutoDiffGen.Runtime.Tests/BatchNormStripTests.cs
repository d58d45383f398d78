using System;
using System.Linq;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// Batch normalization in training mode runs one vector's worth of features at a time down the rows, with the features past
/// the last whole vector one at a time: shapes with whole strips and tails, in double and float, against the textbook
/// formulas written out per feature, with accumulation into non-zero adjoints, and finite differences.
/// </summary>
public class BatchNormStripTests
{
    private static readonly (int Batch, int Features)[] s_shapes = { (1, 8), (3, 19), (4, 40), (32, 128), (5, 131), (2, 16) };

    private static double[] Values(Random rng, int n, double scale, double offset = 0) =>
        Enumerable.Range(0, n).Select(_ => offset + (rng.NextDouble() * 2 - 1) * scale).ToArray();

    /// <summary>y, dX, dγ, dβ for given dY, feature by feature, as the documentation states them.</summary>
    private static (double[] Y, double[] DX, double[] DGamma, double[] DBeta) Reference(double[] x, double[] gamma, double[] beta, double[] dY, double eps)
    {
        int f = gamma.Length, batch = x.Length / f;
        double[] y = new double[x.Length], dX = new double[x.Length], dGamma = new double[f], dBeta = new double[f];
        for (int j = 0; j < f; j++)
        {
            double mean = 0, variance = 0;
            for (int b = 0; b < batch; b++) mean += x[b * f + j];
            mean /= batch;
            for (int b = 0; b < batch; b++) variance += (x[b * f + j] - mean) * (x[b * f + j] - mean);
            double r = 1 / Math.Sqrt(variance / batch + eps), sumDy = 0, sumDyXhat = 0;
            for (int b = 0; b < batch; b++)
            {
                double xhat = (x[b * f + j] - mean) * r;
                y[b * f + j] = xhat * gamma[j] + beta[j];
                sumDy += dY[b * f + j];
                sumDyXhat += dY[b * f + j] * xhat;
            }
            dGamma[j] = sumDyXhat;
            dBeta[j] = sumDy;
            for (int b = 0; b < batch; b++)
            {
                double xhat = (x[b * f + j] - mean) * r;
                dX[b * f + j] = gamma[j] * r / batch * (batch * dY[b * f + j] - sumDy - xhat * sumDyXhat);
            }
        }
        return (y, dX, dGamma, dBeta);
    }

    [Fact]
    public void Strips_match_the_per_feature_formulas_and_accumulate()
    {
        var rng = new Random(59);
        foreach ((int batch, int f) in s_shapes)
        {
            int n = batch * f;
            double[] x = Values(rng, n, 2, 3), gamma = Values(rng, f, 1, 0.5), beta = Values(rng, f, 1), dY = Values(rng, n, 1);
            var (y, dX, dGamma, dBeta) = Reference(x, gamma, beta, dY, 1e-5);
            double[] start = Values(rng, n + 2 * f, 1);
            double[] ys = new double[n], forward = new double[n], adjoints = (double[])start.Clone();
            Normalization.BatchNormTraining(x, gamma, beta, forward);
            Normalization.BatchNormTrainingBackward(x, gamma, beta, ys, 1e-5, dY, adjoints.AsSpan(0, n), adjoints.AsSpan(n, f), adjoints.AsSpan(n + f, f));
            double[] expected = [.. dX, .. dGamma, .. dBeta];
            for (int i = 0; i < n; i++)
            {
                Approx.Equal(y[i], forward[i], 1e-12, 1e-12, $"{batch}x{f} y[{i}]");
                Assert.Equal(forward[i], ys[i]);
            }
            for (int i = 0; i < expected.Length; i++)
                Approx.Equal(start[i] + expected[i], adjoints[i], 1e-11, 1e-11, $"{batch}x{f} adjoint[{i}]");

            float[] Fl(double[] a) => Array.ConvertAll(a, v => (float)v);
            float[] yf = new float[n], adjointsF = Fl(start);
            Normalization.BatchNormTrainingBackward(Fl(x), Fl(gamma), Fl(beta), yf, 1e-5f, Fl(dY), adjointsF.AsSpan(0, n), adjointsF.AsSpan(n, f), adjointsF.AsSpan(n + f, f));
            // Batch 1 normalizes to x̂ = 0 with r = 1/√eps: its float adjoints are large cancellations, so looser.
            double tolerance = batch == 1 ? 1e-2 : 1e-4;
            for (int i = 0; i < n; i++) Approx.Equal(y[i], yf[i], 1e-5, 1e-5, $"{batch}x{f} float y[{i}]");
            for (int i = 0; i < expected.Length; i++)
                Approx.Equal(start[i] + expected[i], adjointsF[i], tolerance, tolerance, $"{batch}x{f} float adjoint[{i}]");
        }
    }

    [Fact]
    public void Strip_gradients_match_finite_differences()
    {
        var rng = new Random(61);
        foreach ((int batch, int f) in s_shapes.Where(s => s.Batch > 1 && s.Batch * s.Features <= 700))
        {
            int n = batch * f;
            double[] x = Values(rng, n, 2, 1), gamma = Values(rng, f, 1, 1), beta = Values(rng, f, 1), w = Values(rng, n, 1);
            double[] packed = [.. x, .. gamma, .. beta];
            double Weighted(ReadOnlySpan<double> p)
            {
                double[] y = new double[n];
                Normalization.BatchNormTraining(p[..n], p.Slice(n, f), p.Slice(n + f, f), y, 1e-3);
                double s = 0;
                for (int i = 0; i < n; i++) s += w[i] * y[i];
                return s;
            }
            double[] grad = new double[n + 2 * f];
            Normalization.BatchNormTrainingBackward(x, gamma, beta, new double[n], 1e-3, w, grad.AsSpan(0, n), grad.AsSpan(n, f), grad.AsSpan(n + f, f));
            Approx.Passed(Fd.Compare(Weighted, packed, grad), $"{batch}x{f}");
        }
    }
}
