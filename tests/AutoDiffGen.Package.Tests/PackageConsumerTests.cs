using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace AutoDiffGen.Package.Tests;

/// <summary>
/// The newcomer's path: one PackageReference to the AutoDiffGen package (from a local folder feed) gives the runtime,
/// the generator and the analyzers. Packs the repository, builds a fresh console project outside the solution, runs it.
/// </summary>
public class PackageConsumerTests
{
    private const string ConsumerProgram = """
        using System;
        using AutoDiffGen;

        double[] dW = new double[2];
        double value = Model.LossGradient(0.5, new[] { 1.0, 2.0 }, out double dA, dW);
        Console.WriteLine($"value={value:R} dA={dA:R} dW0={dW[0]:R} dW1={dW[1]:R}");
        double[] dV = new double[3];
        Model.SquaredDotGradient(new[] { 1.0, -2.0, 0.5 }, new[] { 0.25, 0.5, 2.0 }, dV);
        Console.WriteLine($"dV0={dV[0]:R}");

        static partial class Model
        {
            [Differentiable]
            public static double Loss(double a, ReadOnlySpan<double> w)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++) s += Activations.Tanh(a * w[i]);
                return s * s;
            }

            // A loop the generator turns into TensorPrimitives calls: System.Numerics.Tensors comes with the package.
            [Differentiable]
            public static double SquaredDot(ReadOnlySpan<double> v, [NoDerivative] ReadOnlySpan<double> x)
            {
                double s = 0;
                for (int i = 0; i < v.Length; i++) s += v[i] * x[i];
                return s * s;
            }

            public static double Deep(double x) =>
                Activations.Sigmoid(Activations.Sigmoid(Activations.Sigmoid(Activations.Sigmoid(Activations.Sigmoid(x)))));
        }
        """;

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "AutoDiffGen.sln"))) return d.FullName;
        }
        throw new InvalidOperationException("AutoDiffGen.sln not found");
    }

    private static (int ExitCode, string Output) Run(string workingDirectory, string arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // A nested build must not inherit the outer test run's MSBuild node settings.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(8)), "dotnet " + arguments + " timed out");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public void Fresh_project_gets_gradients_and_analyzer_warnings_from_one_package_reference()
    {
        string root = RepositoryRoot();
        string work = Path.Combine(Path.GetTempPath(), "autodiffgen-consumer-" + Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(work, "feed");
        string app = Path.Combine(work, "app");
        Directory.CreateDirectory(app);
        try
        {
            var pack = Run(root, $"pack runtime/AutoDiffGen.Runtime/AutoDiffGen.Runtime.csproj -c Release -o \"{feed}\" -p:ContinuousIntegrationBuild=true");
            Assert.True(pack.ExitCode == 0, pack.Output);
            string package = Directory.GetFiles(feed, "AutoDiffGen.*.nupkg").Single();
            string version = Path.GetFileNameWithoutExtension(package).Substring("AutoDiffGen.".Length);

            File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>disable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="AutoDiffGen" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "Program.cs"), ConsumerProgram);
            // The local feed first; the machine's usual sources for the package's own dependencies.
            File.WriteAllText(Path.Combine(app, "NuGet.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            // A private package folder, so a stale AutoDiffGen of the same version is never used.
            string packages = Path.Combine(work, "packages");
            var build = Run(app, $"build -c Release --packages \"{packages}\"");
            Assert.True(build.ExitCode == 0, build.Output);
            Assert.Contains("ADG1001", build.Output);

            var run = Run(app, "run -c Release --no-build");
            Assert.True(run.ExitCode == 0, run.Output);
            // f(a, w) = (Σ tanh(a·wᵢ))², checked by its closed form.
            double s = Math.Tanh(0.5) + Math.Tanh(1.0);
            double dA = 2 * s * (1 * (1 - Math.Pow(Math.Tanh(0.5), 2)) + 2 * (1 - Math.Pow(Math.Tanh(1.0), 2)));
            string line = run.Output.Split('\n').Single(l => l.StartsWith("value=", StringComparison.Ordinal));
            double reportedDA = double.Parse(line.Split(' ')[1].Substring(3), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(dA, reportedDA, 12);
            // (v·x)² with v·x = 0.25 − 1 + 1 = 0.25: ∂/∂v₀ = 2 · 0.25 · x₀ = 0.125.
            string dotLine = run.Output.Split('\n').Single(l => l.StartsWith("dV0=", StringComparison.Ordinal));
            Assert.Equal(0.125, double.Parse(dotLine.Substring(4).Trim(), System.Globalization.CultureInfo.InvariantCulture), 12);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }
}
