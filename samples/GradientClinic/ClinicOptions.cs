using System;
using System.Globalization;
using System.IO;

namespace AutoDiffGen.GradientClinic;

/// <summary>The command line of the clinic.</summary>
public sealed record ClinicOptions
{
    /// <summary>Training steps per run without <c>--quick</c>.</summary>
    public const int DefaultSteps = 800;

    /// <summary>Training steps per run with <c>--quick</c>.</summary>
    public const int QuickSteps = 150;

    /// <summary>The default seed.</summary>
    public const int DefaultSeed = 42;

    /// <summary>The default output folder.</summary>
    public const string DefaultOutput = "clinic-output";

    /// <summary>SGD steps of every training run.</summary>
    public int Steps { get; init; } = DefaultSteps;

    /// <summary>Seeds the data, the initial weights and the minibatch order.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Fewer steps (when <c>--steps</c> is not given) and smaller data sets.</summary>
    public bool Quick { get; init; }

    /// <summary>Where the PNGs and report.md go.</summary>
    public string Output { get; init; } = DefaultOutput;

    /// <summary>Print the help and exit.</summary>
    public bool Help { get; init; }

    /// <summary>The text of <c>--help</c>.</summary>
    public static string HelpText => """
        Gradient Clinic: vanishing and exploding gradients, measured on networks differentiated by AutoDiffGen.

        Usage: dotnet run --project samples/GradientClinic -- [options]

        Options:
          --steps <n>    SGD steps of every training run (1 to 100000; default 800, or 150 with --quick)
          --seed <n>     seed of the data, the initial weights and the minibatch order (default 42)
          --quick        a short run: 150 steps and smaller data sets unless --steps is given
          --out <dir>    folder for the PNG plots and report.md (default clinic-output, created if missing)
          -h, --help     show this help

        Experiments:
          1. vanishing gradients: one 20-layer, width-32 MLP with sigmoid, tanh, ReLU, Leaky ReLU, PReLU,
             ReLU + He init, tanh + Glorot init, sigmoid + batch norm and ReLU + residual connections
          2. exploding gradients: the deep ReLU MLP with N(0, 1) weights, and a vanilla RNN over 100 steps with
             recurrent weight 1.1·I learning a fading memory of its inputs; cures side by side: ClipByGlobalNorm,
             ClipByValue, He/Glorot init, and how well each cured run learns
          3. GradientHealth's verdict on every run

        Exit codes: 0 success, 2 bad options, 1 an experiment failed.
        """;

    /// <summary>Parses <paramref name="args"/>; on failure returns null and a message naming the problem.</summary>
    public static ClinicOptions? Parse(string[] args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        error = null;
        int? steps = null;
        int seed = DefaultSeed;
        bool quick = false, help = false;
        string output = DefaultOutput;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    help = true;
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--steps":
                    if (!TryValue(args, ref i, out string? stepsText, out error)) return null;
                    if (!int.TryParse(stepsText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) || s < 1 || s > 100_000)
                    {
                        error = $"--steps needs a whole number from 1 to 100000, not '{stepsText}'.";
                        return null;
                    }
                    steps = s;
                    break;
                case "--seed":
                    if (!TryValue(args, ref i, out string? seedText, out error)) return null;
                    if (!int.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed) || seed < 0 || seed > int.MaxValue - 16)
                    {
                        error = $"--seed needs a whole number from 0 to {int.MaxValue - 16}, not '{seedText}'.";
                        return null;
                    }
                    break;
                case "--out":
                    if (!TryValue(args, ref i, out string? outText, out error)) return null;
                    if (string.IsNullOrWhiteSpace(outText) || outText.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
                    {
                        error = $"--out needs a folder path, not '{outText}'.";
                        return null;
                    }
                    output = outText;
                    break;
                default:
                    error = arg.StartsWith('-')
                        ? $"unknown option '{arg}'."
                        : $"unexpected argument '{arg}' (options start with --).";
                    return null;
            }
        }
        return new ClinicOptions
        {
            Steps = steps ?? (quick ? QuickSteps : DefaultSteps),
            Seed = seed,
            Quick = quick,
            Output = output,
            Help = help,
        };
    }

    private static bool TryValue(string[] args, ref int i, out string? value, out string? error)
    {
        string name = args[i];
        if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            value = null;
            error = $"{name} needs a value.";
            return false;
        }
        value = args[++i];
        error = null;
        return true;
    }
}
