using System;
using System.Linq.Expressions;
using System.Numerics;
using System.Reflection;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>
/// Issue 17: the runtime's generic overloads (for generic <c>[Differentiable]</c> code) compute what the double and float
/// overloads compute, work for other IEEE types (Half, through double), and do not change which overload existing double,
/// float and int-literal callers get — the generator resolves those calls by exact signature.
/// </summary>
public class GenericOverloadTests
{
    private static MethodInfo Called<TResult>(Expression<Func<TResult>> call) => ((MethodCallExpression)call.Body).Method;

    private static void IsNonGeneric(MethodInfo method, Type expected, string context)
    {
        Assert.False(method.IsGenericMethod, $"{context} resolved to the generic {method}");
        Assert.Equal(expected, method.ReturnType);
    }

    [Fact]
    public void Double_float_and_int_literal_callers_keep_their_non_generic_overloads()
    {
        IsNonGeneric(Called(() => Activations.Tanh(0.5)), typeof(double), "Tanh(double)");
        IsNonGeneric(Called(() => Activations.Tanh(0.5f)), typeof(float), "Tanh(float)");
        // An int literal converts to float and to double; float is the better conversion, as before the generic overloads
        // existed (the generic one is not a candidate: int is not IFloatingPointIeee754).
        IsNonGeneric(Called(() => Activations.Tanh(1)), typeof(float), "Tanh(int)");
        IsNonGeneric(Called(() => Activations.Relu(-2.0)), typeof(double), "Relu(double)");
        IsNonGeneric(Called(() => Activations.LeakyRelu(-2.0)), typeof(double), "LeakyRelu(double) with the default slope");
        IsNonGeneric(Called(() => Activations.LeakyRelu(-2.0, 0.2)), typeof(double), "LeakyRelu(double, double)");
        IsNonGeneric(Called(() => Activations.LeakyRelu(-2f)), typeof(float), "LeakyRelu(float)");
        IsNonGeneric(Called(() => Activations.LeakyRelu(-2f, 0.2f)), typeof(float), "LeakyRelu(float, float)");
        IsNonGeneric(Called(() => Activations.LeakyRelu(-2f, 1)), typeof(float), "LeakyRelu(float, int)");
        IsNonGeneric(Called(() => Activations.Softplus(2.0, 1, 20)), typeof(double), "Softplus(double, int, int)");
        IsNonGeneric(Called(() => Activations.Elu(-1f)), typeof(float), "Elu(float)");
        IsNonGeneric(Called(() => Activations.PRelu(-1.0, 0.25)), typeof(double), "PRelu(double, double)");
        IsNonGeneric(Called(() => Activations.PRelu(-1.0, 0.25f)), typeof(double), "PRelu(double, float)");
        IsNonGeneric(Called(() => Activations.PRelu(-1f, 0.25f)), typeof(float), "PRelu(float, float)");
        IsNonGeneric(Called(() => Activations.Selu(1)), typeof(float), "Selu(int)");
        IsNonGeneric(Called(() => Losses.BinaryCrossEntropyWithLogits(0.3, 1.0)), typeof(double), "BCE(double, double)");
        IsNonGeneric(Called(() => Losses.BinaryCrossEntropyWithLogits(0.3f, 1)), typeof(float), "BCE(float, int)");

        // Where no non-generic overload applies, the generic one now does (a float with a double hyperparameter).
        MethodInfo mixed = Called(() => Activations.LeakyRelu(-2f, 0.2));
        Assert.True(mixed.IsGenericMethod);
        Assert.Equal(typeof(float), mixed.ReturnType);
    }

    [Fact]
    public void Span_callers_compile_against_the_double_and_float_overloads()
    {
        // The calls below are typed by the compiler; ambiguity would not compile. Their results match the generic ones.
        double[] x = [-1, 0.5, 2, -3, 4, 5, -6, 7, 8];
        double[] y = new double[x.Length], yg = new double[x.Length];
        Activations.Tanh(x, y);
        Activations.Tanh<double>(x, yg);
        Assert.Equal(y, yg);
        Span<double> s = stackalloc double[x.Length];
        Activations.Relu(x.AsSpan(), s);
        Activations.LeakyRelu(x, y, 0.1);
        Activations.Softplus(x, y, beta: 2);
        float[] xf = Array.ConvertAll(x, v => (float)v), yf = new float[x.Length];
        Activations.Sigmoid(xf, yf);
        Activations.LeakyRelu(xf, yf, 0.1f);
        Linear.Dense(new double[18], new double[2], x, new double[2]);
        Assert.Equal(Vectors.Dot(x, x), Vectors.Dot<double>(x, x));
        Assert.Equal(Losses.MeanSquaredError(x, y), Losses.MeanSquaredError<double>(x, y));
    }

    [Fact]
    public void Generic_overloads_give_the_double_and_float_results()
    {
        var rng = new Random(21);
        foreach (Activation a in ActivationCatalog.All.Values)
        {
            double x = rng.NextDouble() * 6 - 3;
            Assert.Equal(a.F(x), GenericValue(a.Name, x));
            Assert.Equal(a.FF((float)x), GenericValue(a.Name, (float)x));
        }
    }

    // The activation through its generic overload, as generic user code would call it.
    private static T GenericValue<T>(string name, T x) where T : IFloatingPointIeee754<T> => name switch
    {
        "Relu" => Activations.Relu(x),
        "LeakyRelu" => Activations.LeakyRelu(x),
        "PRelu" => Activations.PRelu(x, T.CreateTruncating(0.25)),
        "Elu" => Activations.Elu(x),
        "Selu" => Activations.Selu(x),
        "Gelu" => Activations.Gelu(x),
        "GeluTanh" => Activations.GeluTanh(x),
        "Silu" => Activations.Silu(x),
        "Softplus" => Activations.Softplus(x),
        "Sigmoid" => Activations.Sigmoid(x),
        "Tanh" => Activations.Tanh(x),
        _ => throw new ArgumentException(name),
    };

    // A small generic model: Dense → Tanh → MSE, and its gradient through the generic pullbacks, as generic generated code
    // will call them.
    private static T Model<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> x, ReadOnlySpan<T> target, Span<T> dW) where T : IFloatingPointIeee754<T>
    {
        Span<T> h = new T[3], a = new T[3], dA = new T[3], dH = new T[3];
        Linear.Dense(w.Slice(0, 12), w.Slice(12, 3), x, h);
        Activations.Tanh(h, a);
        T loss = Losses.MeanSquaredErrorBackward(a, target, T.One, dA);
        Activations.TanhBackward<T>(h, a, dA, dH);
        Linear.DenseBackward(w.Slice(0, 12), w.Slice(12, 3), x, h, dH, dW.Slice(0, 12), dW.Slice(12, 3), Span<T>.Empty);
        return loss;
    }

    [Fact]
    public void Generic_model_gradient_matches_finite_differences_and_runs_for_Half()
    {
        var rng = new Random(8);
        double[] w = new double[15], x = [0.3, -1.2, 0.8, 2.0], t = [0.1, -0.4, 0.7];
        for (int i = 0; i < w.Length; i++) w[i] = rng.NextDouble() - 0.5;
        double[] g = new double[15];
        double loss = Model<double>(w, x, t, g);
        Approx.Passed(Fd.Compare(p => Model<double>(p, x, t, new double[15]), w, g), "generic model, double");

        // Half computes through double and rounds: the result is the double one to Half's precision (11 bits).
        Half[] wh = Array.ConvertAll(w, v => (Half)v), xh = Array.ConvertAll(x, v => (Half)v), th = Array.ConvertAll(t, v => (Half)v);
        Half[] gh = new Half[15];
        Half lossH = Model<Half>(wh, xh, th, gh);
        Approx.Equal(loss, (double)lossH, 2e-2, 2e-3, "Half loss");
        for (int i = 0; i < 15; i++) Approx.Equal(g[i], (double)gh[i], 3e-2, 3e-3, $"Half gradient {i}");
    }

    [Fact]
    public void Half_spans_cover_losses_and_normalization()
    {
        double[] x = [0.5, -1, 2, 0.25, -0.75, 1.5, 3, -2, 0.1];
        double[] gamma = [1, 0.5, 2, 1, 1, 1, 1, 1, 1.5], beta = new double[9];
        double[] y = new double[9];
        Normalization.LayerNorm(x, gamma, beta, y);
        Half[] yh = new Half[9];
        Normalization.LayerNorm<Half>(Array.ConvertAll(x, v => (Half)v), Array.ConvertAll(gamma, v => (Half)v), new Half[9], yh);
        for (int i = 0; i < 9; i++) Approx.Equal(y[i], (double)yh[i], 1e-2, 1e-2, $"Half layer norm {i}");
        Half ce = Losses.SoftmaxCrossEntropy<Half>(Array.ConvertAll(x, v => (Half)v), 2);
        Approx.Equal(Losses.SoftmaxCrossEntropy(x, 2), (double)ce, 1e-2, 1e-3, "Half cross-entropy");
        Half[] clip = Array.ConvertAll(x, v => (Half)v);
        Clipping.ClipByValue(clip, (Half)1);
        Assert.All(clip, v => Assert.True(Half.Abs(v) <= (Half)1));
    }
}
