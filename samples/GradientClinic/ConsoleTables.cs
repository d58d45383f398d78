using System;
using System.Collections.Generic;
using AutoDiffGen.GradientClinic.Experiments;
using Spectre.Console;

namespace AutoDiffGen.GradientClinic;

/// <summary>The result tables printed on the terminal.</summary>
public static class ConsoleTables
{
    /// <summary>Prints the three experiments' tables.</summary>
    public static void Write(IAnsiConsole console, ClinicResults r)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(r);
        var vanishing = new Table().Title("[bold]1. Vanishing gradients[/]: 20-layer width-32 MLP").Border(TableBorder.Rounded);
        vanishing.AddColumns("configuration", "first-layer norm", "last-layer norm", "first/last at init", "median first/last in training", "loss start → end", "test accuracy", "GradientHealth");
        foreach (MlpRun run in r.Vanishing)
        {
            vanishing.AddRow(Markup.Escape(run.Config.Name), N(run.InitialLayerNorms[0]), N(run.InitialLayerNorms[^1]), RatioCell(run.InitialRatio),
                RatioCell(run.MedianRatio), $"{N(run.InitialLoss)} → {N(run.FinalLoss)}", AccuracyCell(run.TestAccuracy), VerdictCell(run.Health));
        }
        for (int i = 2; i < vanishing.Columns.Count - 1; i++) vanishing.Columns[i].RightAligned();
        vanishing.Columns[1].RightAligned();
        console.Write(vanishing);

        var mlp = new Table().Title("[bold]2a. Exploding gradients[/]: deep ReLU MLP").Border(TableBorder.Rounded);
        mlp.AddColumns("run", "norm at step 0", "largest norm (before clip)", "largest norm (after clip)", "loss start → end", "test accuracy", "diverged at", "GradientHealth");
        foreach (MlpRun run in r.ExplodingMlp)
        {
            mlp.AddRow(Markup.Escape(run.Config.Name), N(run.GradientNorms[0]), N(Statistics.MaxOrInfinity(run.GradientNorms)), N(Statistics.MaxOrInfinity(run.AppliedNorms)),
                $"{N(run.InitialLoss)} → {N(run.FinalLoss)}", AccuracyCell(run.TestAccuracy), DivergedCell(run.DivergedAtStep), VerdictCell(run.Health));
        }
        console.Write(mlp);

        var rnn = new Table().Title($"[bold]2b. Exploding gradients[/]: vanilla RNN over {r.RnnSettings.SequenceLength} steps").Border(TableBorder.Rounded);
        rnn.AddColumns("run", "norm at step 0", "largest norm (before clip)", "largest norm (after clip)", "loss start → end", "test MSE ÷ mean predictor's", "dead units", "diverged at", "GradientHealth");
        foreach (RnnRun run in r.Rnn)
        {
            rnn.AddRow(Markup.Escape(run.Config.Name), N(run.GradientNorms[0]), N(Statistics.MaxOrInfinity(run.GradientNorms)), N(Statistics.MaxOrInfinity(run.AppliedNorms)),
                $"{N(run.InitialLoss)} → {N(run.FinalLoss)}", LearnedCell(run.TestLossOverBaseline), DeadUnitsCell(run.DeadUnits, r.RnnSettings.Hidden), DivergedCell(run.DivergedAtStep), VerdictCell(run.Health));
        }
        console.Write(rnn);

        if (r.RnnMemory is RnnMemory m)
        {
            var memory = new Table().Title($"[bold]2c. Memory of the RNN's reverse sweep[/] (per-thread tape, {r.RnnSettings.Hidden} hidden units)").Border(TableBorder.Rounded);
            memory.AddColumns("gradient of", "tape", "time");
            memory.AddRow($"a training minibatch ({r.RnnSettings.BatchSize} × {r.RnnSettings.SequenceLength} steps)", Bytes(m.BatchTapeBytes), "");
            memory.AddRow($"one sequence of {r.RnnSettings.SequenceLength} steps", Bytes(m.ShortTapeBytes), "");
            memory.AddRow($"one sequence of {RnnMemory.LongSteps:N0} steps, every step recorded", Bytes(m.LongTapeBytes), Seconds(m.LongSeconds));
            memory.AddRow($"one sequence of {RnnMemory.LongSteps:N0} steps, Checkpoints = {Networks.VanillaRnn.Snapshots}", Bytes(m.LongCheckpointedTapeBytes),
                Seconds(m.LongCheckpointedSeconds) + (m.BitForBit ? " (same gradient, bit for bit)" : " [red](gradient differs!)[/]"));
            console.Write(memory);
        }
    }

    /// <summary>Bytes as KB or MB.</summary>
    public static string Bytes(long bytes) => bytes >= 1 << 20
        ? (bytes / (double)(1 << 20)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " KB";

    private static string Seconds(double s) => (s * 1000).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " ms";

    /// <summary>Prints each claim with its verdict.</summary>
    public static void WriteClaims(IAnsiConsole console, IReadOnlyList<Claim> claims)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(claims);
        var table = new Table().Title("[bold]Claims[/] (evidence and pictures in report.md)").Border(TableBorder.Rounded);
        table.AddColumns("#", "claim", "measured");
        foreach (Claim claim in claims)
            table.AddRow(claim.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(claim.Title), claim.Holds ? "[green]holds[/]" : "[red]does not hold[/]");
        console.Write(table);
    }

    private static string N(double value) => Markup.Escape(Format.Number(value));

    private static string RatioCell(double ratio) => ratio < 1e-3 ? $"[red]{N(ratio)}[/]" : ratio > 70 ? $"[yellow]{N(ratio)}[/]" : $"[green]{N(ratio)}[/]";

    private static string AccuracyCell(double accuracy) => double.IsNaN(accuracy) ? "[red]—[/]" : accuracy >= 0.9 ? $"[green]{Format.Percent(accuracy)}[/]" : $"[red]{Format.Percent(accuracy)}[/]";

    private static string DivergedCell(int step) => step < 0 ? "[green]never[/]" : $"[red]step {step}[/]";

    // With the number of steps each flag was raised on: one flagged step in 800 and every step are different diagnoses.
    private static string VerdictCell(GradientHealth health) => health.AnyVerdict == GradientHealthVerdict.Healthy
        ? "[green]healthy[/]"
        : $"[yellow]{Markup.Escape(Format.Flags(health))}[/] of {health.StepsRecorded.ToString(System.Globalization.CultureInfo.InvariantCulture)} steps";

    private static string LearnedCell(double ratio) => double.IsNaN(ratio) ? "[red]—[/]" : ratio <= 0.1 ? $"[green]{N(ratio)}[/]" : $"[red]{N(ratio)}[/]";

    private static string DeadUnitsCell(int dead, int hidden) => dead < 0 ? "—" : $"{dead.ToString(System.Globalization.CultureInfo.InvariantCulture)} of {hidden.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
