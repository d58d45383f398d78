using System;
using System.Numerics;

namespace AutoDiffGen;

/// <summary>
/// Weight initializers with PyTorch's formulas (<c>torch.nn.init</c>), deterministic for a given <see cref="Random"/>:
/// the same seed fills the same values. Generic over the floating-point type, with <c>double</c> and <c>float</c> overloads. Normal samples come from the Box–Muller transform of <see cref="Random.NextDouble"/>.
/// </summary>
public static class Init
{
    /// <summary>√2, the default gain of the He (Kaiming) initializers (ReLU's gain).</summary>
    public const double Sqrt2 = 1.4142135623730951;

    /// <summary>
    /// The recommended gain for a nonlinearity (PyTorch <c>calculate_gain</c>): 1 for linear, convolutions and sigmoid,
    /// 5/3 for tanh, √2 for ReLU, √(2 / (1 + s²)) for leaky ReLU with negative slope s = <paramref name="param"/>, 3/4 for SELU.
    /// </summary>
    /// <param name="nonlinearity">The nonlinearity that follows the layer.</param>
    /// <param name="param">The negative slope of <see cref="Nonlinearity.LeakyRelu"/> (default 0.01); ignored otherwise.</param>
    /// <exception cref="ArgumentOutOfRangeException">Unknown nonlinearity, or a non-finite slope.</exception>
    public static double Gain(Nonlinearity nonlinearity, double param = 0.01) => nonlinearity switch
    {
        Nonlinearity.Linear or Nonlinearity.Conv1d or Nonlinearity.Conv2d or Nonlinearity.Conv3d
            or Nonlinearity.ConvTranspose1d or Nonlinearity.ConvTranspose2d or Nonlinearity.ConvTranspose3d
            or Nonlinearity.Sigmoid => 1.0,
        Nonlinearity.Tanh => 5.0 / 3.0,
        Nonlinearity.Relu => Sqrt2,
        Nonlinearity.LeakyRelu => double.IsFinite(param)
            ? Math.Sqrt(2.0 / (1.0 + param * param))
            : throw new ArgumentOutOfRangeException(nameof(param), param, "The leaky ReLU slope must be finite."),
        Nonlinearity.Selu => 0.75,
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "Unknown nonlinearity."),
    };

    /// <summary>
    /// Glorot (Xavier) uniform: fills <paramref name="w"/> from U(−a, a) with <c>a = gain · √(6 / (fanIn + fanOut))</c>
    /// (PyTorch <c>xavier_uniform_</c>); the variance is <c>gain² · 2 / (fanIn + fanOut)</c>.
    /// </summary>
    /// <typeparam name="T">The floating-point type (samples are drawn in double and rounded).</typeparam>
    /// <param name="w">The weights to fill.</param>
    /// <param name="fanIn">Inputs per unit (the <c>in</c> of a dense layer).</param>
    /// <param name="fanOut">Outputs (the <c>out</c> of a dense layer).</param>
    /// <param name="rng">The random source.</param>
    /// <param name="gain">The scale (default 1; see <see cref="Gain"/>).</param>
    public static void GlorotUniform<T>(Span<T> w, int fanIn, int fanOut, Random rng, double gain = 1.0) where T : IFloatingPointIeee754<T>
        => FillUniform(w, gain * Math.Sqrt(6.0 / FanSum(fanIn, fanOut)), rng);

    /// <summary>
    /// Glorot (Xavier) normal: fills <paramref name="w"/> from N(0, σ²) with <c>σ = gain · √(2 / (fanIn + fanOut))</c>
    /// (PyTorch <c>xavier_normal_</c>).
    /// </summary>
    /// <typeparam name="T">The floating-point type (samples are drawn in double and rounded).</typeparam>
    /// <param name="w">The weights to fill.</param>
    /// <param name="fanIn">Inputs per unit.</param>
    /// <param name="fanOut">Outputs.</param>
    /// <param name="rng">The random source.</param>
    /// <param name="gain">The scale (default 1).</param>
    public static void GlorotNormal<T>(Span<T> w, int fanIn, int fanOut, Random rng, double gain = 1.0) where T : IFloatingPointIeee754<T>
        => FillNormal(w, gain * Math.Sqrt(2.0 / FanSum(fanIn, fanOut)), rng);

    /// <summary>
    /// He (Kaiming) uniform in fan-in mode: fills <paramref name="w"/> from U(−b, b) with <c>b = gain · √(3 / fanIn)</c>
    /// (PyTorch <c>kaiming_uniform_</c>); the variance is <c>gain² / fanIn</c>. The default gain √2 suits ReLU.
    /// </summary>
    /// <typeparam name="T">The floating-point type (samples are drawn in double and rounded).</typeparam>
    /// <param name="w">The weights to fill.</param>
    /// <param name="fanIn">Inputs per unit.</param>
    /// <param name="rng">The random source.</param>
    /// <param name="gain">The scale (default √2; use <see cref="Gain"/> for other activations).</param>
    public static void HeUniform<T>(Span<T> w, int fanIn, Random rng, double gain = Sqrt2) where T : IFloatingPointIeee754<T>
        => FillUniform(w, gain * Math.Sqrt(3.0 / FanIn(fanIn)), rng);

    /// <summary>
    /// He (Kaiming) normal in fan-in mode: fills <paramref name="w"/> from N(0, σ²) with <c>σ = gain / √fanIn</c>
    /// (PyTorch <c>kaiming_normal_</c>).
    /// </summary>
    /// <typeparam name="T">The floating-point type (samples are drawn in double and rounded).</typeparam>
    /// <param name="w">The weights to fill.</param>
    /// <param name="fanIn">Inputs per unit.</param>
    /// <param name="rng">The random source.</param>
    /// <param name="gain">The scale (default √2).</param>
    public static void HeNormal<T>(Span<T> w, int fanIn, Random rng, double gain = Sqrt2) where T : IFloatingPointIeee754<T>
        => FillNormal(w, gain / Math.Sqrt(FanIn(fanIn)), rng);

    /// <summary>
    /// LeCun normal: fills <paramref name="w"/> from N(0, σ²) with <c>σ = gain / √fanIn</c>, gain 1 by default
    /// (the initialization SELU networks expect; PyTorch <c>kaiming_normal_(nonlinearity="linear")</c>).
    /// </summary>
    /// <typeparam name="T">The floating-point type (samples are drawn in double and rounded).</typeparam>
    /// <param name="w">The weights to fill.</param>
    /// <param name="fanIn">Inputs per unit.</param>
    /// <param name="rng">The random source.</param>
    /// <param name="gain">The scale (default 1).</param>
    public static void LeCunNormal<T>(Span<T> w, int fanIn, Random rng, double gain = 1.0) where T : IFloatingPointIeee754<T>
        => FillNormal(w, gain / Math.Sqrt(FanIn(fanIn)), rng);

    /// <inheritdoc cref="GlorotUniform{T}(Span{T}, int, int, Random, double)"/>
    public static void GlorotUniform(Span<double> w, int fanIn, int fanOut, Random rng, double gain = 1.0) => GlorotUniform<double>(w, fanIn, fanOut, rng, gain);

    /// <inheritdoc cref="GlorotUniform{T}(Span{T}, int, int, Random, double)"/>
    public static void GlorotUniform(Span<float> w, int fanIn, int fanOut, Random rng, float gain = 1f) => GlorotUniform<float>(w, fanIn, fanOut, rng, gain);

    /// <inheritdoc cref="GlorotNormal{T}(Span{T}, int, int, Random, double)"/>
    public static void GlorotNormal(Span<double> w, int fanIn, int fanOut, Random rng, double gain = 1.0) => GlorotNormal<double>(w, fanIn, fanOut, rng, gain);

    /// <inheritdoc cref="GlorotNormal{T}(Span{T}, int, int, Random, double)"/>
    public static void GlorotNormal(Span<float> w, int fanIn, int fanOut, Random rng, float gain = 1f) => GlorotNormal<float>(w, fanIn, fanOut, rng, gain);

    /// <inheritdoc cref="HeUniform{T}(Span{T}, int, Random, double)"/>
    public static void HeUniform(Span<double> w, int fanIn, Random rng, double gain = Sqrt2) => HeUniform<double>(w, fanIn, rng, gain);

    /// <inheritdoc cref="HeUniform{T}(Span{T}, int, Random, double)"/>
    public static void HeUniform(Span<float> w, int fanIn, Random rng, float gain = (float)Sqrt2) => HeUniform<float>(w, fanIn, rng, gain);

    /// <inheritdoc cref="HeNormal{T}(Span{T}, int, Random, double)"/>
    public static void HeNormal(Span<double> w, int fanIn, Random rng, double gain = Sqrt2) => HeNormal<double>(w, fanIn, rng, gain);

    /// <inheritdoc cref="HeNormal{T}(Span{T}, int, Random, double)"/>
    public static void HeNormal(Span<float> w, int fanIn, Random rng, float gain = (float)Sqrt2) => HeNormal<float>(w, fanIn, rng, gain);

    /// <inheritdoc cref="LeCunNormal{T}(Span{T}, int, Random, double)"/>
    public static void LeCunNormal(Span<double> w, int fanIn, Random rng, double gain = 1.0) => LeCunNormal<double>(w, fanIn, rng, gain);

    /// <inheritdoc cref="LeCunNormal{T}(Span{T}, int, Random, double)"/>
    public static void LeCunNormal(Span<float> w, int fanIn, Random rng, float gain = 1f) => LeCunNormal<float>(w, fanIn, rng, gain);

    private static double FanIn(int fanIn)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        return fanIn;
    }

    private static double FanSum(int fanIn, int fanOut)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanOut);
        return (double)fanIn + fanOut;
    }

    private static void FillUniform<T>(Span<T> w, double bound, Random rng) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rng);
        for (int i = 0; i < w.Length; i++) w[i] = T.CreateTruncating((2.0 * rng.NextDouble() - 1.0) * bound);
    }

    private static void FillNormal<T>(Span<T> w, double std, Random rng) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rng);
        for (int i = 0; i < w.Length; i += 2)
        {
            NextNormalPair(rng, out double z0, out double z1);
            w[i] = T.CreateTruncating(z0 * std);
            if (i + 1 < w.Length) w[i + 1] = T.CreateTruncating(z1 * std);
        }
    }

    // Box–Muller: two independent standard normals from two uniforms; 1 − u keeps the logarithm's argument in (0, 1].
    private static void NextNormalPair(Random rng, out double z0, out double z1)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        (double sin, double cos) = Math.SinCos(2.0 * Math.PI * u2);
        z0 = r * cos;
        z1 = r * sin;
    }
}

