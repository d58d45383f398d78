using System;

namespace AutoDiffGen.Runtime.Tests;

public class AllocationTests
{
    private static void AssertNoAllocation(string what, Action action)
    {
        action(); // warm: JIT, tiering and the per-thread scratch
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) action();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{what} allocated {allocated} bytes");
    }

    [Fact]
    public void Warm_span_calls_allocate_nothing()
    {
        const int n = 67;
        double[] x = new double[n], y = new double[n], dy = new double[n], dx = new double[n];
        float[] xf = new float[n], yf = new float[n], dyf = new float[n], dxf = new float[n];
        for (int i = 0; i < n; i++) x[i] = xf[i] = i - 30;
        foreach (Activation a in ActivationCatalog.All.Values)
        {
            AssertNoAllocation(a.Name, () =>
            {
                a.Span(x, y);
                a.SpanBackward(x, y, dy, dx);
                a.SpanF(xf, yf);
                a.SpanBackwardF(xf, yf, dyf, dxf);
            });
        }
        int[] labels = [1, 3, 5, 0, 2, 7];
        double[] logits = new double[60], dLogits = new double[60];
        AssertNoAllocation("losses", () =>
        {
            Losses.MeanSquaredErrorBackward(x, y, 1.0, dx);
            Losses.SoftmaxCrossEntropyBackward(x, 3, 1.0, dx);
            Losses.SoftmaxCrossEntropyBackward(logits, labels, 1.0, dLogits);
            Losses.SoftmaxBackward(x, y, dy, dx);
            Losses.SoftmaxCrossEntropyBackward(xf, 3, 1f, dxf);
        });
        double[] gamma = new double[n], beta = new double[n];
        double[] bx = new double[4 * 16], by = new double[4 * 16], bdy = new double[4 * 16], bdx = new double[4 * 16];
        double[] g16 = new double[16], b16 = new double[16], dg16 = new double[16], db16 = new double[16];
        var stats = new BatchNormRunningStatistics<double>(16);
        AssertNoAllocation("normalization", () =>
        {
            Normalization.LayerNormBackward(x, gamma, beta, y, 1e-5, dy, dx, dy.AsSpan(), dx.AsSpan());
            Normalization.BatchNormTrainingBackward(bx, g16, b16, by, 1e-5, bdy, bdx, dg16, db16);
            Normalization.BatchNormInferenceBackward(bx, g16, b16, stats.Mean, stats.Variance, by, 1e-5, bdy, bdx, dg16, db16);
            stats.Update(bx);
        });
        double[] w = new double[128 * 64], b = new double[128], xin = new double[32 * 64], h = new double[32 * 128];
        double[] dw = new double[w.Length], db = new double[128], dh = new double[h.Length];
        AssertNoAllocation("linear", () =>
        {
            Linear.DenseBatchBackward(w, b, xin, h, 32, dh, dw, db, Span<double>.Empty);
            Linear.DenseBackward(w, b, xin.AsSpan(0, 64), h.AsSpan(0, 128), dh.AsSpan(0, 128), dw, db, dx.AsSpan(0, 64));
        });
        double[] g1 = new double[10], g2 = new double[5];
        var adam = new Adam(15);
        var sgd = new Sgd(15, momentum: 0.9);
        var adamw = new AdamW(n);
        var health = new GradientHealth(2);
        AssertNoAllocation("ClipByGlobalNorm", () => Clipping.ClipByGlobalNorm([g1, g2], 1.0));
        AssertNoAllocation("ClipByNorm", () => Clipping.ClipByNorm(x, 1.0));
        AssertNoAllocation("Adam", () => adam.Step([g1, g2], [g1, g2]));
        AssertNoAllocation("Sgd", () => sgd.Step([g1, g2], [g1, g2]));
        AssertNoAllocation("AdamW", () => adamw.Step(x, dx));
        AssertNoAllocation("GradientHealth.RecordGradients", () => health.RecordGradients(1, [g1, g2]));
        double[] norms = [1.0, 2.0];
        AssertNoAllocation("GradientHealth.Record", () => health.Record(1, norms));
    }

    [Fact]
    public void Warm_tangent_and_second_order_calls_allocate_nothing()
    {
        const int n = 67;
        double[] x = new double[n], y = new double[n], d = new double[n], v = new double[n], hv = new double[n], vy = new double[n];
        float[] xf = new float[n], yf = new float[n], df = new float[n], vf = new float[n], hvf = new float[n], vyf = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = xf[i] = (i - 30) * 0.1f;
            v[i] = vf[i] = 1;
        }
        double alpha = 0.25, dAlpha = 0, hvAlpha = 0;
        AssertNoAllocation("activations", () =>
        {
            Activations.TanhTangent(x, y, v, vy);
            Activations.TanhBackwardTangent(x, y, v, d, v, v, hv, vy);
            Activations.GeluBackwardTangent(xf, yf, vf, df, vf, vf, hvf, vyf);
            Activations.PReluTangent(x, alpha, y, v, 1.0, vy);
            Activations.PReluBackwardTangent(x, alpha, y, v, d, ref dAlpha, default, 1.0, default, hv, ref hvAlpha, vy);
            Activations.SoftplusBackwardTangent(0.5, 1.0, 20.0, 1.0, ref dAlpha, 1.0, 1.0, ref hvAlpha, out _);
        });
        int[] labels = [1, 3, 5, 0, 2, 7];
        double[] logits = new double[60], dLogits = new double[60], vLogits = new double[60];
        AssertNoAllocation("losses", () =>
        {
            Losses.MeanSquaredErrorBackwardTangent(x, y, 1.0, d, v, 1.0, hv, out _);
            Losses.SoftmaxCrossEntropyBackwardTangent(x, 3, 1.0, d, v, 1.0, hv, out _);
            Losses.SoftmaxCrossEntropyBackwardTangent(logits, labels, 1.0, dLogits, vLogits, 1.0, dLogits, out _);
            Losses.SoftmaxBackwardTangent(x, y, v, d, v, default, hv, default);
            Losses.SoftmaxCrossEntropyTangent(xf, 3, vf, out _);
            Vectors.DotBackwardTangent(x, v, 1.0, d, hv, v, x, 1.0, hv, d, out _);
        });
        double[] gamma = new double[n], beta = new double[n];
        double[] bx = new double[4 * 16], by = new double[4 * 16], bd = new double[4 * 16], g16 = new double[16], d16 = new double[16];
        var stats = new BatchNormRunningStatistics<double>(16);
        AssertNoAllocation("normalization", () =>
        {
            Normalization.LayerNormBackwardTangent(x, gamma, beta, y, 1e-5, v, d, hv, hv, v, default, v, default, hv, d, d, vy);
            Normalization.LayerNormTangent(x, gamma, beta, y, 1e-5, v, default, default, vy);
            Normalization.BatchNormTrainingBackwardTangent(bx, g16, g16, by, 1e-5, bd, bd, d16, d16, bx, default, g16, default, bd, d16, d16, by);
            Normalization.BatchNormInferenceBackwardTangent(bx, g16, g16, stats.Mean, stats.Variance, by, 1e-5, bd, bd, d16, d16, bx, g16, default, bd, bd, d16, d16, by);
        });
        double[] w = new double[128 * 64], b = new double[128], xin = new double[32 * 64], h = new double[32 * 128];
        double[] dw = new double[w.Length], db = new double[128], dh = new double[h.Length], vh = new double[h.Length];
        AssertNoAllocation("linear", () =>
        {
            Linear.DenseBatchBackwardTangent(w, b, xin, h, 32, dh, dw, db, default, w, b, default, dh, dw, db, default, vh);
            Linear.DenseTangent(w, b, xin.AsSpan(0, 64), h.AsSpan(0, 128), w, b, xin.AsSpan(0, 64), vh.AsSpan(0, 128));
        });
    }

    [Fact]
    public void Warm_generic_calls_for_other_IEEE_types_allocate_nothing()
    {
        Half[] x = new Half[37], y = new Half[37], dy = new Half[37], dx = new Half[37];
        for (int i = 0; i < x.Length; i++) x[i] = (Half)(i * 0.25 - 4);
        Half[] g = new Half[4 * 9], gamma = new Half[9], beta = new Half[9], dg = new Half[9], db = new Half[9];
        AssertNoAllocation("Half kernels", () =>
        {
            Activations.TanhBackward<Half>(x, y, dy, dx);
            Activations.ReluBackward<Half>(x, y, dy, dx);
            Losses.SoftmaxCrossEntropyBackward<Half>(x, 3, Half.One, dx);
            Normalization.BatchNormTrainingBackward<Half>(g, gamma, beta, g, 1e-5, g, g, dg, db);
            Normalization.LayerNormBackward<Half>(x, x, x, y, 1e-5, dy, dx, dx, dx);
            Clipping.ClipByNorm<Half>(x, Half.One);
        });
    }
}
