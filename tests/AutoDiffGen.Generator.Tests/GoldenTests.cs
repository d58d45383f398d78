using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The generated source of representative methods, compared with <c>Golden/&lt;Name&gt;.g.cs</c>. Readable output is a
/// feature, so any change to it shows up here. Set <c>AUTODIFFGEN_UPDATE_GOLDEN=1</c> to rewrite the golden files in the
/// source tree instead of failing; review the diff before committing it.
/// </summary>
public class GoldenTests
{
    private const string UpdateVariable = "AUTODIFFGEN_UPDATE_GOLDEN";

    private const string Rosenbrock = Usings + """
        public static partial class Functions
        {
            [Differentiable]
            public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
        }
        """;

    private const string Piecewise = Usings + """
        public static partial class Functions
        {
            [Differentiable]
            public static double Piecewise(double x, double y)
            {
                if (x < 0)
                {
                    return y * x * x;
                }
                double t = Math.Sin(x);
                if (t > 0.5)
                {
                    t = t * y;
                }
                else if (t < -0.5)
                {
                    return -t;
                }
                else
                {
                    t = t + y;
                }
                return t * x;
            }
        }
        """;

    private const string ScalarRnn = Usings + """
        public static partial class Recurrent
        {
            [Differentiable]
            public static double ScalarRnn(ReadOnlySpan<double> inputs, double w, double u, double h0)
            {
                double h = h0;
                for (int t = 0; t < inputs.Length; t++)
                {
                    h = Math.Tanh(w * h + u * inputs[t]);
                }
                return h;
            }
        }
        """;

    private const string Dot = Usings + """
        public static partial class LinearAlgebra
        {
            [Differentiable]
            public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
            {
                double sum = 0;
                for (int i = 0; i < a.Length; i++)
                {
                    sum += a[i] * b[i];
                }
                return sum;
            }
        }
        """;

    private const string FloatSoftsign = Usings + """
        public static partial class Functions
        {
            [Differentiable]
            public static float Softsign(float x, float k) => k * x / (1f + MathF.Abs(x)) + MathF.Exp(-x * x);
        }
        """;

    private const string NestedInstance = Usings + """
        namespace Physics.Models
        {
            public partial class World
            {
                internal partial class Spring
                {
                    private readonly double _stiffness = 3.0;

                    [Differentiable]
                    internal double Energy(double x, [NoDerivative] double rest)
                    {
                        double stretch = x - rest;
                        return 0.5 * _stiffness * stretch * stretch;
                    }
                }
            }
        }
        """;

    private const string DenseLayer = Usings + """
        public static partial class Layers
        {
            [Differentiable]
            public static double Neuron(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double b)
            {
                double z = b;
                for (int i = 0; i < x.Length; i++)
                {
                    z += w[i] * x[i];
                }
                return Math.Tanh(z);
            }

            [Differentiable]
            public static void Dense(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] ReadOnlySpan<double> x, Span<double> y)
            {
                int n = x.Length;
                for (int o = 0; o < y.Length; o++)
                {
                    y[o] = Neuron(w.Slice(o * n, n), x, b[o]);
                }
            }
        }
        """;

    private const string SecondOrder = Usings + """
        public static partial class Curvature
        {
            [Differentiable(Derivatives.Forward | Derivatives.Hessian)]
            public static double Energy(ReadOnlySpan<double> x, double k)
            {
                double e = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    e += k * Math.Cos(x[i]);
                }
                return e * e;
            }
        }
        """;

    public static TheoryData<string, string, string> Cases() => new()
    {
        // name (golden file and source file), source, hint-name prefix of the source under test
        { "Rosenbrock", Rosenbrock, "Functions.Rosenbrock_" },
        { "PiecewiseEarlyReturn", Piecewise, "Functions.Piecewise_" },
        { "ScalarRnn", ScalarRnn, "Recurrent.ScalarRnn_" },
        { "DotProduct", Dot, "LinearAlgebra.Dot_" },
        { "FloatSoftsign", FloatSoftsign, "Functions.Softsign_" },
        { "NestedInstanceEnergy", NestedInstance, "Physics.Models.World.Spring.Energy_" },
        { "DenseLayer", DenseLayer, "Layers.Dense_" },
        { "SecondOrderEnergy", SecondOrder, "Curvature.Energy_" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_source_matches_golden_file_and_compiles(string name, string source, string hintPrefix)
    {
        Run run = RunGenerator(Compile(new[] { Parse(source, name + ".cs") }));

        Assert.Null(run.Exception);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, Describe(run.GeneratorDiagnostics));
        Assert.True(run.OutputErrors.Count == 0, Describe(run.OutputErrors));
        Assert.True(run.DiagnosticsInGeneratedCode.Count == 0, Describe(run.DiagnosticsInGeneratedCode));
        int differentiableMethods = source.Split("[Differentiable").Length - 1;
        Assert.Equal(differentiableMethods, run.Sources.Length);
        GeneratedSourceResult generated = Assert.Single(run.Sources, s => s.HintName.StartsWith(hintPrefix, StringComparison.Ordinal));

        string actual = Normalize(generated.SourceText.ToString());
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            string target = Path.Combine(RepositoryRoot(), "tests", "AutoDiffGen.Generator.Tests", "Golden", name + ".g.cs");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, actual);
            return;
        }

        string goldenPath = Path.Combine(AppContext.BaseDirectory, "Golden", name + ".g.cs");
        Assert.True(File.Exists(goldenPath), $"missing golden file {goldenPath}; run the tests once with {UpdateVariable}=1 and review it");
        Assert.Equal(Normalize(File.ReadAllText(goldenPath)), actual);
    }

    /// <summary>The same expectation through the Roslyn testing library, which compiles the golden text with the snippet.</summary>
    [Fact]
    public async Task Testing_library_sees_the_golden_source_for_the_dot_product()
    {
        string goldenPath = Path.Combine(AppContext.BaseDirectory, "Golden", "DotProduct.g.cs");
        Assert.True(File.Exists(goldenPath), "missing golden file " + goldenPath);
        var test = CreateTest(Dot);
        test.TestState.GeneratedSources.Add((typeof(DifferentiableGenerator), "LinearAlgebra.Dot_ReadOnlySpan_double__ReadOnlySpan_double_.g.cs",
            SourceText.From(File.ReadAllText(goldenPath).Replace("(DotProduct.cs, line", "(Test0.cs, line", StringComparison.Ordinal), System.Text.Encoding.UTF8)));
        await test.RunAsync(CancellationToken.None);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
