using System;

namespace AutoDiffGen.Runtime.Tests;

public class ActivationTests
{
    // Values: relative 2e-15, plus an absolute 4e-16·max(1, |x|) for formulas that are PyTorch's own differences
    // (e.g. ½x(1 + tanh u) where tanh u ≈ −1).
    private static void ValueClose(double expected, double actual, double x, string context)
        => Approx.Equal(expected, actual, 2e-15, 4e-16 * Math.Max(1, Math.Abs(x)), context);

    private static void FloatClose(double expected, float actual, double x, string context)
        => Approx.Equal((float)expected, actual, 3e-7, 1.2e-7 * Math.Max(1e-30, Math.Min(1, Math.Abs(x))) + 1e-37, context);

    [Theory]
    [MemberData(nameof(ActivationCatalog.Names), MemberType = typeof(ActivationCatalog))]
    public void Scalar_matches_high_precision_reference(string name)
    {
        Activation a = ActivationCatalog.All[name];
        (double[] value, double[] derivative) = ActivationCatalog.Reference(name);
        for (int i = 0; i < ActivationReference.Points.Length; i++)
        {
            double x = ActivationReference.Points[i];
            ValueClose(value[i], a.F(x), x, $"{name}({x})");
            double dX = 0;
            double y = a.Backward(x, 1.0, ref dX);
            Assert.Equal(a.F(x), y);
            // Derivatives: the gradient-check measure |a − n| / max(1, |n|).
            Approx.Equal(derivative[i], dX, 1e-13, 1e-13, $"{name}'({x})");
        }
    }

    [Theory]
    [MemberData(nameof(ActivationCatalog.Names), MemberType = typeof(ActivationCatalog))]
    public void Float_scalar_matches_reference(string name)
    {
        Activation a = ActivationCatalog.All[name];
        (double[] value, double[] derivative) = ActivationCatalog.Reference(name);
        for (int i = 0; i < ActivationReference.Points.Length; i++)
        {
            float x = (float)ActivationReference.Points[i];
            if (x != ActivationReference.Points[i]) continue; // the reference is for the double point
            Approx.Equal(value[i], a.FF(x), 4e-7, 2e-7 * Math.Max(1, Math.Abs(x)), $"{name}({x}f)");
            float dX = 0;
            float y = a.BackwardF(x, 1f, ref dX);
            Assert.Equal(a.FF(x), y);
            Approx.Equal(derivative[i], dX, 1e-6, 1e-6, $"{name}'({x}f)");
        }
    }

    [Theory]
    [MemberData(nameof(ActivationCatalog.Names), MemberType = typeof(ActivationCatalog))]
    public void Extremes_are_finite_and_NaN_propagates(string name)
    {
        Activation a = ActivationCatalog.All[name];
        foreach (double x in new[] { -1000.0, 1000.0, -1e4, 1e4 })
        {
            Assert.True(double.IsFinite(a.F(x)), $"{name}({x}) = {a.F(x)}");
            double dX = 0;
            a.Backward(x, 1, ref dX);
            Assert.True(double.IsFinite(dX), $"{name}'({x}) = {dX}");
            Assert.True(float.IsFinite(a.FF((float)x)), $"{name}({x}f)");
        }
        Assert.True(double.IsNaN(a.F(double.NaN)));
        Assert.True(float.IsNaN(a.FF(float.NaN)));
        double d = 0;
        Assert.True(double.IsNaN(a.Backward(double.NaN, 1, ref d)));
        double[] xs = new double[19];
        Array.Fill(xs, double.NaN);
        double[] ys = new double[19];
        a.Span(xs, ys);
        Assert.All(ys, v => Assert.True(double.IsNaN(v)));
        float[] xf = new float[19];
        Array.Fill(xf, float.NaN);
        float[] yf = new float[19];
        a.SpanBackwardF(xf, yf, new float[19], new float[19]);
        Assert.All(yf, v => Assert.True(float.IsNaN(v)));
    }

    private static double RandomPoint(Random rng, Activation a)
    {
        while (true)
        {
            double x = rng.NextDouble() * 12 - 6;
            // Keep the finite-difference stencil (±2h, h = 1e-4·max(1,|x|)) off the kink.
            if (double.IsNaN(a.Kink) || Math.Abs(x - a.Kink) > 1e-2) return a.Kink == 20 ? x * 4 : x;
        }
    }

    [Theory]
    [MemberData(nameof(ActivationCatalog.Names), MemberType = typeof(ActivationCatalog))]
    public void Scalar_backward_matches_finite_differences(string name)
    {
        Activation a = ActivationCatalog.All[name];
        var rng = new Random(17);
        for (int k = 0; k < 60; k++)
        {
            double x = RandomPoint(rng, a);
            if (Math.Abs(x - a.Kink) < 0.05) continue;
            double dX = 0;
            a.Backward(x, 1, ref dX);
            Approx.Passed(Fd.Compare(p => a.F(p[0]), [x], [dX]), $"{name} at {x}");

            float xf = (float)x;
            float dXf = 0;
            a.BackwardF(xf, 1f, ref dXf);
            Approx.Passed(Fd.Compare(p => a.FF(p[0]), [xf], [dXf]), $"{name} float at {xf}");
        }
    }

    [Theory]
    [MemberData(nameof(ActivationCatalog.Names), MemberType = typeof(ActivationCatalog))]
    public void Span_backward_matches_finite_differences_of_a_weighted_sum(string name)
    {
        Activation a = ActivationCatalog.All[name];
        var rng = new Random(5);
        const int n = 21;
        double[] x = new double[n], w = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = RandomPoint(rng, a);
            w[i] = rng.NextDouble() * 2 - 1;
        }
        double F(ReadOnlySpan<double> p)
        {
            Span<double> y = stackalloc double[n];
            a.Span(p, y);
            double s = 0;
            for (int i = 0; i < n; i++) s += w[i] * y[i];
            return s;
        }
        double[] dX = new double[n], ys = new double[n];
        a.SpanBackward(x, ys, w, dX);
        Approx.Passed(Fd.Compare(F, x, dX), name);
    }

    [Theory]
    [MemberData(nameof(ActivationCatalog.Names), MemberType = typeof(ActivationCatalog))]
    public void Span_matches_scalar_for_every_length_and_adds_into_adjoints(string name)
    {
        Activation a = ActivationCatalog.All[name];
        var rng = new Random(3);
        double[] specials = [0, -0.0, 1000, -1000, 25, -25, 1e-9, -1e-9];
        for (int n = 0; n <= 67; n++)
        {
            double[] x = new double[n], dY = new double[n], dX0 = new double[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = i % 5 == 4 ? specials[rng.Next(specials.Length)] : rng.NextDouble() * 16 - 8;
                dY[i] = rng.NextDouble() * 2 - 1;
                dX0[i] = rng.NextDouble() * 2 - 1;
            }
            double[] y = new double[n], yb = new double[n], dX = (double[])dX0.Clone();
            a.Span(x, y);
            a.SpanBackward(x, yb, dY, dX);
            for (int i = 0; i < n; i++)
            {
                ValueClose(a.F(x[i]), y[i], x[i], $"{name} span[{i}] of {n} at {x[i]}");
                Assert.Equal(y[i], yb[i]);
                double expected = dX0[i];
                a.Backward(x[i], dY[i], ref expected);
                Approx.Equal(expected, dX[i], 1e-14, 1e-14, $"{name} dX[{i}] of {n} at {x[i]}");
            }

            float[] xf = Array.ConvertAll(x, v => (float)v), dYf = Array.ConvertAll(dY, v => (float)v);
            float[] dXf0 = Array.ConvertAll(dX0, v => (float)v);
            float[] yf = new float[n], ybf = new float[n], dXf = (float[])dXf0.Clone();
            a.SpanF(xf, yf);
            a.SpanBackwardF(xf, ybf, dYf, dXf);
            for (int i = 0; i < n; i++)
            {
                Approx.Equal(a.FF(xf[i]), yf[i], 5e-7, 1e-7 * Math.Max(1, Math.Abs(xf[i])), $"{name} float span[{i}] of {n} at {xf[i]}");
                Assert.Equal(yf[i], ybf[i]);
                float expected = dXf0[i];
                a.BackwardF(xf[i], dYf[i], ref expected);
                Approx.Equal(expected, dXf[i], 5e-6, 5e-6, $"{name} float dX[{i}] of {n} at {xf[i]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ActivationCatalog.Names), MemberType = typeof(ActivationCatalog))]
    public void Scalar_backward_adds_seed_times_derivative(string name)
    {
        Activation a = ActivationCatalog.All[name];
        double once = 0;
        a.Backward(0.7, 1, ref once);
        double dX = 5;
        a.Backward(0.7, 3, ref dX);
        Assert.Equal(5 + 3 * once, dX, 14);
        float oncef = 0;
        a.BackwardF(0.7f, 1f, ref oncef);
        float dXf = 5;
        a.BackwardF(0.7f, 3f, ref dXf);
        Assert.Equal(5 + 3 * oncef, dXf, 5);
    }

    [Theory]
    [MemberData(nameof(ActivationCatalog.Names), MemberType = typeof(ActivationCatalog))]
    public void Empty_adjoint_span_skips_the_gradient_but_writes_the_output(string name)
    {
        Activation a = ActivationCatalog.All[name];
        double[] x = [-2, -0.5, 0.5, 1, 2, 3, 4, 5, 6];
        double[] y = new double[x.Length], expected = new double[x.Length];
        a.Span(x, expected);
        a.SpanBackward(x, y, new double[x.Length], Span<double>.Empty);
        Assert.Equal(expected, y);
        float[] xf = Array.ConvertAll(x, v => (float)v), yf = new float[x.Length], ef = new float[x.Length];
        a.SpanF(xf, ef);
        a.SpanBackwardF(xf, yf, new float[x.Length], Span<float>.Empty);
        Assert.Equal(ef, yf);
    }

    [Theory]
    [MemberData(nameof(ActivationCatalog.Names), MemberType = typeof(ActivationCatalog))]
    public void Mismatched_lengths_throw(string name)
    {
        Activation a = ActivationCatalog.All[name];
        Assert.Throws<ArgumentException>(() => a.Span(new double[3], new double[4]));
        Assert.Throws<ArgumentException>(() => a.SpanBackward(new double[3], new double[3], new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => a.SpanBackward(new double[3], new double[3], new double[3], new double[2]));
    }

    [Fact]
    public void Span_forward_works_in_place()
    {
        double[] x = [-3, -1, 0, 1, 2, 3, 4, 5, 6, 7, -8];
        double[] expected = new double[x.Length];
        Activations.Silu(x, expected);
        Activations.Silu(x, x);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void PRelu_alpha_gradient_sums_negative_inputs_times_seed()
    {
        var rng = new Random(9);
        for (int n = 0; n <= 40; n++)
        {
            double[] x = new double[n], dY = new double[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = rng.NextDouble() * 4 - 2;
                if (Math.Abs(x[i]) < 0.01) x[i] += 0.1; // off the kink, so finite differences apply
                dY[i] = rng.NextDouble() - 0.5;
            }
            double expected = 0.5;
            for (int i = 0; i < n; i++) if (x[i] <= 0) expected += dY[i] * x[i];
            double dAlpha = 0.5;
            Activations.PReluBackward(x, 0.3, new double[n], dY, new double[n], ref dAlpha);
            Assert.Equal(expected, dAlpha, 12);

            double[] p = new double[n + 1];
            x.CopyTo(p, 0);
            p[n] = 0.3;
            double F(ReadOnlySpan<double> q)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s += dY[i] * Activations.PRelu(q[i], q[n]);
                return s;
            }
            double[] grad = new double[n + 1];
            double ga = 0;
            Activations.PReluBackward(x, 0.3, new double[n], dY, grad.AsSpan(0, n), ref ga);
            grad[n] = ga;
            Approx.Passed(Fd.Compare(F, p, grad), $"PRelu n={n}");

            float[] xf = Array.ConvertAll(x, v => (float)v), dYf = Array.ConvertAll(dY, v => (float)v);
            float dAlphaF = 0;
            Activations.PReluBackward(xf, 0.3f, new float[n], dYf, new float[n], ref dAlphaF);
            Assert.Equal(expected - 0.5, dAlphaF, 4);
        }
        double dx = 0, da = 0;
        Assert.Equal(-0.6, Activations.PReluBackward(-2.0, 0.3, 2.0, ref dx, ref da), 15);
        Assert.Equal(0.6, dx, 15);
        Assert.Equal(-4.0, da, 15);
    }

    [Fact]
    public void Softplus_follows_beta_and_threshold()
    {
        Assert.Equal(20.5, Activations.Softplus(20.5));
        Assert.Equal(Math.Log(1 + Math.Exp(2 * 3.0)) / 2, Activations.Softplus(3.0, beta: 2, threshold: 20), 14);
        Assert.Equal(15.0, Activations.Softplus(15.0, beta: 2, threshold: 20)); // β·x = 30 > 20
        double d = 0;
        Activations.SoftplusBackward(15.0, 2, 20, 1, ref d);
        Assert.Equal(1.0, d);
        d = 0;
        Activations.SoftplusBackward(3.0, 2, 20, 1, ref d);
        Assert.Equal(1 / (1 + Math.Exp(-6.0)), d, 14);
        // Very negative inputs keep full relative accuracy through log1p: softplus(−30) = e^(−30) − e^(−60)/2 + …
        Approx.Equal(Math.Exp(-30.0) - Math.Exp(-60.0) / 2, Activations.Softplus(-30.0), 1e-15, 0, "softplus(-30)");
        double[] xs = [-30, -30, -30, -30, -30];
        double[] ys = new double[5];
        Activations.Softplus(xs, ys);
        Approx.Equal(Math.Exp(-30.0) - Math.Exp(-60.0) / 2, ys[0], 1e-15, 0, "span softplus(-30)");
    }

    [Fact]
    public void Elu_uses_alpha_and_keeps_relative_accuracy_near_zero()
    {
        Assert.Equal(2 * (Math.Exp(-1.0) - 1), Activations.Elu(-1.0, 2.0), 15);
        Approx.Equal(-1e-10 + 5e-21, Activations.Elu(-1e-10), 1e-15, 0, "elu(-1e-10)");
        double[] xs = [-1e-10, -1e-10, -1e-10, -1e-10, -1e-10];
        double[] ys = new double[5];
        Activations.Elu(xs, ys);
        Approx.Equal(-1e-10 + 5e-21, ys[0], 1e-15, 0, "span elu(-1e-10)");
    }
}
