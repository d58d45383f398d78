using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using AutoDiffGen.GradientClinic.Networks;

namespace AutoDiffGen.GradientClinic.Experiments;

/// <summary>Everything one clinic run measured.</summary>
public sealed class ClinicResults
{
    /// <summary>The options of the run.</summary>
    public required ClinicOptions Options { get; init; }

    /// <summary>The MLP settings.</summary>
    public required MlpSettings MlpSettings { get; init; }

    /// <summary>The RNN settings.</summary>
    public required RnnSettings RnnSettings { get; init; }

    /// <summary>Training, test and probe set sizes.</summary>
    public required (int Train, int Test, int Probe) DataSizes { get; init; }

    /// <summary>Experiment 1, in <see cref="ClinicExperiments.VanishingConfigs"/> order.</summary>
    public required IReadOnlyList<MlpRun> Vanishing { get; init; }

    /// <summary>The residual network without the 1/√blocks branch scale (an ablation for the report).</summary>
    public required MlpRun UnscaledResidual { get; init; }

    /// <summary>Experiment 2a, in <see cref="ClinicExperiments.ExplodingMlpConfigs"/> order.</summary>
    public required IReadOnlyList<MlpRun> ExplodingMlp { get; init; }

    /// <summary>Experiment 2b, in <see cref="ClinicExperiments.RnnConfigs"/> order.</summary>
    public required IReadOnlyList<RnnRun> Rnn { get; init; }

    /// <summary>What the RNN's reverse sweep holds on the tape, for 100 and 10,000 steps, with and without checkpointing.</summary>
    public RnnMemory? RnnMemory { get; init; }

    /// <summary>Wall-clock time of the training runs.</summary>
    public required TimeSpan TrainingTime { get; init; }

    /// <summary>The vanishing run named <paramref name="name"/>.</summary>
    public MlpRun VanishingRun(string name) => Find(Vanishing, name);

    /// <summary>The exploding-MLP run named <paramref name="name"/>.</summary>
    public MlpRun ExplodingRun(string name) => Find(ExplodingMlp, name);

    /// <summary>The RNN run named <paramref name="name"/>.</summary>
    public RnnRun RnnRun(string name)
    {
        foreach (RnnRun run in Rnn) if (run.Config.Name == name) return run;
        throw new KeyNotFoundException(name);
    }

    private static MlpRun Find(IReadOnlyList<MlpRun> runs, string name)
    {
        foreach (MlpRun run in runs) if (run.Config.Name == name) return run;
        throw new KeyNotFoundException(name);
    }
}

/// <summary>The configurations of the three experiments and the code that runs them on worker threads.</summary>
public static class ClinicExperiments
{
    /// <summary>Hidden layers with a residual connection (the width × width ones).</summary>
    public const int ResidualBlocks = 18;

    /// <summary>The residual branch scale 1/√blocks, which keeps the residual stream's variance from compounding.</summary>
    public static readonly double ResidualScale = 1 / Math.Sqrt(ResidualBlocks);

    /// <summary>ClipByGlobalNorm's largest norm in both exploding experiments.</summary>
    public const double ClipNorm = 1.0;

    /// <summary>ClipByValue's limit for the MLP (about 20 000 parameters: the clipped norm is at most 0.01·√20 000 ≈ 1.4).</summary>
    public const double MlpClipValue = 0.01;

    /// <summary>A cured RNN must reach at most this fraction of the mean predictor's test MSE (it explains 90 % of the variance).</summary>
    public const double LearnedFraction = 0.1;

    /// <summary>ClipByValue's limit for the RNN (305 parameters: the clipped norm is at most 0.05·√305 ≈ 0.87).</summary>
    public const double RnnClipValue = 0.05;

    /// <summary>Names of the configurations the report and tests refer to.</summary>
    public const string Sigmoid = "sigmoid", Tanh = "tanh", Relu = "ReLU", LeakyRelu = "Leaky ReLU", PRelu = "PReLU",
        ReluHe = "ReLU + He init", TanhGlorot = "tanh + Glorot init", SigmoidBatchNorm = "sigmoid + batch norm",
        ReluResidual = "ReLU + residual", ReluResidualUnscaled = "ReLU + residual (unscaled branches)",
        StdNormal = "N(0,1) init", StdNormalGlobal = "N(0,1) + ClipByGlobalNorm", StdNormalValue = "N(0,1) + ClipByValue",
        HeCure = "He init", RnnNoCure = "W = 1.1·I", RnnGlobal = "W = 1.1·I + ClipByGlobalNorm",
        RnnValue = "W = 1.1·I + ClipByValue", RnnGlorot = "Glorot-initialized W";

    /// <summary>Experiment 1: the nine configurations of the 20-layer MLP.</summary>
    public static IReadOnlyList<MlpConfig> VanishingConfigs { get; } =
    [
        new(Sigmoid, DeepMlp.Sigmoid, WeightInit.PyTorchDefault),
        new(Tanh, DeepMlp.Tanh, WeightInit.PyTorchDefault),
        new(Relu, DeepMlp.Relu, WeightInit.PyTorchDefault),
        new(LeakyRelu, DeepMlp.LeakyRelu, WeightInit.PyTorchDefault),
        new(PRelu, DeepMlp.PRelu, WeightInit.PyTorchDefault),
        new(ReluHe, DeepMlp.Relu, WeightInit.He),
        new(TanhGlorot, DeepMlp.Tanh, WeightInit.Glorot),
        new(SigmoidBatchNorm, DeepMlp.Sigmoid, WeightInit.PyTorchDefault, BatchNorm: true),
        new(ReluResidual, DeepMlp.Relu, WeightInit.PyTorchDefault, Residual: true, ResidualScale: ResidualScale),
    ];

    /// <summary>The residual ablation: branches added at full scale.</summary>
    public static MlpConfig UnscaledResidualConfig { get; } =
        new(ReluResidualUnscaled, DeepMlp.Relu, WeightInit.PyTorchDefault, Residual: true, ResidualScale: 1.0);

    /// <summary>Experiment 2a: the deep ReLU MLP with N(0, 1) weights, and its cures (He init is experiment 1's run).</summary>
    public static IReadOnlyList<MlpConfig> ExplodingMlpConfigs { get; } =
    [
        new(StdNormal, DeepMlp.Relu, WeightInit.StandardNormal),
        new(StdNormalGlobal, DeepMlp.Relu, WeightInit.StandardNormal, Cure: GradientCure.ClipByGlobalNorm, ClipThreshold: ClipNorm),
        new(StdNormalValue, DeepMlp.Relu, WeightInit.StandardNormal, Cure: GradientCure.ClipByValue, ClipThreshold: MlpClipValue),
        new(HeCure, DeepMlp.Relu, WeightInit.He),
    ];

    /// <summary>Experiment 2b: the vanilla RNN with recurrent weight 1.1·I, and its cures.</summary>
    public static IReadOnlyList<RnnConfig> RnnConfigs { get; } =
    [
        new(RnnNoCure, RecurrentInit.ScaledIdentity),
        new(RnnGlobal, RecurrentInit.ScaledIdentity, GradientCure.ClipByGlobalNorm, ClipNorm),
        new(RnnValue, RecurrentInit.ScaledIdentity, GradientCure.ClipByValue, RnnClipValue),
        new(RnnGlorot, RecurrentInit.Glorot),
    ];

    /// <summary>MLP settings: minibatch SGD, batch 64, learning rate 0.01, momentum 0.9.</summary>
    public static MlpSettings MlpSettingsFor(ClinicOptions options) => new(options.Steps, BatchSize: 64, LearningRate: 0.01, Momentum: 0.9);

    /// <summary>
    /// RNN settings: 16 hidden units, 100 time steps, fading memory λ = 0.8, batch 16, learning rate 0.005, momentum 0.9
    /// (at 0.01 the Glorot run loses hidden units to dying ReLU on a few steps; at 0.005 every seed tried trains to a few
    /// percent of the mean predictor's error).
    /// </summary>
    public static RnnSettings RnnSettingsFor(ClinicOptions options) => new(options.Steps, BatchSize: 16, LearningRate: 0.005, Momentum: 0.9);

    /// <summary>A unit of work for <see cref="Run"/>: its label, its step count and what it does.</summary>
    /// <param name="Label">Shown on its progress bar.</param>
    /// <param name="Steps">The number of progress ticks it reports.</param>
    /// <param name="Work">Runs it; calls the tick action once per step.</param>
    public sealed record Job(string Label, int Steps, Action<Action> Work);

    /// <summary>
    /// Runs every experiment. <paramref name="progress"/> is called once per job with its label and step count and returns
    /// the per-step tick. Jobs run on <c>min(cores, 4)</c> worker threads with 64 MB stacks (the networks keep their
    /// activations in stackalloc scratch); results do not depend on the thread count.
    /// </summary>
    public static ClinicResults Run(ClinicOptions options, Func<string, int, Action> progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var stopwatch = Stopwatch.StartNew();
        int seed = options.Seed;
        (PointSet train, PointSet test, PointSet probe) = CreateData(seed, options.Quick);
        MlpSettings mlp = MlpSettingsFor(options);
        RnnSettings rnn = RnnSettingsFor(options);

        int vanishingCount = VanishingConfigs.Count;
        var vanishing = new MlpRun[vanishingCount];
        MlpRun? unscaled = null;
        var exploding = new MlpRun[ExplodingMlpConfigs.Count];
        var rnnRuns = new RnnRun[RnnConfigs.Count];

        var jobs = new List<Job>();
        // Longest first: the sigmoid and tanh runs and the RNNs take the most time per step.
        for (int i = 0; i < RnnConfigs.Count; i++)
        {
            int index = i;
            jobs.Add(new Job("RNN: " + RnnConfigs[i].Name, rnn.Steps, tick => rnnRuns[index] = RnnTraining.Train(RnnConfigs[index], rnn, seed, tick)));
        }
        for (int i = 0; i < vanishingCount; i++)
        {
            int index = i;
            jobs.Add(new Job("MLP: " + VanishingConfigs[i].Name, mlp.Steps, tick => vanishing[index] = MlpTraining.Train(VanishingConfigs[index], mlp, train, test, probe, seed, tick)));
        }
        jobs.Add(new Job("MLP: " + UnscaledResidualConfig.Name, mlp.Steps, tick => unscaled = MlpTraining.Train(UnscaledResidualConfig, mlp, train, test, probe, seed, tick)));
        for (int i = 0; i < ExplodingMlpConfigs.Count; i++)
        {
            int index = i;
            if (ExplodingMlpConfigs[i].Name == HeCure) continue; // the same configuration and seed as experiment 1's ReLU + He run
            jobs.Add(new Job("MLP: " + ExplodingMlpConfigs[i].Name, mlp.Steps, tick => exploding[index] = MlpTraining.Train(ExplodingMlpConfigs[index], mlp, train, test, probe, seed, tick)));
        }

        var ticks = new Action[jobs.Count];
        for (int i = 0; i < jobs.Count; i++) ticks[i] = progress(jobs[i].Label, jobs[i].Steps);
        RunOnWorkers(jobs, ticks);

        for (int i = 0; i < ExplodingMlpConfigs.Count; i++)
        {
            if (ExplodingMlpConfigs[i].Name != HeCure) continue;
            MlpRun he = vanishing[IndexOf(ReluHe)];
            exploding[i] = new MlpRun
            {
                Config = ExplodingMlpConfigs[i],
                InitialLayerNorms = he.InitialLayerNorms,
                FinalLayerNorms = he.FinalLayerNorms,
                Losses = he.Losses,
                GradientNorms = he.GradientNorms,
                AppliedNorms = he.AppliedNorms,
                Ratios = he.Ratios,
                DivergedAtStep = he.DivergedAtStep,
                TestAccuracy = he.TestAccuracy,
                InitialTestAccuracy = he.InitialTestAccuracy,
                InitialLogitRms = he.InitialLogitRms,
                Health = he.Health,
                InitialVerdict = he.InitialVerdict,
            };
        }

        // Measured after the training runs, on a machine no longer busy with them.
        RnnMemory memory = Experiments.RnnMemory.Measure(rnn, seed);

        return new ClinicResults
        {
            RnnMemory = memory,
            Options = options,
            MlpSettings = mlp,
            RnnSettings = rnn,
            DataSizes = (train.Count, test.Count, probe.Count),
            Vanishing = vanishing,
            UnscaledResidual = unscaled ?? throw new InvalidOperationException("The unscaled residual run did not finish."),
            ExplodingMlp = exploding,
            Rnn = rnnRuns,
            TrainingTime = stopwatch.Elapsed,
        };
    }

    /// <summary>
    /// The two-circles data of a run: training and test sets drawn from <paramref name="seed"/>, and the probe batch (the
    /// first training points) on which per-layer gradient norms are measured. Quick runs use half the points.
    /// </summary>
    public static (PointSet Train, PointSet Test, PointSet Probe) CreateData(int seed, bool quick)
    {
        (int trainSize, int testSize, int probeSize) = quick ? (512, 256, 128) : (1024, 512, 256);
        var dataRng = new Random(seed);
        PointSet train = Datasets.ConcentricCircles(trainSize, 0.1, dataRng);
        PointSet test = Datasets.ConcentricCircles(testSize, 0.1, dataRng);
        var probe = new PointSet(train.Points.AsSpan(0, 2 * probeSize).ToArray(), train.Labels.AsSpan(0, probeSize).ToArray());
        return (train, test, probe);
    }

    /// <summary>The configuration named <paramref name="name"/> among experiment 1's, the ablation and experiment 2a's.</summary>
    public static MlpConfig MlpConfig(string name)
    {
        foreach (MlpConfig config in VanishingConfigs) if (config.Name == name) return config;
        foreach (MlpConfig config in ExplodingMlpConfigs) if (config.Name == name) return config;
        if (UnscaledResidualConfig.Name == name) return UnscaledResidualConfig;
        throw new KeyNotFoundException(name);
    }

    /// <summary>The RNN configuration named <paramref name="name"/>.</summary>
    public static RnnConfig RnnConfig(string name)
    {
        foreach (RnnConfig config in RnnConfigs) if (config.Name == name) return config;
        throw new KeyNotFoundException(name);
    }

    private static int IndexOf(string name)
    {
        for (int i = 0; i < VanishingConfigs.Count; i++) if (VanishingConfigs[i].Name == name) return i;
        throw new KeyNotFoundException(name);
    }

    private static void RunOnWorkers(List<Job> jobs, Action[] ticks)
    {
        int next = -1;
        Exception? failure = null;
        int workerCount = Math.Clamp(Environment.ProcessorCount, 1, 4);
        var workers = new Thread[workerCount];
        for (int w = 0; w < workerCount; w++)
        {
            workers[w] = new Thread(() =>
            {
                while (Volatile.Read(ref failure) is null)
                {
                    int index = Interlocked.Increment(ref next);
                    if (index >= jobs.Count) return;
                    try
                    {
                        jobs[index].Work(ticks[index]);
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref failure, new InvalidOperationException($"{jobs[index].Label} failed: {e.Message}", e), null);
                    }
                }
            }, maxStackSize: 64 * 1024 * 1024)
            {
                IsBackground = true,
                Name = "clinic worker " + w.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            workers[w].Start();
        }
        foreach (Thread worker in workers) worker.Join();
        if (failure is not null) throw failure;
    }
}
