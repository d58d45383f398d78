using System;
using System.Linq;
using AutoDiffGen.IntegrationTests.Functions;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using D = AutoDiffGen.IntegrationTests.Functions.RuntimeSecondOrder;
using S = AutoDiffGen.IntegrationTests.Functions.RuntimeSecondOrderSingle;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Forward mode and second order of code that calls the runtime library: one generated method per runtime function
/// (<see cref="RuntimeSecondOrder"/>, <see cref="RuntimeSecondOrderSingle"/>), whose Tangent and H·v go through the function's
/// hand-written Tangent and BackwardTangent. Tangents against central differences of the method along a random direction
/// and against gradient · v; H·v against central differences of the generated gradient, and its gradient against the
/// gradient's; the dense Hessian symmetric; double and float.
/// </summary>
public class RuntimeSecondOrderTests
{
    public delegate double DoubleValue(ReadOnlySpan<double> p, ReadOnlySpan<double> data);
    public delegate double DoubleGradient(ReadOnlySpan<double> p, ReadOnlySpan<double> data, Span<double> dP);
    public delegate double DoubleTangent(ReadOnlySpan<double> p, ReadOnlySpan<double> data, ReadOnlySpan<double> dP, out double dResult);
    public delegate double DoubleHvp(ReadOnlySpan<double> p, ReadOnlySpan<double> data, ReadOnlySpan<double> vP, Span<double> dP, Span<double> hvP);
    public delegate float SingleValue(ReadOnlySpan<float> p, ReadOnlySpan<float> data);
    public delegate float SingleGradient(ReadOnlySpan<float> p, ReadOnlySpan<float> data, Span<float> dP);
    public delegate float SingleTangent(ReadOnlySpan<float> p, ReadOnlySpan<float> data, ReadOnlySpan<float> dP, out float dResult);
    public delegate float SingleHvp(ReadOnlySpan<float> p, ReadOnlySpan<float> data, ReadOnlySpan<float> vP, Span<float> dP, Span<float> hvP);

    /// <summary>A method over flattened parameters in double arrays (float methods see them rounded).</summary>
    public sealed record Case(string Name, bool Single, int Dimension, Func<double[], double> Value, Func<double[], double[], double> Gradient,
        Func<double[], double[], (double Value, double Tangent)> Tangent, Func<double[], double[], double[], double[], double> Hvp, Func<double[], bool>? Admissible);

    private const int W = D.Width;
    private const int Points = 4;

    private static readonly double[] None = Array.Empty<double>();
    private static readonly double[] Target = { 0.3 };
    private static readonly double[] Targets = Enumerable.Range(0, W).Select(i => Math.Sin(1.7 * i)).ToArray();
    private static readonly double[] RunningStatistics = Enumerable.Range(0, S.Features).Select(i => 0.2 * i - 0.3)
        .Concat(Enumerable.Range(0, S.Features).Select(i => 0.5 + 0.3 * i)).ToArray();
    private static readonly double[] LayerInput = { 0.8, -1.1, 0.4, 1.3 };

    // Kinks (ReLU's, ELU's, PReLU's at 0) stay 0.1 away from every point, beyond the reach of the differences' steps.
    private static bool ScalarKink(double[] p) => Math.Abs(p[0] * p[1]) > 0.1;

    private static bool SpanKink(double[] p) => p.Take(W).All(v => Math.Abs(v) > 0.1);

    public static readonly Case[] Cases =
    {
        Double(nameof(D.Relu), 2, None, D.Relu, D.ReluGradient, D.ReluTangent, D.ReluHessianVectorProduct, ScalarKink),
        Double(nameof(D.LeakyRelu), 2, None, D.LeakyRelu, D.LeakyReluGradient, D.LeakyReluTangent, D.LeakyReluHessianVectorProduct, ScalarKink),
        Double(nameof(D.Elu), 2, None, D.Elu, D.EluGradient, D.EluTangent, D.EluHessianVectorProduct, ScalarKink),
        Double(nameof(D.Selu), 2, None, D.Selu, D.SeluGradient, D.SeluTangent, D.SeluHessianVectorProduct, ScalarKink),
        Double(nameof(D.Gelu), 2, None, D.Gelu, D.GeluGradient, D.GeluTangent, D.GeluHessianVectorProduct, ScalarKink),
        Double(nameof(D.GeluTanh), 2, None, D.GeluTanh, D.GeluTanhGradient, D.GeluTanhTangent, D.GeluTanhHessianVectorProduct, ScalarKink),
        Double(nameof(D.Silu), 2, None, D.Silu, D.SiluGradient, D.SiluTangent, D.SiluHessianVectorProduct, ScalarKink),
        Double(nameof(D.Softplus), 2, None, D.Softplus, D.SoftplusGradient, D.SoftplusTangent, D.SoftplusHessianVectorProduct, ScalarKink),
        Double(nameof(D.Sigmoid), 2, None, D.Sigmoid, D.SigmoidGradient, D.SigmoidTangent, D.SigmoidHessianVectorProduct, ScalarKink),
        Double(nameof(D.Tanh), 2, None, D.Tanh, D.TanhGradient, D.TanhTangent, D.TanhHessianVectorProduct, ScalarKink),
        Double(nameof(D.PRelu), 3, None, D.PRelu, D.PReluGradient, D.PReluTangent, D.PReluHessianVectorProduct, ScalarKink),
        Double(nameof(D.BinaryCrossEntropyWithLogits), 2, Target, D.BinaryCrossEntropyWithLogits, D.BinaryCrossEntropyWithLogitsGradient, D.BinaryCrossEntropyWithLogitsTangent, D.BinaryCrossEntropyWithLogitsHessianVectorProduct, null),
        Double(nameof(D.ReluSpan), W, None, D.ReluSpan, D.ReluSpanGradient, D.ReluSpanTangent, D.ReluSpanHessianVectorProduct, SpanKink),
        Double(nameof(D.LeakyReluSpan), W, None, D.LeakyReluSpan, D.LeakyReluSpanGradient, D.LeakyReluSpanTangent, D.LeakyReluSpanHessianVectorProduct, SpanKink),
        Double(nameof(D.EluSpan), W, None, D.EluSpan, D.EluSpanGradient, D.EluSpanTangent, D.EluSpanHessianVectorProduct, SpanKink),
        Double(nameof(D.SeluSpan), W, None, D.SeluSpan, D.SeluSpanGradient, D.SeluSpanTangent, D.SeluSpanHessianVectorProduct, SpanKink),
        Double(nameof(D.GeluSpan), W, None, D.GeluSpan, D.GeluSpanGradient, D.GeluSpanTangent, D.GeluSpanHessianVectorProduct, SpanKink),
        Double(nameof(D.GeluTanhSpan), W, None, D.GeluTanhSpan, D.GeluTanhSpanGradient, D.GeluTanhSpanTangent, D.GeluTanhSpanHessianVectorProduct, SpanKink),
        Double(nameof(D.SiluSpan), W, None, D.SiluSpan, D.SiluSpanGradient, D.SiluSpanTangent, D.SiluSpanHessianVectorProduct, SpanKink),
        Double(nameof(D.SoftplusSpan), W, None, D.SoftplusSpan, D.SoftplusSpanGradient, D.SoftplusSpanTangent, D.SoftplusSpanHessianVectorProduct, SpanKink),
        Double(nameof(D.SigmoidSpan), W, None, D.SigmoidSpan, D.SigmoidSpanGradient, D.SigmoidSpanTangent, D.SigmoidSpanHessianVectorProduct, SpanKink),
        Double(nameof(D.TanhSpan), W, None, D.TanhSpan, D.TanhSpanGradient, D.TanhSpanTangent, D.TanhSpanHessianVectorProduct, SpanKink),
        Double(nameof(D.PReluSpan), W + 1, None, D.PReluSpan, D.PReluSpanGradient, D.PReluSpanTangent, D.PReluSpanHessianVectorProduct, SpanKink),
        Double(nameof(D.TanhOfData), W, Targets, D.TanhOfData, D.TanhOfDataGradient, D.TanhOfDataTangent, D.TanhOfDataHessianVectorProduct, null),
        Double(nameof(D.Softmax), W, None, D.Softmax, D.SoftmaxGradient, D.SoftmaxTangent, D.SoftmaxHessianVectorProduct, null),
        Double(nameof(D.MeanSquaredError), W, Targets, D.MeanSquaredError, D.MeanSquaredErrorGradient, D.MeanSquaredErrorTangent, D.MeanSquaredErrorHessianVectorProduct, null),
        Double(nameof(D.SoftmaxCrossEntropy), S.Classes, None, D.SoftmaxCrossEntropy, D.SoftmaxCrossEntropyGradient, D.SoftmaxCrossEntropyTangent, D.SoftmaxCrossEntropyHessianVectorProduct, null),
        Double(nameof(D.SoftmaxCrossEntropyBatch), S.BatchRows * S.Classes, None, D.SoftmaxCrossEntropyBatch, D.SoftmaxCrossEntropyBatchGradient, D.SoftmaxCrossEntropyBatchTangent, D.SoftmaxCrossEntropyBatchHessianVectorProduct, null),
        Double(nameof(D.LayerNorm), 3 * W, None, D.LayerNorm, D.LayerNormGradient, D.LayerNormTangent, D.LayerNormHessianVectorProduct, null),
        Double(nameof(D.BatchNormTraining), S.BatchRows * S.Features + 2 * S.Features, None, D.BatchNormTraining, D.BatchNormTrainingGradient, D.BatchNormTrainingTangent, D.BatchNormTrainingHessianVectorProduct, null),
        Double(nameof(D.BatchNormInference), S.BatchRows * S.Features + 2 * S.Features, RunningStatistics, D.BatchNormInference, D.BatchNormInferenceGradient, D.BatchNormInferenceTangent, D.BatchNormInferenceHessianVectorProduct, null),
        Double(nameof(D.Dense), S.Outputs * S.Inputs + S.Outputs + S.Inputs, None, D.Dense, D.DenseGradient, D.DenseTangent, D.DenseHessianVectorProduct, null),
        Double(nameof(D.DenseOfData), S.Outputs * S.Inputs + S.Outputs, LayerInput, D.DenseOfData, D.DenseOfDataGradient, D.DenseOfDataTangent, D.DenseOfDataHessianVectorProduct, null),
        Double(nameof(D.DenseBatch), S.Outputs * S.Inputs + S.Outputs + S.BatchRows * S.Inputs, None, D.DenseBatch, D.DenseBatchGradient, D.DenseBatchTangent, D.DenseBatchHessianVectorProduct, null),
        Double(nameof(D.Dot), 2 * W, None, D.Dot, D.DotGradient, D.DotTangent, D.DotHessianVectorProduct, null),
        Single(nameof(S.Relu), 2, None, S.Relu, S.ReluGradient, S.ReluTangent, S.ReluHessianVectorProduct, ScalarKink),
        Single(nameof(S.LeakyRelu), 2, None, S.LeakyRelu, S.LeakyReluGradient, S.LeakyReluTangent, S.LeakyReluHessianVectorProduct, ScalarKink),
        Single(nameof(S.Elu), 2, None, S.Elu, S.EluGradient, S.EluTangent, S.EluHessianVectorProduct, ScalarKink),
        Single(nameof(S.Selu), 2, None, S.Selu, S.SeluGradient, S.SeluTangent, S.SeluHessianVectorProduct, ScalarKink),
        Single(nameof(S.Gelu), 2, None, S.Gelu, S.GeluGradient, S.GeluTangent, S.GeluHessianVectorProduct, ScalarKink),
        Single(nameof(S.GeluTanh), 2, None, S.GeluTanh, S.GeluTanhGradient, S.GeluTanhTangent, S.GeluTanhHessianVectorProduct, ScalarKink),
        Single(nameof(S.Silu), 2, None, S.Silu, S.SiluGradient, S.SiluTangent, S.SiluHessianVectorProduct, ScalarKink),
        Single(nameof(S.Softplus), 2, None, S.Softplus, S.SoftplusGradient, S.SoftplusTangent, S.SoftplusHessianVectorProduct, ScalarKink),
        Single(nameof(S.Sigmoid), 2, None, S.Sigmoid, S.SigmoidGradient, S.SigmoidTangent, S.SigmoidHessianVectorProduct, ScalarKink),
        Single(nameof(S.Tanh), 2, None, S.Tanh, S.TanhGradient, S.TanhTangent, S.TanhHessianVectorProduct, ScalarKink),
        Single(nameof(S.PRelu), 3, None, S.PRelu, S.PReluGradient, S.PReluTangent, S.PReluHessianVectorProduct, ScalarKink),
        Single(nameof(S.BinaryCrossEntropyWithLogits), 2, Target, S.BinaryCrossEntropyWithLogits, S.BinaryCrossEntropyWithLogitsGradient, S.BinaryCrossEntropyWithLogitsTangent, S.BinaryCrossEntropyWithLogitsHessianVectorProduct, null),
        Single(nameof(S.ReluSpan), W, None, S.ReluSpan, S.ReluSpanGradient, S.ReluSpanTangent, S.ReluSpanHessianVectorProduct, SpanKink),
        Single(nameof(S.LeakyReluSpan), W, None, S.LeakyReluSpan, S.LeakyReluSpanGradient, S.LeakyReluSpanTangent, S.LeakyReluSpanHessianVectorProduct, SpanKink),
        Single(nameof(S.EluSpan), W, None, S.EluSpan, S.EluSpanGradient, S.EluSpanTangent, S.EluSpanHessianVectorProduct, SpanKink),
        Single(nameof(S.SeluSpan), W, None, S.SeluSpan, S.SeluSpanGradient, S.SeluSpanTangent, S.SeluSpanHessianVectorProduct, SpanKink),
        Single(nameof(S.GeluSpan), W, None, S.GeluSpan, S.GeluSpanGradient, S.GeluSpanTangent, S.GeluSpanHessianVectorProduct, SpanKink),
        Single(nameof(S.GeluTanhSpan), W, None, S.GeluTanhSpan, S.GeluTanhSpanGradient, S.GeluTanhSpanTangent, S.GeluTanhSpanHessianVectorProduct, SpanKink),
        Single(nameof(S.SiluSpan), W, None, S.SiluSpan, S.SiluSpanGradient, S.SiluSpanTangent, S.SiluSpanHessianVectorProduct, SpanKink),
        Single(nameof(S.SoftplusSpan), W, None, S.SoftplusSpan, S.SoftplusSpanGradient, S.SoftplusSpanTangent, S.SoftplusSpanHessianVectorProduct, SpanKink),
        Single(nameof(S.SigmoidSpan), W, None, S.SigmoidSpan, S.SigmoidSpanGradient, S.SigmoidSpanTangent, S.SigmoidSpanHessianVectorProduct, SpanKink),
        Single(nameof(S.TanhSpan), W, None, S.TanhSpan, S.TanhSpanGradient, S.TanhSpanTangent, S.TanhSpanHessianVectorProduct, SpanKink),
        Single(nameof(S.PReluSpan), W + 1, None, S.PReluSpan, S.PReluSpanGradient, S.PReluSpanTangent, S.PReluSpanHessianVectorProduct, SpanKink),
        Single(nameof(S.TanhOfData), W, Targets, S.TanhOfData, S.TanhOfDataGradient, S.TanhOfDataTangent, S.TanhOfDataHessianVectorProduct, null),
        Single(nameof(S.Softmax), W, None, S.Softmax, S.SoftmaxGradient, S.SoftmaxTangent, S.SoftmaxHessianVectorProduct, null),
        Single(nameof(S.MeanSquaredError), W, Targets, S.MeanSquaredError, S.MeanSquaredErrorGradient, S.MeanSquaredErrorTangent, S.MeanSquaredErrorHessianVectorProduct, null),
        Single(nameof(S.SoftmaxCrossEntropy), S.Classes, None, S.SoftmaxCrossEntropy, S.SoftmaxCrossEntropyGradient, S.SoftmaxCrossEntropyTangent, S.SoftmaxCrossEntropyHessianVectorProduct, null),
        Single(nameof(S.SoftmaxCrossEntropyBatch), S.BatchRows * S.Classes, None, S.SoftmaxCrossEntropyBatch, S.SoftmaxCrossEntropyBatchGradient, S.SoftmaxCrossEntropyBatchTangent, S.SoftmaxCrossEntropyBatchHessianVectorProduct, null),
        Single(nameof(S.LayerNorm), 3 * W, None, S.LayerNorm, S.LayerNormGradient, S.LayerNormTangent, S.LayerNormHessianVectorProduct, null),
        Single(nameof(S.BatchNormTraining), S.BatchRows * S.Features + 2 * S.Features, None, S.BatchNormTraining, S.BatchNormTrainingGradient, S.BatchNormTrainingTangent, S.BatchNormTrainingHessianVectorProduct, null),
        Single(nameof(S.BatchNormInference), S.BatchRows * S.Features + 2 * S.Features, RunningStatistics, S.BatchNormInference, S.BatchNormInferenceGradient, S.BatchNormInferenceTangent, S.BatchNormInferenceHessianVectorProduct, null),
        Single(nameof(S.Dense), S.Outputs * S.Inputs + S.Outputs + S.Inputs, None, S.Dense, S.DenseGradient, S.DenseTangent, S.DenseHessianVectorProduct, null),
        Single(nameof(S.DenseOfData), S.Outputs * S.Inputs + S.Outputs, LayerInput, S.DenseOfData, S.DenseOfDataGradient, S.DenseOfDataTangent, S.DenseOfDataHessianVectorProduct, null),
        Single(nameof(S.DenseBatch), S.Outputs * S.Inputs + S.Outputs + S.BatchRows * S.Inputs, None, S.DenseBatch, S.DenseBatchGradient, S.DenseBatchTangent, S.DenseBatchHessianVectorProduct, null),
        Single(nameof(S.Dot), 2 * W, None, S.Dot, S.DotGradient, S.DotTangent, S.DotHessianVectorProduct, null),
    };

    private static Case Double(string name, int n, double[] data, DoubleValue f, DoubleGradient g, DoubleTangent t, DoubleHvp h, Func<double[], bool>? admissible)
        => new(name + "/double", false, n, p => f(p, data), (p, dp) => g(p, data, dp),
            (p, v) => (t(p, data, v, out double d), d), (p, v, dp, hv) => h(p, data, v, dp, hv), admissible);

    private static Case Single(string name, int n, double[] data, SingleValue f, SingleGradient g, SingleTangent t, SingleHvp h, Func<double[], bool>? admissible)
    {
        float[] F(double[] a) => a.Select(v => (float)v).ToArray();
        void Back(float[] from, double[] to)
        {
            for (int i = 0; i < from.Length; i++) to[i] = from[i];
        }
        float[] fdata = F(data);
        return new(name + "/float", true, n, p => f(F(p), fdata),
            (p, dp) => { float[] d = new float[n]; float r = g(F(p), fdata, d); Back(d, dp); return r; },
            (p, v) => (t(F(p), fdata, F(v), out float d), d),
            (p, v, dp, hv) => { float[] d = new float[n], hvf = new float[n]; float r = h(F(p), fdata, F(v), d, hvf); Back(d, dp); Back(hvf, hv); return r; },
            admissible);
    }

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.Name));

    // Symmetry to rounding is a double-precision statement; float H·v is checked against differences above.
    public static TheoryData<string> DoubleCaseNames() => new(Cases.Where(c => !c.Single).Select(c => c.Name));

    private static Case Get(string name) => Cases.Single(c => c.Name == name);

    private static double[] Random(Random rng, int n, bool single)
        => Enumerable.Range(0, n).Select(_ => 3 * rng.NextDouble() - 1.5).Select(v => single ? (float)v : v).ToArray();

    private static double[] Axpy(double[] x, double h, double[] v) => x.Zip(v, (a, b) => a + h * b).ToArray();

    private static System.Collections.Generic.IEnumerable<double[]> SamplePoints(Case c, Random rng)
    {
        for (int found = 0, attempt = 0; found < Points; attempt++)
        {
            Assert.True(attempt < 10_000, $"{c.Name}: no admissible point");
            double[] p = Random(rng, c.Dimension, c.Single);
            if (c.Admissible is not null && !c.Admissible(p)) continue;
            found++;
            yield return p;
        }
    }

    private static void Close(double expected, double actual, double rel, double abs, string what) =>
        Assert.True(Math.Abs(expected - actual) <= abs + rel * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R}");

    // Central differences: second order with 1e-6 (double) and 1e-5 (gradients, double); fourth order with 1e-2 in float.
    private static double Difference(Func<double, double> g, bool single) => single
        ? (-g(2e-2) + 8 * g(1e-2) - 8 * g(-1e-2) + g(-2e-2)) / (12 * 1e-2)
        : (g(1e-6) - g(-1e-6)) / 2e-6;

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Tangent_matches_central_differences_and_the_gradient(string name)
    {
        Case c = Get(name);
        var rng = new Random(StableSeed(name + "/tangent"));
        foreach (double[] p in SamplePoints(c, rng))
        {
            double[] v = Random(rng, c.Dimension, c.Single);
            (double value, double tangent) = c.Tangent(p, v);
            Assert.Equal(c.Value(p), value);
            var gradient = new double[c.Dimension];
            c.Gradient(p, gradient);
            double dot = gradient.Zip(v, (a, b) => a * b).Sum(), scale = gradient.Zip(v, (a, b) => Math.Abs(a * b)).Sum();
            Close(dot, tangent, c.Single ? 1e-5 : 1e-12, (c.Single ? 1e-5 : 1e-12) * scale, $"{name}: tangent vs gradient · v");
            double central = Difference(h => c.Value(Axpy(p, h, v)), c.Single);
            Close(central, tangent, c.Single ? 2e-3 : 1e-6, (c.Single ? 2e-3 : 1e-7) * Math.Max(1, scale), $"{name}: tangent vs central differences");
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Hessian_vector_product_matches_central_differences_of_the_gradient(string name)
    {
        Case c = Get(name);
        int n = c.Dimension;
        var rng = new Random(StableSeed(name + "/hvp"));
        foreach (double[] p in SamplePoints(c, rng))
        {
            double[] v = Random(rng, n, c.Single), gradient = new double[n], hv = new double[n], expectedGradient = new double[n];
            Assert.Equal(c.Value(p), c.Hvp(p, v, gradient, hv));
            c.Gradient(p, expectedGradient);
            double gradientScale = expectedGradient.Max(Math.Abs);
            for (int i = 0; i < n; i++) Close(expectedGradient[i], gradient[i], c.Single ? 1e-6 : 1e-12, (c.Single ? 1e-6 : 1e-13) * gradientScale, $"{name}: gradient[{i}] of H·v");
            double[] expected = new double[n];
            for (int i = 0; i < n; i++)
            {
                int at = i;
                expected[i] = Difference(h =>
                {
                    double[] g = new double[n];
                    c.Gradient(Axpy(p, h * (c.Single ? 1 : 10), v), g);
                    return g[at];
                }, c.Single) / (c.Single ? 1 : 10);
            }
            double scale = expected.Max(Math.Abs) + 1e-300;
            for (int i = 0; i < n; i++) Close(expected[i], hv[i], c.Single ? 5e-3 : 2e-5, (c.Single ? 5e-3 : 1e-6) * Math.Max(1, scale), $"{name}: (H·v)[{i}] vs central differences of the gradient");
        }
    }

    [Theory]
    [MemberData(nameof(DoubleCaseNames))]
    public void Hessian_is_symmetric(string name)
    {
        Case c = Get(name);
        int n = c.Dimension;
        double[] p = SamplePoints(c, new Random(StableSeed(name + "/hessian"))).First();
        var hessian = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            double[] e = new double[n], g = new double[n], hv = new double[n];
            e[j] = 1;
            c.Hvp(p, e, g, hv);
            for (int i = 0; i < n; i++) hessian[i * n + j] = hv[i];
        }
        double scale = hessian.Max(Math.Abs) + 1e-300;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++) Close(hessian[i * n + j], hessian[j * n + i], 1e-9, 1e-12 * scale, $"{name}: H[{i},{j}] vs H[{j},{i}]");
        }
    }
}
