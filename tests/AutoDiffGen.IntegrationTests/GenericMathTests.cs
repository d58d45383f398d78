using System;
using System.Linq;
using AutoDiffGen.IntegrationTests.Functions;
using static AutoDiffGen.IntegrationTests.GradientAssert;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Generic math (API.md, "Generic math"): a method written once over <c>T : IFloatingPointIeee754&lt;T&gt;</c> gets generic
/// derivatives of the same shapes, correct for double and float against central finite differences.
/// </summary>
public class GenericMathTests
{
    private static readonly double[] Input = { 0.3, -0.8, 0.5, 0.1 };

    [Fact]
    public void Generic_energy_in_double() => Check(new GradientCase("Energy<double>", 4,
        p => GenericFunctions.Energy(p[0], p.AsSpan(1)),
        (p, g) => GenericFunctions.EnergyGradient(p[0], p.AsSpan(1), out g[0], g.AsSpan(1))));

    [Fact]
    public void Generic_energy_in_float() => Check(new GradientCaseSingle("Energy<float>", 4,
        p => GenericFunctions.Energy(p[0], p.AsSpan(1)),
        (p, g) => GenericFunctions.EnergyGradient(p[0], p.AsSpan(1), out g[0], g.AsSpan(1)), -1f, 1f));

    [Fact]
    public void Generic_classifier_over_runtime_layers_in_double() => Check(new GradientCase("Classifier<double>", 31,
        p => GenericFunctions.Classifier<double>(p, Input.AsSpan(0, 3), 2),
        (p, g) => GenericFunctions.ClassifierGradient<double>(p, Input.AsSpan(0, 3), 2, g), -1, 1));

    [Fact]
    public void Generic_classifier_over_runtime_layers_in_float()
    {
        float[] x = Input.Take(3).Select(v => (float)v).ToArray();
        Check(new GradientCaseSingle("Classifier<float>", 31,
            p => GenericFunctions.Classifier<float>(p, x, 1),
            (p, g) => GenericFunctions.ClassifierGradient<float>(p, x, 1, g), -1f, 1f));
    }

    [Fact]
    public void Generic_span_output_calling_a_generic_method()
    {
        double[] w = { 0.4, -0.3 }, x = { 0.2, 0.7, -0.5 }, y = new double[3], dY = { 1.0, -2.0, 0.5 };
        double[] dW = new double[2], dX = new double[3];
        GenericFunctions.LayerBackward<double>(w, x, y, dY, dW, dX);
        double Seeded(ReadOnlySpan<double> wx)
        {
            Span<double> o = stackalloc double[3];
            GenericFunctions.Layer(wx.Slice(0, 2), wx.Slice(2), o);
            return o[0] * dY[0] + o[1] * dY[1] + o[2] * dY[2];
        }
        GradientCheckResult check = GradientCheck.Compare(Seeded, w.Concat(x).ToArray(), dW.Concat(dX).ToArray(), tolerance: 1e-6);
        Assert.True(check.Passed, check.ToString());

        float[] wf = { 0.4f, -0.3f }, xf = { 0.2f, 0.7f, -0.5f }, yf = new float[3], dYf = { 1f, -2f, 0.5f };
        float[] dWf = new float[2], dXf = new float[3];
        GenericFunctions.LayerBackward<float>(wf, xf, yf, dYf, dWf, dXf);
        for (int i = 0; i < 2; i++) Assert.Equal(dW[i], dWf[i], 3);
        for (int i = 0; i < 3; i++) Assert.Equal(y[i], yf[i], 5);
    }

    [Fact]
    public void Generic_forward_mode_and_hessian_vector_product_in_both_types()
    {
        double[] w = { 0.6, -0.4 }, vW = { 0.3, 1.0 }, dW = new double[2], hvW = new double[2];
        double value = GenericFunctions.QuarticTangent(0.7, w, 0.5, vW, out double tangent);
        double h = 1e-6;
        double numeric = (GenericFunctions.Quartic(0.7 + h * 0.5, new[] { w[0] + h * vW[0], w[1] + h * vW[1] })
            - GenericFunctions.Quartic(0.7 - h * 0.5, new[] { w[0] - h * vW[0], w[1] - h * vW[1] })) / (2 * h);
        Assert.Equal(GenericFunctions.Quartic(0.7, w), value);
        Assert.Equal(numeric, tangent, 6);

        GenericFunctions.QuarticHessianVectorProduct(0.7, w, 0.5, vW, out double dX, dW, out double hvX, hvW);
        double[] hessian = new double[9];
        GenericFunctions.QuarticHessian(0.7, w, hessian);
        double[] v = { 0.5, vW[0], vW[1] };
        for (int r = 0; r < 3; r++)
        {
            double expected = hessian[3 * r] * v[0] + hessian[3 * r + 1] * v[1] + hessian[3 * r + 2] * v[2];
            Assert.Equal(expected, r == 0 ? hvX : hvW[r - 1], 10);
        }

        float valueF = GenericFunctions.QuarticTangent(0.7f, new[] { 0.6f, -0.4f }, 0.5f, new[] { 0.3f, 1.0f }, out float tangentF);
        Assert.Equal(value, valueF, 5);
        Assert.Equal(tangent, tangentF, 3);
    }

    [Fact]
    public void A_concrete_method_calls_the_generic_derivatives() => Check(new GradientCase("Caller", 4,
        p => GenericFunctions.Caller(p[0], p.AsSpan(1)),
        (p, g) => GenericFunctions.CallerGradient(p[0], p.AsSpan(1), out g[0], g.AsSpan(1)), -1, 1));

    [Fact]
    public void Other_types_are_refused()
    {
        Assert.Throws<NotSupportedException>(() => GenericFunctions.EnergyGradient(Half.One, new Half[2], out _, new Half[2]));
    }

    [Fact]
    public void Generic_gradients_allocate_nothing_when_warm()
    {
        float[] pf = Enumerable.Range(0, 31).Select(i => 0.05f * i - 0.7f).ToArray(), gf = new float[31], xf = { 0.3f, -0.8f, 0.5f };
        double[] pd = pf.Select(v => (double)v).ToArray(), gd = new double[31];
        double sink = 0;
        void Run()
        {
            sink += GenericFunctions.ClassifierGradient<float>(pf, xf, 1, gf);
            sink += GenericFunctions.ClassifierGradient<double>(pd, Input.AsSpan(0, 3), 2, gd);
            sink += GenericFunctions.EnergyGradient(0.4, Input, out double dx, gd.AsSpan(0, 4)) + dx;
        }
        Run();
        Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sink));
    }
}
