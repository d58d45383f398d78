using System;

namespace AutoDiffGen.Runtime.Tests;

public class OptimizerTests
{
    [Fact]
    public void Sgd_plain_step()
    {
        var sgd = new Sgd(2, learningRate: 0.1);
        double[] p = [1.0, -2.0];
        sgd.Step(p, [0.5, -1.0]);
        Assert.Equal([0.95, -1.9], p);
        Assert.Equal(1, sgd.StepCount);
    }

    [Fact]
    public void Sgd_momentum_dampening_weight_decay_and_nesterov_follow_PyTorch()
    {
        // momentum 0.9, dampening 0.1, weight decay 0.01, lr 0.1; gradients 0.5 then 0.2.
        var sgd = new Sgd(1, learningRate: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01);
        double[] p = [1.0];
        sgd.Step(p, [0.5]);
        double g1 = 0.5 + 0.01 * 1.0;            // buffer starts as the first gradient (no dampening)
        double p1 = 1.0 - 0.1 * g1;
        Assert.Equal(p1, p[0], 15);
        sgd.Step(p, [0.2]);
        double g2 = 0.2 + 0.01 * p1;
        double b2 = 0.9 * g1 + (1 - 0.1) * g2;
        Assert.Equal(p1 - 0.1 * b2, p[0], 15);

        var nesterov = new Sgd(1, learningRate: 0.1, momentum: 0.9, nesterov: true);
        double[] q = [1.0];
        nesterov.Step(q, [0.5]);
        double q1 = 1.0 - 0.1 * (0.5 + 0.9 * 0.5);
        Assert.Equal(q1, q[0], 15);
        nesterov.Step(q, [0.2]);
        double nb = 0.9 * 0.5 + 0.2;
        Assert.Equal(q1 - 0.1 * (0.2 + 0.9 * nb), q[0], 15);

        Assert.Throws<ArgumentException>(() => new Sgd(1, momentum: 0, nesterov: true));
        Assert.Throws<ArgumentException>(() => new Sgd(1, momentum: 0.9, dampening: 0.1, nesterov: true));
    }

    [Fact]
    public void Adam_first_step_moves_by_lr_times_sign_and_second_step_matches_formula()
    {
        var adam = new Adam(3, learningRate: 0.01);
        double[] p = [1.0, -1.0, 0.5];
        double[] g1 = [0.3, -2.0, 0.0];
        adam.Step(p, g1);
        // m̂ = g, v̂ = g², so the step is lr·g/(|g| + ε).
        Assert.Equal(1.0 - 0.01 * 0.3 / (0.3 + 1e-8), p[0], 15);
        Assert.Equal(-1.0 + 0.01 * 2.0 / (2.0 + 1e-8), p[1], 15);
        Assert.Equal(0.5, p[2]);

        double before = p[0];
        adam.Step(p, [0.1, 0, 0]);
        double m = 0.1 * 0.3, v = 0.001 * 0.09;             // after step 1
        m += (1 - 0.9) * (0.1 - m);                          // lerp, as PyTorch
        v = v * 0.999 + 0.001 * 0.01;
        double stepSize = 0.01 / (1 - 0.9 * 0.9);
        double denom = Math.Sqrt(v) / Math.Sqrt(1 - 0.999 * 0.999) + 1e-8;
        Assert.Equal(before - stepSize * (m / denom), p[0], 15);
        Assert.Equal(2, adam.StepCount);
    }

    [Fact]
    public void Adam_L2_weight_decay_and_amsgrad()
    {
        var adam = new Adam(1, learningRate: 0.1, weightDecay: 0.5);
        double[] p = [2.0];
        adam.Step(p, [0.0]);
        double g = 0.0 + 0.5 * 2.0; // the decay enters the gradient
        Assert.Equal(2.0 - 0.1 * g / (g + 1e-8), p[0], 15);

        var ams = new Adam(1, learningRate: 0.1, amsgrad: true);
        double[] q = [0.0];
        ams.Step(q, [1.0]);
        ams.Step(q, [0.0]);
        // v after step 2 = 0.999·0.001 < max = 0.001, so the max is used.
        double m = 0.1 + 0.1 * (0.0 - 0.1);
        double vmax = 0.001;
        double expected = -0.1 * 1 / (1 + 1e-8) - 0.1 / (1 - 0.81) * (m / (Math.Sqrt(vmax) / Math.Sqrt(1 - 0.999 * 0.999) + 1e-8));
        Assert.Equal(expected, q[0], 14);
    }

    [Fact]
    public void AdamW_decouples_weight_decay_with_PyTorch_default()
    {
        var adamw = new AdamW(2, learningRate: 0.01);
        Assert.Equal(0.01, adamw.WeightDecay);
        double[] p = [1.0, 3.0];
        adamw.Step(p, [0.5, 0.0]);
        Assert.Equal(1.0 * (1 - 0.01 * 0.01) - 0.01 * 0.5 / (0.5 + 1e-8), p[0], 15);
        Assert.Equal(3.0 * (1 - 0.01 * 0.01), p[1], 15);

        float[] pf = [1f, 3f];
        var adamwf = new AdamW(2, learningRate: 0.01);
        adamwf.Step(pf, [0.5f, 0f]);
        Assert.Equal((float)(1.0 * (1 - 0.0001) - 0.01 * 0.5 / (0.5 + 1e-8)), pf[0]);
    }

    [Fact]
    public void Several_buffers_step_like_one_flat_span()
    {
        double[] flat = [1, 2, 3, 4, 5];
        double[] gFlat = [0.1, -0.2, 0.3, -0.4, 0.5];
        double[] a = [1, 2], b = [3, 4, 5];
        double[] ga = [0.1, -0.2], gb = [0.3, -0.4, 0.5];
        var one = new Adam(5, learningRate: 0.1);
        var many = new Adam(5, learningRate: 0.1);
        var s1 = new Sgd(5, 0.1, momentum: 0.9);
        var s2 = new Sgd(5, 0.1, momentum: 0.9);
        double[] flat2 = (double[])flat.Clone(), a2 = (double[])a.Clone(), b2 = (double[])b.Clone();
        for (int step = 0; step < 3; step++)
        {
            one.Step(flat, gFlat);
            many.Step([a, b], [ga, gb]);
            s1.Step(flat2, gFlat);
            s2.Step([a2, b2], [ga, gb]);
        }
        Assert.Equal(flat, (double[])[.. a, .. b]);
        Assert.Equal(flat2, (double[])[.. a2, .. b2]);
        Assert.Throws<ArgumentException>(() => one.Step(new double[4], new double[4]));
        Assert.Throws<ArgumentException>(() => many.Step([a], [ga]));
        Assert.Throws<ArgumentException>(() => s1.Step(new double[5], new double[4]));
    }

    [Fact]
    public void Float_parameters_follow_the_double_update()
    {
        var d = new Sgd(2, 0.1, momentum: 0.5, weightDecay: 0.1);
        var f = new Sgd(2, 0.1, momentum: 0.5, weightDecay: 0.1);
        double[] pd = [1, -1];
        float[] pf = [1, -1];
        for (int k = 0; k < 4; k++)
        {
            d.Step(pd, [0.25, 0.5]);
            f.Step(pf, [0.25f, 0.5f]);
        }
        Assert.Equal(pd[0], pf[0], 6);
        Assert.Equal(pd[1], pf[1], 6);
        var adam = new Adam(2);
        adam.Step(pf, [1f, -1f]);
        adam.Reset();
        Assert.Equal(0, adam.StepCount);
    }
}
