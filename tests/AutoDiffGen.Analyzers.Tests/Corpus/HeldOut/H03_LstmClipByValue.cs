// Scalar-input LSTM forecaster over 40 steps; gradients clipped element-wise before each SGD step.
using System;
using AutoDiffGen;

public static partial class Lstm
{
    public const int H = 3;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> wx, ReadOnlySpan<double> wh, ReadOnlySpan<double> b, ReadOnlySpan<double> wy,
        [NoDerivative] ReadOnlySpan<double> series)
    {
        Span<double> h = stackalloc double[H];
        Span<double> c = stackalloc double[H];
        Span<double> hNext = stackalloc double[H];
        h.Clear();
        c.Clear();
        double loss = 0;
        for (int t = 0; t + 1 < series.Length; t++)
        {
            for (int k = 0; k < H; k++)
            {
                double ai = b[k] + wx[k] * series[t];
                double af = b[H + k] + wx[H + k] * series[t];
                double ao = b[2 * H + k] + wx[2 * H + k] * series[t];
                double ag = b[3 * H + k] + wx[3 * H + k] * series[t];
                for (int j = 0; j < H; j++)
                {
                    ai += wh[k * H + j] * h[j];
                    af += wh[(H + k) * H + j] * h[j];
                    ao += wh[(2 * H + k) * H + j] * h[j];
                    ag += wh[(3 * H + k) * H + j] * h[j];
                }
                double i = Activations.Sigmoid(ai);
                double f = Activations.Sigmoid(af);
                double o = Activations.Sigmoid(ao);
                double g = Math.Tanh(ag);
                c[k] = f * c[k] + i * g;
                hNext[k] = o * Math.Tanh(c[k]);
            }
            hNext.CopyTo(h);
            double y = Vectors.Dot(wy, h);
            loss += (y - series[t + 1]) * (y - series[t + 1]);
        }
        return loss;
    }
}

public static class Program
{
    public static void Main()
    {
        var rng = new Random(3);
        var wx = new double[4 * Lstm.H];
        var wh = new double[4 * Lstm.H * Lstm.H];
        var b = new double[4 * Lstm.H];
        var wy = new double[Lstm.H];
        Init.GlorotUniform(wx, 1, 4 * Lstm.H, rng);
        Init.GlorotUniform(wh, Lstm.H, 4 * Lstm.H, rng);
        Init.GlorotUniform(wy, Lstm.H, 1, rng);
        for (int k = 0; k < Lstm.H; k++) b[Lstm.H + k] = 1.0; // forget-gate bias
        var gx = new double[wx.Length];
        var gh = new double[wh.Length];
        var gb = new double[b.Length];
        var gy = new double[wy.Length];
        var series = new double[40];
        for (int t = 0; t < series.Length; t++) series[t] = Math.Sin(0.4 * t);
        for (int epoch = 0; epoch < 300; epoch++)
        {
            double loss = Lstm.LossGradient(wx, wh, b, wy, series, gx, gh, gb, gy);
            Clipping.ClipByValue(gx, 0.5);
            Clipping.ClipByValue(gh, 0.5);
            Clipping.ClipByValue(gb, 0.5);
            Clipping.ClipByValue(gy, 0.5);
            for (int i = 0; i < wh.Length; i++) wh[i] -= 0.05 * gh[i];
            for (int i = 0; i < wx.Length; i++) { wx[i] -= 0.05 * gx[i]; b[i] -= 0.05 * gb[i]; }
            for (int i = 0; i < wy.Length; i++) wy[i] -= 0.05 * gy[i];
            if (epoch % 50 == 0) Console.WriteLine($"{epoch}: {loss:F4}");
        }
    }
}
