using System.Linq;
using Microsoft.CodeAnalysis;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Models generic over <c>T : IFloatingPointIeee754&lt;T&gt;</c>: the generated signatures (dispatchers of the user's names
/// over <c>T</c>, private specializations named apart), generated code that compiles without a warning, and what is not
/// supported an ADG error on the user's line with no code that needs it.
/// </summary>
public class GenericModelTypeTests
{
    private const string Header = Usings + "using System.Numerics;\n";

    private const string Mlp = """
        [Differentiable]
        public partial class Mlp<T> where T : IFloatingPointIeee754<T>
        {
            public T[] W = new T[4], B = new T[2];
            public T Scale = T.One;
            [NoDerivative] public T[] Mask = new T[2];
            [NoDerivative] public T Decay = T.Zero;

            [Differentiable]
            public T Loss([NoDerivative] ReadOnlySpan<T> x, int label)
            {
                T s = T.Zero;
                for (int r = 0; r < B.Length; r++)
                {
                    T z = B[r];
                    for (int c = 0; c < x.Length; c++) z += W[r * x.Length + c] * x[c];
                    s += T.Tanh(z) * Mask[r];
                }
                return Scale * s * T.CreateTruncating(label) + Decay * Scale;
            }
        }
        """;

    private static Run Generate(string source)
    {
        Run run = RunGenerator(Compile(source));
        Assert.Null(run.Exception);
        Assert.True(run.DiagnosticsInGeneratedCode.Count == 0, Describe(run.DiagnosticsInGeneratedCode));
        Assert.True(run.OutputErrors.Count == 0, Describe(run.OutputErrors));
        // ADG0022 (information: no dense Hessian for a method that reads models) is the one diagnostic allowed.
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id.StartsWith("ADG", System.StringComparison.Ordinal) && d.Id != "ADG0022");
        return run;
    }

    private static string Source(Run run, string hintStart) =>
        run.Sources.Single(s => s.HintName.StartsWith(hintStart, System.StringComparison.Ordinal)).SourceText.ToString();

    private static (Diagnostic Diagnostic, Run Run) Single(string source, string id, string marked)
    {
        Run run = RunGenerator(Compile(source));
        Assert.Null(run.Exception);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics.Where(d => d.Id.StartsWith("ADG", System.StringComparison.Ordinal)));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        SyntaxTree tree = run.Output.SyntaxTrees.Single(t => t.FilePath == diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(marked, tree.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.True(run.OutputErrors.Count == 0, Describe(run.OutputErrors));
        return (diagnostic, run);
    }

    [Fact]
    public void A_generic_model_gets_a_gradient_of_T_and_a_walk_that_views_T_as_double_or_float()
    {
        Run run = Generate(Header + Mlp);
        string model = Source(run, "Mlp{T}.Model.g.cs");
        Assert.Contains("partial class Mlp<T> : global::AutoDiffGen.IDifferentiableModel<global::Mlp<T>.Gradient>", model, System.StringComparison.Ordinal);
        Assert.Contains("public T[] W;", model, System.StringComparison.Ordinal);
        Assert.Contains("public T Scale;", model, System.StringComparison.Ordinal);
        Assert.DoesNotContain("Mask", model, System.StringComparison.Ordinal);
        Assert.Contains("W = new T[model.W?.Length ?? 0];", model, System.StringComparison.Ordinal);
        Assert.Contains("if (typeof(T) == typeof(double)) visitor.Visit<double>(global::AutoDiffGen.Specialize.Span<T, double>(this.W), global::AutoDiffGen.Specialize.Span<T, double>(gradient.W));",
            model, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Methods_of_a_generic_model_get_dispatchers_of_their_names_and_specializations_named_apart()
    {
        Run run = Generate(Header + Mlp);
        string code = Source(run, "Mlp{T}.Loss");
        Assert.Contains("public T LossGradient(global::System.ReadOnlySpan<T> x, int label, global::Mlp<T>.Gradient gradient)", code, System.StringComparison.Ordinal);
        Assert.Contains("public T LossBackward(global::System.ReadOnlySpan<T> x, int label, T seed, global::Mlp<T>.Gradient gradient)", code, System.StringComparison.Ordinal);
        Assert.Contains("internal double Loss_DoubleGradient(global::System.ReadOnlySpan<double> x, int label, global::Mlp<T>.Gradient gradient)", code, System.StringComparison.Ordinal);
        Assert.Contains("internal float Loss_SingleGradient(global::System.ReadOnlySpan<float> x, int label, global::Mlp<T>.Gradient gradient)", code, System.StringComparison.Ordinal);
        Assert.Contains("global::System.Span<double> dW = global::AutoDiffGen.Specialize.Span<T, double>(gradient.W);", code, System.StringComparison.Ordinal);
        Assert.Contains("ref double dScale = ref global::AutoDiffGen.Specialize.Ref<T, double>(ref gradient.Scale);", code, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_generic_struct_model_with_forward_mode_and_hessian_vector_products_compiles()
    {
        Run run = Generate(Header + """
            [Differentiable]
            public partial struct Cell<T> where T : IFloatingPointIeee754<T>
            {
                public T[] W;
                public T Gain;

                [Differentiable(Derivatives.Reverse | Derivatives.Forward | Derivatives.Hessian)]
                public T Energy(T x)
                {
                    T s = T.Zero;
                    for (int i = 0; i < W.Length; i++) s += T.Exp(W[i] * x) * Gain;
                    return T.Log(T.One + s);
                }
            }
            """);
        string code = Source(run, "Cell{T}.Energy");
        Assert.Contains("public T EnergyGradient(T x, ref global::Cell<T>.Gradient gradient, out T dX)", code, System.StringComparison.Ordinal);
        Assert.Contains("public T EnergyTangent(T x, global::Cell<T>.Gradient tangent, T dX, out T dResult)", code, System.StringComparison.Ordinal);
        Assert.Contains("public T EnergyHessianVectorProduct(", code, System.StringComparison.Ordinal);
        // No dense Hessian for a model (information), said once and of the user's method, not of its specializations.
        Diagnostic info = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "ADG0022");
        Assert.Contains("'Energy' asks for Derivatives.Hessian", info.GetMessage(), System.StringComparison.Ordinal);
        Assert.DoesNotContain("_Double", info.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_static_method_may_take_a_generic_model_with_a_concrete_T()
    {
        Generate(Header + Mlp + """
            public static partial class Uses
            {
                [Differentiable]
                public static double Loss(Mlp<double> net, [NoDerivative] ReadOnlySpan<double> x) => net.W[0] * net.Scale + net.Loss(x, 1);
            }
            """);
    }

    [Fact]
    public void A_generic_model_calls_its_own_and_its_sub_models_methods_through_their_specializations()
    {
        Run run = Generate(Header + """
            [Differentiable]
            public partial class Head<T> where T : IFloatingPointIeee754<T>
            {
                public T Scale = T.One;

                [Differentiable]
                public T Apply(T x) => Scale * x;
            }
            [Differentiable]
            public partial class Net<T> where T : IFloatingPointIeee754<T>
            {
                public T W = T.One;
                public Head<T> Top = new();

                [Differentiable]
                public T Inner(T x) => W * x;

                [Differentiable(Derivatives.Reverse | Derivatives.Forward | Derivatives.Hessian)]
                public T Outer(T x) => Top.Apply(Inner(x)) * x;
            }
            """);
        string outer = Source(run, "Net{T}.Outer");
        Assert.Contains("Top.Apply_DoubleBackward(", outer, System.StringComparison.Ordinal);
        Assert.Contains("this.Inner_SingleBackward(", outer, System.StringComparison.Ordinal);
        // Forward mode and H·v reach the callees' specializations too.
        Assert.Contains("Top.Apply_DoubleTangent(", outer, System.StringComparison.Ordinal);
        Assert.Contains("this.Inner_SingleBackwardTangent(", outer, System.StringComparison.Ordinal);
        Assert.Contains("public T OuterHessianVectorProduct(", outer, System.StringComparison.Ordinal);
        // Each specialization's own code, for its callers, and internal: another generic model calls it.
        string inner = Source(run, "Net{T}.Inner");
        Assert.Contains("internal double Inner_Double(double x)", inner, System.StringComparison.Ordinal);
        Assert.Contains("internal float Inner_Single(float x)", inner, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_generic_model_may_hold_and_call_a_generic_model_of_a_concrete_T()
    {
        Run run = Generate(Header + """
            [Differentiable]
            public partial class Dense<T> where T : IFloatingPointIeee754<T>
            {
                public T[] W = new T[4], B = new T[2];

                [Differentiable]
                public void Forward(ReadOnlySpan<T> x, Span<T> y)
                {
                    T[] z = new T[B.Length];
                    Linear.Dense(W, B, x, z);
                    Activations.Tanh(z, y);
                }
            }
            [Differentiable]
            public partial class Net
            {
                public Dense<double> First = new();
                public Dense<float>[] Rest = { new() };

                [Differentiable]
                public double Loss([NoDerivative] ReadOnlySpan<double> x)
                {
                    Span<double> h = stackalloc double[2];
                    First.Forward(x, h);
                    return h[0] * h[1] + First.W[0];
                }
            }
            """);
        string model = Source(run, "Net.Model.g.cs");
        Assert.Contains("public global::Dense<double>.Gradient First;", model, System.StringComparison.Ordinal);
        Assert.Contains("public global::Dense<float>.Gradient[] Rest;", model, System.StringComparison.Ordinal);
        Assert.Contains("First.ForwardBackward(", Source(run, "Net.Loss"), System.StringComparison.Ordinal);
    }

    [Fact]
    public void ADG0002_a_generic_model_calling_a_method_of_a_generic_type_that_is_not_differentiable()
    {
        (Diagnostic d, _) = Single(Header + """
            [Differentiable]
            public partial class Net<T> where T : IFloatingPointIeee754<T>
            {
                public T W = T.One;

                public static T Square(T x) => x * x;

                [Differentiable]
                public T Outer(T x) => Square(W * x);
            }
            """, "ADG0002", "Square(W * x)");
        Assert.Contains("calls only the [Differentiable] methods of a type generic over that T", d.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void ADG0002_a_generic_model_calling_a_generic_sub_models_method()
    {
        Single(Header + """
            [Differentiable]
            public partial class Head<T> where T : IFloatingPointIeee754<T>
            {
                public T Scale = T.One;
            }
            [Differentiable]
            public partial class Net<T> where T : IFloatingPointIeee754<T>
            {
                public Head<T> Top = new();

                [Differentiable]
                public T Outer(T x) => Top.Apply(x);
            }
            public partial class Head<T>
            {
                public T Apply(T x) => Scale * x;
            }
            """, "ADG0002", "Top.Apply(x)");
    }

    [Theory]
    [InlineData("[Differentiable] public partial class Box<T> { public double W; }", "Box", "exactly one type parameter")]
    [InlineData("[Differentiable] public partial class Box<T, U> where T : IFloatingPointIeee754<T> { public T W = T.One; }", "Box", "exactly one type parameter")]
    [InlineData("public partial class Outer<T> { [Differentiable] public partial class Box { public double W; } }", "Box", "nested in generic types")]
    public void ADG0021_generic_model_types_that_are_not_supported(string source, string marked, string reason)
    {
        (Diagnostic d, _) = Single(Header + source, "ADG0021", marked);
        Assert.Contains(reason, d.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void ADG0010_a_generic_method_of_a_generic_model()
    {
        (Diagnostic d, _) = Single(Header + """
            [Differentiable]
            public partial class Net<T> where T : IFloatingPointIeee754<T>
            {
                public T W = T.One;

                [Differentiable]
                public U Scaled<U>(U x) where U : IFloatingPointIeee754<U> => x * x;
            }
            """, "ADG0010", "Scaled");
        Assert.Contains("generic in a generic type", d.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_generic_method_may_take_a_generic_model_of_its_T()
    {
        Run run = Generate(Header + Mlp + """
            public static partial class Uses
            {
                [Differentiable]
                public static T Loss<T>(Mlp<T> net, T x) where T : IFloatingPointIeee754<T> => net.Scale * x * net.W[1] + net.Decay;
            }
            """);
        string code = Source(run, "Uses.Loss");
        Assert.Contains("public static T LossGradient<T>(global::Mlp<T> net, T x, global::Mlp<T>.Gradient dNet, out T dX)", code, System.StringComparison.Ordinal);
        Assert.Contains("global::System.Runtime.CompilerServices.Unsafe.As<global::Mlp<T>, global::Mlp<double>>(ref net)", code, System.StringComparison.Ordinal);
    }
}
