using System;
using System.Collections.Generic;
using System.IO;
using AutoDiffGen.GradientClinic.Experiments;

namespace AutoDiffGen.GradientClinic;

/// <summary>The PNG files of a clinic run and the code that draws them from the measured results.</summary>
public static class Figures
{
    /// <summary>Per-layer gradient norms at initialization, one line per configuration.</summary>
    public const string LayerNormsInit = "vanishing-layer-norms-init.png";

    /// <summary>Per-layer gradient norms after training.</summary>
    public const string LayerNormsTrained = "vanishing-layer-norms-trained.png";

    /// <summary>Training loss curves of experiment 1.</summary>
    public const string VanishingLoss = "vanishing-loss.png";

    /// <summary>first/last ratio over the training steps of experiment 1.</summary>
    public const string VanishingRatio = "vanishing-first-last-ratio.png";

    /// <summary>Per-layer gradient norms of the N(0, 1) and He-initialized ReLU MLPs.</summary>
    public const string ExplodingLayerNorms = "exploding-mlp-layer-norms.png";

    /// <summary>Gradient norm over training steps for the MLP, with and without clipping.</summary>
    public const string ExplodingGradNorm = "exploding-mlp-grad-norm.png";

    /// <summary>Loss of the exploding MLP runs.</summary>
    public const string ExplodingLoss = "exploding-mlp-loss.png";

    /// <summary>Gradient norm over training steps for the RNN, with and without clipping.</summary>
    public const string RnnGradNorm = "rnn-grad-norm.png";

    /// <summary>Loss of the RNN runs.</summary>
    public const string RnnLoss = "rnn-loss.png";

    /// <summary>Every PNG a run writes.</summary>
    public static IReadOnlyList<string> All { get; } =
        [LayerNormsInit, LayerNormsTrained, VanishingLoss, VanishingRatio, ExplodingLayerNorms, ExplodingGradNorm, ExplodingLoss, RnnGradNorm, RnnLoss];

    /// <summary>Moving-average window of the loss curves.</summary>
    public const int LossWindow = 20;

    /// <summary>Draws every figure into <paramref name="folder"/>; <paramref name="drawn"/> is called after each.</summary>
    public static void Draw(ClinicResults results, string folder, Action<string>? drawn = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        int depth = results.MlpSettings.Depth;
        double[] layers = Range(1, depth);
        int steps = results.Options.Steps;
        double[] stepAxis = Range(0, steps);

        var init = new List<Series>();
        var trained = new List<Series>();
        var loss = new List<Series>();
        var ratio = new List<Series>();
        foreach (MlpRun run in results.Vanishing)
        {
            init.Add(new Series(run.Config.Name, layers, run.InitialLayerNorms));
            trained.Add(new Series(run.Config.Name, layers, run.FinalLayerNorms));
            loss.Add(new Series(run.Config.Name, stepAxis, Statistics.MovingAverage(run.Losses, LossWindow), DivergedAt: run.DivergedAtStep));
            ratio.Add(new Series(run.Config.Name, stepAxis, Statistics.MovingAverage(run.Ratios, LossWindow)));
        }
        string Path(string name) => System.IO.Path.Combine(folder, name);
        Plots.Line(Path(LayerNormsInit), "Per-layer gradient norm at initialization (20-layer MLP, width 32)",
            "dense layer (1 = input layer, 20 = output layer)", "‖∂L/∂W‖₂ of the layer", init, logY: true, integerX: true);
        drawn?.Invoke(LayerNormsInit);
        Plots.Line(Path(LayerNormsTrained), $"Per-layer gradient norm after {steps} SGD steps",
            "dense layer (1 = input layer, 20 = output layer)", "‖∂L/∂W‖₂ of the layer", trained, logY: true, integerX: true);
        drawn?.Invoke(LayerNormsTrained);
        Plots.Line(Path(VanishingLoss), $"Training loss, 20-layer MLP ({LossWindow}-step moving average)",
            "SGD step", "cross-entropy loss", loss, logY: false);
        drawn?.Invoke(VanishingLoss);
        Plots.Line(Path(VanishingRatio), $"First/last layer gradient-norm ratio in training ({LossWindow}-step average)",
            "SGD step", "‖∂L/∂W₁‖ / ‖∂L/∂W₂₀‖", ratio, logY: true,
            references: [new ReferenceLine("GradientHealth vanishing threshold 1e-3", 1e-3)]);
        drawn?.Invoke(VanishingRatio);

        var explodingLayers = new List<Series>();
        var explodingNorm = new List<Series>();
        var explodingLoss = new List<Series>();
        foreach (MlpRun run in results.ExplodingMlp)
        {
            if (run.Config.Cure == GradientCure.None) explodingLayers.Add(new Series(run.Config.Name, layers, run.InitialLayerNorms));
            explodingNorm.Add(new Series(run.Config.Name + " (before clipping)", stepAxis, run.GradientNorms, DivergedAt: run.DivergedAtStep));
            if (run.Config.Cure != GradientCure.None)
                explodingNorm.Add(new Series(run.Config.Name + " (after clipping)", stepAxis, run.AppliedNorms, Dashed: true));
            explodingLoss.Add(new Series(run.Config.Name, stepAxis, run.Losses, DivergedAt: run.DivergedAtStep));
        }
        Plots.Line(Path(ExplodingLayerNorms), "Per-layer gradient norm at initialization, deep ReLU MLP",
            "dense layer (1 = input layer, 20 = output layer)", "‖∂L/∂W‖₂ of the layer", explodingLayers, logY: true, integerX: true);
        drawn?.Invoke(ExplodingLayerNorms);
        Plots.Line(Path(ExplodingGradNorm), "Deep ReLU MLP: gradient norm per step, with and without clipping",
            "SGD step", "global gradient norm", explodingNorm, logY: true,
            references: [new ReferenceLine($"clip norm {ClinicExperiments.ClipNorm}", ClinicExperiments.ClipNorm)]);
        drawn?.Invoke(ExplodingGradNorm);
        Plots.Line(Path(ExplodingLoss), "Deep ReLU MLP: training loss per step", "SGD step", "cross-entropy loss", explodingLoss, logY: true);
        drawn?.Invoke(ExplodingLoss);

        var rnnNorm = new List<Series>();
        var rnnLoss = new List<Series>();
        foreach (RnnRun run in results.Rnn)
        {
            rnnNorm.Add(new Series(run.Config.Name + " (before clipping)", stepAxis, run.GradientNorms, DivergedAt: run.DivergedAtStep));
            if (run.Config.Cure != GradientCure.None)
                rnnNorm.Add(new Series(run.Config.Name + " (after clipping)", stepAxis, run.AppliedNorms, Dashed: true));
            rnnLoss.Add(new Series(run.Config.Name, stepAxis, run.Losses, DivergedAt: run.DivergedAtStep));
        }
        Plots.Line(Path(RnnGradNorm), $"RNN over {results.RnnSettings.SequenceLength} time steps: gradient norm per SGD step",
            "SGD step", "global gradient norm", rnnNorm, logY: true,
            references: [new ReferenceLine($"clip norm {ClinicExperiments.ClipNorm}", ClinicExperiments.ClipNorm)]);
        drawn?.Invoke(RnnGradNorm);
        Plots.Line(Path(RnnLoss), "RNN over 100 time steps: training loss per step", "SGD step", "mean squared error", rnnLoss, logY: true);
        drawn?.Invoke(RnnLoss);
    }

    private static double[] Range(int start, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = start + i;
        return values;
    }
}
