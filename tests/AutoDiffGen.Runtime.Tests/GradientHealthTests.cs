using System;

namespace AutoDiffGen.Runtime.Tests;

public class GradientHealthTests
{
    [Fact]
    public void Flags_follow_the_AutoTrainer_thresholds()
    {
        var health = new GradientHealth(3);
        Assert.Equal(GradientHealthVerdict.Healthy, health.Evaluate([0.5, 0.3, 1.0]));
        Assert.Equal(GradientHealthVerdict.Vanishing, health.Evaluate([1e-6, 0.1, 1e-2])); // ratio 1e-4, first < 1e-4
        Assert.Equal(GradientHealthVerdict.Healthy, health.Evaluate([5e-6, 0.1, 1e-3]));   // ratio 5e-3
        Assert.Equal(GradientHealthVerdict.Healthy, health.Evaluate([2e-4, 1, 1]));        // ratio 2e-4 but first ≥ 1e-4
        Assert.Equal(GradientHealthVerdict.Exploding, health.Evaluate([71, 1, 1]));
        Assert.Equal(GradientHealthVerdict.Healthy, health.Evaluate([70, 1, 1]));
        Assert.Equal(GradientHealthVerdict.Exploding, health.Evaluate([1, double.NaN, 1]));
        Assert.Equal(GradientHealthVerdict.Exploding, health.Evaluate([1, 1, double.PositiveInfinity]));
        Assert.Equal(GradientHealthVerdict.DyingRelu, health.Evaluate([1, 1, 1], [0.1, 0.7, 0.0]));
        Assert.Equal(GradientHealthVerdict.Healthy, health.Evaluate([1, 1, 1], [0.1, 0.69, 0.0]));
        Assert.Equal(GradientHealthVerdict.Vanishing | GradientHealthVerdict.DyingRelu, health.Evaluate([1e-7, 1, 1], [0.9, 0, 0]));
        Assert.Throws<ArgumentException>(() => health.Evaluate([1, 1]));
    }

    [Fact]
    public void Thresholds_are_parameters()
    {
        var strict = new GradientHealth(2, vanishingRatio: 0.1, vanishingFirstNorm: 1, explodingRatio: 5, dyingReluZeroFraction: 0.5);
        Assert.Equal(GradientHealthVerdict.Vanishing, strict.Evaluate([0.05, 1]));
        Assert.Equal(GradientHealthVerdict.Exploding, strict.Evaluate([6, 1]));
        Assert.Equal(GradientHealthVerdict.DyingRelu, strict.Evaluate([1, 1], [0.5, 0]));
    }

    [Fact]
    public void Recording_gradients_counts_steps_and_summarizes()
    {
        var health = new GradientHealth(2, ["hidden", "output"]);
        double[] hidden = new double[10], output = [0.5, -0.5];
        hidden[0] = 1e-3;
        hidden[1] = -1e-3; // 80 % exact zeros
        Assert.Equal(GradientHealthVerdict.DyingRelu, health.RecordGradients(0, [hidden, output]));
        Assert.Equal(Math.Sqrt(2e-6), health.LastNorms[0], 15);
        Assert.Equal(GradientHealthVerdict.Exploding, health.Record(1, [100.0, 1.0]));
        Assert.Equal(GradientHealthVerdict.Healthy, health.Record(2, [1.0, 1.0], [0.1, 0.0]));
        float[] fh = new float[10], fo = [1f];
        // All-zero first layer: norm 0 (ratio 0 < 1e-3 and 0 < 1e-4: vanishing) and 100 % zeros (dying ReLU).
        Assert.Equal(GradientHealthVerdict.Vanishing | GradientHealthVerdict.DyingRelu, health.RecordGradients(3, [fh, fo]));
        Assert.Equal(4, health.StepsRecorded);
        Assert.Equal(2, health.StepsFlagged(GradientHealthVerdict.DyingRelu));
        Assert.Equal(1, health.StepsFlagged(GradientHealthVerdict.Exploding));
        Assert.Equal(1, health.StepsFlagged(GradientHealthVerdict.Vanishing));
        Assert.Equal(GradientHealthVerdict.Vanishing | GradientHealthVerdict.Exploding | GradientHealthVerdict.DyingRelu, health.AnyVerdict);
        string summary = health.Summary();
        Assert.Contains("4 recorded step(s)", summary);
        Assert.Contains("DyingRelu: 2 step(s), first at step 0", summary);
        Assert.Contains("Exploding: 1 step(s), first at step 1", summary);
        Assert.Contains("hidden: norm 0", summary);
        Assert.Contains("zero gradients 100.0 %", summary);
        Assert.Contains("Vanishing: 1 step(s), first at step 3", summary);
        Assert.Throws<ArgumentOutOfRangeException>(() => health.StepsFlagged(GradientHealthVerdict.Healthy));
        health.Reset();
        Assert.Equal(0, health.StepsRecorded);
        Assert.Contains("healthy", health.Summary());
    }

    [Fact]
    public void Helpers_compute_norm_and_zero_fraction()
    {
        Assert.Equal(5.0, GradientHealth.Norm([3.0, 4.0]));
        Assert.Equal(5.0, GradientHealth.Norm([3f, 4f]));
        Assert.Equal(0.5, GradientHealth.ZeroFraction([0.0, 1.0, -0.0, 2.0]));
        Assert.Equal(0.25, GradientHealth.ZeroFraction([0f, 1f, 3f, 2f]));
        Assert.Equal(0.0, GradientHealth.ZeroFraction(ReadOnlySpan<double>.Empty));
    }
}
