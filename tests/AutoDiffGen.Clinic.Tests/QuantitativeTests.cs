using System;
using AutoDiffGen.GradientClinic.Experiments;
using static AutoDiffGen.GradientClinic.Experiments.ClinicExperiments;

namespace AutoDiffGen.Clinic.Tests;

/// <summary>
/// The clinic's effects on the fixed seed. Each assertion fails if its effect disappears: the thresholds sit orders of
/// magnitude away from what the healthy or unhealthy counterpart measures (numbers in the comments are seed 42, 200 steps).
/// </summary>
public sealed class QuantitativeTests(ClinicRunFixture fixture) : IClassFixture<ClinicRunFixture>
{
    private ClinicResults R => fixture.Results;

    [Fact]
    public void SigmoidFirstLayerGradientIsAtLeast100TimesSmallerThanReluHeAtInitialization()
    {
        // Measured: sigmoid 1.5e-18, ReLU + He 1.35.
        double sigmoid = R.VanishingRun(Sigmoid).InitialLayerNorms[0];
        double reluHe = R.VanishingRun(ReluHe).InitialLayerNorms[0];
        Assert.True(sigmoid > 0 && double.IsFinite(sigmoid), $"sigmoid first-layer norm {sigmoid}");
        Assert.True(sigmoid * 100 <= reluHe, $"sigmoid {sigmoid:E3} vs ReLU + He {reluHe:E3}");
        // The sigmoid net's gradient shrinks layer by layer toward the input (it vanishes, rather than being small everywhere).
        Assert.True(R.VanishingRun(Sigmoid).InitialRatio < 1e-6, $"sigmoid first/last {R.VanishingRun(Sigmoid).InitialRatio:E3}");
    }

    [Fact]
    public void ResidualConnectionsKeepTheFirstLastRatioAboveOneTenthDuringTraining()
    {
        MlpRun residual = R.VanishingRun(ReluResidual);
        MlpRun plain = R.VanishingRun(Relu);
        // Measured: residual 0.069 at init (plain ReLU, same weights: 2.8e-8); median over training about 1 (plain: 1e-7).
        Assert.True(residual.InitialRatio >= 1e3 * plain.InitialRatio, $"residual {residual.InitialRatio:E3} vs plain {plain.InitialRatio:E3}");
        Assert.True(residual.MedianRatio > 0.1, $"residual median first/last over training {residual.MedianRatio:E3}");
        Assert.True(plain.MedianRatio < 1e-3, $"plain ReLU median first/last {plain.MedianRatio:E3}");
    }

    [Fact]
    public void RnnWithoutClippingExplodesWhileClippedTrainingStaysBoundedByTheClipNorm()
    {
        RnnRun unclipped = R.RnnRun(RnnNoCure);
        double first = unclipped.GradientNorms[0];
        Assert.True(first >= 1e6 || !double.IsFinite(first), $"first-step norm {first:E3}");
        Assert.True(unclipped.DivergedAtStep >= 0, "the unclipped RNN should reach a non-finite loss or gradient");

        RnnRun clipped = R.RnnRun(RnnGlobal);
        Assert.Equal(-1, clipped.DivergedAtStep);
        Assert.True(clipped.GradientNorms[0] >= 1e6, $"the clipped run starts from the same exploding gradient ({clipped.GradientNorms[0]:E3})");
        foreach (double applied in clipped.AppliedNorms)
            Assert.True(applied <= ClipNorm * (1 + 1e-9), $"a clipped step used norm {applied}");
        foreach (double loss in clipped.Losses) Assert.True(double.IsFinite(loss), "a clipped step had a non-finite loss");
        Assert.True(clipped.FinalLoss < clipped.InitialLoss * 1e-3, $"clipped loss {clipped.InitialLoss:E3} -> {clipped.FinalLoss:E3}");

        RnnRun valueClipped = R.RnnRun(RnnValue);
        Assert.Equal(-1, valueClipped.DivergedAtStep);
        double bound = RnnClipValue * Math.Sqrt(R.RnnSettings.Hidden * R.RnnSettings.Hidden + 3 * R.RnnSettings.Hidden + 1);
        foreach (double applied in valueClipped.AppliedNorms) Assert.True(applied <= bound, $"a value-clipped step used norm {applied} > {bound}");
    }

    [Fact]
    public void DeepReluWithStandardNormalWeightsExplodesAndDivergesWhileHeInitTrains()
    {
        MlpRun std = R.ExplodingRun(StdNormal);
        Assert.True(std.GradientNorms[0] >= 1e6, $"first-step norm {std.GradientNorms[0]:E3}");
        Assert.True(std.DivergedAtStep >= 0, "N(0, 1) weights should diverge");
        MlpRun he = R.ExplodingRun(HeCure);
        Assert.Equal(-1, he.DivergedAtStep);
        Assert.True(he.GradientNorms[0] < 1e3, $"He first-step norm {he.GradientNorms[0]:E3}");
        MlpRun clipped = R.ExplodingRun(StdNormalGlobal);
        Assert.Equal(-1, clipped.DivergedAtStep);
        foreach (double applied in clipped.AppliedNorms) Assert.True(applied <= ClipNorm * (1 + 1e-9), $"a clipped step used norm {applied}");
    }

    [Fact]
    public void CuresTrainAndVanishingConfigurationsStayAtChance()
    {
        // Measured at 200 steps: sigmoid 50 %, ReLU + He and sigmoid + batch norm above 95 %.
        Assert.True(R.VanishingRun(Sigmoid).TestAccuracy < 0.6, $"sigmoid {R.VanishingRun(Sigmoid).TestAccuracy}");
        Assert.True(R.VanishingRun(ReluHe).TestAccuracy > 0.85, $"ReLU + He {R.VanishingRun(ReluHe).TestAccuracy}");
        Assert.True(R.VanishingRun(SigmoidBatchNorm).TestAccuracy > 0.85, $"sigmoid + BN {R.VanishingRun(SigmoidBatchNorm).TestAccuracy}");
        Assert.True(R.VanishingRun(SigmoidBatchNorm).InitialRatio > 0.1, $"sigmoid + BN first/last {R.VanishingRun(SigmoidBatchNorm).InitialRatio:E3}");
        Assert.True(R.VanishingRun(TanhGlorot).InitialRatio > 10 * R.VanishingRun(Tanh).InitialRatio, "Glorot should lift tanh's first/last ratio");
    }

    [Fact]
    public void GradientHealthFlagsVanishingAndExplodingRuns()
    {
        Assert.True(R.VanishingRun(Sigmoid).Health.AnyVerdict.HasFlag(GradientHealthVerdict.Vanishing));
        Assert.Equal(GradientHealthVerdict.Vanishing, R.VanishingRun(Sigmoid).InitialVerdict & GradientHealthVerdict.Vanishing);
        Assert.False(R.VanishingRun(SigmoidBatchNorm).Health.AnyVerdict.HasFlag(GradientHealthVerdict.Vanishing));
        Assert.True(R.ExplodingRun(StdNormal).Health.AnyVerdict.HasFlag(GradientHealthVerdict.Exploding));
        Assert.True(R.RnnRun(RnnNoCure).Health.AnyVerdict.HasFlag(GradientHealthVerdict.Exploding));
        Assert.False(R.RnnRun(RnnGlobal).Health.AnyVerdict.HasFlag(GradientHealthVerdict.Exploding));
    }
}
