using System;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// Chains the pullbacks the way generated reverse sweeps do (forward sweep, then each Backward in reverse order, adding
/// into adjoints, with empty spans for inactive inputs) and checks the network gradient with finite differences.
/// </summary>
public class CompositionTests
{
    private const int Batch = 4, In = 6, Hidden = 9, Out = 5;
    private static readonly int[] Labels = [0, 3, 4, 1];

    private static double Loss(ReadOnlySpan<double> p, double[] x)
    {
        ReadOnlySpan<double> w1 = p[..(Hidden * In)], b1 = p.Slice(Hidden * In, Hidden);
        ReadOnlySpan<double> gamma = p.Slice(Hidden * In + Hidden, Hidden), beta = p.Slice(Hidden * In + 2 * Hidden, Hidden);
        ReadOnlySpan<double> w2 = p.Slice(Hidden * In + 3 * Hidden, Out * Hidden), b2 = p[(Hidden * In + 3 * Hidden + Out * Hidden)..];
        double[] h = new double[Batch * Hidden], n = new double[Batch * Hidden], a = new double[Batch * Hidden], z = new double[Batch * Out];
        Linear.DenseBatch(w1, b1, x, h, Batch);
        Normalization.BatchNormTraining(h, gamma, beta, n);
        Activations.Gelu(n, a);
        Linear.DenseBatch(w2, b2, a, z, Batch);
        return Losses.SoftmaxCrossEntropy(z, Labels);
    }

    [Fact]
    public void Dense_batchnorm_gelu_dense_cross_entropy_gradient_matches_finite_differences()
    {
        var rng = new Random(21);
        int count = Hidden * In + 3 * Hidden + Out * Hidden + Out;
        double[] p = new double[count], x = new double[Batch * In];
        for (int i = 0; i < count; i++) p[i] = rng.NextDouble() - 0.5;
        for (int i = Hidden * In + Hidden; i < Hidden * In + 2 * Hidden; i++) p[i] += 1; // gamma near 1
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble() * 2 - 1;

        double[] grad = new double[count];
        Span<double> gw1 = grad.AsSpan(0, Hidden * In), gb1 = grad.AsSpan(Hidden * In, Hidden);
        Span<double> gGamma = grad.AsSpan(Hidden * In + Hidden, Hidden), gBeta = grad.AsSpan(Hidden * In + 2 * Hidden, Hidden);
        Span<double> gw2 = grad.AsSpan(Hidden * In + 3 * Hidden, Out * Hidden), gb2 = grad.AsSpan(Hidden * In + 3 * Hidden + Out * Hidden);
        ReadOnlySpan<double> w1 = p.AsSpan(0, Hidden * In), b1 = p.AsSpan(Hidden * In, Hidden);
        ReadOnlySpan<double> gamma = p.AsSpan(Hidden * In + Hidden, Hidden), beta = p.AsSpan(Hidden * In + 2 * Hidden, Hidden);
        ReadOnlySpan<double> w2 = p.AsSpan(Hidden * In + 3 * Hidden, Out * Hidden), b2 = p.AsSpan(Hidden * In + 3 * Hidden + Out * Hidden);

        // Forward sweep.
        double[] h = new double[Batch * Hidden], n = new double[Batch * Hidden], a = new double[Batch * Hidden], z = new double[Batch * Out];
        Linear.DenseBatch(w1, b1, x, h, Batch);
        Normalization.BatchNormTraining(h, gamma, beta, n);
        Activations.Gelu(n, a);
        Linear.DenseBatch(w2, b2, a, z, Batch);
        // Reverse sweep.
        double[] dz = new double[z.Length], da = new double[a.Length], dn = new double[n.Length], dh = new double[h.Length];
        double loss = Losses.SoftmaxCrossEntropyBackward(z, Labels, 1.0, dz);
        Linear.DenseBatchBackward(w2, b2, a, z, Batch, dz, gw2, gb2, da);
        Activations.GeluBackward(n, a, da, dn);
        Normalization.BatchNormTrainingBackward(h, gamma, beta, n, 1e-5, dn, dh, gGamma, gBeta);
        Linear.DenseBatchBackward(w1, b1, x, h, Batch, dh, gw1, gb1, Span<double>.Empty);

        Assert.Equal(Loss(p, x), loss, 14);
        Approx.Passed(Fd.Compare(q => Loss(q, x), p, grad), "composed network");
    }
}
