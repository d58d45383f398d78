using System;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// Issue 14: a pullback never turns an infinite (or NaN) adjoint into NaN on a side whose partial derivative is 0 — the
/// branch a selection did not take, or a derivative that is exactly 0 — it adds 0 there (PyTorch's <c>where</c>), while the
/// selected side still receives the infinite adjoint. One test per rule, at a point where the adjoint, or the derivative of
/// the neighbouring operation (√ at 0, as after Heston's full truncation), is infinite.
/// </summary>
public class InfiniteAdjointTests
{
    private static readonly double[] s_badSeeds = [double.PositiveInfinity, double.NegativeInfinity, double.NaN];

    /// <summary>A point of each activation where its derivative is exactly 0 in double (and one where it is not).</summary>
    public static TheoryData<string, double, double> ZeroDerivativePoints() => new()
    {
        { "Relu", -1.5, 2 }, { "Relu", 0, 2 }, { "LeakyReluSlope0", -3, 1 }, { "PReluAlpha0", -2, 1 },
        { "Elu", -800, 0.5 }, { "EluAlpha0", -2, 0.5 }, { "Selu", -800, 0.5 }, { "Gelu", -40, 0.5 }, { "GeluTanh", -40, 0.5 },
        { "Silu", -800, 0.5 }, { "Softplus", -800, 0.5 }, { "Sigmoid", -800, 0.5 }, { "Sigmoid", 40, 0.5 }, { "Tanh", 25, 0.5 },
        { "Tanh", -25, 0.5 },
    };

    private static (ScalarBackward Scalar, SpanBackward Span) Rule(string name) => name switch
    {
        "LeakyReluSlope0" => ((double x, double s, ref double d) => Activations.LeakyReluBackward(x, 0.0, s, ref d),
            (x, y, dy, dx) => Activations.LeakyReluBackward(x, y, 0.0, dy, dx)),
        "PReluAlpha0" => ((double x, double s, ref double d) => { double a = 0; return Activations.PReluBackward(x, 0.0, s, ref d, ref a); },
            (x, y, dy, dx) => { double a = 0; Activations.PReluBackward(x, 0.0, y, dy, dx, ref a); }),
        "EluAlpha0" => ((double x, double s, ref double d) => Activations.EluBackward(x, 0.0, s, ref d),
            (x, y, dy, dx) => Activations.EluBackward(x, y, 0.0, dy, dx)),
        _ => (ActivationCatalog.All[name].Backward, ActivationCatalog.All[name].SpanBackward),
    };

    [Theory]
    [MemberData(nameof(ZeroDerivativePoints))]
    public void Activation_pullback_adds_zero_where_the_derivative_is_zero_whatever_the_adjoint(string name, double dead, double alive)
    {
        (ScalarBackward scalar, SpanBackward span) = Rule(name);
        double probe = 0;
        scalar(dead, 1.0, ref probe);
        Assert.Equal(0.0, probe); // the premise: f′ is exactly 0 there
        foreach (double seed in s_badSeeds)
        {
            double dX = 0.25;
            scalar(dead, seed, ref dX);
            Assert.Equal(0.25, dX);
        }
        double live = 0;
        scalar(alive, double.PositiveInfinity, ref live);
        Assert.Equal(double.PositiveInfinity, live); // the selected side still gets the infinite adjoint

        // Span form: dead and live points in vector lanes and in the scalar tail (n = 37 covers both at any width).
        const int n = 37;
        double[] x = new double[n], dY = new double[n], dX0 = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = i % 3 == 0 ? alive : dead;
            dY[i] = i % 3 == 0 ? 1.5 : s_badSeeds[i % s_badSeeds.Length];
            dX0[i] = 0.125 * i;
        }
        double[] y = new double[n], dXs = (double[])dX0.Clone();
        span(x, y, dY, dXs);
        for (int i = 0; i < n; i++)
        {
            if (i % 3 != 0) Assert.Equal(dX0[i], dXs[i]);
            else Assert.True(double.IsFinite(dXs[i]) && dXs[i] != dX0[i], $"{name}: live element {i} got {dXs[i]}");
        }

        // Float lanes too.
        float[] xf = Array.ConvertAll(x, v => (float)v), dYf = Array.ConvertAll(dY, v => (float)v), dXf0 = Array.ConvertAll(dX0, v => (float)v);
        float[] yf = new float[n], dXf = (float[])dXf0.Clone();
        Activation? a = ActivationCatalog.All.TryGetValue(name, out Activation? found) ? found : null;
        if (a is not null)
        {
            a.SpanBackwardF(xf, yf, dYf, dXf);
            for (int i = 0; i < n; i++) if (i % 3 != 0) Assert.Equal(dXf0[i], dXf[i]);
        }
    }

    [Fact]
    public void Sqrt_of_relu_below_zero_gives_zero_not_NaN()
    {
        // d/dv √(relu(v)) at v < 0: √'s adjoint at 0 is +∞; ReLU's pullback must not multiply it by its 0 derivative.
        double v = -0.3;
        double h = Activations.Relu(v);
        double dH = 1.0 / (2 * Math.Sqrt(h)); // +∞
        Assert.Equal(double.PositiveInfinity, dH);
        double dV = 0;
        Activations.ReluBackward(v, dH, ref dV);
        Assert.Equal(0.0, dV);
        float dVf = 0;
        Activations.ReluBackward(-0.3f, float.PositiveInfinity, ref dVf);
        Assert.Equal(0f, dVf);
    }

    [Fact]
    public void PRelu_alpha_adjoint_is_zero_at_x_zero_and_on_the_positive_side()
    {
        foreach (double seed in s_badSeeds)
        {
            double dX = 0, dAlpha = 0;
            Activations.PReluBackward(0.0, 0.25, seed, ref dX, ref dAlpha);
            Assert.Equal(0.0, dAlpha);
            dAlpha = 0;
            Activations.PReluBackward(2.0, 0.25, seed, ref dX, ref dAlpha);
            Assert.Equal(0.0, dAlpha);
        }
        double[] x = new double[21];
        double[] dY = new double[21];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = i % 2 == 0 ? 0.0 : 1.0 + i;
            dY[i] = double.PositiveInfinity;
        }
        double sum = 0.5;
        Activations.PReluBackward(x, 0.25, new double[21], dY, new double[21], ref sum);
        Assert.Equal(0.5, sum);
        x[20] = -1; // one element on the α side: its partial −1 takes the infinite adjoint
        Activations.PReluBackward(x, 0.25, new double[21], dY, new double[21], ref sum);
        Assert.Equal(double.NegativeInfinity, sum);
    }

    [Fact]
    public void MeanSquaredError_adds_zero_where_prediction_equals_target()
    {
        double[] p = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], t = [1, 0, 3, 0, 5, 0, 7, 0, 9, 0, 11];
        double[] d = new double[p.Length];
        Losses.MeanSquaredErrorBackward(p, t, double.PositiveInfinity, d);
        for (int i = 0; i < p.Length; i++) Assert.Equal(p[i] == t[i] ? 0.0 : double.PositiveInfinity, d[i]);
        float[] df = new float[p.Length];
        Losses.MeanSquaredErrorBackward(Array.ConvertAll(p, v => (float)v), Array.ConvertAll(t, v => (float)v), float.PositiveInfinity, df);
        for (int i = 0; i < p.Length; i++) Assert.Equal(p[i] == t[i] ? 0f : float.PositiveInfinity, df[i]);
    }

    [Fact]
    public void SoftmaxCrossEntropy_adds_zero_for_underflowed_classes_and_a_certain_label()
    {
        // Classes at −1000 below the maximum have probability exactly 0; the label holds probability exactly 1.
        double[] z = new double[19];
        Array.Fill(z, -1000.0);
        z[7] = 3;
        foreach (double seed in s_badSeeds)
        {
            double[] d = new double[z.Length];
            Losses.SoftmaxCrossEntropyBackward(z, 7, seed, d);
            Assert.All(d, v => Assert.Equal(0.0, v));
            double[] batch = [.. z, .. z];
            double[] db = new double[batch.Length];
            Losses.SoftmaxCrossEntropyBackward(batch, [7, 7], seed, db);
            Assert.All(db, v => Assert.Equal(0.0, v));
        }
        // A live class (probability ½, the other ½ on a second class) still takes the infinite seed.
        z[8] = 3;
        double[] live = new double[z.Length];
        Losses.SoftmaxCrossEntropyBackward(z, 7, double.PositiveInfinity, live);
        Assert.Equal(double.NegativeInfinity, live[7]);
        Assert.Equal(double.PositiveInfinity, live[8]);
        Assert.Equal(0.0, live[0]);
    }

    [Fact]
    public void Softmax_ignores_the_adjoint_of_an_underflowed_probability()
    {
        double[] x = [0, 0, -1000], y = new double[3], dX = new double[3];
        Losses.SoftmaxBackward(x, y, [1.0, 2.0, double.PositiveInfinity], dX);
        Assert.Equal([0.5, 0.5, 0.0], y);
        Assert.Equal([-0.25, 0.25, 0.0], dX);
    }

    [Fact]
    public void BinaryCrossEntropy_adds_zero_where_the_sigmoid_equals_the_target()
    {
        double dLogit = 0;
        Losses.BinaryCrossEntropyWithLogitsBackward(-800.0, 0.0, double.PositiveInfinity, ref dLogit); // σ(−800) = 0 = t
        Assert.Equal(0.0, dLogit);
        Losses.BinaryCrossEntropyWithLogitsBackward(800.0, 1.0, double.NaN, ref dLogit); // σ(800) = 1 = t
        Assert.Equal(0.0, dLogit);
        Losses.BinaryCrossEntropyWithLogitsBackward(0.0, 1.0, double.PositiveInfinity, ref dLogit);
        Assert.Equal(double.NegativeInfinity, dLogit);
    }

    [Fact]
    public void Normalization_feature_with_zero_gamma_takes_no_infinite_adjoint_into_dX()
    {
        const int batch = 4, f = 19;
        var rng = new Random(3);
        double[] x = new double[batch * f], dY = new double[batch * f], gamma = new double[f], beta = new double[f];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.NextDouble() * 4 - 2;
            dY[i] = rng.NextDouble() - 0.5;
        }
        for (int j = 0; j < f; j++) gamma[j] = j == 5 ? 0 : 1 + 0.1 * j;
        for (int b = 0; b < batch; b++) dY[b * f + 5] = double.PositiveInfinity; // feature 5's output has γ = 0
        double[] y = new double[x.Length], dX = new double[x.Length], dGamma = new double[f], dBeta = new double[f];
        Normalization.BatchNormTrainingBackward(x, gamma, beta, y, 1e-5, dY, dX, dGamma, dBeta);
        Assert.All(dX, v => Assert.True(double.IsFinite(v)));
        for (int b = 0; b < batch; b++) Assert.Equal(0.0, dX[b * f + 5]);
        Assert.Equal(double.PositiveInfinity, dBeta[5]); // ∂y/∂β = 1: the infinite adjoint belongs there

        Array.Clear(dX);
        Normalization.BatchNormInferenceBackward(x, gamma, beta, new double[f], Ones(f), y, 1e-5, dY, dX, new double[f], new double[f]);
        Assert.All(dX, v => Assert.True(double.IsFinite(v)));

        // Layer norm over one row: element 5 has γ = 0 and an infinite adjoint; every dX stays finite.
        double[] row = x.AsSpan(0, f).ToArray(), dRow = dY.AsSpan(0, f).ToArray(), yRow = new double[f], dxRow = new double[f];
        Normalization.LayerNormBackward(row, gamma, beta, yRow, 1e-5, dRow, dxRow, new double[f], new double[f]);
        Assert.All(dxRow, v => Assert.True(double.IsFinite(v)));
    }

    private static double[] Ones(int n)
    {
        double[] v = new double[n];
        Array.Fill(v, 1.0);
        return v;
    }
}
