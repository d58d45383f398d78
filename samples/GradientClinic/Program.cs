using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using AutoDiffGen.GradientClinic.Experiments;
using Spectre.Console;

namespace AutoDiffGen.GradientClinic;

/// <summary>The clinic's entry point: parses the options, runs the experiments, prints tables, writes the PNGs and report.md.</summary>
public static class ClinicProgram
{
    /// <summary>Exit code for bad options.</summary>
    public const int BadOptions = 2;

    /// <summary>Exit code when an experiment or writing the output failed.</summary>
    public const int Failed = 1;

    /// <summary>
    /// Columns of the tables when the output is not a terminal. A file or CI log has no width, and Spectre then assumes 80
    /// columns and wraps every cell of the eight-column tables to one word per line. Tables take only the width their
    /// cells need, so a generous width costs nothing and keeps every row on one line.
    /// </summary>
    public const int RedirectedWidth = 400;

    /// <summary>Runs the clinic on the terminal.</summary>
    public static int Main(string[] args) => Run(args, AnsiConsole.Console, Console.Error);

    /// <summary>Runs the clinic with <paramref name="args"/>, writing to <paramref name="console"/> and errors to <paramref name="error"/>.</summary>
    public static int Run(string[] args, IAnsiConsole console, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(error);
        if (!console.Profile.Out.IsTerminal) console.Profile.Width = RedirectedWidth;
        ClinicOptions? options = ClinicOptions.Parse(args, out string? message);
        if (options is null)
        {
            error.WriteLine("gradient-clinic: " + message);
            error.WriteLine("Run with --help to see the options.");
            return BadOptions;
        }
        if (options.Help)
        {
            console.WriteLine(ClinicOptions.HelpText);
            return 0;
        }
        try
        {
            return RunExperiments(options, console);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            error.WriteLine("gradient-clinic: " + e.Message);
            return Failed;
        }
    }

    private static int RunExperiments(ClinicOptions options, IAnsiConsole console)
    {
        var total = Stopwatch.StartNew();
        string folder = Path.GetFullPath(options.Output);
        Directory.CreateDirectory(folder);
        console.MarkupLine($"[bold]Gradient Clinic[/]: seed {options.Seed}, {options.Steps} SGD steps per run{(options.Quick ? ", quick" : "")}, output [link]{Markup.Escape(folder)}[/]");

        ClinicResults? results = null;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var tasks = new List<ProgressTask>();
                results = ClinicExperiments.Run(options, (label, steps) =>
                {
                    ProgressTask task = context.AddTask(Markup.Escape(label), maxValue: steps);
                    tasks.Add(task);
                    return () => task.Increment(1);
                });
                ProgressTask plots = context.AddTask("Drawing plots", maxValue: Figures.All.Count);
                Figures.Draw(results, folder, _ => plots.Increment(1));
            });
        if (results is null) throw new InvalidOperationException("The experiments produced no results.");

        ConsoleTables.Write(console, results);
        string reportPath = Path.Combine(folder, Report.FileName);
        IReadOnlyList<Claim> claims = Report.Write(results, reportPath, total.Elapsed);
        ConsoleTables.WriteClaims(console, claims);
        console.MarkupLine($"Wrote {Figures.All.Count} plots and [bold]{Markup.Escape(reportPath)}[/] in {total.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s.");
        return 0;
    }
}
