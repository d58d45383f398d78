using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Emit;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// <c>AutoDiffGenVectorMath</c> end to end: the generator run with the property (as MSBuild hands it over,
/// <c>build_property.AutoDiffGenVectorMath</c>), the output compiled and loaded, and every gradient compared with central
/// differences of the user's method at random points: split activation loops (tanh under a layer choice, ReLU over a count
/// that may be 0, float), loops that must not be split (a recurrence, an in-place update), 0 B per warm call, and the value
/// bit for bit equal to the method's without the property; a checkpointed loop of split layers, and H·v through them.
/// </summary>
public class VectorMathTests
{
    // One tanh stack under a layer choice, differentiated twice: as it is, and checkpointed.
    private const string DeepBody = """
        (ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, int layers)
        {
            Span<double> act = stackalloc double[4];
            Span<double> next = stackalloc double[4];
            x.Slice(0, 4).CopyTo(act);
            for (int l = 0; l < layers; l++)
            {
                for (int j = 0; j < 4; j++)
                {
                    double sum = w[l * 20 + j];
                    for (int k = 0; k < 4; k++) sum += w[l * 20 + 4 + j * 4 + k] * act[k];
                    next[j] = l < layers - 1 ? Math.Tanh(sum) : sum;
                }
                next.CopyTo(act);
            }
            return act[0] * act[0] + act[1] - act[2] * act[3];
        }
        """;

    private const string Source = """
        using System;
        using AutoDiffGen;

        public static partial class P
        {
        """ + "\n    [Differentiable(Derivatives.Reverse | Derivatives.Forward | Derivatives.Hessian)]\n    public static double Deep" + DeepBody
        + "\n    [Differentiable(Checkpoints = 2)]\n    public static double DeepCheckpointed" + DeepBody + """

            [Differentiable]
            public static double Relu(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, int n)
            {
                Span<double> h = stackalloc double[8];
                double total = 0;
                for (int j = 0; j < n; j++)
                {
                    double a = w[j];
                    for (int k = 0; k < x.Length; k++) a += w[8 + j * x.Length + k] * x[k];
                    h[j] = Math.Max(a, 0.0);
                }
                for (int j = 0; j < n; j++) total += h[j] * h[j] + w[j] * h[j];
                return total;
            }

            [Differentiable]
            public static float Rnn(ReadOnlySpan<float> w, [NoDerivative] ReadOnlySpan<float> x, int steps)
            {
                Span<float> h = stackalloc float[3];
                Span<float> next = stackalloc float[3];
                for (int t = 0; t < steps; t++)
                {
                    for (int i = 0; i < 3; i++)
                    {
                        float sum = w[i] * x[t];
                        for (int j = 0; j < 3; j++) sum += w[3 + i * 3 + j] * h[j];
                        next[i] = MathF.Tanh(sum);
                    }
                    next.CopyTo(h);
                }
                return h[0] + 2 * h[1] - h[2];
            }

            [Differentiable]
            public static double Act(ReadOnlySpan<double> w)
            {
                Span<double> h = stackalloc double[4];
                for (int j = 0; j < 4; j++)
                {
                    double a = w[j] * w[j + 4];
                    h[j] = Math.Tanh(a);
                }
                return h[0] * h[1] + h[2] * h[3];
            }

            [Differentiable]
            public static double Recurrence(ReadOnlySpan<double> w)
            {
                Span<double> h = stackalloc double[4];
                for (int j = 0; j < 4; j++)
                {
                    double a = w[j];
                    if (j > 0) a += h[j - 1];
                    h[j] = Math.Tanh(a);
                }
                return h[3] + h[0];
            }

            [Differentiable]
            public static double InPlace(ReadOnlySpan<double> w)
            {
                Span<double> h = stackalloc double[4];
                for (int j = 0; j < 4; j++) h[j] = w[j];
                for (int j = 0; j < 4; j++)
                {
                    double a = h[j] * w[j + 4];
                    h[j] = Math.Tanh(a);
                }
                return h[1] * h[2] + h[3];
            }

            public static double VDeep(double[] w, double[] x, int layers) => Deep(w, x, layers);
            public static double GDeep(double[] w, double[] x, int layers, double[] dW) => DeepGradient(w, x, layers, dW);
            public static double VDeepCheckpointed(double[] w, double[] x, int layers) => DeepCheckpointed(w, x, layers);
            public static double GDeepCheckpointed(double[] w, double[] x, int layers, double[] dW) => DeepCheckpointedGradient(w, x, layers, dW);
            public static double HvDeep(double[] w, double[] x, int layers, double[] v, double[] hv) => DeepHessianVectorProduct(w, x, layers, v, new double[w.Length], hv);
            public static double VRelu(double[] w, double[] x, int n) => Relu(w, x, n);
            public static double GRelu(double[] w, double[] x, int n, double[] dW) => ReluGradient(w, x, n, dW);
            public static float GRnn(float[] w, float[] x, int steps, float[] dW) => RnnGradient(w, x, steps, dW);
            public static double VAct(double[] w) => Act(w);
            public static double GAct(double[] w, double[] dW) => ActGradient(w, dW);
            public static double VRecurrence(double[] w) => Recurrence(w);
            public static double GRecurrence(double[] w, double[] dW) => RecurrenceGradient(w, dW);
            public static double VInPlace(double[] w) => InPlace(w);
            public static double GInPlace(double[] w, double[] dW) => InPlaceGradient(w, dW);

            /// <summary>Bytes allocated by 20 warm gradient calls of each split method.</summary>
            public static long WarmAllocation(double[] w, double[] x, double[] dW, float[] wf, float[] xf, float[] dWf)
            {
                for (int i = 0; i < 3; i++) { DeepGradient(w, x, 3, dW); ReluGradient(w, x, 5, dW); RnnGradient(wf, xf, 4, dWf); }
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 20; i++) { DeepGradient(w, x, 3, dW); ReluGradient(w, x, 5, dW); RnnGradient(wf, xf, 4, dWf); }
                return GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }
        """;

    private static readonly Lazy<Type> On = new(() => Build(vectorMath: true));
    private static readonly Lazy<Type> Off = new(() => Build(vectorMath: false));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Tanh_layers_under_a_choice_match_central_differences(int layers)
    {
        var random = new Random(18 + layers);
        for (int point = 0; point < 3; point++)
        {
            double[] w = Random(random, 60), x = Random(random, 4);
            CheckGradient(On.Value, "Deep", w, v => (double)Invoke(On.Value, "VDeep", v, x, layers)!,
                dW => (double)Invoke(On.Value, "GDeep", w, x, layers, dW)!);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void A_checkpointed_loop_of_split_layers_matches_central_differences(int layers)
    {
        var random = new Random(28 + layers);
        double[] w = Random(random, 100), x = Random(random, 4);
        CheckGradient(On.Value, "DeepCheckpointed", w, v => (double)Invoke(On.Value, "VDeepCheckpointed", v, x, layers)!,
            dW => (double)Invoke(On.Value, "GDeepCheckpointed", w, x, layers, dW)!);
    }

    [Fact]
    public void The_hessian_vector_product_through_split_layers_matches_central_differences_of_the_gradient()
    {
        var random = new Random(99);
        double[] w = Random(random, 60), x = Random(random, 4), v = Random(random, 60);
        var hv = new double[60];
        Invoke(On.Value, "HvDeep", w, x, 3, v, hv);
        const double h = 1e-5;
        double[] plus = w.Select((wi, i) => wi + h * v[i]).ToArray(), minus = w.Select((wi, i) => wi - h * v[i]).ToArray();
        double[] gPlus = new double[60], gMinus = new double[60];
        Invoke(On.Value, "GDeep", plus, x, 3, gPlus);
        Invoke(On.Value, "GDeep", minus, x, 3, gMinus);
        for (int i = 0; i < 60; i++)
        {
            double fd = (gPlus[i] - gMinus[i]) / (2 * h);
            Assert.True(Math.Abs(fd - hv[i]) <= 1e-5 * (1 + Math.Abs(fd)), $"hv[{i}] {hv[i]}, central difference of the gradient {fd}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(8)]
    public void Relu_over_a_count_that_may_be_zero_matches_central_differences(int n)
    {
        var random = new Random(180 + n);
        for (int point = 0; point < 3; point++)
        {
            double[] w = Random(random, 8 + 8 * 3), x = Random(random, 3);
            CheckGradient(On.Value, "Relu", w, v => (double)Invoke(On.Value, "VRelu", v, x, n)!,
                dW => (double)Invoke(On.Value, "GRelu", w, x, n, dW)!);
        }
    }

    [Fact]
    public void Float_tanh_steps_match_central_differences()
    {
        var random = new Random(1818);
        float[] x = { 0.3f, -0.7f, 0.5f, 0.9f };
        for (int point = 0; point < 3; point++)
        {
            float[] w = Random(random, 12).Select(v => (float)v).ToArray();
            var dW = new float[w.Length];
            Invoke(On.Value, "GRnn", w, x, 4, dW);
            for (int i = 0; i < w.Length; i++)
            {
                // Central differences of the float method in double arithmetic on float inputs would round; use a wide step.
                float[] plus = (float[])w.Clone(), minus = (float[])w.Clone();
                plus[i] += 1e-2f;
                minus[i] -= 1e-2f;
                double fd = ((float)Invoke(On.Value, "GRnn", plus, x, 4, new float[w.Length])! - (float)Invoke(On.Value, "GRnn", minus, x, 4, new float[w.Length])!)
                    / (plus[i] - minus[i]);
                Assert.True(Math.Abs(fd - dW[i]) <= 2e-3 + 2e-2 * Math.Abs(fd), $"w[{i}]: gradient {dW[i]}, central difference {fd}");
            }
        }
    }

    [Fact]
    public void Loops_that_are_not_split_stay_correct_with_the_property()
    {
        var random = new Random(81);
        for (int point = 0; point < 3; point++)
        {
            double[] w = Random(random, 8);
            CheckGradient(On.Value, "Recurrence", w, v => (double)Invoke(On.Value, "VRecurrence", v)!, dW => (double)Invoke(On.Value, "GRecurrence", w, dW)!);
            CheckGradient(On.Value, "InPlace", w, v => (double)Invoke(On.Value, "VInPlace", v)!, dW => (double)Invoke(On.Value, "GInPlace", w, dW)!);
        }
    }

    [Fact]
    public void A_warm_gradient_call_allocates_nothing()
    {
        var random = new Random(7);
        double[] w = Random(random, 60), x = Random(random, 4);
        float[] wf = Random(random, 12).Select(v => (float)v).ToArray(), xf = { 0.3f, -0.7f, 0.5f, 0.9f };
        Assert.Equal(0L, (long)Invoke(On.Value, "WarmAllocation", w, x, new double[60], wf, xf, new float[12])!);
    }

    [Fact]
    public void Without_the_property_the_value_is_the_methods_bit_for_bit_and_with_it_close()
    {
        // Act has no reduction (whose vectorized sum may reorder): only the split can change its bits.
        var random = new Random(3);
        for (int point = 0; point < 5; point++)
        {
            double[] w = Random(random, 8);
            double value = (double)Invoke(Off.Value, "VAct", w)!;
            var dW = new double[8];
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits((double)Invoke(Off.Value, "GAct", w, dW)!));
            var vectorDW = new double[8];
            double vectorized = (double)Invoke(On.Value, "GAct", w, vectorDW)!;
            Assert.True(Math.Abs(vectorized - value) <= 1e-14 * (1 + Math.Abs(value)), $"{vectorized} vs {value}");
            for (int i = 0; i < 8; i++) Assert.True(Math.Abs(vectorDW[i] - dW[i]) <= 1e-14 * (1 + Math.Abs(dW[i])), $"dW[{i}]: {vectorDW[i]} vs {dW[i]}");
            CheckGradient(On.Value, "Act", w, v => (double)Invoke(On.Value, "VAct", v)!, g => (double)Invoke(On.Value, "GAct", w, g)!);
        }
    }

    private static void CheckGradient(Type type, string name, double[] w, Func<double[], double> value, Func<double[], double> gradient)
    {
        var dW = new double[w.Length];
        double result = gradient(dW);
        Assert.True(Math.Abs(result - value(w)) <= 1e-12 * (1 + Math.Abs(result)), $"{name}: value {result} vs {value(w)}");
        for (int i = 0; i < w.Length; i++)
        {
            double h = 1e-6 * (1 + Math.Abs(w[i]));
            double[] plus = (double[])w.Clone(), minus = (double[])w.Clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (value(plus) - value(minus)) / (plus[i] - minus[i]);
            Assert.True(Math.Abs(fd - dW[i]) <= 1e-6 * (1 + Math.Abs(fd)), $"{type.Name}.{name}: w[{i}] gradient {dW[i]}, central difference {fd}");
        }
    }

    private static double[] Random(Random random, int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray();

    private static object? Invoke(Type type, string method, params object[] args) => type.GetMethod(method)!.Invoke(null, args);

    private static Type Build(bool vectorMath)
    {
        var options = new Options(vectorMath ? new Dictionary<string, string> { ["build_property.AutoDiffGenVectorMath"] = "true" } : new Dictionary<string, string>());
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions, optionsProvider: options);
        driver.RunGeneratorsAndUpdateCompilation(Compile(Source), out Compilation output, out var diagnostics);
        Assert.Empty(diagnostics);
        Assert.True(output.GetDiagnostics().All(d => d.Severity < DiagnosticSeverity.Error), Describe(output.GetDiagnostics()));
        // The split is there with the property and absent without it.
        string generated = string.Concat(output.SyntaxTrees.Skip(1).Select(t => t.ToString()));
        Assert.Equal(vectorMath, generated.Contains("global::AutoDiffGen.Activations.TanhBackward(nextPreActivation", StringComparison.Ordinal));
        Assert.Equal(vectorMath, generated.Contains("global::AutoDiffGen.Activations.Tanh(hPreActivation", StringComparison.Ordinal));
        string checkpointed = output.SyntaxTrees.Single(t => t.FilePath.Contains("P.DeepCheckpointed_", StringComparison.Ordinal)).ToString();
        Assert.Equal(vectorMath, checkpointed.Contains("global::AutoDiffGen.Activations.TanhBackward(nextPreActivation", StringComparison.Ordinal));
        Assert.Contains("checkpoints", checkpointed, StringComparison.Ordinal);
        using var image = new MemoryStream();
        EmitResult emitted = output.Emit(image);
        Assert.True(emitted.Success, Describe(emitted.Diagnostics));
        return Assembly.Load(image.ToArray()).GetType("P")!;
    }

    private sealed class Options(Dictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values(new Dictionary<string, string>());
    }

    private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
