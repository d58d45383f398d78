using System.Threading.Tasks;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Every generator diagnostic at its exact location with its exact arguments. The testing library also checks the
/// generated sources against the (empty) expected set, so each test proves no code was emitted for the method.
/// </summary>
public class DiagnosticTests
{
    private static DiagnosticResult Expect(DiagnosticDescriptor descriptor, int location, params object[] arguments) =>
        new DiagnosticResult(descriptor).WithLocation(location).WithArguments(arguments);

    // ---------------------------------------------------------------- ADG0001 unsupported statement

    [Fact]
    public Task ADG0001_goto_and_its_label()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x)
                {
                    if (x > 0) {|#0:goto done;|}
                    x = x * x;
                    {|#1:done: return x;|}
                }
            }
            """;
        return VerifyNoSourceAsync(source,
            Expect(DiagnosticDescriptors.UnsupportedStatement, 0, "goto", "use structured if/else and loops with break/continue"),
            Expect(DiagnosticDescriptors.UnsupportedStatement, 1, "a labeled statement", "see the supported C# subset in the README"));
    }

    [Fact]
    public Task ADG0001_try_finally()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x)
                {
                    double y = x;
                    {|#0:try
                    {
                        y = x * x;
                    }
                    finally
                    {
                    }|}
                    return y;
                }
            }
            """;
        return VerifyNoSourceAsync(source,
            Expect(DiagnosticDescriptors.UnsupportedStatement, 0, "try/catch/finally", "move exception handling out of the differentiable method"));
    }

    [Fact]
    public Task ADG0001_break_in_the_middle_of_a_switch_section()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x, int mode)
                {
                    double y = x;
                    switch (mode)
                    {
                        case 1:
                            {|#0:if (x > 0) break;|}
                            y = x * x;
                            break;
                        default: y = -x; break;
                    }
                    return y;
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.UnsupportedStatement, 0,
            "break in the middle of a switch section", "end each section with its break, or use if / else"));
    }

    [Fact]
    public Task ADG0001_pattern_case_label()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x, int mode)
                {
                    double y = x;
                    switch (mode)
                    {
                        {|#0:case > 3:|} y = x * x; break;
                        default: y = -x; break;
                    }
                    return y;
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.UnsupportedStatement, 0,
            "this case label", "use constant case labels (case 1:, case 2:, default:)"));
    }

    [Fact]
    public Task ADG0002_switch_expression_without_a_discard_arm()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x, int mode) => {|#0:mode switch { 1 => x * x, 2 => -x }|};
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.UnsupportedExpression, 0,
            "a switch expression without a final '_' arm", "end it with '_ => …' so every value has an arm"));
    }

    [Fact]
    public Task ADG0001_lock()
    {
        const string source = Usings + """
            public partial class Model
            {
                private readonly object _gate = new object();

                [Differentiable]
                public double F(double x)
                {
                    double y = x;
                    {|#0:lock (_gate)
                    {
                        y = x * x;
                    }|}
                    return y;
                }
            }
            """;
        return VerifyNoSourceAsync(source,
            Expect(DiagnosticDescriptors.UnsupportedStatement, 0, "lock", "synchronize outside the differentiable method"));
    }

    [Fact]
    public Task ADG0001_local_function_capturing_a_parameter()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x, double k)
                {
                    double Scaled(double v) => v * {|#0:k|};
                    return Scaled(x);
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.UnsupportedStatement, 0, "a local function that captures k",
            "local function 'Scaled' uses 'k' of 'F'; make it static and pass k as a parameter"));
    }

    [Fact]
    public Task ADG0001_local_function_capturing_a_local_of_the_method()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x)
                {
                    double k = x * 2;
                    static double Sq(double v) => v * v;
                    double Scaled(double v) => Sq(v) * {|#0:k|};
                    return Scaled(x);
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.UnsupportedStatement, 0, "a local function that captures k",
            "local function 'Scaled' uses 'k' of 'F'; make it static and pass k as a parameter"));
    }

    [Fact]
    public Task ADG0001_local_function_capturing_this()
    {
        const string source = Usings + """
            public partial class Model
            {
                private double _scale = 2;

                [Differentiable]
                public double F(double x)
                {
                    double Scaled(double v) => v * {|#0:_scale|};
                    return Scaled(x);
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.UnsupportedStatement, 0, "a local function that captures this",
            "local function 'Scaled' uses 'this' of 'F'; make it static and pass what it reads of this as a parameter"));
    }

    [Fact]
    public Task ADG0001_local_function_capturing_the_parameter_of_the_local_function_around_it()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x)
                {
                    static double Outer(double v)
                    {
                        double Inner(double w) => w * {|#0:v|};
                        return Inner(v);
                    }
                    return Outer(x);
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.UnsupportedStatement, 0, "a local function that captures v",
            "local function 'Inner' uses 'v' of 'F'; make it static and pass v as a parameter"));
    }

    // ---------------------------------------------------------------- ADG0002 unsupported expression

    [Fact]
    public Task ADG0002_lambda_argument()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                public static double Apply(Func<double, double> f, double v) => f(v);

                [Differentiable]
                public static double F(double x) => Apply({|#0:v => v * 2|}, x);
            }
            """;
        return VerifyNoSourceAsync(source,
            Expect(DiagnosticDescriptors.UnsupportedExpression, 0, "v => v * 2", "lambdas are not differentiated; write a separate [Differentiable] method"));
    }

    [Fact]
    public Task ADG0002_array_allocation_as_argument()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                public static double Sum(ReadOnlySpan<double> v) => v.Length;

                [DerivativeOf(nameof(Sum))]
                public static double SumBackward(ReadOnlySpan<double> v, double seed, Span<double> dV) => v.Length;

                [Differentiable]
                public static double F(double x, int n) => x * Sum({|#0:new double[n]|});
            }
            """;
        return VerifyNoSourceAsync(source,
            Expect(DiagnosticDescriptors.UnsupportedExpression, 0, "new double[n]", "pass a span or array variable, or a Slice of one"));
    }

    [Fact]
    public Task ADG0002_linq_query()
    {
        const string source = "using System.Linq;\n" + Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] xs, double x) => ({|#0:from v in xs select v * x|}).Sum();
            }
            """;
        return VerifyNoSourceAsync(source,
            Expect(DiagnosticDescriptors.UnsupportedExpression, 0, "from v in xs select v * x", "LINQ is not supported; write the loop"));
    }

    [Fact]
    public Task ADG0002_named_arguments_out_of_order_with_an_increment()
    {
        // Increments inside expressions are lowered in C#'s evaluation order; arguments are lowered in parameter
        // order, so named arguments out of that order may not assign anything.
        const string source = Usings + """
            public static partial class Functions
            {
                public static double G(double a, double b) => a * b;

                [Differentiable]
                public static double F(double x)
                {
                    double y = {|#0:G(b: x++, a: x)|} * 2;
                    return y;
                }
            }
            """;
        return VerifyNoSourceAsync(source,
            Expect(DiagnosticDescriptors.UnsupportedExpression, 0, "G(b: x++, a: x)",
                "named arguments out of parameter order with an assignment or increment among them; pass them in parameter order"));
    }

    // ---------------------------------------------------------------- ADG0003 call without derivative

    [Fact]
    public Task ADG0003_plain_method_on_an_active_value()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                public static double Plain(double v) => v * v;

                [Differentiable]
                public static double F(double x) => {|#0:Plain(x)|} + 1;
            }
            """;
        return VerifyNoSourceAsync(source,
            Expect(DiagnosticDescriptors.CallWithoutDerivative, 0, "Functions.Plain", "Plain"));
    }

    [Fact]
    public Task ADG0003_math_function_without_a_rule_on_an_active_value()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x) => {|#0:Math.IEEERemainder(x, 3.0)|};
            }
            """;
        return VerifyNoSourceAsync(source,
            Expect(DiagnosticDescriptors.CallWithoutDerivative, 0, "Math.IEEERemainder", "IEEERemainder"));
    }

    [Fact]
    public void ADG0003_not_reported_when_only_constants_reach_the_call()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                public static double Plain(double v) => v * v;

                [Differentiable]
                public static double F(double x, [NoDerivative] double c) => x * Plain(2.0) + Plain(c) + Math.IEEERemainder(c, 3.0);
            }
            """;
        Run run = RunGenerator(Compile(source));
        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Sources);
        Assert.True(run.OutputErrors.Count == 0, Describe(run.OutputErrors));
    }

    // ---------------------------------------------------------------- ADG0004 type not partial

    [Fact]
    public Task ADG0004_containing_type_not_partial()
    {
        const string source = Usings + """
            public static class {|#0:Functions|}
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.TypeNotPartial, 0, "Functions", "F"));
    }

    [Fact]
    public Task ADG0004_outer_type_of_a_partial_nested_type_not_partial()
    {
        const string source = Usings + """
            namespace Physics
            {
                public class {|#0:Outer|}
                {
                    public partial class Inner
                    {
                        [Differentiable]
                        public static double Energy(double x) => 0.5 * x * x;
                    }
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.TypeNotPartial, 0, "Outer", "Energy"));
    }

    // ---------------------------------------------------------------- ADG0005 return type

    [Fact]
    public Task ADG0005_returns_int()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static {|#0:int|} F(double x) => (int)x;
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.UnsupportedReturnType, 0, "F", "int"));
    }

    [Fact]
    public Task ADG0005_void_without_span_output()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static {|#0:void|} F(double x, ReadOnlySpan<double> w)
                {
                    double y = x * w[0];
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.UnsupportedReturnType, 0, "F", "void (with no Span<T> output)"));
    }

    // ---------------------------------------------------------------- ADG0006 parameter

    [Fact]
    public Task ADG0006_ref_and_out_parameters()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F({|#0:ref double x|}, {|#1:out double y|})
                {
                    y = 0;
                    return x;
                }
            }
            """;
        const string why = "ref, out and in parameters are not differentiated; return the value, or write it into a Span<T> output";
        return VerifyNoSourceAsync(source,
            Expect(DiagnosticDescriptors.UnsupportedParameter, 0, "x", "double", why),
            Expect(DiagnosticDescriptors.UnsupportedParameter, 1, "y", "double", why));
    }

    [Fact]
    public Task ADG0006_params_array()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x, {|#0:params double[] rest|}) => x * rest[0];
            }
            """;
        return VerifyNoSourceAsync(source,
            Expect(DiagnosticDescriptors.UnsupportedParameter, 0, "rest", "double[]", "params arrays are not supported; take a ReadOnlySpan<T>"));
    }

    [Fact]
    public Task ADG0006_span_of_unsupported_element()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x, {|#0:ReadOnlySpan<decimal> d|}) => x;
            }
            """;
        return VerifyNoSourceAsync(source,
            Expect(DiagnosticDescriptors.UnsupportedParameter, 0, "d", "ReadOnlySpan<decimal>", "spans of double, float, int, long or bool are supported"));
    }

    // ---------------------------------------------------------------- ADG0007 no body

    [Fact]
    public Task ADG0007_abstract_method()
    {
        const string source = Usings + """
            public abstract partial class Model
            {
                [Differentiable]
                public abstract double {|#0:F|}(double x);
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.MethodWithoutBody, 0, "F"));
    }

    [Fact]
    public Task ADG0007_extern_method()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                [System.Runtime.InteropServices.DllImport("native")]
                public static extern double {|#0:F|}(double x);
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.MethodWithoutBody, 0, "F"));
    }

    [Fact]
    public Task ADG0007_interface_method_without_body()
    {
        const string source = Usings + """
            public partial interface IModel
            {
                [Differentiable]
                double {|#0:F|}(double x);
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.MethodWithoutBody, 0, "F"));
    }

    [Fact]
    public Task ADG0007_partial_definition_without_implementation()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                static partial void {|#0:F|}(ReadOnlySpan<double> x, Span<double> y);
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.MethodWithoutBody, 0, "F"));
    }

    // ---------------------------------------------------------------- ADG0008 name collision

    [Fact]
    public Task ADG0008_existing_gradient_member()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double {|#0:F|}(double x) => x * x;

                public static double FGradient(double x, out double dX) { dX = 2 * x; return x * x; }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.NameCollision, 0, "Functions", "FGradient", "F"));
    }

    [Fact]
    public Task ADG0008_existing_backward_member_of_any_kind()
    {
        const string source = Usings + """
            public partial class Model
            {
                public int FBackward;

                [Differentiable]
                public double {|#0:F|}(double x) => x * x;
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.NameCollision, 0, "Model", "FBackward", "F"));
    }

    // ---------------------------------------------------------------- ADG0009 custom derivative shape

    [Fact]
    public Task ADG0009_custom_derivative_with_the_wrong_signature_names_the_expected_one()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                public static double Cube(double x, ReadOnlySpan<double> w) => x * x * x * w[0];

                [DerivativeOf(nameof(Cube))]
                public static double {|#0:CubeBackward|}(double x, ReadOnlySpan<double> w, double seed, out double dX) { dX = 0; return 0; }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.InvalidCustomDerivative, 0,
            "Cube", "CubeBackward", "static double CubeBackward(double, ReadOnlySpan<double>, double, ref double, Span<double>)"));
    }

    [Fact]
    public Task ADG0009_custom_derivative_of_a_missing_method()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [DerivativeOf("Missing")]
                public static double {|#0:MissingBackward|}(double x, double seed, ref double dX) => x;
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.InvalidCustomDerivative, 0,
            "Missing", "MissingBackward", "a method named 'Missing' in 'Functions'"));
    }

    [Fact]
    public Task ADG0009_forward_custom_derivative_with_the_wrong_signature_names_the_tangent_shape()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                public static double Cube(double x, ReadOnlySpan<double> w) => x * x * x * w[0];

                [DerivativeOf(nameof(Cube), Derivatives.Forward)]
                public static double {|#0:CubeTangent|}(double x, ReadOnlySpan<double> w, double dX, out double dResult) { dResult = 0; return 0; }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.InvalidCustomDerivative, 0,
            "Cube", "CubeTangent", "static double CubeTangent(double, ReadOnlySpan<double>, double, ReadOnlySpan<double>, out double)"));
    }

    [Fact]
    public Task ADG0009_second_order_custom_derivative_with_the_wrong_signature_names_the_backward_tangent_shape()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                public static double Cube(double x) => x * x * x;

                [DerivativeOf(nameof(Cube), Derivatives.Hessian)]
                public static double {|#0:CubeBackwardTangent|}(double x, double seed, ref double dX, double vX, ref double hvX) => 0;
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.InvalidCustomDerivative, 0,
            "Cube", "CubeBackwardTangent", "static double CubeBackwardTangent(double, double, ref double, double, double, ref double, out double)"));
    }

    // ---------------------------------------------------------------- ADG0015 / ADG0016 forward mode and second order

    [Fact]
    public Task ADG0015_a_callee_with_only_a_reverse_derivative_in_forward_mode()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                public static double Cube(double x) => x * x * x;

                [DerivativeOf(nameof(Cube))]
                public static double CubeBackward(double x, double seed, ref double dX) { dX += 3 * x * x * seed; return x * x * x; }

                [Differentiable(Derivatives.Forward)]
                public static double F(double x) => {|#0:Cube(x)|} + 1;
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.MissingDerivativeKind, 0, "Functions.Cube", "forward-mode", "Cube", "Forward"));
    }

    [Fact]
    public Task ADG0015_a_callee_with_only_first_order_derivatives_under_a_Hessian()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                public static double Cube(double x) => x * x * x;

                [DerivativeOf(nameof(Cube))]
                public static double CubeBackward(double x, double seed, ref double dX) { dX += 3 * x * x * seed; return x * x * x; }

                [DerivativeOf(nameof(Cube), Derivatives.Forward)]
                public static double CubeTangent(double x, double dX, out double dResult) { dResult = 3 * x * x * dX; return x * x * x; }

                [Differentiable(Derivatives.Hessian)]
                public static double F(double x) => {|#0:Cube(x)|} + 1;
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.MissingDerivativeKind, 0, "Functions.Cube", "second-order", "Cube", "Hessian"));
    }

    [Fact]
    public Task ADG0016_a_Hessian_of_a_method_with_span_outputs()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable(Derivatives.Hessian)]
                public static void {|#0:Layer|}(ReadOnlySpan<double> w, Span<double> y) { for (int i = 0; i < y.Length; i++) y[i] = w[i] * w[i]; }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.UnsupportedDerivativeKind, 0, "Layer", "Derivatives.Hessian",
            "a Hessian is of a method that returns a double or float and writes no span output; ask for Derivatives.Jacobian instead"));
    }

    // ---------------------------------------------------------------- ADG0010 method shape

    [Fact]
    public Task ADG0010_generic_method()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double {|#0:F|}<T>(double x) => x * x;
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.UnsupportedMethodShape, 0,
            "F", "generic", "make it generic over one type T : IFloatingPointIeee754<T> (T is then double or float), or write one method per element type"));
    }

    [Fact]
    public Task ADG0010_method_in_a_generic_type()
    {
        const string source = Usings + """
            public partial class Box<T>
            {
                [Differentiable]
                public static double {|#0:F|}(double x) => x * x;
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.UnsupportedMethodShape, 0,
            "F", "in a generic type", "move it to a non-generic partial type, or make the type a [Differentiable] model generic over one T : IFloatingPointIeee754<T>"));
    }

    [Fact]
    public Task ADG0010_async_method()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static async System.Threading.Tasks.Task<double> {|#0:F|}(double x)
                {
                    await System.Threading.Tasks.Task.Yield();
                    return x * x;
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.UnsupportedMethodShape, 0,
            "F", "async", "differentiate a synchronous method and await around it"));
    }

    [Fact]
    public Task ADG0010_local_function()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                public static double Outer(double x)
                {
                    {|#0:[Differentiable]
                    static double Square(double v) => v * v;|}
                    return Square(x);
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.UnsupportedMethodShape, 0,
            "Square", "a local function of a method that is not [Differentiable]",
            "mark the method around it [Differentiable] (its local functions are differentiated with it), or declare it as a method of a partial type"));
    }

    [Fact]
    public Task ADG0010_generic_local_function()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x)
                {
                    static T {|#0:Twice|}<T>(T v) where T : System.Numerics.INumber<T> => v + v;
                    return Twice(x);
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.UnsupportedMethodShape, 0,
            "F.Twice", "generic", "write one local function per element type (double and float)"));
    }

    [Fact]
    public Task ADG0005_local_function_returning_a_string()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double x, int n)
                {
                    static {|#0:string|} Label(int i) => "n" + i;
                    return Label(n).Length * x;
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.UnsupportedReturnType, 0, "F.Label", "string"));
    }

    [Fact]
    public Task ADG0003_in_a_local_function_and_ADG0014_on_its_caller()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                public static double Opaque(double v) => v;

                [Differentiable]
                public static double F(double x)
                {
                    static double Wrap(double v) => {|#0:Opaque(v)|} * 2;
                    return {|#1:Wrap(x)|};
                }
            }
            """;
        return VerifyNoSourceAsync(source,
            Expect(DiagnosticDescriptors.CallWithoutDerivative, 0, "Functions.Opaque", "Opaque"),
            Expect(DiagnosticDescriptors.CalleeNotDifferentiated, 1, "F", "F.Wrap"));
    }

    // ---------------------------------------------------------------- ADG0011 span misuse

    [Fact]
    public Task ADG0011_buffer_allocated_inside_a_loop_with_a_length_that_changes()
    {
        // A buffer declared in a loop is allocated once before the loop, which needs one length for every iteration.
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(ReadOnlySpan<double> x)
                {
                    double s = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        Span<double> {|#0:t = stackalloc double[i + 1]|};
                        t[i] = x[i];
                        s += t[i] * x[i];
                    }
                    return s;
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.SpanMisuse, 0,
            "t", "is allocated inside a loop with a length that changes between iterations", "allocate it once before the loop with the largest length and use a Slice of it"));
    }

    [Fact]
    public Task ADG0011_writing_an_array_input()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double F(double[] w, double x)
                {
                    {|#0:w[0]|} = x;
                    return w[0] * x;
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.SpanMisuse, 0,
            "w", "is a differentiated input and is written", "inputs are read-only: copy it into a stackalloc scratch span and change the copy"));
    }

    [Fact]
    public Task ADG0011_writing_a_field_array()
    {
        const string source = Usings + """
            public partial class Model
            {
                private readonly double[] _w = new double[3];

                [Differentiable]
                public double F(double x)
                {
                    {|#0:_w[0]|} = x;
                    return x * x;
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.SpanMisuse, 0,
            "this._w", "is a field and is written", "differentiable code may only write its locals and Span<T> outputs"));
    }

    [Fact]
    public Task ADG0011_same_span_as_input_and_output_of_a_call()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                public static void Scale(ReadOnlySpan<double> a, double k, Span<double> b) { }

                [DerivativeOf(nameof(Scale))]
                public static void ScaleBackward(ReadOnlySpan<double> a, double k, Span<double> b, ReadOnlySpan<double> dB, Span<double> dA, ref double dK) { }

                [Differentiable]
                public static double F(ReadOnlySpan<double> x, double k)
                {
                    Span<double> s = stackalloc double[4];
                    x.Slice(0, 4).CopyTo(s);
                    {|#0:Scale(s, k, s)|};
                    return s[0];
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.SpanMisuse, 0,
            "s", "is passed to 'Functions.Scale' both as an output and as another argument", "write the output into a separate scratch span"));
    }

    [Fact]
    public Task ADG0011_local_array_passed_to_an_array_parameter()
    {
        // Local arrays live in scratch spans of the generated code, which cannot be passed as an array.
        const string source = Usings + """
            public static partial class Functions
            {
                public static double G(double[] v) => v.Length;

                [Differentiable]
                public static double F(double x, int n)
                {
                    double[] t = new double[n];
                    t[0] = x;
                    return x * G({|#0:t|});
                }
            }
            """;
        return VerifyNoSourceAsync(source, Expect(DiagnosticDescriptors.SpanMisuse, 0,
            "t", "is a local buffer passed to the double[] parameter 'v' of 'G'", "generated code keeps local arrays in scratch spans: declare the parameter ReadOnlySpan<T> or Span<T>"));
    }

    // ---------------------------------------------------------------- ADG0013 derivative dropped (warning, code still generated)

    [Fact]
    public async Task ADG0013_active_value_passed_to_a_NoDerivative_parameter_warns_and_still_generates()
    {
        const string source = Usings + """
            public static partial class Functions
            {
                [Differentiable]
                public static double Scale([NoDerivative] double k, double x) => k * x;

                [Differentiable]
                public static double F(double x) => {|#0:Scale(x, x)|};
            }
            """;
        var test = CreateTest(source);
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        test.ExpectedDiagnostics.Add(Expect(DiagnosticDescriptors.DerivativeDropped, 0, "x", "k", "Functions.Scale"));
        await test.RunAsync(System.Threading.CancellationToken.None);

        Run run = RunGenerator(Compile(source.Replace("{|#0:", "", System.StringComparison.Ordinal).Replace("|}", "", System.StringComparison.Ordinal)));
        Assert.Equal(2, run.Sources.Length);
        Assert.True(run.OutputErrors.Count == 0, Describe(run.OutputErrors));
    }
}
