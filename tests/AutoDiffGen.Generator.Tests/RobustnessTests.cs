using System.Linq;
using Microsoft.CodeAnalysis;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The generator never throws: for broken, odd or unsupported input it either reports ADG errors and emits nothing,
/// or emits code that adds no compiler error to the user's compilation.
/// </summary>
public class RobustnessTests
{
    private static string Snippet(string members, string typeModifiers = "public static") =>
        Usings + typeModifiers + " partial class P\n{\n" + members + "\n}\n";

    public static TheoryData<string, string> NastyInputs() => new()
    {
        { "syntax error", Snippet("[Differentiable] public static double F(double x) { return x * ; }") },
        { "incomplete declaration", Usings + "public static partial class P { [Differentiable] public static double F(double x" },
        { "unresolved names", Snippet("[Differentiable] public static double F(double x) => x * Foo(x) + y;") },
        { "unresolved type", Snippet("[Differentiable] public static double F(Missing m, double x) => m.Scale * x;") },
        { "empty body", Snippet("[Differentiable] public static double F(double x) { }") },
        { "empty void body", Snippet("[Differentiable] public static void F(ReadOnlySpan<double> x, Span<double> y) { }") },
        { "dynamic local", Snippet("[Differentiable] public static double F(double x) { dynamic d = x; return d * 2; }") },
        { "dynamic parameter", Snippet("[Differentiable] public static double F(double x, dynamic d) => x * d;") },
        { "pointer local", Snippet("[Differentiable] public static double F(double x) { double* p = &x; return *p * x; }", "public static unsafe") },
        { "pointer parameter", Snippet("[Differentiable] public static double F(double* p, double x) => p[0] * x;", "public static unsafe") },
        { "recursion", Snippet("[Differentiable] public static double F(double x, int n) => n == 0 ? x : F(x * x, n - 1);") },
        { "mutual recursion", Snippet("[Differentiable] public static double F(double x, int n) => n <= 0 ? x : G(x, n - 1) * x;\n[Differentiable] public static double G(double x, int n) => F(Math.Sin(x), n);") },
        { "attribute on a class", Usings + "[Differentiable] public static partial class P { public static double F(double x) => x; }" },
        { "attribute on a property", Snippet("[Differentiable] public static double F => 1.0;") },
        { "nullable and string parameters", Snippet("[Differentiable] public static double F(double x, double? y, string s) => x * (y ?? 1.0) * s.Length;") },
        { "tuple swap", Snippet("[Differentiable] public static double F(double x, double y) { (x, y) = (y, x); return x * y; }") },
        { "throw expression body", Snippet("[Differentiable] public static double F(double x) => throw new InvalidOperationException();") },
        { "pattern matching", Snippet("[Differentiable] public static double F(double x, object o) => o is int i ? x * i : x;") },
        { "discard assignment", Snippet("[Differentiable] public static double F(double x) { _ = x * 2; return x; }") },
        { "parameters named like generated ones", Snippet("[Differentiable] public static double F(double x, double seed, double dX) { double result = x * seed; double dResult = result * dX; return dResult; }") },
        { "side-effecting call on constants", Snippet("[Differentiable] public static double F(double x) { Console.WriteLine(x); return x; }") },
        { "readonly struct instance", Usings + "public readonly partial struct S { public readonly double K; [Differentiable] public double F(double x) => K * x * x; }" },
        { "record instance", Usings + "public partial record R(double K) { [Differentiable] public double F(double x) => K * x * x; }" },
        { "ref struct instance", Usings + "public ref partial struct S { public double K; [Differentiable] public double F(double x) => K * x * x; }" },
        { "static interface method with body", Usings + "public partial interface I { [Differentiable] static double F(double x) => x * x; }" },
        { "overloads by element type", Snippet("[Differentiable] public static double F(double x) => x * x;\n[Differentiable] public static float F(float x) => x * x;") },
        { "default parameter values", Snippet("[Differentiable] public static double F(double x, double a = 1.5, int n = 2) => a * x * n;") },
        { "unicode identifiers", Snippet("[Differentiable] public static double Énergie(double θ) => θ * θ;") },
        { "special floating constants", Snippet("[Differentiable] public static double F(double x) => x * double.NaN + double.PositiveInfinity + double.Epsilon + 1e-300 + 0.1f + double.MaxValue;") },
        { "unbounded while with a call in the condition", Snippet("[Differentiable] public static double F(double x) { int i = 0; while (Math.Exp(x) > i) { x = x * 0.5; i++; } return x; }") },
        { "do while", Snippet("[Differentiable] public static double F(double x) { do { x = x * x; } while (x < 10); return x; }") },
        { "break and continue", Snippet("[Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { if (v[i] < 0) break; if (v[i] > 5) continue; s = s * v[i] + 1; } return s; }") },
        { "long and remainder", Snippet("[Differentiable] public static double F(double x, long n) { n += 2; x *= n; return x % 3.0; }") },
        { "differentiable call with a custom derivative of the wrong shape", Snippet("public static double G(double x) => x;\n[DerivativeOf(nameof(G))] public static double GBackward(double x) => x;\n[Differentiable] public static double F(double x) => G(x);") },
        { "attribute on the implementing part of a partial method", Snippet("public static partial double F(double x);\n[Differentiable] public static partial double F(double x) => x * x;") },
        { "local functions named like members and like other methods' local functions", Snippet("public static double F_Sq(double v) => v;\n[Differentiable] public static double F(double x) { static double Sq(double v) => v * v; static double G_H(double v) => v * 3; return Sq(x) + G_H(x) + F_Sq(1); }\n[Differentiable] public static double F_G(double x) { static double H(double v) => v * 2; return H(x); }") },
        { "local functions of one name in overloads and sibling blocks", Snippet("[Differentiable] public static double F(double x) { static double Sq(double v) => v * v; return Sq(x); }\n[Differentiable] public static double F(double x, int n) { if (n > 0) { static double Sq(double v) => v * v; return Sq(x); } else { static double Sq(double v) => -v; return Sq(x); } }") },
        { "local function capturing a parameter", Snippet("[Differentiable] public static double F(double x, double k) { double G(double v) => v * k; return G(x); }") },
        { "local function capturing this", Usings + "public partial class P { double _k = 2; [Differentiable] public double F(double x) { double G(double v) => v * _k; return G(x); } }" },
        { "local function used as a delegate", Snippet("[Differentiable] public static double F(double x) { static double Sq(double v) => v * v; Func<double, double> f = Sq; return f(x); }") },
        { "local function never called", Snippet("[Differentiable] public static double F(double x) { static double Sq(double v) => v * v; return x * 2; }") },
        { "local function with an error in its body", Snippet("[Differentiable] public static double F(double x) { static double Sq(double v) => v * Missing; return Sq(x); }") },
        { "local function calling a method without derivative beside a correct one", Snippet("public static double Opaque(double v) => v;\n[Differentiable] public static double F(double x) { static double A(double v) => v * v; static double B(double v) => Opaque(v); return A(x) + B(x); }") },
        { "recursive local function", Snippet("[Differentiable] public static double F(double x, int n) { static double Pow(double b, int e) => e <= 0 ? 1 : b * Pow(b, e - 1); return Pow(x, n); }") },
        { "local function declared in a loop", Snippet("[Differentiable] public static double F(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) { static double Sq(double t) => t * t; s += Sq(v[i]); } return s; }") },
        { "local function with default, params and ref parameters", Snippet("[Differentiable] public static double F(double x) { static double A(double v, double k = 2) => v * k; static double B(params double[] v) => v[0]; static double C(ref double v) => v; double y = x; return A(x) + B(x) + C(ref y); }") },
        { "generic and async local functions", Snippet("[Differentiable] public static double F(double x) { static T Id<T>(T v) => v; static async System.Threading.Tasks.Task<double> L(double v) { await System.Threading.Tasks.Task.Yield(); return v; } return Id(x) + L(x).Result; }") },
        { "void local function without outputs", Snippet("[Differentiable] public static double F(double x) { static void Log(double v) { } Log(x); return x; }") },
        { "local functions with span outputs, int results and local arrays", Snippet("[Differentiable] public static double F(ReadOnlySpan<double> x) { static int Twice(int i) => 2 * i; static void Fill(ReadOnlySpan<double> a, Span<double> y) { double[] t = new double[a.Length]; for (int i = 0; i < y.Length; i++) { t[i] = a[i] * a[i]; y[i] = t[i]; } } Span<double> y = stackalloc double[x.Length]; Fill(x, y); return y[Twice(0)]; }") },
        { "attribute on a local function of a differentiable method", Snippet("[Differentiable] public static double F(double x) { [Differentiable] static double Sq(double v) => v * v; return Sq(x); }") },
        { "same name in two namespaces", Usings + "namespace A { public static partial class P { [Differentiable] public static double F(double x) => x * x; } }\nnamespace B { public static partial class P { [Differentiable] public static double F(double x) => x * x * x; } }" },
    };

    [Theory]
    [MemberData(nameof(NastyInputs))]
    public void Generator_never_throws_and_never_adds_compiler_errors(string name, string source)
    {
        Compilation input = Compile(allowUnsafe: true, source);
        var inputErrors = input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToHashSet();

        Run run = RunGenerator(input);

        Assert.True(run.Exception is null, name + ": generator threw " + run.Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8785" or "AD0001" or "ADG0012");
        var adgErrors = run.GeneratorDiagnostics.Where(d => d.Id.StartsWith("ADG", System.StringComparison.Ordinal)).ToList();
        Assert.All(adgErrors, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.All(adgErrors, d => Assert.True(d.Location.IsInSource || d.Location.Kind == LocationKind.ExternalFile, name + ": diagnostic without a location: " + d));
        Assert.True(run.DiagnosticsInGeneratedCode.Count == 0, name + ":\n" + Describe(run.DiagnosticsInGeneratedCode));
        var newErrors = run.OutputErrors.Where(d => !inputErrors.Contains(d.ToString())).ToList();
        Assert.True(newErrors.Count == 0, name + ":\n" + Describe(newErrors));
        int differentiableMethods = source.Split("[Differentiable]").Length - 1;
        if (adgErrors.Count > 0 && differentiableMethods == 1)
        {
            Assert.True(run.Sources.IsEmpty, name + ": generated code despite " + Describe(adgErrors));
        }
    }
}
