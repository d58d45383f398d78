using System;
using AutoDiffGen;

namespace AnalyzerShowcase;

/// <summary>
/// Each class below trips one AutoDiffGen analyzer on purpose. Build to see the warnings; in an IDE the light bulb
/// offers the fixes (Use ReLU, Use Leaky ReLU, Add a skip connection, Use He initialization, Clip the gradient by norm).
/// </summary>
public static class Program
{
    public static void Main()
    {
        var x = 0.5;
        Console.WriteLine($"ADG1001  deep tanh chain:           {DeepTanh.Chain(x):F6} (a signal squeezed through 4 tanh layers)");
        Console.WriteLine($"ADG1001  residual version (no warning): {DeepTanh.Residual(x):F6}");

        var rng = new Random(42);
        var mlp = new ReluMlp(rng);
        Console.WriteLine($"ADG1002  ReLU MLP with Glorot init: output {mlp.Predict([1.0, -0.5, 0.25, 2.0]):F6}");

        var weights = new[] { 1.9, 0.5 };
        var sequence = new double[40];
        for (int t = 0; t < sequence.Length; t++)
        {
            sequence[t] = Math.Sin(t);
        }

        var norm = ScalarRnn.TrainUnclipped(weights, sequence, learningRate: 0.1, steps: 5);
        Console.WriteLine($"ADG1003  RNN trained without clipping: last gradient norm {norm:G4}, weights [{weights[0]:F4}, {weights[1]:F4}]");
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

/// <summary>ADG1003 (and ADG1001): a scalar RNN, h = tanh(w·h + u·x_t), trained without gradient clipping.</summary>
public static partial class ScalarRnn
{
    /// <summary>The final hidden state after the whole sequence; p = [w, u]. The generator writes RunGradient.</summary>
    [Differentiable]
    public static double Run(ReadOnlySpan<double> p, [NoDerivative] ReadOnlySpan<double> xs)
    {
        double h = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            h = Math.Tanh(p[0] * h + p[1] * xs[t]);   // ADG1001: tanh carried through a loop of unknown length
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
}
