using System.Collections.Generic;
using System.Threading.Tasks;
using AutoDiffGen.GradientClinic;
using AutoDiffGen.GradientClinic.Experiments;
using static AutoDiffGen.GradientClinic.Experiments.ClinicExperiments;

namespace AutoDiffGen.Clinic.Tests;

/// <summary>
/// The clinic's runs on the fixed seed, each trained only as long as its assertions need (initialization-only effects
/// take one step), so the quantitative tests stay fast even against a Debug build of the runtime.
/// </summary>
public sealed class ClinicRunFixture
{
    public const int Seed = 42;

    private readonly Dictionary<string, MlpRun> _mlp = [];
    private readonly Dictionary<string, RnnRun> _rnn = [];

    public ClinicRunFixture()
    {
        var options = new ClinicOptions { Seed = Seed, Quick = true };
        (PointSet train, PointSet test, PointSet probe) = CreateData(Seed, quick: true);
        MlpSettings mlp = MlpSettingsFor(options);
        RnnSettings rnn = RnnSettingsFor(options);
        MlpSettings = mlp;
        RnnSettings = rnn;
        (string Name, int Steps)[] mlpRuns =
        [
            (Sigmoid, 1), (Tanh, 1), (TanhGlorot, 1), (SigmoidBatchNorm, 1),
            (Relu, 80), (ReluResidual, 80), (ReluHe, 120),
            (StdNormal, 5), (StdNormalGlobal, 30),
        ];
        // The cured RNNs train as long as the clinic does: whether they learn is what their test asserts.
        (string Name, int Steps)[] rnnRuns = [(RnnNoCure, 5), (RnnGlobal, ClinicOptions.DefaultSteps), (RnnValue, 20), (RnnGlorot, ClinicOptions.DefaultSteps)];
        var mlpResults = new MlpRun[mlpRuns.Length];
        var rnnResults = new RnnRun[rnnRuns.Length];
        Parallel.For(0, mlpRuns.Length + rnnRuns.Length, i =>
        {
            if (i < mlpRuns.Length)
                mlpResults[i] = MlpTraining.Train(MlpConfig(mlpRuns[i].Name), mlp with { Steps = mlpRuns[i].Steps }, train, test, probe, Seed);
            else
                rnnResults[i - mlpRuns.Length] = RnnTraining.Train(RnnConfig(rnnRuns[i - mlpRuns.Length].Name), rnn with { Steps = rnnRuns[i - mlpRuns.Length].Steps }, Seed);
        });
        foreach (MlpRun run in mlpResults) _mlp[run.Config.Name] = run;
        foreach (RnnRun run in rnnResults) _rnn[run.Config.Name] = run;
    }

    public MlpSettings MlpSettings { get; }

    public RnnSettings RnnSettings { get; }

    public MlpRun Mlp(string name) => _mlp[name];

    public RnnRun Rnn(string name) => _rnn[name];
}
