using System;
using System.IO;
using AutoDiffGen.GradientClinic;
using AutoDiffGen.GradientClinic.Experiments;
using Spectre.Console;

namespace AutoDiffGen.Clinic.Tests;

/// <summary>Runs the clinic's entry point in-process with tiny settings and checks what it writes.</summary>
public sealed class SmokeTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "clinic-smoke-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        int code = ClinicProgram.Run(args, console, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void TinyRunWritesValidPngsAndAReportWithEverySection()
    {
        (int code, string output, string error) = Run("--quick", "--steps", "12", "--seed", "3", "--out", _folder);

        Assert.True(code == 0, $"exit code {code}: {error}");
        Assert.Contains("Claims", output, StringComparison.Ordinal);
        // Output to a file or CI log is not a terminal: every row stays on one line, its cells whole (at Spectre's
        // default of 80 columns they wrapped to one word per line).
        foreach (string name in new[] { ClinicExperiments.RnnGlobal, ClinicExperiments.StdNormalGlobal, ClinicExperiments.SigmoidBatchNorm })
            Assert.Contains($"│ {name} ", output, StringComparison.Ordinal);
        Assert.Contains("│ largest norm (before clip) │", output, StringComparison.Ordinal);
        foreach (string name in Figures.All)
        {
            string path = Path.Combine(_folder, name);
            Assert.True(File.Exists(path), $"{name} is missing");
            byte[] bytes = File.ReadAllBytes(path);
            Assert.True(bytes.Length > 1000, $"{name} has only {bytes.Length} bytes");
            Assert.Equal(PngSignature, bytes.AsSpan(0, 8).ToArray());
            // The IHDR chunk right after the signature carries the size the clinic asked for.
            Assert.Equal(Plots.Width, ReadBigEndian(bytes, 16));
            Assert.Equal(Plots.Height, ReadBigEndian(bytes, 20));
        }
        string report = File.ReadAllText(Path.Combine(_folder, Report.FileName));
        foreach (string section in Report.Sections) Assert.Contains(section, report, StringComparison.Ordinal);
        for (int claim = 1; claim <= 11; claim++) Assert.Contains($"### {claim}. ", report, StringComparison.Ordinal);
        foreach (string name in Figures.All) Assert.Contains($"]({name})", report, StringComparison.Ordinal);
        Assert.DoesNotContain("{", report.Replace("```", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--steps", "abc")]
    [InlineData("--steps", "0")]
    [InlineData("--steps")]
    [InlineData("--seed", "-4")]
    [InlineData("--frobnicate")]
    [InlineData("stray")]
    [InlineData("--out")]
    public void BadOptionsExitWithCode2AndSayWhy(params string[] args)
    {
        (int code, string output, string error) = Run(args);

        Assert.Equal(ClinicProgram.BadOptions, code);
        Assert.Contains("gradient-clinic:", error, StringComparison.Ordinal);
        Assert.Contains("--help", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Fact]
    public void HelpDocumentsEveryOption()
    {
        (int code, string output, _) = Run("--help");

        Assert.Equal(0, code);
        foreach (string option in new[] { "--steps", "--seed", "--quick", "--out", "--help" }) Assert.Contains(option, output, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsParseTheirValues()
    {
        ClinicOptions? options = ClinicOptions.Parse(["--steps", "37", "--seed", "9", "--out", "x/y"], out string? error);
        Assert.Null(error);
        Assert.NotNull(options);
        Assert.Equal(37, options.Steps);
        Assert.Equal(9, options.Seed);
        Assert.Equal("x/y", options.Output);
        Assert.False(options.Quick);
        Assert.Equal(ClinicOptions.QuickSteps, ClinicOptions.Parse(["--quick"], out _)!.Steps);
        Assert.Equal(ClinicOptions.DefaultSteps, ClinicOptions.Parse([], out _)!.Steps);
    }

    private static int ReadBigEndian(byte[] bytes, int offset)
        => (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
}
