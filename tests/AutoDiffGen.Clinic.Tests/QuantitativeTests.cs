using System;
using AutoDiffGen.GradientClinic.Experiments;
using static AutoDiffGen.GradientClinic.Experiments.ClinicExperiments;

namespace AutoDiffGen.Clinic.Tests;

/// <summary>
/// The clinic's effects on the fixed seed. Each assertion fails if its effect disappears: the thresholds sit orders of
/// magnitude away from what the healthy or unhealthy counterpart measures (numbers in the comments are seed 42).
/// </summary>
public sealed class QuantitativeTests(ClinicRunFixture fixture) : IClassFixture<ClinicRunFixture>
{
    private ClinicRunFixture R => fixture;

    [Fact]
    public void SigmoidFirstLayerGradientIsAtLeast100TimesSmallerThanReluHeAtInitialization()
    {
        // Measured: sigmoid 1.5e-18, ReLU + He 1.35.
        double sigmoid = R.Mlp(Sigmoid).InitialLayerNorms[0];
        double reluHe = R.Mlp(ReluHe).InitialLayerNorms[0];
        Assert.True(sigmoid > 0 && double.IsFinite(sigmoid), $"sigmoid first-layer norm {sigmoid}");
        Assert.True(sigmoid * 100 <= reluHe, $"sigmoid {sigmoid:E3} vs ReLU + He {reluHe:E3}");
        // The sigmoid net's gradient shrinks layer by layer toward the input (it vanishes, rather than being small everywhere).
        Assert.True(R.Mlp(Sigmoid).InitialRatio < 1e-6, $"sigmoid first/last {R.Mlp(Sigmoid).InitialRatio:E3}");
    }

    [Fact]
    public void ResidualConnectionsKeepTheFirstLastRatioAboveOneTenthDuringTraining()
    {
        MlpRun residual = R.Mlp(ReluResidual);
        MlpRun plain = R.Mlp(Relu);
        // Measured: residual 0.063 at init (plain ReLU, same weights: 2.8e-8); median over 80 steps 0.195 (plain: 4.7e-8).
        Assert.True(residual.InitialRatio >= 1e3 * plain.InitialRatio, $"residual {residual.InitialRatio:E3} vs plain {plain.InitialRatio:E3}");
        Assert.True(residual.MedianRatio > 0.1, $"residual median first/last over training {residual.MedianRatio:E3}");
        Assert.True(plain.MedianRatio < 1e-3, $"plain ReLU median first/last {plain.MedianRatio:E3}");
    }

    [Fact]
    public void RnnWithoutClippingExplodesWhileClippedTrainingStaysBoundedByTheClipNorm()
    {
        RnnRun unclipped = R.Rnn(RnnNoCure);
        double first = unclipped.GradientNorms[0];
        Assert.True(first >= 1e6 || !double.IsFinite(first), $"first-step norm {first:E3}");
        Assert.True(unclipped.DivergedAtStep >= 0, "the unclipped RNN should reach a non-finite loss or gradient");

        RnnRun clipped = R.Rnn(RnnGlobal);
        Assert.Equal(-1, clipped.DivergedAtStep);
        Assert.True(clipped.GradientNorms[0] >= 1e6, $"the clipped run starts from the same exploding gradient ({clipped.GradientNorms[0]:E3})");
        foreach (double applied in clipped.AppliedNorms)
            Assert.True(applied <= ClipNorm * (1 + 1e-9), $"a clipped step used norm {applied}");
        foreach (double loss in clipped.Losses) Assert.True(double.IsFinite(loss), "a clipped step had a non-finite loss");
        Assert.True(clipped.FinalLoss < clipped.InitialLoss * 1e-6, $"clipped loss {clipped.InitialLoss:E3} -> {clipped.FinalLoss:E3}");

        RnnRun valueClipped = R.Rnn(RnnValue);
        Assert.Equal(-1, valueClipped.DivergedAtStep);
        double bound = RnnClipValue * Math.Sqrt(R.RnnSettings.Hidden * R.RnnSettings.Hidden + 3 * R.RnnSettings.Hidden + 1);
        foreach (double applied in valueClipped.AppliedNorms) Assert.True(applied <= bound, $"a value-clipped step used norm {applied} > {bound}");
    }

    [Fact]
    public void CuredRnnsLearnTheTaskToATenthOfTheMeanPredictorsError()
    {
        // Measured: ClipByGlobalNorm 0.9 %, Glorot 0.14 % of the mean predictor's test MSE (which is about 1: unit-variance targets).
        foreach (string name in new[] { RnnGlobal, RnnGlorot })
        {
            RnnRun run = R.Rnn(name);
            Assert.Equal(-1, run.DivergedAtStep);
            Assert.True(run.BaselineLoss is > 0.7 and < 1.4, $"{name}: the mean predictor scores {run.BaselineLoss}");
            Assert.True(run.TestLossOverBaseline <= LearnedFraction, $"{name}: test MSE {run.TestLoss:E3} is {run.TestLossOverBaseline:P1} of the mean predictor's {run.BaselineLoss:E3}");
        }
    }

    [Fact]
    public void GradientHealthVerdictsOnTheCuredRnnsAgreeWithTheirDeadUnits()
    {
        // Measured: the clipped run ends with 5 of 16 units that never fire and is flagged on 712 of 800 steps; Glorot: 2 dead, healthy.
        RnnRun clipped = R.Rnn(RnnGlobal), glorot = R.Rnn(RnnGlorot);
        Assert.Equal(GradientHealthVerdict.Healthy, glorot.Health.AnyVerdict);
        Assert.True(glorot.DeadUnits <= R.RnnSettings.Hidden / 4, $"Glorot RNN: {glorot.DeadUnits} dead units");
        Assert.Equal(clipped.DeadUnits > glorot.DeadUnits, clipped.Health.AnyVerdict.HasFlag(GradientHealthVerdict.DyingRelu));
        Assert.False(clipped.Health.AnyVerdict.HasFlag(GradientHealthVerdict.Exploding));
    }

    [Fact]
    public void DeepReluWithStandardNormalWeightsExplodesAndDivergesWhileHeInitTrains()
    {
        MlpRun std = R.Mlp(StdNormal);
        Assert.True(std.GradientNorms[0] >= 1e6, $"first-step norm {std.GradientNorms[0]:E3}");
        Assert.True(std.DivergedAtStep >= 0, "N(0, 1) weights should diverge");
        MlpRun he = R.Mlp(ReluHe); // the He cure is experiment 1's ReLU + He run
        Assert.Equal(-1, he.DivergedAtStep);
        Assert.True(he.GradientNorms[0] < 1e3, $"He first-step norm {he.GradientNorms[0]:E3}");
        MlpRun clipped = R.Mlp(StdNormalGlobal);
        Assert.Equal(-1, clipped.DivergedAtStep);
        foreach (double applied in clipped.AppliedNorms) Assert.True(applied <= ClipNorm * (1 + 1e-9), $"a clipped step used norm {applied}");
    }

    [Fact]
    public void CuresTrainAndVanishingConfigurationsStayAtChance()
    {
        // Measured: plain ReLU (default init) at chance, 50 %, after 80 steps; ReLU + He 94.5 % after 120 steps.
        Assert.True(R.Mlp(Relu).TestAccuracy < 0.6, $"ReLU {R.Mlp(Relu).TestAccuracy}");
        Assert.True(R.Mlp(ReluHe).TestAccuracy > 0.85, $"ReLU + He {R.Mlp(ReluHe).TestAccuracy}");
        Assert.True(R.Mlp(SigmoidBatchNorm).InitialRatio > 0.1, $"sigmoid + BN first/last {R.Mlp(SigmoidBatchNorm).InitialRatio:E3}");
        Assert.True(R.Mlp(TanhGlorot).InitialRatio > 10 * R.Mlp(Tanh).InitialRatio, "Glorot should lift tanh's first/last ratio");
    }

    [Fact]
    public void GradientHealthFlagsVanishingAndExplodingRuns()
    {
        Assert.True(R.Mlp(Sigmoid).Health.AnyVerdict.HasFlag(GradientHealthVerdict.Vanishing));
        Assert.Equal(GradientHealthVerdict.Vanishing, R.Mlp(Sigmoid).InitialVerdict & GradientHealthVerdict.Vanishing);
        Assert.False(R.Mlp(SigmoidBatchNorm).Health.AnyVerdict.HasFlag(GradientHealthVerdict.Vanishing));
        Assert.True(R.Mlp(StdNormal).Health.AnyVerdict.HasFlag(GradientHealthVerdict.Exploding));
        Assert.True(R.Rnn(RnnNoCure).Health.AnyVerdict.HasFlag(GradientHealthVerdict.Exploding));
        Assert.False(R.Rnn(RnnGlobal).Health.AnyVerdict.HasFlag(GradientHealthVerdict.Exploding));
    }
}
