using System;

namespace AutoDiffGen.ADBench;

/// <summary>
/// ADBench's D-LSTM objective: a diagonal LSTM (every gate of hidden unit i sees only unit i of its input and of
/// its hidden state) of <c>l</c> layers and width <c>b</c>, run over a sequence of <c>c</c> one-hot-ish character
/// codes; the loss is the mean negative log-likelihood of the next character under a log-softmax with an extra
/// constant 2 in its normaliser, as ADBench's <c>logsumexp</c> has.
/// </summary>
/// <remarks>
/// Layouts as ADBench: <c>mainParams</c> per layer 8b (weights forget, input, output, change; then their biases),
/// <c>extraParams</c> 3b (input weight, output weight, output bias), <c>state</c> per layer 2b (hidden, cell),
/// <c>sequence</c> c×b.
/// </remarks>
public static partial class Lstm
{
    /// <summary>The loss; the initial state is data (copied, never written).</summary>
    [Differentiable]
    public static double Objective(ReadOnlySpan<double> mainParams, ReadOnlySpan<double> extraParams,
        [NoDerivative] ReadOnlySpan<double> initialState, [NoDerivative] ReadOnlySpan<double> sequence, int l, int c, int b)
    {
        Span<double> state = stackalloc double[2 * l * b];
        initialState.CopyTo(state);
        Span<double> ypred = stackalloc double[b];
        double total = 0;
        for (int t = 0; t < c - 1; t++)
        {
            for (int i = 0; i < b; i++) ypred[i] = sequence[t * b + i] * extraParams[i];
            for (int layer = 0; layer < l; layer++)
            {
                int p = 8 * b * layer;
                int h = 2 * b * layer;
                for (int i = 0; i < b; i++)
                {
                    // The layer's input: the scaled character for the first layer, the hidden state below otherwise.
                    double input = layer == 0 ? ypred[i] : state[h - 2 * b + i];
                    double hidden = state[h + i];
                    double forget = 1.0 / (1.0 + Math.Exp(-(input * mainParams[p + i] + mainParams[p + 4 * b + i])));
                    double ingate = 1.0 / (1.0 + Math.Exp(-(hidden * mainParams[p + b + i] + mainParams[p + 5 * b + i])));
                    double outgate = 1.0 / (1.0 + Math.Exp(-(input * mainParams[p + 2 * b + i] + mainParams[p + 6 * b + i])));
                    double change = Math.Tanh(hidden * mainParams[p + 3 * b + i] + mainParams[p + 7 * b + i]);
                    double cell = state[h + b + i] * forget + ingate * change;
                    state[h + b + i] = cell;
                    state[h + i] = outgate * Math.Tanh(cell);
                }
            }
            int top = 2 * b * (l - 1);
            double sumExp = 0;
            for (int i = 0; i < b; i++)
            {
                ypred[i] = state[top + i] * extraParams[b + i] + extraParams[2 * b + i];
                sumExp += Math.Exp(ypred[i]);
            }
            double lse = Math.Log(sumExp + 2);
            for (int i = 0; i < b; i++) total += sequence[(t + 1) * b + i] * (ypred[i] - lse);
        }
        return -total / ((c - 1) * b);
    }
}

/// <summary>A D-LSTM instance.</summary>
public sealed class LstmInstance
{
    private LstmInstance(int l, int c, int b)
    {
        L = l; C = c; B = b;
        MainParams = new double[2 * l * 4 * b];
        ExtraParams = new double[3 * b];
        State = new double[2 * l * b];
        Sequence = new double[c * b];
    }

    /// <summary>Layers.</summary>
    public int L { get; }
    /// <summary>Sequence length.</summary>
    public int C { get; }
    /// <summary>Hidden size (bits per character).</summary>
    public int B { get; }
    /// <summary>8 l b layer parameters.</summary>
    public double[] MainParams { get; }
    /// <summary>3 b input/output parameters.</summary>
    public double[] ExtraParams { get; }
    /// <summary>2 l b initial state.</summary>
    public double[] State { get; }
    /// <summary>c b character bits.</summary>
    public double[] Sequence { get; }
    /// <summary>Number of differentiated parameters.</summary>
    public int ParameterCount => MainParams.Length + ExtraParams.Length;

    /// <summary>
    /// ADBench's generator: parameters and state uniform in [0, 1); the sequence is c characters written as b bits
    /// each. ADBench reads the characters from a text file; here they are drawn (seeded) with English-like
    /// frequencies: mostly lower-case letters and spaces, some capitals and punctuation, and a few code points up to
    /// 2ᵇ − 1 so the top bits are exercised, as the non-ASCII characters of ADBench's text do.
    /// </summary>
    public static LstmInstance Generate(int l, int c, int b = 14, int seed = 11)
    {
        var rng = new Random(seed);
        var lstm = new LstmInstance(l, c, b);
        for (int i = 0; i < lstm.MainParams.Length; i++) lstm.MainParams[i] = rng.NextDouble();
        for (int i = 0; i < lstm.ExtraParams.Length; i++) lstm.ExtraParams[i] = rng.NextDouble();
        for (int i = 0; i < lstm.State.Length; i++) lstm.State[i] = rng.NextDouble();
        for (int t = 0; t < c; t++)
        {
            double u = rng.NextDouble();
            int code = u < 0.75 ? 'a' + rng.Next(26)
                : u < 0.9 ? ' '
                : u < 0.97 ? 'A' + rng.Next(26)
                : u < 0.99 ? ".,;:!?'\"()-"[rng.Next(11)]
                : 128 + rng.Next((1 << b) - 128);
            for (int i = 0; i < b; i++) lstm.Sequence[t * b + i] = (code >> i) & 1;
        }
        return lstm;
    }

    /// <summary>The objective.</summary>
    public double Objective() => Lstm.Objective(MainParams, ExtraParams, State, Sequence, L, C, B);

    /// <summary>The generated gradient.</summary>
    public double Gradient(Span<double> dMain, Span<double> dExtra) =>
        Lstm.ObjectiveGradient(MainParams, ExtraParams, State, Sequence, L, C, B, dMain, dExtra);
}
