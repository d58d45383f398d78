using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;

namespace AutoDiffGen.Runtime.Tests;

/// <summary>z ↦ the outputs (the returned value first, then each span output).</summary>
public delegate void ValueForm(double[] z, double[] outputs);

/// <summary>The Tangent form: outputs and their tangents along dz.</summary>
public delegate void TangentForm(double[] z, double[] dz, double[] outputs, double[] dOutputs);

/// <summary>The Backward form: outputs, and seeds · ∂outputs/∂z added into dz.</summary>
public delegate void BackwardForm(double[] z, double[] seeds, double[] outputs, double[] dz);

/// <summary>The BackwardTangent form: the Backward's results, hvz (the derivative of dz along vz, vSeeds) and vOutputs.</summary>
public delegate void BackwardTangentForm(double[] z, double[] seeds, double[] vz, double[] vSeeds, double[] outputs, double[] dz, double[] hvz, double[] vOutputs);

/// <summary>
/// One runtime function in one precision, its active arguments flattened into z (every span, then every scalar, in
/// parameter order) and its outputs into one array. Values pass through <c>T</c>, so a single-precision case sees
/// float-rounded inputs.
/// </summary>
public sealed record TangentCase(string Name, bool Single, int Inputs, int Outputs, ValueForm Value, TangentForm Tangent,
    BackwardForm Backward, BackwardTangentForm BackwardTangent, Func<Random, double[]> Sample)
{
    public override string ToString() => Name;
}

/// <summary>Every runtime function that carries derivatives, for <see cref="TangentTests"/>.</summary>
public static class TangentCatalog
{
    /// <summary>While set, an optional direction argument whose elements are all zero is passed as an empty span.</summary>
    [ThreadStatic] public static bool EmptyForZero;

    /// <summary>Optional outputs passed as empty spans while set: <see cref="OmitAdjoints"/>, <see cref="OmitAdjointTangents"/>, <see cref="OmitOutputTangents"/>.</summary>
    [ThreadStatic] public static int Omit;

    public const int OmitAdjoints = 1, OmitAdjointTangents = 2, OmitOutputTangents = 4;

    /// <summary>Span length of the elementwise cases: vector lanes and a scalar tail, in double and in float, at 256 and 512 bits.</summary>
    public const int Width = 19;

    public static readonly IReadOnlyList<TangentCase> All = Build<double>(false).Concat(Build<float>(true)).ToList();

    public static IEnumerable<object[]> Names() => All.Select(c => new object[] { c.Name });

    public static TangentCase Get(string name) => All.Single(c => c.Name == name);

    // Elementwise forms, over T.
    public delegate T ScalarTangent<T>(T x, T dX, out T dResult);
    public delegate T ScalarBackward<T>(T x, T seed, ref T dX);
    public delegate T ScalarBackwardTangent<T>(T x, T seed, ref T dX, T vX, T vSeed, ref T hvX, out T vResult);
    public delegate void SpanForward<T>(ReadOnlySpan<T> x, Span<T> y);
    public delegate void SpanTangent<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dX, Span<T> dY);
    public delegate void SpanBackward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX);
    public delegate void SpanBackwardTangent<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX, ReadOnlySpan<T> vX, ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> vY);

    private static T[] Of<T>(double[] a) where T : IFloatingPointIeee754<T> => a.Select(T.CreateTruncating).ToArray();

    private static void Into<T>(T[] source, double[] destination) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < source.Length; i++) destination[i] = double.CreateTruncating(source[i]);
    }

    /// <summary>An optional direction: empty when <see cref="EmptyForZero"/> is set and it is all zeros.</summary>
    private static ReadOnlySpan<T> In<T>(T[] a, int start, int length) where T : IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> s = a.AsSpan(start, length);
        return EmptyForZero && s.IndexOfAnyExcept(T.Zero) < 0 ? default : s;
    }

    /// <summary>An optional output: empty while <see cref="Omit"/> has <paramref name="kind"/>.</summary>
    private static Span<T> Out<T>(T[] a, int start, int length, int kind) => (Omit & kind) != 0 ? default : a.AsSpan(start, length);

    /// <summary>Wraps forms written over arrays of T into the double-array forms of a case.</summary>
    private static TangentCase Make<T>(string name, int inputs, int outputs, Func<Random, double[]> sample,
        Action<T[], T[]> value, Action<T[], T[], T[], T[]> tangent, Action<T[], T[], T[], T[]> backward,
        Action<T[], T[], T[], T[], T[], T[], T[], T[]> backwardTangent) where T : IFloatingPointIeee754<T>
    {
        bool single = typeof(T) == typeof(float);
        return new TangentCase(name + (single ? "/float" : "/double"), single, inputs, outputs,
            (z, o) => { T[] ot = new T[outputs]; value(Of<T>(z), ot); Into(ot, o); },
            (z, dz, o, d) => { T[] ot = new T[outputs], dt = Of<T>(d); tangent(Of<T>(z), Of<T>(dz), ot, dt); Into(ot, o); Into(dt, d); },
            (z, s, o, dz) => { T[] ot = new T[outputs], dzt = Of<T>(dz); backward(Of<T>(z), Of<T>(s), ot, dzt); Into(ot, o); Into(dzt, dz); },
            (z, s, vz, vs, o, dz, hvz, vo) =>
            {
                T[] ot = new T[outputs], dzt = Of<T>(dz), hvt = Of<T>(hvz), vot = Of<T>(vo);
                backwardTangent(Of<T>(z), Of<T>(s), Of<T>(vz), Of<T>(vs), ot, dzt, hvt, vot);
                Into(ot, o); Into(dzt, dz); Into(hvt, hvz); Into(vot, vo);
            },
            rng => sample(rng).Select(v => single ? (float)v : v).ToArray());
    }

    /// <summary>Uniform in [low, high], at least <paramref name="gap"/> from every kink.</summary>
    private static Func<Random, double[]> Uniform(int n, double low, double high, double gap = 0, params double[] kinks) => rng =>
    {
        var z = new double[n];
        for (int i = 0; i < n; i++)
        {
            do z[i] = low + (high - low) * rng.NextDouble();
            while (kinks.Any(k => Math.Abs(z[i] - k) < gap));
        }
        return z;
    };

    private static TangentCase Elementwise<T>(string name, Func<T, T> f, ScalarTangent<T> tangent, ScalarBackward<T> backward,
        ScalarBackwardTangent<T> backwardTangent, Func<Random, double[]> sample) where T : IFloatingPointIeee754<T>
        => Make<T>(name, 1, 1, sample,
            (z, o) => o[0] = f(z[0]),
            (z, dz, o, d) => o[0] = tangent(z[0], dz[0], out d[0]),
            (z, s, o, dz) => o[0] = backward(z[0], s[0], ref dz[0]),
            (z, s, vz, vs, o, dz, hvz, vo) => o[0] = backwardTangent(z[0], s[0], ref dz[0], vz[0], vs[0], ref hvz[0], out vo[0]));

    private static TangentCase ElementwiseSpan<T>(string name, SpanForward<T> f, SpanTangent<T> tangent, SpanBackward<T> backward,
        SpanBackwardTangent<T> backwardTangent, Func<Random, double[]> sample, int n = Width) where T : IFloatingPointIeee754<T>
        => Make<T>(name, n, n, sample,
            (z, o) => f(z, o),
            (z, dz, o, d) => tangent(z, o, In(dz, 0, n), Out(d, 0, n, OmitOutputTangents)),
            (z, s, o, dz) => backward(z, o, s, Out(dz, 0, n, OmitAdjoints)),
            (z, s, vz, vs, o, dz, hvz, vo) => backwardTangent(z, o, s, Out(dz, 0, n, OmitAdjoints), In(vz, 0, n), In(vs, 0, n),
                Out(hvz, 0, n, OmitAdjointTangents), Out(vo, 0, n, OmitOutputTangents)));

    private static IEnumerable<TangentCase> Build<T>(bool single) where T : IFloatingPointIeee754<T>
    {
        // Points stay 0.05 from every kink: the finite differences (steps up to 2 · 0.01) must not straddle one.
        const double Gap = 0.05;
        Func<Random, double[]> scalar = Uniform(1, -3, 3, Gap, 0), span = Uniform(Width, -3, 3, Gap, 0);

        yield return Elementwise<T>("Relu", Activations.Relu, Activations.ReluTangent, Activations.ReluBackward, Activations.ReluBackwardTangent, scalar);
        yield return Elementwise<T>("LeakyRelu", x => Activations.LeakyRelu(x, 0.2), (T x, T d, out T r) => Activations.LeakyReluTangent(x, 0.2, d, out r),
            (T x, T s, ref T d) => Activations.LeakyReluBackward(x, 0.2, s, ref d),
            (T x, T s, ref T d, T v, T vs, ref T hv, out T vr) => Activations.LeakyReluBackwardTangent(x, 0.2, s, ref d, v, vs, ref hv, out vr), scalar);
        yield return Elementwise<T>("Elu", x => Activations.Elu(x, 0.7), (T x, T d, out T r) => Activations.EluTangent(x, 0.7, d, out r),
            (T x, T s, ref T d) => Activations.EluBackward(x, 0.7, s, ref d),
            (T x, T s, ref T d, T v, T vs, ref T hv, out T vr) => Activations.EluBackwardTangent(x, 0.7, s, ref d, v, vs, ref hv, out vr), scalar);
        yield return Elementwise<T>("Selu", Activations.Selu, Activations.SeluTangent, Activations.SeluBackward, Activations.SeluBackwardTangent, scalar);
        yield return Elementwise<T>("Gelu", Activations.Gelu, Activations.GeluTangent, Activations.GeluBackward, Activations.GeluBackwardTangent, scalar);
        yield return Elementwise<T>("GeluTanh", Activations.GeluTanh, Activations.GeluTanhTangent, Activations.GeluTanhBackward, Activations.GeluTanhBackwardTangent, scalar);
        yield return Elementwise<T>("Silu", Activations.Silu, Activations.SiluTangent, Activations.SiluBackward, Activations.SiluBackwardTangent, scalar);
        // β = 1.5 with the threshold at 2: points on both sides of βx = 2 (x = 4/3), the linear side having f″ = 0.
        Func<Random, double[]> softplusScalar = Uniform(1, -3, 3, Gap, 4.0 / 3), softplusSpan = Uniform(Width, -3, 3, Gap, 4.0 / 3);
        yield return Elementwise<T>("Softplus", x => Activations.Softplus(x, 1.5, 2.0), (T x, T d, out T r) => Activations.SoftplusTangent(x, 1.5, 2.0, d, out r),
            (T x, T s, ref T d) => Activations.SoftplusBackward(x, 1.5, 2.0, s, ref d),
            (T x, T s, ref T d, T v, T vs, ref T hv, out T vr) => Activations.SoftplusBackwardTangent(x, 1.5, 2.0, s, ref d, v, vs, ref hv, out vr), softplusScalar);
        yield return Elementwise<T>("Sigmoid", Activations.Sigmoid, Activations.SigmoidTangent, Activations.SigmoidBackward, Activations.SigmoidBackwardTangent, scalar);
        yield return Elementwise<T>("Tanh", Activations.Tanh, Activations.TanhTangent, Activations.TanhBackward, Activations.TanhBackwardTangent, scalar);

        yield return ElementwiseSpan<T>("Relu[]", Activations.Relu, Activations.ReluTangent, Activations.ReluBackward, Activations.ReluBackwardTangent, span);
        yield return ElementwiseSpan<T>("LeakyRelu[]", (x, y) => Activations.LeakyRelu(x, y, 0.2), (x, y, d, dy) => Activations.LeakyReluTangent(x, y, 0.2, d, dy),
            (x, y, dy, dx) => Activations.LeakyReluBackward(x, y, 0.2, dy, dx),
            (x, y, dy, dx, vx, vdy, hv, vy) => Activations.LeakyReluBackwardTangent(x, y, 0.2, dy, dx, vx, vdy, hv, vy), span);
        yield return ElementwiseSpan<T>("Elu[]", (x, y) => Activations.Elu(x, y, 0.7), (x, y, d, dy) => Activations.EluTangent(x, y, 0.7, d, dy),
            (x, y, dy, dx) => Activations.EluBackward(x, y, 0.7, dy, dx),
            (x, y, dy, dx, vx, vdy, hv, vy) => Activations.EluBackwardTangent(x, y, 0.7, dy, dx, vx, vdy, hv, vy), span);
        yield return ElementwiseSpan<T>("Selu[]", Activations.Selu, Activations.SeluTangent, Activations.SeluBackward, Activations.SeluBackwardTangent, span);
        yield return ElementwiseSpan<T>("Gelu[]", Activations.Gelu, Activations.GeluTangent, Activations.GeluBackward, Activations.GeluBackwardTangent, span);
        yield return ElementwiseSpan<T>("GeluTanh[]", Activations.GeluTanh, Activations.GeluTanhTangent, Activations.GeluTanhBackward, Activations.GeluTanhBackwardTangent, span);
        yield return ElementwiseSpan<T>("Silu[]", Activations.Silu, Activations.SiluTangent, Activations.SiluBackward, Activations.SiluBackwardTangent, span);
        yield return ElementwiseSpan<T>("Softplus[]", (x, y) => Activations.Softplus(x, y, 1.5, 2.0), (x, y, d, dy) => Activations.SoftplusTangent(x, y, 1.5, 2.0, d, dy),
            (x, y, dy, dx) => Activations.SoftplusBackward(x, y, 1.5, 2.0, dy, dx),
            (x, y, dy, dx, vx, vdy, hv, vy) => Activations.SoftplusBackwardTangent(x, y, 1.5, 2.0, dy, dx, vx, vdy, hv, vy), softplusSpan);
        yield return ElementwiseSpan<T>("Sigmoid[]", Activations.Sigmoid, Activations.SigmoidTangent, Activations.SigmoidBackward, Activations.SigmoidBackwardTangent, span);
        yield return ElementwiseSpan<T>("Tanh[]", Activations.Tanh, Activations.TanhTangent, Activations.TanhBackward, Activations.TanhBackwardTangent, span);
        yield return ElementwiseSpan<T>("Softmax", Losses.Softmax, Losses.SoftmaxTangent, Losses.SoftmaxBackward, Losses.SoftmaxBackwardTangent, span);

        // PReLU: z = x, α (scalar) or x (Width), α (span).
        yield return Make<T>("PRelu", 2, 1, Uniform(2, -3, 3, Gap, 0),
            (z, o) => o[0] = Activations.PRelu(z[0], z[1]),
            (z, dz, o, d) => o[0] = Activations.PReluTangent(z[0], z[1], dz[0], dz[1], out d[0]),
            (z, s, o, dz) => o[0] = Activations.PReluBackward(z[0], z[1], s[0], ref dz[0], ref dz[1]),
            (z, s, vz, vs, o, dz, hvz, vo) => o[0] = Activations.PReluBackwardTangent(z[0], z[1], s[0], ref dz[0], ref dz[1], vz[0], vz[1], vs[0],
                ref hvz[0], ref hvz[1], out vo[0]));
        yield return Make<T>("PRelu[]", Width + 1, Width, Uniform(Width + 1, -3, 3, Gap, 0),
            (z, o) => Activations.PRelu(z.AsSpan(0, Width), z[Width], o),
            (z, dz, o, d) => Activations.PReluTangent(z.AsSpan(0, Width), z[Width], o, In(dz, 0, Width), dz[Width], Out(d, 0, Width, OmitOutputTangents)),
            (z, s, o, dz) => Activations.PReluBackward(z.AsSpan(0, Width), z[Width], o, s, Out(dz, 0, Width, OmitAdjoints), ref dz[Width]),
            (z, s, vz, vs, o, dz, hvz, vo) => Activations.PReluBackwardTangent(z.AsSpan(0, Width), z[Width], o, s, Out(dz, 0, Width, OmitAdjoints), ref dz[Width],
                In(vz, 0, Width), vz[Width], In(vs, 0, Width), Out(hvz, 0, Width, OmitAdjointTangents), ref hvz[Width], Out(vo, 0, Width, OmitOutputTangents)));

        // Losses, targets and labels constant.
        T target = T.CreateTruncating(0.3);
        yield return Make<T>("BinaryCrossEntropyWithLogits", 1, 1, Uniform(1, -4, 4),
            (z, o) => o[0] = Losses.BinaryCrossEntropyWithLogits(z[0], target),
            (z, dz, o, d) => o[0] = Losses.BinaryCrossEntropyWithLogitsTangent(z[0], target, dz[0], out d[0]),
            (z, s, o, dz) => o[0] = Losses.BinaryCrossEntropyWithLogitsBackward(z[0], target, s[0], ref dz[0]),
            (z, s, vz, vs, o, dz, hvz, vo) => o[0] = Losses.BinaryCrossEntropyWithLogitsBackwardTangent(z[0], target, s[0], ref dz[0], vz[0], vs[0], ref hvz[0], out vo[0]));
        T[] targets = Of<T>(Uniform(Width, -2, 2)(new Random(5)));
        yield return Make<T>("MeanSquaredError", Width, 1, Uniform(Width, -2, 2),
            (z, o) => o[0] = Losses.MeanSquaredError(z, targets),
            (z, dz, o, d) => o[0] = Losses.MeanSquaredErrorTangent(z, targets, In(dz, 0, Width), out d[0]),
            (z, s, o, dz) => o[0] = Losses.MeanSquaredErrorBackward(z, targets, s[0], Out(dz, 0, Width, OmitAdjoints)),
            (z, s, vz, vs, o, dz, hvz, vo) => o[0] = Losses.MeanSquaredErrorBackwardTangent(z, targets, s[0], Out(dz, 0, Width, OmitAdjoints), In(vz, 0, Width), vs[0],
                Out(hvz, 0, Width, OmitAdjointTangents), out vo[0]));
        const int Classes = 7;
        yield return Make<T>("SoftmaxCrossEntropy", Classes, 1, Uniform(Classes, -3, 3),
            (z, o) => o[0] = Losses.SoftmaxCrossEntropy(z, 2),
            (z, dz, o, d) => o[0] = Losses.SoftmaxCrossEntropyTangent(z, 2, In(dz, 0, Classes), out d[0]),
            (z, s, o, dz) => o[0] = Losses.SoftmaxCrossEntropyBackward(z, 2, s[0], Out(dz, 0, Classes, OmitAdjoints)),
            (z, s, vz, vs, o, dz, hvz, vo) => o[0] = Losses.SoftmaxCrossEntropyBackwardTangent(z, 2, s[0], Out(dz, 0, Classes, OmitAdjoints), In(vz, 0, Classes), vs[0],
                Out(hvz, 0, Classes, OmitAdjointTangents), out vo[0]));
        int[] labels = { 1, 6, 0, 3 };
        int all = labels.Length * Classes;
        yield return Make<T>("SoftmaxCrossEntropy(batch)", all, 1, Uniform(all, -3, 3),
            (z, o) => o[0] = Losses.SoftmaxCrossEntropy(z, labels),
            (z, dz, o, d) => o[0] = Losses.SoftmaxCrossEntropyTangent(z, labels, In(dz, 0, all), out d[0]),
            (z, s, o, dz) => o[0] = Losses.SoftmaxCrossEntropyBackward(z, labels, s[0], Out(dz, 0, all, OmitAdjoints)),
            (z, s, vz, vs, o, dz, hvz, vo) => o[0] = Losses.SoftmaxCrossEntropyBackwardTangent(z, labels, s[0], Out(dz, 0, all, OmitAdjoints), In(vz, 0, all), vs[0],
                Out(hvz, 0, all, OmitAdjointTangents), out vo[0]));
        yield return Make<T>("Dot", 2 * Width, 1, Uniform(2 * Width, -2, 2),
            (z, o) => o[0] = Vectors.Dot<T>(z.AsSpan(0, Width), z.AsSpan(Width)),
            (z, dz, o, d) => o[0] = Vectors.DotTangent(z.AsSpan(0, Width), z.AsSpan(Width), In(dz, 0, Width), In(dz, Width, Width), out d[0]),
            (z, s, o, dz) => o[0] = Vectors.DotBackward(z.AsSpan(0, Width), z.AsSpan(Width), s[0], Out(dz, 0, Width, OmitAdjoints), Out(dz, Width, Width, OmitAdjoints)),
            (z, s, vz, vs, o, dz, hvz, vo) => o[0] = Vectors.DotBackwardTangent(z.AsSpan(0, Width), z.AsSpan(Width), s[0],
                Out(dz, 0, Width, OmitAdjoints), Out(dz, Width, Width, OmitAdjoints), In(vz, 0, Width), In(vz, Width, Width), vs[0],
                Out(hvz, 0, Width, OmitAdjointTangents), Out(hvz, Width, Width, OmitAdjointTangents), out vo[0]));

        foreach (TangentCase c in Normalizations<T>()) yield return c;
        foreach (TangentCase c in Layers<T>()) yield return c;
    }

    private static IEnumerable<TangentCase> Normalizations<T>() where T : IFloatingPointIeee754<T>
    {
        // z = x, γ, β. Layer norm over Width features; batch norm over rows × features.
        const int N = Width;
        yield return Make<T>("LayerNorm", 3 * N, N, rng => Uniform(N, -2, 2)(rng).Concat(Uniform(N, 0.5, 1.5)(rng)).Concat(Uniform(N, -1, 1)(rng)).ToArray(),
            (z, o) => Normalization.LayerNorm<T>(z.AsSpan(0, N), z.AsSpan(N, N), z.AsSpan(2 * N, N), o),
            (z, dz, o, d) => Normalization.LayerNormTangent(z.AsSpan(0, N), z.AsSpan(N, N), z.AsSpan(2 * N, N), o, 1e-5,
                In(dz, 0, N), In(dz, N, N), In(dz, 2 * N, N), Out(d, 0, N, OmitOutputTangents)),
            (z, s, o, dz) => Normalization.LayerNormBackward(z.AsSpan(0, N), z.AsSpan(N, N), z.AsSpan(2 * N, N), o, 1e-5, s,
                Out(dz, 0, N, OmitAdjoints), Out(dz, N, N, OmitAdjoints), Out(dz, 2 * N, N, OmitAdjoints)),
            (z, s, vz, vs, o, dz, hvz, vo) => Normalization.LayerNormBackwardTangent(z.AsSpan(0, N), z.AsSpan(N, N), z.AsSpan(2 * N, N), o, 1e-5, s,
                Out(dz, 0, N, OmitAdjoints), Out(dz, N, N, OmitAdjoints), Out(dz, 2 * N, N, OmitAdjoints),
                In(vz, 0, N), In(vz, N, N), In(vz, 2 * N, N), In(vs, 0, N),
                Out(hvz, 0, N, OmitAdjointTangents), Out(hvz, N, N, OmitAdjointTangents), Out(hvz, 2 * N, N, OmitAdjointTangents), Out(vo, 0, N, OmitOutputTangents)));

        const int Rows = 4, F = 11, X = Rows * F;
        Func<Random, double[]> sample = rng => Uniform(X, -2, 2)(rng).Concat(Uniform(F, 0.5, 1.5)(rng)).Concat(Uniform(F, -1, 1)(rng)).ToArray();
        yield return Make<T>("BatchNormTraining", X + 2 * F, X, sample,
            (z, o) => Normalization.BatchNormTraining<T>(z.AsSpan(0, X), z.AsSpan(X, F), z.AsSpan(X + F, F), o),
            (z, dz, o, d) => Normalization.BatchNormTrainingTangent(z.AsSpan(0, X), z.AsSpan(X, F), z.AsSpan(X + F, F), o, 1e-5,
                In(dz, 0, X), In(dz, X, F), In(dz, X + F, F), Out(d, 0, X, OmitOutputTangents)),
            (z, s, o, dz) => Normalization.BatchNormTrainingBackward(z.AsSpan(0, X), z.AsSpan(X, F), z.AsSpan(X + F, F), o, 1e-5, s,
                Out(dz, 0, X, OmitAdjoints), Out(dz, X, F, OmitAdjoints), Out(dz, X + F, F, OmitAdjoints)),
            (z, s, vz, vs, o, dz, hvz, vo) => Normalization.BatchNormTrainingBackwardTangent(z.AsSpan(0, X), z.AsSpan(X, F), z.AsSpan(X + F, F), o, 1e-5, s,
                Out(dz, 0, X, OmitAdjoints), Out(dz, X, F, OmitAdjoints), Out(dz, X + F, F, OmitAdjoints),
                In(vz, 0, X), In(vz, X, F), In(vz, X + F, F), In(vs, 0, X),
                Out(hvz, 0, X, OmitAdjointTangents), Out(hvz, X, F, OmitAdjointTangents), Out(hvz, X + F, F, OmitAdjointTangents), Out(vo, 0, X, OmitOutputTangents)));
        T[] mean = Of<T>(Uniform(F, -1, 1)(new Random(8))), variance = Of<T>(Uniform(F, 0.3, 2)(new Random(9)));
        yield return Make<T>("BatchNormInference", X + 2 * F, X, sample,
            (z, o) => Normalization.BatchNormInference<T>(z.AsSpan(0, X), z.AsSpan(X, F), z.AsSpan(X + F, F), mean, variance, o),
            (z, dz, o, d) => Normalization.BatchNormInferenceTangent(z.AsSpan(0, X), z.AsSpan(X, F), z.AsSpan(X + F, F), mean, variance, o, 1e-5,
                In(dz, 0, X), In(dz, X, F), In(dz, X + F, F), Out(d, 0, X, OmitOutputTangents)),
            (z, s, o, dz) => Normalization.BatchNormInferenceBackward(z.AsSpan(0, X), z.AsSpan(X, F), z.AsSpan(X + F, F), mean, variance, o, 1e-5, s,
                Out(dz, 0, X, OmitAdjoints), Out(dz, X, F, OmitAdjoints), Out(dz, X + F, F, OmitAdjoints)),
            (z, s, vz, vs, o, dz, hvz, vo) => Normalization.BatchNormInferenceBackwardTangent(z.AsSpan(0, X), z.AsSpan(X, F), z.AsSpan(X + F, F), mean, variance, o, 1e-5, s,
                Out(dz, 0, X, OmitAdjoints), Out(dz, X, F, OmitAdjoints), Out(dz, X + F, F, OmitAdjoints),
                In(vz, 0, X), In(vz, X, F), In(vz, X + F, F), In(vs, 0, X),
                Out(hvz, 0, X, OmitAdjointTangents), Out(hvz, X, F, OmitAdjointTangents), Out(hvz, X + F, F, OmitAdjointTangents), Out(vo, 0, X, OmitOutputTangents)));
    }

    private static IEnumerable<TangentCase> Layers<T>() where T : IFloatingPointIeee754<T>
    {
        // z = W (outputs × inputs), b, x (batch × inputs). Batch 9 takes the transposed-weights path of DenseBatch.
        foreach ((string name, int batch) in new[] { ("Dense", 1), ("DenseBatch(3)", 3), ("DenseBatch(9)", 9) })
        {
            const int I = 5, O = 6;
            int w = O * I, x = batch * I, y = batch * O, n = w + O + x;
            void Value(T[] z, T[] o)
            {
                if (batch == 1) Linear.Dense<T>(z.AsSpan(0, w), z.AsSpan(w, O), z.AsSpan(w + O, x), o);
                else Linear.DenseBatch<T>(z.AsSpan(0, w), z.AsSpan(w, O), z.AsSpan(w + O, x), o, batch);
            }
            void Tangent(T[] z, T[] dz, T[] o, T[] d)
            {
                if (batch == 1) Linear.DenseTangent(z.AsSpan(0, w), z.AsSpan(w, O), z.AsSpan(w + O, x), o, In(dz, 0, w), In(dz, w, O), In(dz, w + O, x), Out(d, 0, y, OmitOutputTangents));
                else Linear.DenseBatchTangent(z.AsSpan(0, w), z.AsSpan(w, O), z.AsSpan(w + O, x), o, batch, In(dz, 0, w), In(dz, w, O), In(dz, w + O, x), Out(d, 0, y, OmitOutputTangents));
            }
            void Backward(T[] z, T[] s, T[] o, T[] dz)
            {
                if (batch == 1) Linear.DenseBackward(z.AsSpan(0, w), z.AsSpan(w, O), z.AsSpan(w + O, x), o, s, Out(dz, 0, w, OmitAdjoints), Out(dz, w, O, OmitAdjoints), Out(dz, w + O, x, OmitAdjoints));
                else Linear.DenseBatchBackward(z.AsSpan(0, w), z.AsSpan(w, O), z.AsSpan(w + O, x), o, batch, s, Out(dz, 0, w, OmitAdjoints), Out(dz, w, O, OmitAdjoints), Out(dz, w + O, x, OmitAdjoints));
            }
            void BackwardTangent(T[] z, T[] s, T[] vz, T[] vs, T[] o, T[] dz, T[] hvz, T[] vo)
            {
                if (batch == 1)
                {
                    Linear.DenseBackwardTangent(z.AsSpan(0, w), z.AsSpan(w, O), z.AsSpan(w + O, x), o, s,
                        Out(dz, 0, w, OmitAdjoints), Out(dz, w, O, OmitAdjoints), Out(dz, w + O, x, OmitAdjoints),
                        In(vz, 0, w), In(vz, w, O), In(vz, w + O, x), In(vs, 0, y),
                        Out(hvz, 0, w, OmitAdjointTangents), Out(hvz, w, O, OmitAdjointTangents), Out(hvz, w + O, x, OmitAdjointTangents), Out(vo, 0, y, OmitOutputTangents));
                }
                else
                {
                    Linear.DenseBatchBackwardTangent(z.AsSpan(0, w), z.AsSpan(w, O), z.AsSpan(w + O, x), o, batch, s,
                        Out(dz, 0, w, OmitAdjoints), Out(dz, w, O, OmitAdjoints), Out(dz, w + O, x, OmitAdjoints),
                        In(vz, 0, w), In(vz, w, O), In(vz, w + O, x), In(vs, 0, y),
                        Out(hvz, 0, w, OmitAdjointTangents), Out(hvz, w, O, OmitAdjointTangents), Out(hvz, w + O, x, OmitAdjointTangents), Out(vo, 0, y, OmitOutputTangents));
                }
            }
            yield return Make<T>(name, n, y, Uniform(n, -1, 1), Value, Tangent, Backward, BackwardTangent);
        }
    }
}
