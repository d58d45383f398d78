using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using AutoDiffGen.GradientClinic.Experiments;
using static AutoDiffGen.GradientClinic.Experiments.ClinicExperiments;

namespace AutoDiffGen.GradientClinic;

/// <summary>One claim of the clinic with the verdict of this run's measurements.</summary>
/// <param name="Number">Its number in the report.</param>
/// <param name="Title">The claim.</param>
/// <param name="Holds">Whether this run's numbers meet the stated criterion.</param>
/// <param name="Criterion">What "holds" means, in numbers.</param>
/// <param name="Evidence">The measured numbers (markdown).</param>
/// <param name="FigureFiles">The pictures that show it.</param>
public sealed record Claim(int Number, string Title, bool Holds, string Criterion, string Evidence, IReadOnlyList<string> FigureFiles);

/// <summary>Writes report.md: the claims one by one, each with its measured evidence and picture, then the full tables.</summary>
public static class Report
{
    /// <summary>The report's file name.</summary>
    public const string FileName = "report.md";

    /// <summary>The section headings every report has (the smoke test checks them).</summary>
    public static IReadOnlyList<string> Sections { get; } =
        ["# Gradient Clinic report", "## Setup", "## Claims", "## Experiment 1: vanishing gradients", "## Experiment 2: exploding gradients", "## GradientHealth verdicts"];

    /// <summary>Evaluates the claims on <paramref name="r"/>.</summary>
    public static IReadOnlyList<Claim> Claims(ClinicResults r)
    {
        ArgumentNullException.ThrowIfNull(r);
        MlpRun sigmoid = r.VanishingRun(Sigmoid), tanh = r.VanishingRun(Tanh), relu = r.VanishingRun(Relu),
            leaky = r.VanishingRun(LeakyRelu), prelu = r.VanishingRun(PRelu), reluHe = r.VanishingRun(ReluHe),
            tanhGlorot = r.VanishingRun(TanhGlorot), sigmoidBn = r.VanishingRun(SigmoidBatchNorm), residual = r.VanishingRun(ReluResidual);
        MlpRun unscaled = r.UnscaledResidual;
        MlpRun std = r.ExplodingRun(StdNormal), stdGlobal = r.ExplodingRun(StdNormalGlobal), stdValue = r.ExplodingRun(StdNormalValue), he = r.ExplodingRun(HeCure);
        RnnRun rnn = r.RnnRun(RnnNoCure), rnnGlobal = r.RnnRun(RnnGlobal), rnnValue = r.RnnRun(RnnValue), rnnGlorot = r.RnnRun(RnnGlorot);
        int depth = r.MlpSettings.Depth;
        var claims = new List<Claim>();

        double sigmoidPerLayer = Math.Pow(sigmoid.InitialLayerNorms[^1] / sigmoid.InitialLayerNorms[0], 1.0 / (depth - 1));
        double heOverSigmoid = reluHe.InitialLayerNorms[0] / sigmoid.InitialLayerNorms[0];
        claims.Add(new Claim(1, "In a deep stack of saturating activations (sigmoid, tanh) the gradient vanishes on its way back to the input.",
            sigmoid.InitialRatio < 1e-3 && tanh.InitialRatio < 1e-2 && heOverSigmoid >= 100,
            "at initialization, first/last layer gradient-norm ratio < 1e-3 for sigmoid and < 1e-2 for tanh, and the sigmoid net's first-layer norm at least 100× below the ReLU + He net's",
            $"At initialization the sigmoid net's first layer gets ‖∂L/∂W₁‖ = {N(sigmoid.InitialLayerNorms[0])} against {N(sigmoid.InitialLayerNorms[^1])} for the last layer: " +
            $"a first/last ratio of **{N(sigmoid.InitialRatio)}**, a factor {N(sigmoidPerLayer)} lost per layer (sigmoid′ ≤ 1/4). " +
            $"tanh (PyTorch's default init): ratio **{N(tanh.InitialRatio)}**, first layer {N(tanh.InitialLayerNorms[0])}. " +
            $"The ReLU + He net's first layer gets {N(reluHe.InitialLayerNorms[0])}, **{N(heOverSigmoid)}×** the sigmoid net's.",
            [Figures.LayerNormsInit]));

        double worstReluRatio = Math.Max(relu.InitialRatio, Math.Max(leaky.InitialRatio, prelu.InitialRatio));
        claims.Add(new Claim(2, "ReLU-family activations do not help on their own when the initialization shrinks the signal; He initialization does.",
            worstReluRatio < 1e-3 && reluHe.InitialRatio > 1e-2,
            "ratio < 1e-3 for ReLU, Leaky ReLU and PReLU with PyTorch's default U(±1/√fanIn) weights, and > 1e-2 for ReLU + He",
            $"With PyTorch's default nn.Linear weights (variance 1/(3·fanIn), a third of what ReLU needs) the first/last ratio is " +
            $"{N(relu.InitialRatio)} (ReLU), {N(leaky.InitialRatio)} (Leaky ReLU), {N(prelu.InitialRatio)} (PReLU, α = 0.25). " +
            $"The same ReLU net with He weights (variance 2/fanIn): ratio **{N(reluHe.InitialRatio)}**, first layer {N(reluHe.InitialLayerNorms[0])} " +
            $"instead of {N(relu.InitialLayerNorms[0])}.",
            [Figures.LayerNormsInit]));

        claims.Add(new Claim(3, "Glorot initialization keeps a tanh network's gradients alive.",
            tanhGlorot.InitialRatio > 10 * tanh.InitialRatio && tanhGlorot.TestAccuracy > tanh.TestAccuracy + 0.2,
            "tanh + Glorot ratio at least 10× tanh's at initialization, and test accuracy at least 20 points higher after training",
            $"first/last ratio at initialization {N(tanhGlorot.InitialRatio)} (tanh + Glorot) vs {N(tanh.InitialRatio)} (tanh, default init); " +
            $"first-layer norm {N(tanhGlorot.InitialLayerNorms[0])} vs {N(tanh.InitialLayerNorms[0])}. " +
            $"Test accuracy after {r.Options.Steps} steps: {Format.Percent(tanhGlorot.TestAccuracy)} vs {Format.Percent(tanh.TestAccuracy)}.",
            [Figures.LayerNormsInit, Figures.VanishingLoss]));

        double bnOverSigmoid = sigmoidBn.InitialLayerNorms[0] / sigmoid.InitialLayerNorms[0];
        claims.Add(new Claim(4, "Batch normalization rescues the deep sigmoid network.",
            sigmoidBn.InitialRatio > 0.1 && bnOverSigmoid >= 1e6,
            "sigmoid + batch norm ratio > 0.1 and its first-layer norm at least 10⁶× the plain sigmoid net's",
            $"Normalizing each pre-activation to zero mean and unit variance keeps sigmoid in its steep middle and undoes the weights' shrinking: " +
            $"ratio **{N(sigmoidBn.InitialRatio)}** instead of {N(sigmoid.InitialRatio)}, first layer {N(sigmoidBn.InitialLayerNorms[0])} ({N(bnOverSigmoid)}× the plain net's). " +
            $"Test accuracy {Format.Percent(sigmoidBn.TestAccuracy)} vs {Format.Percent(sigmoid.TestAccuracy)}.",
            [Figures.LayerNormsInit, Figures.VanishingLoss]));

        double residualGain = residual.InitialRatio / relu.InitialRatio;
        claims.Add(new Claim(5, "Residual connections keep the gradient flowing to the first layer.",
            residualGain >= 1e3 && residual.MedianRatio > 0.1,
            "ratio at initialization at least 1000× the plain ReLU net's (same weights), and median first/last ratio over the training steps > 0.1",
            $"With h ← h + F(h)/√{ResidualBlocks} around the 18 hidden width-32 layers (same default init as the plain ReLU net) the identity path carries the gradient back: " +
            $"ratio {N(residual.InitialRatio)} at initialization ({N(residualGain)}× the plain net's {N(relu.InitialRatio)}), " +
            $"median over training **{N(residual.MedianRatio)}** (plain ReLU: {N(relu.MedianRatio)}); test accuracy {Format.Percent(residual.TestAccuracy)} vs {Format.Percent(relu.TestAccuracy)}. " +
            $"Why the 1/√{ResidualBlocks} branch scale: with full-scale branches every block adds a positive ReLU output to the stream, which grows toward the output layer — measured with the same weights: " +
            $"last-layer norm {N(unscaled.InitialLayerNorms[^1])} instead of {N(residual.InitialLayerNorms[^1])}, ratio {N(unscaled.InitialRatio)} at initialization, largest gradient norm in training {N(Statistics.MaxOrInfinity(unscaled.GradientNorms))} " +
            $"instead of {N(Statistics.MaxOrInfinity(residual.GradientNorms))}, initial loss {N(unscaled.InitialLoss)}, " +
            $"{(unscaled.DivergedAtStep >= 0 ? $"diverged at step {unscaled.DivergedAtStep}" : $"median ratio in training {N(unscaled.MedianRatio)}, test accuracy {Format.Percent(unscaled.TestAccuracy)}")}.",
            [Figures.VanishingRatio, Figures.LayerNormsInit]));

        MlpRun[] vanishingRuns = [sigmoid, tanh, relu, leaky, prelu];
        MlpRun[] cures = [reluHe, tanhGlorot, sigmoidBn, residual];
        double bestVanishing = vanishingRuns.Max(run => Safe(run.TestAccuracy));
        double worstCure = cures.Min(run => Safe(run.TestAccuracy));
        claims.Add(new Claim(6, "Vanishing gradients stall training; the cures train.",
            bestVanishing < 0.65 && worstCure >= 0.9,
            "every vanishing configuration below 65 % test accuracy and every cure at 90 % or more",
            $"Test accuracy after {r.Options.Steps} SGD steps on the two circles (chance: 50 %): " +
            string.Join(", ", vanishingRuns.Select(run => $"{run.Config.Name} {Format.Percent(run.TestAccuracy)}")) + "; cures: " +
            string.Join(", ", cures.Select(run => $"{run.Config.Name} {Format.Percent(run.TestAccuracy)}")) +
            $". Final training loss (mean of the last 10 steps): sigmoid {N(sigmoid.FinalLoss)} (ln 2 = 0.693 is a coin flip), ReLU + He {N(reluHe.FinalLoss)}.",
            [Figures.VanishingLoss, Figures.LayerNormsTrained]));

        claims.Add(new Claim(7, "Too-large initialization makes a deep ReLU network's gradients explode and training diverge.",
            std.GradientNorms[0] >= 1e6 && std.DivergedAtStep >= 0,
            "global gradient norm ≥ 1e6 at the first step and a non-finite loss or gradient during training",
            $"With N(0, 1) weights each layer multiplies the signal by about √(32/2) = 4, so the logits' root mean square at initialization is {N(std.InitialLogitRms)} (He init: {N(he.InitialLogitRms)}) and the first step's gradient norm is **{N(std.GradientNorms[0])}** " +
            $"(per layer {N(std.InitialLayerNorms.Min())} to {N(std.InitialLayerNorms.Max())}). One SGD step later the weights are enormous: the loss or gradient is **non-finite at step {Format.Step(std.DivergedAtStep)}**. " +
            $"He initialization: first-step norm {N(he.GradientNorms[0])}, never diverged, test accuracy {Format.Percent(he.TestAccuracy)}.",
            [Figures.ExplodingLayerNorms, Figures.ExplodingGradNorm, Figures.ExplodingLoss]));

        claims.Add(new Claim(8, $"A vanilla RNN with recurrent weight > 1 over {r.RnnSettings.SequenceLength} steps has exploding gradients and diverges.",
            (rnn.GradientNorms[0] >= 1e6 || !double.IsFinite(rnn.GradientNorms[0])) && rnn.DivergedAtStep >= 0,
            "gradient norm ≥ 1e6 (or non-finite) at the first step, and a non-finite loss or gradient during training",
            $"hₜ = relu(W hₜ₋₁ + U xₜ + b) with W = {RnnTraining.RecurrentGain.ToString(CultureInfo.InvariantCulture)}·I: the state grows like 1.1ᵗ and the gradient through {r.RnnSettings.SequenceLength} steps like 1.1¹⁰⁰ ≈ 1.4·10⁴ per factor. " +
            $"First-step gradient norm **{N(rnn.GradientNorms[0])}**, non-finite at step **{Format.Step(rnn.DivergedAtStep)}**. " +
            $"With Glorot-initialized W the first-step norm is {N(rnnGlorot.GradientNorms[0])} and training {(rnnGlorot.DivergedAtStep < 0 ? "stays finite" : $"diverged at step {rnnGlorot.DivergedAtStep}")} " +
            $"(test MSE {N(rnnGlorot.TestLoss)}; predicting the mean target scores {N(rnnGlorot.BaselineLoss)}).",
            [Figures.RnnGradNorm, Figures.RnnLoss]));

        int rnnParameters = r.RnnSettings.Hidden * r.RnnSettings.Hidden + 3 * r.RnnSettings.Hidden + 1;
        int mlpParameters = ((IDifferentiableModel)new Networks.DeepMlp(r.MlpSettings.Width, depth, 0)).ParameterCount;
        double rnnValueBound = RnnClipValue * Math.Sqrt(rnnParameters), mlpValueBound = MlpClipValue * Math.Sqrt(mlpParameters);
        bool clippedBounded =
            stdGlobal.DivergedAtStep < 0 && rnnGlobal.DivergedAtStep < 0 && stdValue.DivergedAtStep < 0 && rnnValue.DivergedAtStep < 0 &&
            Statistics.MaxOrInfinity(stdGlobal.AppliedNorms) <= ClipNorm * (1 + 1e-9) && Statistics.MaxOrInfinity(rnnGlobal.AppliedNorms) <= ClipNorm * (1 + 1e-9) &&
            Statistics.MaxOrInfinity(stdValue.AppliedNorms) <= mlpValueBound && Statistics.MaxOrInfinity(rnnValue.AppliedNorms) <= rnnValueBound;
        claims.Add(new Claim(9, "Clipping keeps exploding training finite and bounded; a matched initialization removes the cause.",
            clippedBounded && he.DivergedAtStep < 0 && rnnGlorot.DivergedAtStep < 0,
            $"every clipped run finite throughout, each step's clipped norm ≤ {N(ClipNorm)} (ClipByGlobalNorm) or ≤ limit·√parameters (ClipByValue), and the He / Glorot runs finite without clipping",
            $"Same N(0, 1) MLP and 1.1·I RNN, gradients clipped before each SGD step. " +
            $"ClipByGlobalNorm({N(ClipNorm)}): largest norm before clipping {N(Statistics.MaxOrInfinity(stdGlobal.GradientNorms))} (MLP) / {N(Statistics.MaxOrInfinity(rnnGlobal.GradientNorms))} (RNN), " +
            $"after clipping {N(Statistics.MaxOrInfinity(stdGlobal.AppliedNorms))} / {N(Statistics.MaxOrInfinity(rnnGlobal.AppliedNorms))}; loss {N(stdGlobal.InitialLoss)} → {N(stdGlobal.FinalLoss)} (MLP, test accuracy {Format.Percent(stdGlobal.TestAccuracy)}) " +
            $"and {N(rnnGlobal.InitialLoss)} → {N(rnnGlobal.FinalLoss)} (RNN, test MSE {N(rnnGlobal.TestLoss)}). " +
            $"ClipByValue({N(MlpClipValue)} MLP, {N(RnnClipValue)} RNN): largest clipped norm {N(Statistics.MaxOrInfinity(stdValue.AppliedNorms))} (bound {N(mlpValueBound)}) / {N(Statistics.MaxOrInfinity(rnnValue.AppliedNorms))} (bound {N(rnnValueBound)}); " +
            $"loss {N(stdValue.InitialLoss)} → {N(stdValue.FinalLoss)} (MLP, test accuracy {Format.Percent(stdValue.TestAccuracy)}) and {N(rnnValue.InitialLoss)} → {N(rnnValue.FinalLoss)} (RNN). " +
            (rnnValue.DivergedAtStep < 0 && rnnValue.FinalLoss > 0.1 * rnnValue.InitialLoss
                ? $"ClipByValue kept the RNN finite but its loss did not fall in {r.Options.Steps} steps: clamping every entry to ±{N(RnnClipValue)} keeps the signs of a gradient dominated by a few huge entries but not its direction. "
                : "") +
            $"Clipping bounds each step but leaves the cause: the clipped N(0, 1) MLP still sees gradient norms of {N(Statistics.Median(stdGlobal.GradientNorms))} (median) and a loss far above the He net's {N(he.FinalLoss)}. " +
            $"He init (MLP) and Glorot init (RNN) start with norms {N(he.GradientNorms[0])} and {N(rnnGlorot.GradientNorms[0])} and never need clipping.",
            [Figures.ExplodingGradNorm, Figures.RnnGradNorm, Figures.ExplodingLoss, Figures.RnnLoss]));

        int hidden = r.RnnSettings.Hidden;
        claims.Add(new Claim(10, "Cured, the RNN learns its task.",
            rnnGlobal.TestLossOverBaseline <= LearnedFraction && rnnGlorot.TestLossOverBaseline <= LearnedFraction,
            $"test MSE of the ClipByGlobalNorm run and of the Glorot run at most {Format.Percent(LearnedFraction)} of the mean predictor's",
            $"After {r.Options.Steps} SGD steps the held-out mean squared error is **{Format.Percent(rnnGlobal.TestLossOverBaseline)}** of always predicting the mean target with W = 1.1·I + ClipByGlobalNorm " +
            $"({N(rnnGlobal.TestLoss)} vs {N(rnnGlobal.BaselineLoss)}) and **{Format.Percent(rnnGlorot.TestLossOverBaseline)}** with Glorot-initialized W ({N(rnnGlorot.TestLoss)}). " +
            $"Clipping bounds the steps, not what the exploding start did: {rnnGlobal.DeadUnits} of the clipped run's {hidden} hidden units never fire on the test sequences after training " +
            $"(Glorot: {rnnGlorot.DeadUnits}), and the network fits the target with the others. " +
            (rnnValue.DivergedAtStep < 0 ? $"ClipByValue does not learn: its test MSE is {N(rnnValue.TestLossOverBaseline)}× the mean predictor's ({rnnValue.DeadUnits} dead units)." : ""),
            [Figures.RnnLoss]));

        // Dying ReLU on the clipped RNN is a finding, not a false alarm: its dead units are counted independently above.
        bool healthRight = sigmoid.Health.AnyVerdict.HasFlag(GradientHealthVerdict.Vanishing)
            && std.Health.AnyVerdict.HasFlag(GradientHealthVerdict.Exploding)
            && rnn.Health.AnyVerdict.HasFlag(GradientHealthVerdict.Exploding)
            && !sigmoidBn.Health.AnyVerdict.HasFlag(GradientHealthVerdict.Vanishing)
            && !rnnGlobal.Health.AnyVerdict.HasFlag(GradientHealthVerdict.Exploding)
            && rnnGlorot.Health.AnyVerdict == GradientHealthVerdict.Healthy
            && rnnGlobal.Health.AnyVerdict.HasFlag(GradientHealthVerdict.DyingRelu) == (rnnGlobal.DeadUnits > rnnGlorot.DeadUnits);
        claims.Add(new Claim(11, "GradientHealth diagnoses each run.",
            healthRight,
            "GradientHealth flags vanishing on the sigmoid net but not on sigmoid + batch norm, exploding on the N(0, 1) MLP and the unclipped RNN but not on the clipped RNN, " +
            "calls the Glorot RNN healthy, and flags dying ReLU on the clipped RNN exactly when it lost more hidden units than the Glorot RNN",
            $"Per-step verdicts from AutoTrainer's rules (vanishing: ratio < 1e-3 and first norm < 1e-4; exploding: ratio > 70 or a non-finite norm; dying ReLU: ≥ 70 % exactly-zero entries in a layer). " +
            $"sigmoid: {Format.Flags(sigmoid.Health)}; sigmoid + batch norm: {Format.Flags(sigmoidBn.Health)}; N(0, 1) MLP: {Format.Flags(std.Health)}; " +
            $"RNN 1.1·I: {Format.Flags(rnn.Health)}; RNN + ClipByGlobalNorm: {Format.Flags(rnnGlobal.Health)} of {rnnGlobal.Health.StepsRecorded} steps ({rnnGlobal.DeadUnits} of {hidden} units dead after training); " +
            $"Glorot RNN: {Format.Flags(rnnGlorot.Health)} ({rnnGlorot.DeadUnits} dead: the flag needs 70 % exactly-zero entries in a layer's gradient). The table below has every run.",
            []));
        return claims;
    }

    /// <summary>Writes the report to <paramref name="path"/> and returns its claims.</summary>
    public static IReadOnlyList<Claim> Write(ClinicResults r, string path, TimeSpan elapsed)
    {
        IReadOnlyList<Claim> claims = Claims(r);
        File.WriteAllText(path, Build(r, claims, elapsed), new UTF8Encoding(false));
        return claims;
    }

    /// <summary>The report's markdown.</summary>
    public static string Build(ClinicResults r, IReadOnlyList<Claim> claims, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(claims);
        var s = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        MlpSettings mlp = r.MlpSettings;
        RnnSettings rnn = r.RnnSettings;
        s.AppendLine(Sections[0]).AppendLine();
        s.AppendLine(c, $"Seed {r.Options.Seed}, {r.Options.Steps} SGD steps per run{(r.Options.Quick ? " (--quick)" : "")}; training took {elapsed.TotalSeconds.ToString("F1", c)} s on {Environment.ProcessorCount} core(s). ")
            .AppendLine("Every number below was measured by this run; the claims are judged by the criteria stated with them, so a different `--seed` or `--steps` can change a verdict.")
            .AppendLine(c, $"**{claims.Count(x => x.Holds)} of {claims.Count} claims hold in this run.**").AppendLine();

        s.AppendLine(Sections[1]).AppendLine()
            .AppendLine(c, $"- **Data**: two concentric circles (radius 0.5 vs 1, Gaussian noise 0.1), {r.DataSizes.Train} training and {r.DataSizes.Test} test points; per-layer gradient norms are taken on a fixed probe batch of {r.DataSizes.Probe} training points.")
            .AppendLine(c, $"- **Network**: {mlp.Depth} dense layers (2 → {mlp.Width}, {mlp.Depth - 2} × {mlp.Width} → {mlp.Width}, {mlp.Width} → 2) with softmax cross-entropy, written once as a `[Differentiable]` model class (`Networks/DeepMlp.cs`, its layers `Networks/HiddenLayer.cs`); activation, batch norm and residual connections are run-time switches, and AutoDiffGen generated the gradient `DeepMlp.LossGradient` (into a `DeepMlp.Gradient` of the same fields) at compile time; SGD steps the model with `sgd.Step(mlp, gradient)`.")
            .AppendLine("- **Per-layer gradient norm**: ‖∂L/∂Wₗ‖₂ read from layer l's slice of the gradient buffer (weights only, not biases). The first/last ratio is layer 1's over layer 20's.")
            .AppendLine("- **Initializations**: *default* = PyTorch's `nn.Linear` U(±1/√fanIn) (variance 1/(3·fanIn)); *He* = N(0, 2/fanIn); *Glorot* = N(0, 2/(fanIn + fanOut)); *N(0,1)* = standard normal. Biases always U(±1/√fanIn). Batch norm γ = 1, β = 0 (training mode; accuracy uses the test batch's statistics). PReLU α = 0.25.")
            .AppendLine(c, $"- **Training**: SGD, learning rate {N(mlp.LearningRate)}, momentum {N(mlp.Momentum)}, minibatches of {mlp.BatchSize}; every configuration starts from the same seed and sees the same minibatches. A run whose loss or gradient becomes NaN/∞ is stopped and marked diverged.")
            .AppendLine(c, $"- **RNN**: hₜ = relu(W hₜ₋₁ + U xₜ + b), {rnn.Hidden} hidden units, {rnn.SequenceLength} time steps, readout ŷ = V·h_T + c, inputs xₜ ~ U(−1, 1), target = the fading-memory sum c·Σₜ {N(rnn.Decay)}^(T−1−t)·xₜ scaled to unit variance (the last few inputs matter most; predicting the mean target scores an MSE of about 1), mean squared error, SGD learning rate {N(rnn.LearningRate)}, momentum {N(rnn.Momentum)}, {rnn.BatchSize} sequences per step; U, b, V from U(±1/√{rnn.Hidden}) as in PyTorch's `nn.RNN`.")
            .AppendLine();

        s.AppendLine(Sections[2]).AppendLine();
        foreach (Claim claim in claims)
        {
            s.AppendLine(c, $"### {claim.Number}. {claim.Title}").AppendLine();
            s.AppendLine(c, $"**{(claim.Holds ? "Holds" : "Does not hold in this run")}** — criterion: {claim.Criterion}.").AppendLine();
            s.AppendLine(claim.Evidence).AppendLine();
            foreach (string figure in claim.FigureFiles) s.AppendLine(c, $"![{figure}]({figure})").AppendLine();
        }

        s.AppendLine(Sections[3]).AppendLine();
        s.AppendLine("| configuration | first-layer norm (init) | last-layer norm (init) | first/last (init) | first/last (trained) | median first/last over training | loss first 10 → last 10 steps | test accuracy | diverged at |");
        s.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (MlpRun run in r.Vanishing.Append(r.UnscaledResidual))
        {
            s.AppendLine(c, $"| {run.Config.Name} | {N(run.InitialLayerNorms[0])} | {N(run.InitialLayerNorms[^1])} | {N(run.InitialRatio)} | {N(run.FinalRatio)} | {N(run.MedianRatio)} | {N(run.InitialLoss)} → {N(run.FinalLoss)} | {Format.Percent(run.TestAccuracy)} | {Format.Step(run.DivergedAtStep)} |");
        }
        s.AppendLine().AppendLine("Per-layer norms at initialization (layer 1 first):").AppendLine();
        s.AppendLine("| configuration | " + string.Join(" | ", Enumerable.Range(1, mlp.Depth).Select(i => i.ToString(c))) + " |");
        s.AppendLine("| --- |" + string.Concat(Enumerable.Repeat(" ---: |", mlp.Depth)));
        foreach (MlpRun run in r.Vanishing)
            s.AppendLine("| " + run.Config.Name + " | " + string.Join(" | ", run.InitialLayerNorms.Select(N)) + " |");
        s.AppendLine();
        foreach (string figure in new[] { Figures.LayerNormsInit, Figures.LayerNormsTrained, Figures.VanishingLoss, Figures.VanishingRatio })
            s.AppendLine(c, $"![{figure}]({figure})").AppendLine();

        s.AppendLine(Sections[4]).AppendLine();
        s.AppendLine("Deep ReLU MLP (20 layers, width 32):").AppendLine();
        s.AppendLine("| run | gradient norm at step 0 | largest norm before clipping | largest norm after clipping | loss first 10 → last 10 steps | test accuracy | diverged at |");
        s.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (MlpRun run in r.ExplodingMlp)
        {
            s.AppendLine(c, $"| {run.Config.Name} | {N(run.GradientNorms[0])} | {N(Statistics.MaxOrInfinity(run.GradientNorms))} | {N(Statistics.MaxOrInfinity(run.AppliedNorms))} | {N(run.InitialLoss)} → {N(run.FinalLoss)} | {Format.Percent(run.TestAccuracy)} | {Format.Step(run.DivergedAtStep)} |");
        }
        s.AppendLine().AppendLine(c, $"Vanilla RNN ({rnn.Hidden} ReLU units, {rnn.SequenceLength} steps):").AppendLine();
        s.AppendLine("| run | gradient norm at step 0 | largest norm before clipping | largest norm after clipping | loss first 10 → last 10 steps | test MSE (mean-predictor MSE) | test MSE ÷ mean predictor's | dead units | largest \\|W\\| after training | diverged at |");
        s.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (RnnRun run in r.Rnn)
        {
            s.AppendLine(c, $"| {run.Config.Name} | {N(run.GradientNorms[0])} | {N(Statistics.MaxOrInfinity(run.GradientNorms))} | {N(Statistics.MaxOrInfinity(run.AppliedNorms))} | {N(run.InitialLoss)} → {N(run.FinalLoss)} | {N(run.TestLoss)} ({N(run.BaselineLoss)}) | {Format.Percent(run.TestLossOverBaseline)} | {(run.DeadUnits < 0 ? "—" : $"{run.DeadUnits} of {rnn.Hidden}")} | {N(run.FinalMaxRecurrentWeight)} | {Format.Step(run.DivergedAtStep)} |");
        }
        s.AppendLine();
        if (r.RnnMemory is RnnMemory m)
        {
            s.AppendLine(c, $"Memory of the RNN's reverse sweep: each step overwrites h, so its gradient records h on the per-thread tape every step. ")
             .AppendLine(c, $"Measured on a new thread (the tape grows to the call's high-water mark, its arrays doubling; an empty tape holds {ConsoleTables.Bytes(m.EmptyTapeBytes)}):").AppendLine();
            s.AppendLine("| gradient of | tape | time |");
            s.AppendLine("| --- | ---: | ---: |");
            s.AppendLine(c, $"| a training minibatch ({rnn.BatchSize} × {rnn.SequenceLength} steps), as trained above | {ConsoleTables.Bytes(m.BatchTapeBytes)} | |");
            s.AppendLine(c, $"| one sequence of {rnn.SequenceLength} steps | {ConsoleTables.Bytes(m.ShortTapeBytes)} | |");
            s.AppendLine(c, $"| one sequence of {RnnMemory.LongSteps:N0} steps, every step recorded | {ConsoleTables.Bytes(m.LongTapeBytes)} | {(m.LongSeconds * 1000).ToString("F1", c)} ms |");
            s.AppendLine(c, $"| one sequence of {RnnMemory.LongSteps:N0} steps, `[Differentiable(Checkpoints = {Networks.VanillaRnn.Snapshots})]` | {ConsoleTables.Bytes(m.LongCheckpointedTapeBytes)} | {(m.LongCheckpointedSeconds * 1000).ToString("F1", c)} ms |");
            s.AppendLine().AppendLine(c, $"The checkpointed gradient is {(m.BitForBit ? "the same, bit for bit" : "NOT the same (a bug)")}: the reverse sweep keeps at most {Networks.VanillaRnn.Snapshots} snapshots of h and runs steps again from them (binomial checkpointing) instead of recording all {RnnMemory.LongSteps:N0} steps.").AppendLine();
        }
        foreach (string figure in new[] { Figures.ExplodingLayerNorms, Figures.ExplodingGradNorm, Figures.ExplodingLoss, Figures.RnnGradNorm, Figures.RnnLoss })
            s.AppendLine(c, $"![{figure}]({figure})").AppendLine();

        s.AppendLine(Sections[5]).AppendLine();
        s.AppendLine("`GradientHealth` recorded every training step (MLP: the 20 weight gradients; RNN: one layer per field of the model's gradient, named after it — Input U, Recurrent W, Bias b, Readout V and c, in that order).").AppendLine();
        s.AppendLine("| run | verdict at initialization (probe batch) | verdict at the last step | any step | steps flagged |");
        s.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (MlpRun run in r.Vanishing.Append(r.UnscaledResidual).Concat(r.ExplodingMlp.Where(run => run.Config.Name != HeCure)))
            s.AppendLine(c, $"| MLP: {run.Config.Name} | {Format.Verdict(run.InitialVerdict)} | {Format.Verdict(run.Health.LastVerdict)} | {Format.Verdict(run.Health.AnyVerdict)} | {Format.Flags(run.Health)} |");
        foreach (RnnRun run in r.Rnn)
            s.AppendLine(c, $"| RNN: {run.Config.Name} | — | {Format.Verdict(run.Health.LastVerdict)} | {Format.Verdict(run.Health.AnyVerdict)} | {Format.Flags(run.Health)} |");
        s.AppendLine();
        foreach ((string name, GradientHealth health) in new[] { (Sigmoid, r.VanishingRun(Sigmoid).Health), (StdNormal, r.ExplodingRun(StdNormal).Health), ("RNN " + RnnNoCure, r.RnnRun(RnnNoCure).Health), ("RNN " + RnnGlobal, r.RnnRun(RnnGlobal).Health) })
        {
            s.AppendLine(c, $"<details><summary>GradientHealth.Summary() for {name}</summary>").AppendLine().AppendLine("```text").Append(health.Summary()).AppendLine("```").AppendLine().AppendLine("</details>").AppendLine();
        }
        return s.ToString();
    }

    private static string N(double value) => Format.Number(value);

    private static double Safe(double accuracy) => double.IsNaN(accuracy) ? 0 : accuracy;
}
