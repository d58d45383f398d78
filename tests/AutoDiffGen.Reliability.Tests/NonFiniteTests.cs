using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Reliability.Tests.Robustness;
using F = AutoDiffGen.Reliability.Tests.Robustness.FixedFunctions;

namespace AutoDiffGen.Reliability.Tests;

/// <summary>
/// NaN and ±∞ inputs flow through generated gradients and the runtime's functions as values: no exception, the
/// generated method returns exactly what the original returns, and a NaN input gives a NaN derivative.
/// </summary>
public class NonFiniteTests
{
    private static readonly double[] NonFinite = { double.NaN, double.PositiveInfinity, double.NegativeInfinity };

    public static IEnumerable<object[]> Points()
    {
        foreach (double bad in NonFinite)
        {
            yield return new object[] { bad, 0.7 };
            yield return new object[] { -0.3, bad };
            yield return new object[] { bad, bad };
        }
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void Scalar_gradients_propagate_non_finite_inputs(double x, double y)
    {
        double value = F.SmoothGradient(x, y, out double dX, out double dY);
        Assert.Equal(F.Smooth(x, y), value);
        if (double.IsNaN(x)) Assert.True(double.IsNaN(dX), $"dX = {dX}");
        if (double.IsNaN(y)) Assert.True(double.IsNaN(dY), $"dY = {dY}");

        value = F.BranchyGradient(x, y, out dX, out dY);
        Assert.Equal(F.Branchy(x, y), value);
        if (double.IsNaN(x) && double.IsNaN(y)) Assert.True(double.IsNaN(dX) || double.IsNaN(dY), $"dX = {dX}, dY = {dY}");
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void Loop_gradients_propagate_non_finite_inputs(double a, double b)
    {
        double[] weights = { 0.3, a, -0.2, b };
        double[] inputs = Enumerable.Range(0, 40).Select(i => Math.Sin(i * 0.7)).ToArray();
        var dWeights = new double[4];
        double value = F.RecurrentGradient(weights, inputs, dWeights);
        Assert.Equal(F.Recurrent(weights, inputs), value);
        if (double.IsNaN(a)) Assert.True(double.IsNaN(dWeights[1]), string.Join(", ", dWeights));

        double[] w = { a, 0.4, b, -1.1, 0.2 };
        var dW = new double[5];
        value = F.ScratchAndHalvingGradient(w, 0.9, 6, dW, out double dScale);
        Assert.Equal(F.ScratchAndHalving(w, 0.9, 6), value);
        if (double.IsNaN(a) || double.IsNaN(b)) Assert.True(double.IsNaN(dScale) || dW.Any(double.IsNaN), $"dScale = {dScale}, dW = {string.Join(", ", dW)}");

        // The tape is balanced even when values are not finite.
        Tape tape = Tape.Current;
        Assert.Equal((0, 0, 0), (tape.RealCount, tape.IntCount, tape.ScratchCount));
    }

    private delegate double Scalar(double x);
    private delegate double ScalarBackward(double x, double seed, ref double dX);
    private delegate void SpanForward(ReadOnlySpan<double> x, Span<double> y);
    private delegate void SpanBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX);

    private static readonly (string Name, Scalar F, ScalarBackward B, SpanForward SF, SpanBackward SB)[] Activations1 =
    {
        ("Relu", Activations.Relu, Activations.ReluBackward, Activations.Relu, Activations.ReluBackward),
        ("Gelu", Activations.Gelu, Activations.GeluBackward, Activations.Gelu, Activations.GeluBackward),
        ("GeluTanh", Activations.GeluTanh, Activations.GeluTanhBackward, Activations.GeluTanh, Activations.GeluTanhBackward),
        ("Selu", Activations.Selu, Activations.SeluBackward, Activations.Selu, Activations.SeluBackward),
        ("Sigmoid", Activations.Sigmoid, Activations.SigmoidBackward, Activations.Sigmoid, Activations.SigmoidBackward),
        ("Silu", Activations.Silu, Activations.SiluBackward, Activations.Silu, Activations.SiluBackward),
        ("Tanh", Activations.Tanh, Activations.TanhBackward, Activations.Tanh, Activations.TanhBackward),
        ("Elu", x => Activations.Elu(x), (double x, double s, ref double d) => Activations.EluBackward(x, 1.0, s, ref d), (x, y) => Activations.Elu(x, y), (x, y, dy, dx) => Activations.EluBackward(x, y, 1.0, dy, dx)),
        ("LeakyRelu", x => Activations.LeakyRelu(x), (double x, double s, ref double d) => Activations.LeakyReluBackward(x, 0.01, s, ref d), (x, y) => Activations.LeakyRelu(x, y), (x, y, dy, dx) => Activations.LeakyReluBackward(x, y, 0.01, dy, dx)),
        ("Softplus", x => Activations.Softplus(x), (double x, double s, ref double d) => Activations.SoftplusBackward(x, 1.0, 20.0, s, ref d), (x, y) => Activations.Softplus(x, y), (x, y, dy, dx) => Activations.SoftplusBackward(x, y, 1.0, 20.0, dy, dx)),
    };

    public static IEnumerable<object[]> ActivationNames() => Activations1.Select(a => new object[] { a.Name });

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void Activations_pass_non_finite_values_through_scalar_and_vectorized_paths_alike(string name)
    {
        var a = Activations1.Single(x => x.Name == name);
        // Non-finite values among finite ones, at every position of a vector block (lengths cross SIMD widths).
        double[] x = Enumerable.Range(0, 37).Select(i => (i % 4) switch { 0 => NonFinite[(i / 4) % 3], _ => Math.Sin(i) * 3 }).ToArray();
        var y = new double[x.Length];
        a.SF(x, y);
        var dY = Enumerable.Repeat(1.0, x.Length).ToArray();
        var dX = new double[x.Length];
        a.SB(x, y, dY, dX);
        for (int i = 0; i < x.Length; i++)
        {
            double scalar = a.F(x[i]);
            double d = 0;
            double back = a.B(x[i], 1.0, ref d);
            // The vectorized kernels may differ from the scalar ones by an ulp, never in kind (NaN, ±∞).
            Assert.True(Close(scalar, y[i]), $"{name}({x[i]}): scalar {scalar}, vectorized {y[i]}");
            Assert.True(back.Equals(scalar), $"{name}Backward({x[i]}) returned {back}, {name} {scalar}");
            Assert.True(Close(d, dX[i]), $"{name}'({x[i]}): scalar {d}, vectorized {dX[i]}");
            if (double.IsNaN(x[i]))
            {
                Assert.True(double.IsNaN(scalar), $"{name}(NaN) = {scalar}");
                // Piecewise-linear activations pick a side by comparison (PyTorch's convention), so only smooth ones must give NaN.
                if (name is not ("Relu" or "LeakyRelu")) Assert.True(double.IsNaN(d), $"{name}'(NaN) = {d}");
            }
        }
    }

    private static bool Close(double a, double b) =>
        a.Equals(b) || (double.IsFinite(a) && double.IsFinite(b) && Math.Abs(a - b) <= 1e-14 * Math.Max(1, Math.Abs(a)));

    [Fact]
    public void Losses_normalization_and_clipping_take_non_finite_values_without_throwing()
    {
        foreach (double bad in NonFinite)
        {
            double[] p = { 0.2, bad, -0.4 };
            double[] t = { 0.0, 1.0, 0.0 };
            var dP = new double[3];
            double mse = Losses.MeanSquaredError(p, t);
            Assert.Equal(mse, Losses.MeanSquaredErrorBackward(p, t, 1.0, dP));
            Assert.False(double.IsFinite(mse));
            Assert.False(double.IsFinite(dP[1]));

            double ce = Losses.SoftmaxCrossEntropy(p, 0);
            var dLogits = new double[3];
            Assert.Equal(ce, Losses.SoftmaxCrossEntropyBackward(p, 0, 1.0, dLogits));
            if (double.IsNaN(bad)) Assert.True(double.IsNaN(ce) && dLogits.All(double.IsNaN), $"CE {ce}, d {string.Join(", ", dLogits)}");

            double bce = Losses.BinaryCrossEntropyWithLogits(bad, 1.0);
            if (double.IsNaN(bad)) Assert.True(double.IsNaN(bce));

            var y = new double[3];
            Normalization.LayerNorm(p, new[] { 1.0, 1.0, 1.0 }, new[] { 0.0, 0.0, 0.0 }, y);
            Assert.Contains(y, v => !double.IsFinite(v));

            double[] grad = { 1.0, bad, 2.0 };
            double norm = Clipping.ClipByNorm(grad, 1.0);
            Assert.False(double.IsFinite(norm)); // reported, not hidden
            Assert.Throws<NonFiniteGradientException>(() => Clipping.ClipByNorm(new[] { 1.0, bad }, 1.0, errorIfNonfinite: true));
        }
    }
}
