using AutoDiffGen.GradientClinic;
using AutoDiffGen.GradientClinic.Experiments;

namespace AutoDiffGen.Clinic.Tests;

/// <summary>The clinic's RNN memory figures: a 10,000-step checkpointed gradient is the recorded one, in a fraction of its tape.</summary>
public sealed class RnnMemoryTests
{
    [Fact]
    public void CheckpointingTheTenThousandStepRnnKeepsItsGradientAndBoundsItsTape()
    {
        RnnMemory m = RnnMemory.Measure(ClinicExperiments.RnnSettingsFor(new ClinicOptions { Seed = 42, Quick = true }), 42);

        Assert.True(m.BitForBit, "the checkpointed gradient differs from the recorded one");
        // Recording: 128 B per step (h, before each step overwrites it; the cell's pullback recomputes its ReLU inputs from
        // it), 1.3 MB in a tape whose arrays double; checkpointing: 14 snapshots of 16 doubles and one step.
        Assert.True(m.LongTapeBytes >= 1_280_000, $"recorded tape {m.LongTapeBytes} B");
        Assert.True(m.LongCheckpointedTapeBytes <= m.EmptyTapeBytes + 16 * 1024, $"checkpointed tape {m.LongCheckpointedTapeBytes} B, empty {m.EmptyTapeBytes} B");
        Assert.True(m.ShortTapeBytes < m.LongTapeBytes && m.BatchTapeBytes > m.ShortTapeBytes, $"{m.ShortTapeBytes} B, {m.BatchTapeBytes} B");
    }
}
