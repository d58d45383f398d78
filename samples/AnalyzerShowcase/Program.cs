using System;
using System.Collections.Generic;
using AutoDiffGen;

namespace AnalyzerShowcase;

/// <summary>
/// Each class below trips an AutoDiffGen analyzer on purpose, or shows the form that is not reported. Build to see the
/// warnings; in an IDE the light bulb offers the fixes, and
/// <c>dotnet format analyzers --diagnostics ADG1001 ADG1002 ADG1003</c> applies the first fix of each in one pass.
/// </summary>
public static class Program
{
    public static void Main()
    {
        var x = 0.5;
        Console.WriteLine($"ADG1001  deep tanh chain:                  {DeepTanh.Chain(x):F6} (a signal squeezed through 4 tanh layers)");
        Console.WriteLine($"         residual version (no warning):    {DeepTanh.Residual(x):F6}");

        var rng = new Random(42);
        var sigmoid = new SigmoidMlp(rng);
        Console.WriteLine($"ADG1001  10-layer sigmoid MLP:             first/last layer gradient {sigmoid.GradientRatio():E2}");
        Console.WriteLine($"ADG1001  activation chosen by a setting:   {Configurable.Forward([0.3, -0.2, 0.1], 1):F6}");

        var mlp = new ReluMlp(rng);
        Console.WriteLine($"ADG1002  ReLU MLP with Glorot init:        output {mlp.Predict([1.0, -0.5, 0.25, 2.0]):F6}");
        var network = new Network(rng);
        Console.WriteLine($"ADG1002  List<Layer>, Glorot for ReLU:     output {network.Predict([1.0, -0.5, 0.25, 2.0]):F6}");

        var sequence = new double[40];
        for (int t = 0; t < sequence.Length; t++)
        {
            sequence[t] = Math.Sin(t);
        }

        var weights = new[] { 1.9, 0.5 };
        var norm = ScalarRnn.TrainUnclipped(weights, sequence, learningRate: 0.1, steps: 5);
        Console.WriteLine($"ADG1003  RNN trained without clipping:     last gradient norm {norm:G4}, weights [{weights[0]:F4}, {weights[1]:F4}]");
        var (w, u) = ScalarRnn.TrainScalarWeights(sequence, steps: 5);
        Console.WriteLine($"ADG1003  the same with scalar gradients:   w {w:F4}, u {u:F4}");
        var trend = new double[40];
        for (int t = 0; t < trend.Length; t++)
        {
            trend[t] = Math.Sin(0.15 * t);
        }

        Console.WriteLine($"         exponential smoothing (no warning): alpha {Smoothing.Fit(trend):F4}");
    }
}

/// <summary>ADG1001: four tanh layers that feed each other (the straight-line form).</summary>
public static class DeepTanh
{
    public static double Chain(double x)
    {
        double h1 = Activations.Tanh(3.0 * x);        // ADG1001 is reported here, on the first call of the stack
        double h2 = Activations.Tanh(3.0 * h1);
        double h3 = Activations.Tanh(3.0 * h2);
        return Activations.Tanh(3.0 * h3);
    }

    public static double Residual(double x)
    {
        double h = x;
        for (int layer = 0; layer < 8; layer++)
        {
            h = h + Activations.Tanh(0.5 * h);        // a skip connection keeps an identity path: no warning
        }

        return h;
    }
}

/// <summary>
/// ADG1001 in the span form: ten sigmoid layers over per-layer slices. The first fix adds a skip connection around each
/// activation; the others switch the stack to Leaky ReLU or ReLU and this constructor's Glorot initialization to He.
/// </summary>
public sealed partial class SigmoidMlp
{
    private const int Width = 8;
    private const int Depth = 10;
    private readonly double[] _w = new double[Depth * Width * Width];
    private readonly double[] _b = new double[Depth * Width];

    public SigmoidMlp(Random rng)
    {
        for (int l = 0; l < Depth; l++)
        {
            Init.GlorotUniform(_w.AsSpan(l * Width * Width, Width * Width), Width, Width, rng);
        }
    }

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> b, [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> h = stackalloc double[Width];
        Span<double> z = stackalloc double[Width];
        x.CopyTo(h);
        for (int l = 0; l < Depth; l++)
        {
            Linear.Dense(w.Slice(l * Width * Width, Width * Width), b.Slice(l * Width, Width), h, z);
            Activations.Sigmoid(z, h);                  // ADG1001: applied 10 times
        }

        double sum = 0;
        for (int i = 0; i < Width; i++)
        {
            sum += h[i];
        }

        return sum;
    }

    /// <summary>How much smaller the first layer's weight gradient is than the last layer's.</summary>
    public double GradientRatio()
    {
        var x = new double[Width];
        x.AsSpan().Fill(0.5);
        var gw = new double[_w.Length];
        var gb = new double[_b.Length];
        LossGradient(_w, _b, x, gw, gb);
        return Norm(gw.AsSpan(0, Width * Width)) / Norm(gw.AsSpan((Depth - 1) * Width * Width, Width * Width));
    }

    private static double Norm(ReadOnlySpan<double> g)
    {
        double s = 0;
        foreach (var v in g)
        {
            s += v * v;
        }

        return Math.Sqrt(s);
    }
}

/// <summary>ADG1001: the activation is a setting; one of its choices saturates, so the rule reports it and says which.</summary>
public static partial class Configurable
{
    [Differentiable]
    public static double Forward(ReadOnlySpan<double> x, int activation)
    {
        double h = x[0];
        for (int l = 0; l < 6; l++)
        {
            h = activation == 1 ? Math.Tanh(1.5 * h + x[1]) : Activations.Relu(1.5 * h + x[1]);   // ADG1001 (can be Math.Tanh)
        }

        return h;
    }
}

/// <summary>ADG1002: ReLU-only differentiable code whose weights are initialized with Glorot (gain 1).</summary>
public sealed partial class ReluMlp
{
    private const int Inputs = 4;
    private const int Hidden = 8;
    private readonly double[] _w1 = new double[Inputs * Hidden];
    private readonly double[] _w2 = new double[Hidden];

    public ReluMlp(Random rng)
    {
        Init.GlorotUniform(_w1, Inputs, Hidden, rng);   // ADG1002: use He initialization for ReLU
        Init.HeUniform(_w2, Hidden, rng);
    }

    public double Predict(ReadOnlySpan<double> x) => Forward(_w1, _w2, x);

    [Differentiable]
    public static double Forward(ReadOnlySpan<double> w1, ReadOnlySpan<double> w2, [NoDerivative] ReadOnlySpan<double> x)
    {
        double y = 0;
        for (int j = 0; j < Hidden; j++)
        {
            double z = 0;
            for (int i = 0; i < Inputs; i++)
            {
                z += w1[j * Inputs + i] * x[i];
            }

            y += w2[j] * Activations.Relu(z);
        }

        return y;
    }
}

/// <summary>ADG1002 across types: each layer initializes its own weights, the network uses them through List&lt;Layer&gt;.</summary>
public sealed class Layer
{
    public const int Width = 4;
    public readonly double[] W = new double[Width * Width];
    public readonly double[] B = new double[Width];

    public Layer(Random rng) => Init.GlorotUniform(W, Width, Width, rng);   // ADG1002: these weights feed ReLU in Layers.Relu
}

public sealed class Network
{
    private readonly List<Layer> _layers = new();

    public Network(Random rng)
    {
        for (int l = 0; l < 3; l++)
        {
            _layers.Add(new Layer(rng));
        }
    }

    public double Predict(double[] x)
    {
        var h = x;
        foreach (var layer in _layers)
        {
            var next = new double[Layer.Width];
            Layers.Relu(layer.W, layer.B, h, next);
            h = next;
        }

        return h[0];
    }
}

public static partial class Layers
{
    [Differentiable]
    public static void Relu(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y)
    {
        Span<double> z = stackalloc double[y.Length];
        Linear.Dense(w, b, x, z);
        Activations.Relu(z, y);
    }
}

/// <summary>
/// ADG1003 (and ADG1001): a scalar RNN, h = tanh(w·h + u·x_t), trained without gradient clipping. ADG1001 offers no fix
/// for an RNN's state (its message points to a gated cell); ADG1003's fix clips all the call's gradients by one norm.
/// </summary>
public static partial class ScalarRnn
{
    /// <summary>The final hidden state after the whole sequence; p = [w, u]. The generator writes RunGradient.</summary>
    [Differentiable]
    public static double Run(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> xs)
    {
        double h = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            h = Math.Tanh(p[0] * h + p[1] * xs[t]);   // ADG1001: tanh carried through a loop with the same weights (an RNN)
        }

        return h;
    }

    /// <summary>Gradient ascent on the final state; returns the norm of the last gradient.</summary>
    public static double TrainUnclipped(double[] p, double[] xs, double learningRate, int steps)
    {
        var grad = new double[p.Length];
        double norm = 0;
        for (int step = 0; step < steps; step++)
        {
            RunGradient(p, xs, grad);
            norm = Math.Sqrt((grad[0] * grad[0]) + (grad[1] * grad[1]));
            for (int i = 0; i < p.Length; i++)
            {
                p[i] += learningRate * grad[i];           // ADG1003: clip the gradient of a recurrence first
            }
        }

        return norm;
    }

    /// <summary>The same recurrence with two scalar weights: the gradients come back as out doubles.</summary>
    [Differentiable]
    public static double RunScalar(double w, double u, [NoDerivative] ReadOnlySpan<double> xs)
    {
        double h = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            h = Math.Tanh(w * h + u * xs[t]);           // ADG1001 (an RNN, no fix offered)
        }

        return h;
    }

    public static (double W, double U) TrainScalarWeights(double[] xs, int steps)
    {
        double w = 1.9, u = 0.5;
        for (int step = 0; step < steps; step++)
        {
            RunScalarGradient(w, u, xs, out double dw, out double du);
            w += 0.1 * dw;                                // ADG1003: the fix clips dw and du by their joint norm
            u += 0.1 * du;
        }

        return (w, u);
    }
}

/// <summary>Not reported: a learned smoothing factor mixes the state with new data, alpha·level + (1 − alpha)·x.</summary>
public static partial class Smoothing
{
    [Differentiable]
    public static double Loss(double alpha, [NoDerivative] ReadOnlySpan<double> series)
    {
        double level = series[0];
        double error = 0;
        for (int t = 1; t < series.Length; t++)
        {
            error += (series[t] - level) * (series[t] - level);
            level = alpha * level + (1 - alpha) * series[t];
        }

        return error / series.Length;
    }

    public static double Fit(double[] series)
    {
        double alpha = 0.5;
        for (int step = 0; step < 50; step++)
        {
            LossGradient(alpha, series, out double dAlpha);
            alpha -= 0.05 * dAlpha;
        }

        return alpha;
    }
}
