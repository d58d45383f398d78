using AutoDiffGen.GradientClinic;
using AutoDiffGen.GradientClinic.Experiments;

namespace AutoDiffGen.Clinic.Tests;

/// <summary>One clinic run on the fixed seed, shared by the quantitative tests (about 200 steps, a few seconds).</summary>
public sealed class ClinicRunFixture
{
    public const int Seed = 42;
    public const int Steps = 200;

    public ClinicRunFixture()
    {
        var options = new ClinicOptions { Seed = Seed, Steps = Steps, Quick = true };
        Results = ClinicExperiments.Run(options, (_, _) => () => { });
    }

    public ClinicResults Results { get; }
}
