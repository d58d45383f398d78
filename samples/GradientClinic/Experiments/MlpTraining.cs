using System;
using AutoDiffGen.GradientClinic.Networks;

namespace AutoDiffGen.GradientClinic.Experiments;

/// <summary>How the weights of the dense layers are drawn (biases start at 0 in every scheme).</summary>
public enum WeightInit
{
    /// <summary>PyTorch's <c>nn.Linear</c> default: U(−1/√fanIn, 1/√fanIn), i.e. He uniform with gain √(1/3); variance 1/(3·fanIn).</summary>
    PyTorchDefault,

    /// <summary>He (Kaiming) normal, gain √2: variance 2/fanIn, matched to ReLU.</summary>
    He,

    /// <summary>Glorot (Xavier) normal, gain 1: variance 2/(fanIn + fanOut), matched to tanh.</summary>
    Glorot,

    /// <summary>N(0, 1): far too large for 32 inputs (variance 1 instead of about 2/32).</summary>
    StandardNormal,
}

/// <summary>What is done to the gradient before the optimizer step.</summary>
public enum GradientCure
{
    /// <summary>Nothing.</summary>
    None,

    /// <summary><c>Clipping.ClipByGlobalNorm(gradient, threshold)</c> over every field of the model's gradient.</summary>
    ClipByGlobalNorm,

    /// <summary><c>Clipping.ClipByValue(gradient, threshold)</c> over every field of the model's gradient.</summary>
    ClipByValue,
}

/// <summary>One configuration of the deep MLP.</summary>
/// <param name="Name">Shown in tables, legends and the report.</param>
/// <param name="Activation">A <see cref="DeepMlp"/> activation code.</param>
/// <param name="Init">The weight initialization.</param>
/// <param name="BatchNorm">Batch normalization before each hidden activation.</param>
/// <param name="Residual">Residual connections around the width × width hidden layers.</param>
/// <param name="Cure">Gradient clipping applied before each step.</param>
/// <param name="ClipThreshold">The clipping norm or value.</param>
public sealed record MlpConfig(string Name, int Activation, WeightInit Init, bool BatchNorm = false, bool Residual = false,
    GradientCure Cure = GradientCure.None, double ClipThreshold = 0, double ResidualScale = 1);

/// <summary>Shape and optimizer settings shared by the MLP runs.</summary>
/// <param name="Steps">SGD steps.</param>
/// <param name="BatchSize">Training minibatch size.</param>
/// <param name="LearningRate">SGD learning rate.</param>
/// <param name="Momentum">SGD momentum.</param>
/// <param name="Width">Units per hidden layer.</param>
/// <param name="Depth">Dense layers (hidden layers + the output layer).</param>
public sealed record MlpSettings(int Steps, int BatchSize, double LearningRate, double Momentum, int Width = 32, int Depth = 20);

/// <summary>Everything measured in one MLP training run.</summary>
public sealed class MlpRun
{
    /// <summary>The configuration.</summary>
    public required MlpConfig Config { get; init; }

    /// <summary>‖∂L/∂Wₗ‖₂ per dense layer (input layer first) on the probe batch, before training.</summary>
    public required double[] InitialLayerNorms { get; init; }

    /// <summary>The same after the last step (NaN after divergence).</summary>
    public required double[] FinalLayerNorms { get; init; }

    /// <summary>Minibatch loss per step (NaN from the step training diverged).</summary>
    public required double[] Losses { get; init; }

    /// <summary>Global gradient norm per step, before any clipping.</summary>
    public required double[] GradientNorms { get; init; }

    /// <summary>Global norm of the gradient the optimizer actually used per step (after clipping).</summary>
    public required double[] AppliedNorms { get; init; }

    /// <summary>first/last layer norm ratio per step, on that step's minibatch.</summary>
    public required double[] Ratios { get; init; }

    /// <summary>The first step whose loss or gradient was not finite, or −1.</summary>
    public required int DivergedAtStep { get; init; }

    /// <summary>Test-set accuracy after training (NaN after divergence).</summary>
    public required double TestAccuracy { get; init; }

    /// <summary>Test-set accuracy before training.</summary>
    public required double InitialTestAccuracy { get; init; }

    /// <summary>Root mean square of the test-set logits before training.</summary>
    public required double InitialLogitRms { get; init; }

    /// <summary>The gradient-health monitor that saw every step.</summary>
    public required GradientHealth Health { get; init; }

    /// <summary>The verdict on the probe batch before training.</summary>
    public required GradientHealthVerdict InitialVerdict { get; init; }

    /// <summary>first/last layer norm ratio at initialization.</summary>
    public double InitialRatio => InitialLayerNorms[0] / InitialLayerNorms[^1];

    /// <summary>first/last layer norm ratio after training.</summary>
    public double FinalRatio => FinalLayerNorms[0] / FinalLayerNorms[^1];

    /// <summary>Median first/last ratio over the training steps (NaN after divergence).</summary>
    public double MedianRatio => Statistics.Median(Ratios);

    /// <summary>Mean loss of the first ten steps.</summary>
    public double InitialLoss => Statistics.Mean(Losses.AsSpan(0, Math.Min(10, Losses.Length)));

    /// <summary>Mean loss of the last ten steps (NaN after divergence).</summary>
    public double FinalLoss => Statistics.Mean(Losses.AsSpan(Math.Max(0, Losses.Length - 10)));
}

/// <summary>Trains the <see cref="DeepMlp"/> with minibatch SGD on a 2-D point set, measuring its gradients as it goes.</summary>
public static class MlpTraining
{
    /// <summary>PReLU's initial slope (PyTorch's).</summary>
    public const double PReluInitialSlope = 0.25;

    /// <summary>Creates the network of a configuration, its weights drawn from <paramref name="rng"/>.</summary>
    public static DeepMlp Initialize(MlpConfig config, int width, int depth, Random rng)
    {
        var mlp = new DeepMlp(width, depth, PReluInitialSlope);
        for (int layer = 0; layer < depth; layer++)
        {
            int fanIn = layer == 0 ? DeepMlp.Inputs : width, fanOut = layer == depth - 1 ? DeepMlp.Classes : width;
            double[] w = mlp.Weights(layer);
            switch (config.Init)
            {
                case WeightInit.PyTorchDefault: Init.HeUniform(w, fanIn, rng, gain: Math.Sqrt(1.0 / 3.0)); break;
                case WeightInit.He: Init.HeNormal(w, fanIn, rng); break;
                case WeightInit.Glorot: Init.GlorotNormal(w, fanIn, fanOut, rng); break;
                case WeightInit.StandardNormal: Init.HeNormal(w, fanIn, rng, gain: Math.Sqrt(fanIn)); break;
                default: throw new ArgumentOutOfRangeException(nameof(config), config.Init, "Unknown initialization.");
            }
            // Every scheme keeps PyTorch's nn.Linear bias: U(−1/√fanIn, 1/√fanIn).
            Init.HeUniform(mlp.Bias(layer), fanIn, rng, gain: Math.Sqrt(1.0 / 3.0));
        }
        return mlp;
    }

    /// <summary>Per-layer weight-gradient norms (dense layer 1 first), read from the gradient's weight fields by name.</summary>
    public static void LayerNorms(DeepMlp.Gradient gradient, Span<double> norms, Span<double> zeroFractions)
    {
        for (int layer = 0; layer < norms.Length; layer++)
        {
            double[] weights = layer < gradient.Hidden.Length ? gradient.Hidden[layer].Weights : gradient.OutputWeights;
            norms[layer] = GradientHealth.Norm(weights);
            if (!zeroFractions.IsEmpty) zeroFractions[layer] = GradientHealth.ZeroFraction(weights);
        }
    }

    /// <summary>The loss and its gradient on a batch (the gradient is overwritten).</summary>
    public static double Gradient(MlpConfig config, DeepMlp mlp, ReadOnlySpan<double> points, ReadOnlySpan<int> labels, DeepMlp.Gradient gradient)
        => mlp.LossGradient(points, labels, config.Activation, config.BatchNorm, config.Residual ? config.ResidualScale : 0, gradient);

    /// <summary>
    /// Fraction of <paramref name="data"/> classified correctly, evaluated as one batch (batch normalization uses this
    /// batch's statistics). A non-finite logit counts as wrong.
    /// </summary>
    public static double Accuracy(MlpConfig config, DeepMlp mlp, PointSet data) => Accuracy(config, mlp, data, out _);

    /// <summary>Accuracy, and the root mean square of the logits (the scale of the network's output).</summary>
    public static double Accuracy(MlpConfig config, DeepMlp mlp, PointSet data, out double logitRms)
    {
        var logits = new double[data.Count * DeepMlp.Classes];
        mlp.Forward(data.Points, logits, data.Count, config.Activation, config.BatchNorm, config.Residual ? config.ResidualScale : 0);
        double sumOfSquares = 0;
        foreach (double z in logits) sumOfSquares += z * z;
        logitRms = Math.Sqrt(sumOfSquares / logits.Length);
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double z0 = logits[2 * i], z1 = logits[2 * i + 1];
            if (!double.IsFinite(z0) || !double.IsFinite(z1)) continue;
            int predicted = z1 > z0 ? 1 : 0;
            if (predicted == data.Labels[i]) correct++;
        }
        return (double)correct / data.Count;
    }

    /// <summary>
    /// Trains one configuration: the same initialization seed and the same minibatch sequence for every configuration,
    /// so runs differ only by their configuration. Stops updating once the loss or gradient is non-finite (diverged).
    /// </summary>
    public static MlpRun Train(MlpConfig config, MlpSettings settings, PointSet train, PointSet test, PointSet probe, int seed, Action? stepDone = null)
    {
        int width = settings.Width, depth = settings.Depth;
        DeepMlp mlp = Initialize(config, width, depth, new Random(seed));
        var gradient = new DeepMlp.Gradient(mlp);
        var sgd = new Sgd(mlp, settings.LearningRate, settings.Momentum);
        var batchRng = new Random(seed + 1);
        var batchPoints = new double[settings.BatchSize * 2];
        var batchLabels = new int[settings.BatchSize];
        var norms = new double[depth];
        var zeros = new double[depth];
        var health = new GradientHealth(depth, LayerNames(depth));

        Gradient(config, mlp, probe.Points, probe.Labels, gradient);
        var initialNorms = new double[depth];
        LayerNorms(gradient, initialNorms, zeros);
        GradientHealthVerdict initialVerdict = health.Evaluate(initialNorms, zeros);
        double initialAccuracy = Accuracy(config, mlp, test, out double initialLogitRms);

        var losses = new double[settings.Steps];
        var gradientNorms = new double[settings.Steps];
        var appliedNorms = new double[settings.Steps];
        var ratios = new double[settings.Steps];
        int divergedAt = -1;
        for (int step = 0; step < settings.Steps; step++)
        {
            if (divergedAt >= 0)
            {
                losses[step] = gradientNorms[step] = appliedNorms[step] = ratios[step] = double.NaN;
                stepDone?.Invoke();
                continue;
            }
            for (int b = 0; b < settings.BatchSize; b++)
            {
                int index = batchRng.Next(train.Count);
                batchPoints[2 * b] = train.Points[2 * index];
                batchPoints[2 * b + 1] = train.Points[2 * index + 1];
                batchLabels[b] = train.Labels[index];
            }
            double loss = Gradient(config, mlp, batchPoints, batchLabels, gradient);
            LayerNorms(gradient, norms, zeros);
            health.Record(step, norms, zeros);
            ratios[step] = norms[0] / norms[depth - 1];
            double norm = GradientHealth.Norm(gradient);
            losses[step] = loss;
            gradientNorms[step] = norm;
            if (!double.IsFinite(loss) || !double.IsFinite(norm))
            {
                divergedAt = step;
                appliedNorms[step] = double.NaN;
                stepDone?.Invoke();
                continue;
            }
            switch (config.Cure)
            {
                case GradientCure.ClipByGlobalNorm: Clipping.ClipByGlobalNorm(gradient, config.ClipThreshold); break;
                case GradientCure.ClipByValue: Clipping.ClipByValue(gradient, config.ClipThreshold); break;
            }
            appliedNorms[step] = GradientHealth.Norm(gradient);
            sgd.Step(mlp, gradient);
            stepDone?.Invoke();
        }

        var finalNorms = new double[depth];
        double accuracy = double.NaN;
        if (divergedAt < 0)
        {
            Gradient(config, mlp, probe.Points, probe.Labels, gradient);
            LayerNorms(gradient, finalNorms, default);
            accuracy = Accuracy(config, mlp, test);
        }
        else
        {
            Array.Fill(finalNorms, double.NaN);
        }
        return new MlpRun
        {
            Config = config,
            InitialLayerNorms = initialNorms,
            FinalLayerNorms = finalNorms,
            Losses = losses,
            GradientNorms = gradientNorms,
            AppliedNorms = appliedNorms,
            Ratios = ratios,
            DivergedAtStep = divergedAt,
            TestAccuracy = accuracy,
            InitialTestAccuracy = initialAccuracy,
            InitialLogitRms = initialLogitRms,
            Health = health,
            InitialVerdict = initialVerdict,
        };
    }

    /// <summary>"dense 1" … "dense n", input layer first.</summary>
    public static string[] LayerNames(int depth)
    {
        var names = new string[depth];
        for (int i = 0; i < depth; i++) names[i] = "dense " + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return names;
    }
}
