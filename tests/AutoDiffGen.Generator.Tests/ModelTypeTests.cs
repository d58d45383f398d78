using System.Linq;
using Microsoft.CodeAnalysis;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Model types (API.md, "Model types"): what a model may hold compiles without a warning in the generated code, and what
/// it cannot be is an ADG error on the user's line with no code for what depends on it (ADG0019, ADG0020, ADG0021).
/// </summary>
public class ModelTypeTests
{
    private static Run Generate(string source)
    {
        Run run = RunGenerator(Compile(source));
        Assert.Null(run.Exception);
        Assert.True(run.DiagnosticsInGeneratedCode.Count == 0, Describe(run.DiagnosticsInGeneratedCode));
        Assert.True(run.OutputErrors.Count == 0, Describe(run.OutputErrors));
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id.StartsWith("ADG", System.StringComparison.Ordinal));
        return run;
    }

    /// <summary>Runs the generator and returns its one diagnostic, checking it covers exactly <paramref name="marked"/> in the source.</summary>
    private static (Diagnostic Diagnostic, Run Run) Single(string source, string id, string marked)
    {
        Run run = RunGenerator(Compile(source));
        Assert.Null(run.Exception);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics.Where(d => d.Id.StartsWith("ADG", System.StringComparison.Ordinal)));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(marked, Text(run, diagnostic));
        // Whatever was generated still compiles: the failed method, or the failed model type, left no code behind that needs it.
        Assert.True(run.OutputErrors.Count == 0, Describe(run.OutputErrors));
        return (diagnostic, run);
    }

    /// <summary>The source text a diagnostic covers (generator diagnostics carry a file path and span, not a tree).</summary>
    private static string Text(Run run, Diagnostic diagnostic)
    {
        SyntaxTree tree = run.Output.SyntaxTrees.Single(t => t.FilePath == diagnostic.Location.GetLineSpan().Path);
        return tree.GetText().ToString(diagnostic.Location.SourceSpan);
    }

    private static string[] GeneratedFiles(Run run) => run.Sources.Select(s => s.HintName).ToArray();

    [Fact]
    public void Every_kind_of_parameter_field_compiles_warning_free()
    {
        Run run = Generate(Usings + """
            namespace Zoo
            {
                public partial class Outer
                {
                    [Differentiable]
                    public partial class Leaf
                    {
                        public double[]? W;
                        public float[] F = new float[2];
                        public double Scale;
                        public double[] Bias { get; set; } = new double[1];
                        public double @in;
                        [NoDerivative] public System.Collections.Generic.List<double> History = new();
                        [NoDerivative] public readonly double Frozen = 1;
                        public int Count;
                    }
                }

                [Differentiable]
                public partial struct Cell
                {
                    public double[] A;
                    public double B;
                    public Outer.Leaf Inner;
                }

                [Differentiable]
                public partial record class Network(double[] Weights)
                {
                    public readonly Outer.Leaf Head = new();
                    public Outer.Leaf Tail { get; } = new();
                    public Cell Memory;
                    public Cell[] Memories = new Cell[2];
                    public Outer.Leaf[] Layers = new Outer.Leaf[3];
                }
            }
            """);
        Assert.Equal(new[] { "Zoo.Outer.Leaf.Model.g.cs", "Zoo.Cell.Model.g.cs", "Zoo.Network.Model.g.cs" }.OrderBy(n => n), GeneratedFiles(run).OrderBy(n => n));
        string leaf = run.Sources.Single(s => s.HintName == "Zoo.Outer.Leaf.Model.g.cs").SourceText.ToString();
        Assert.Contains("public double[] W;", leaf);
        Assert.Contains("public double[] Bias;", leaf);
        Assert.Contains("public double @in;", leaf);
        Assert.DoesNotContain("History", leaf);
        Assert.DoesNotContain("Frozen", leaf);
        Assert.DoesNotContain("public int Count", leaf);
        string network = run.Sources.Single(s => s.HintName == "Zoo.Network.Model.g.cs").SourceText.ToString();
        Assert.Contains("public sealed class Gradient", network);
        Assert.Contains("public global::Zoo.Cell.Gradient[] Memories;", network);
        Assert.Contains("global::AutoDiffGen.ModelWalk.VisitParameters(ref this.Memory, gradient.Memory, ref visitor);", network);
        Assert.Contains("public struct Gradient", run.Sources.Single(s => s.HintName == "Zoo.Cell.Model.g.cs").SourceText.ToString());
    }

    [Fact]
    public void ADG0021_a_model_type_must_be_partial()
    {
        (Diagnostic d, Run run) = Single(Usings + """
            [Differentiable]
            public class Mlp
            {
                public double[] W = new double[3];
            }
            """, "ADG0021", "Mlp");
        Assert.Contains("declare it partial", d.GetMessage(), System.StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void ADG0021_every_type_containing_a_model_must_be_partial()
    {
        (Diagnostic d, _) = Single(Usings + """
            public class Outer
            {
                [Differentiable]
                public partial class Mlp { public double W; }
            }
            """, "ADG0021", "Outer");
        Assert.Contains("'Outer', which contains it, partial", d.GetMessage(), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public readonly double Scale;", "Scale", "is readonly")]
    [InlineData("public double Scale { get; set; }", "Scale", "auto-property")]
    [InlineData("public int Gradient;", "Gradient", "declares a member named 'Gradient'")]
    [InlineData("public double[] Clear = new double[1];", "Clear", "clash with the member 'Clear'")]
    [InlineData("public readonly Cell Memory;", "Memory", "is readonly")]
    public void ADG0021_on_the_member_a_model_cannot_hold(string member, string marked, string reason)
    {
        (Diagnostic d, Run run) = Single(Usings + """
            [Differentiable] public partial struct Cell { public double B; }
            [Differentiable]
            public partial class Net
            {
                MEMBER
                public double[] W = new double[2];
            }
            """.Replace("MEMBER", member), "ADG0021", marked);
        Assert.Contains(reason, d.GetMessage(), System.StringComparison.Ordinal);
        Assert.DoesNotContain("Net.Model.g.cs", GeneratedFiles(run));
    }

    [Fact]
    public void ADG0021_a_model_holding_a_model_that_cannot_be_one_cannot_be_one_either()
    {
        Run run = RunGenerator(Compile(Usings + """
            [Differentiable] public partial class Broken { public readonly double Fixed; }
            [Differentiable] public partial class Net { public Broken Inner = new(); }
            """));
        Assert.Equal(new[] { "Fixed", "Inner" }, run.GeneratorDiagnostics.Where(d => d.Id == "ADG0021").Select(d => Text(run, d)).OrderBy(t => t));
        Assert.Contains(run.GeneratorDiagnostics, d => d.GetMessage().Contains("its field 'Inner' has model type 'Broken', which cannot be a model", System.StringComparison.Ordinal));
        Assert.Empty(run.Sources);
        Assert.Empty(run.OutputErrors);
    }

    [Fact]
    public void Non_public_fields_get_internal_gradient_fields_and_models_of_internal_types_compile()
    {
        Run run = Generate(Usings + """
            [Differentiable] internal partial class Inner { public double[] W = new double[2]; }
            [Differentiable]
            public partial class Outer
            {
                internal Inner First = new();
                private double[] _bias = new double[2];
                protected double Scale = 1;
                public double[] Visible = new double[1];

                [Differentiable]
                public double Loss(double x) => First.W[0] * x + _bias[1] * Scale + Visible[0];
            }
            """);
        string outer = run.Sources.Single(s => s.HintName == "Outer.Model.g.cs").SourceText.ToString();
        Assert.Contains("internal global::Inner.Gradient First;", outer);
        Assert.Contains("internal double[] _bias;", outer);
        Assert.Contains("internal double Scale;", outer);
        Assert.Contains("public double[] Visible;", outer);
    }

    [Fact]
    public void ADG0021_a_field_of_a_private_nested_model_type()
    {
        (Diagnostic d, _) = Single(Usings + """
            [Differentiable]
            public partial class Net
            {
                [Differentiable] private partial class Layer { public double W; }
                private Layer First = new();
            }
            """, "ADG0021", "First");
        Assert.Contains("the private model type 'Layer', which its Gradient type cannot name", d.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void ADG0021_a_generic_model_type()
    {
        (Diagnostic d, _) = Single(Usings + "[Differentiable] public partial class Box<T> { public double W; }", "ADG0021", "Box");
        Assert.Contains("generic", d.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void ADG0021_on_a_method_that_uses_a_model_that_cannot_be_one()
    {
        Run run = RunGenerator(Compile(Usings + """
            [Differentiable] public partial class Net { public readonly double Scale; }
            public static partial class Uses
            {
                [Differentiable]
                public static double Loss(Net net, double x) => x * x;
            }
            """));
        Assert.Equal(2, run.GeneratorDiagnostics.Count(d => d.Id == "ADG0021"));
        Diagnostic onParameter = run.GeneratorDiagnostics.Single(d => d.Id == "ADG0021" && Text(run, d) == "net");
        Assert.Contains("'Scale' is readonly", onParameter.GetMessage(), System.StringComparison.Ordinal);
        Assert.Empty(run.Sources);
        Assert.Empty(run.OutputErrors);
    }

    [Theory]
    [InlineData("public System.Collections.Generic.List<double> Weights = new();", "Weights[0]", "Weights", "List<…> is not a parameter")]
    [InlineData("public double[,] Mixing = new double[2, 2];", "Mixing[0, 1]", "Mixing", "jagged and multi-dimensional arrays")]
    [InlineData("public double[][] Rows = new double[1][];", "Rows[0][0]", "Rows", "jagged and multi-dimensional arrays")]
    [InlineData("public decimal Rate;", "(double)Rate", "Rate", "decimal and Half values")]
    [InlineData("public Holder Inner = new();", "Inner.Value", "Inner", "Holder holds floating-point fields but is not a model type")]
    public void ADG0019_a_field_that_cannot_be_a_parameter_is_reported_where_it_is_read(string field, string read, string marked, string reason)
    {
        (Diagnostic d, Run run) = Single(Usings + """
            public class Holder { public double Value = 2; }
            [Differentiable]
            public partial class Net
            {
                FIELD
                public double W = 1;

                [Differentiable]
                public double Loss(double x) => W * x + READ;
            }
            """.Replace("FIELD", field).Replace("READ", read), "ADG0019", marked);
        Assert.Contains(reason, d.GetMessage(), System.StringComparison.Ordinal);
        Assert.Equal(new[] { "Net.Model.g.cs" }, GeneratedFiles(run));
    }

    [Fact]
    public void A_NoDerivative_field_of_any_type_is_a_constant()
    {
        Run run = Generate(Usings + """
            public class Holder { public double Value = 2; }
            [Differentiable]
            public partial class Net
            {
                [NoDerivative] public Holder Inner = new();
                [NoDerivative] public double Temperature = 2;
                public double W = 1;

                [Differentiable]
                public double Loss(double x) => W * x * Inner.Value / Temperature;
            }
            """);
        string method = run.Sources.Single(s => s.HintName.Contains("Loss")).SourceText.ToString();
        Assert.Contains("this.Inner.Value", method);
        Assert.Contains("this.Temperature", method);
    }

    [Fact]
    public void ADG0020_a_property_with_logic_is_reported_where_it_is_read()
    {
        (Diagnostic d, _) = Single(Usings + """
            [Differentiable]
            public partial class Scaled
            {
                public double LogScale;
                public double Scale => Math.Exp(LogScale);
                public int Count => 3;

                [Differentiable]
                public double Energy(double x) => Scale * x * x * Count;
            }
            """, "ADG0020", "Scale");
        Assert.Contains("'Scaled.Scale' is a property with logic", d.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_of_a_model_held_in_an_array_needs_an_index_both_sweeps_see_alike()
    {
        (Diagnostic d, _) = Single(Usings + """
            [Differentiable] public partial class Layer { public double[] W = new double[2]; }
            [Differentiable]
            public partial class Net
            {
                public Layer[] Layers = new Layer[2];

                [Differentiable]
                public double Loss(double x)
                {
                    int j = x > 0 ? 1 : 0;
                    return Layers[j].W[0] * x;
                }
            }
            """, "ADG0002", "Layers[j].W");
        Assert.Contains("an index that both sweeps see alike", d.GetMessage(), System.StringComparison.Ordinal);
        Assert.Contains("make a [Differentiable] method of Layer that reads W", d.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_of_models_held_in_an_array_are_named_by_their_access_in_both_sweeps()
    {
        Run run = Generate(Usings + """
            [Differentiable] public partial class Layer { public double[] W = new double[4]; public double Gain = 1; }
            [Differentiable]
            public partial class Net
            {
                public Layer[] Layers = { new(), new() };

                [Differentiable]
                public double Loss(ReadOnlySpan<double> x, int first)
                {
                    double s = Layers[first].Gain;
                    for (int l = 0; l < Layers.Length; l++) s += Layers[l].W[0] * x[l] * Layers[Layers.Length - 1].Gain;
                    return s * s;
                }
            }
            """);
        string loss = run.Sources.Single(s => s.HintName.StartsWith("Net.Loss", System.StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("dLayers[l].W[0] +=", loss);
        Assert.Contains("dLayers[first].Gain +=", loss);
        Assert.Contains("dLayers[this.Layers.Length - 1].Gain +=", loss);
    }

    [Fact]
    public void A_Jacobian_of_a_model_method_is_ADG0016()
    {
        (Diagnostic d, _) = Single(Usings + """
            [Differentiable]
            public partial class Net
            {
                public double W = 1;

                [Differentiable(Derivatives.Forward | Derivatives.Jacobian)]
                public double Loss(double x) => W * x * x;
            }
            """, "ADG0016", "Loss");
        Assert.Contains("Derivatives.Jacobian", d.GetMessage(), System.StringComparison.Ordinal);
        Assert.Contains("not a dense Jacobian", d.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_mode_and_hessian_vector_products_of_model_methods_compile_and_a_dense_Hessian_is_ADG0022()
    {
        Run run = RunGenerator(Compile(Usings + """
            [Differentiable]
            public partial class Layer
            {
                public double[] W = new double[2];
                public double B;

                [Differentiable]
                public double Apply(ReadOnlySpan<double> x) => Math.Tanh(W[0] * x[0] + W[1] * x[1] + B);
            }

            [Differentiable]
            public partial struct Pair
            {
                public double A;
                public Layer Inner;
            }

            [Differentiable]
            public partial class Net
            {
                public Layer[] Layers = { new Layer(), new Layer() };
                public Layer Head = new Layer();
                public Pair Tied;
                public double Scale = 1;

                [Differentiable(Derivatives.Forward)]
                public double Forward(ReadOnlySpan<double> x)
                {
                    double s = Head.Apply(x) * Tied.A;
                    for (int l = 0; l < Layers.Length; l++) s += Layers[l].Apply(x) * Layers[l].B;
                    return Scale * s * Tied.Inner.B;
                }

                [Differentiable(Derivatives.Hessian)]
                public double Loss(ReadOnlySpan<double> x)
                {
                    double s = Forward(x);
                    return s * s;
                }

                [Differentiable(Derivatives.Forward | Derivatives.Hessian)]
                public static double Twice(Net net, Pair pair, ReadOnlySpan<double> x) => net.Scale * pair.A * x[0] * x[1] + pair.Inner.Apply(x);
            }
            """));
        Assert.Null(run.Exception);
        Assert.True(run.DiagnosticsInGeneratedCode.Count == 0, Describe(run.DiagnosticsInGeneratedCode));
        Assert.True(run.OutputErrors.Count == 0, Describe(run.OutputErrors));
        var adg = run.GeneratorDiagnostics.Where(d => d.Id.StartsWith("ADG", System.StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(["ADG0022", "ADG0022"], adg.Select(d => d.Id));
        Assert.All(adg, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        Assert.Equal(["Loss", "Twice"], adg.Select(d => Text(run, d)));
        string net = string.Join("\n", run.Sources.Where(s => s.HintName.StartsWith("Net.", System.StringComparison.Ordinal)).Select(s => s.SourceText.ToString()));
        Assert.Contains("public double ForwardTangent(global::System.ReadOnlySpan<double> x, global::Net.Gradient tangent, global::System.ReadOnlySpan<double> dX, out double dResult)", net);
        Assert.Contains("public double LossHessianVectorProduct(global::System.ReadOnlySpan<double> x, global::Net.Gradient v, global::System.ReadOnlySpan<double> vX, global::Net.Gradient gradient, global::System.Span<double> dX, global::Net.Gradient hv, global::System.Span<double> hvX)", net);
        Assert.Contains("global::Pair.Gradient vPair", net);
        Assert.Contains("ref global::Pair.Gradient hvPair", net);
        Assert.DoesNotContain("LossHessian(", net);
        Assert.DoesNotContain("TwiceHessian(", net);
    }

    [Fact]
    public void A_local_function_taking_a_model_is_ADG0006()
    {
        (Diagnostic d, _) = Single(Usings + """
            [Differentiable]
            public partial class Net
            {
                public double W = 1;

                [Differentiable]
                public static double Loss(Net net, double x)
                {
                    return Scaled(net, x);

                    static double Scaled(Net model, double v) => model.W * v;
                }
            }
            """, "ADG0006", "Net model");
        Assert.Contains("make it a [Differentiable] method of the type", d.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_method_of_a_NoDerivative_model_has_no_derivative_where_its_result_matters()
    {
        (Diagnostic d, _) = Single(Usings + """
            [Differentiable]
            public partial class Teacher
            {
                public double W = 1;
                [Differentiable] public double Predict(double x) => W * x;
            }
            public static partial class Distill
            {
                [Differentiable]
                public static double Loss([NoDerivative] Teacher teacher, double x) => x * teacher.Predict(x);
            }
            """, "ADG0003", "teacher.Predict(x)");
        Assert.Contains("'Teacher.Predict'", d.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Model_backward_binds_fields_and_calls_sub_models_with_their_gradients()
    {
        Run run = Generate(Usings + """
            [Differentiable]
            public partial class Layer
            {
                public double[] W = new double[4];
                [Differentiable] public void Forward(ReadOnlySpan<double> x, Span<double> y) { y[0] = W[0] * x[0] + W[1] * x[1]; y[1] = W[2] * x[0] + W[3] * x[1]; }
            }
            [Differentiable]
            public partial class Net
            {
                public Layer[] Layers = { new(), new() };
                public double Scale = 1;

                [Differentiable]
                public double Loss([NoDerivative] ReadOnlySpan<double> x)
                {
                    Span<double> h = stackalloc double[2];
                    Span<double> next = stackalloc double[2];
                    x.CopyTo(h);
                    for (int k = 0; k < Layers.Length; k++)
                    {
                        Layers[k].Forward(h, next);
                        next.CopyTo(h);
                    }
                    return Scale * (h[0] + h[1]);
                }
            }
            """);
        string loss = run.Sources.Single(s => s.HintName.StartsWith("Net.Loss", System.StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("public double LossGradient(global::System.ReadOnlySpan<double> x, global::Net.Gradient gradient)", loss);
        Assert.Contains("gradient.Clear();", loss);
        Assert.Contains("public double LossBackward(global::System.ReadOnlySpan<double> x, double seed, global::Net.Gradient gradient)", loss);
        Assert.Contains("global::Layer[] Layers = this.Layers;", loss);
        Assert.Contains("global::Layer.Gradient[] dLayers = gradient.Layers;", loss);
        Assert.Contains("ref double dScale = ref gradient.Scale;", loss);
        Assert.Contains("Layers[k].ForwardBackward(h, next, dNext, dLayers[k], dH);", loss);
    }
}
