using System;

namespace AutoDiffGen.GradientClinic.Networks;

/// <summary>
/// A vanilla (Elman) recurrent network with ReLU units (PyTorch <c>nn.RNN(nonlinearity='relu')</c>) read out linearly after
/// the last step: <c>h₀ = 0</c>, <c>hₜ = relu(W hₜ₋₁ + U xₜ + b)</c>, <c>ŷ = V·h_T + c</c>, trained on the mean squared error.
/// The gradient reaching <c>W</c> from the loss is a sum of products of up to T Jacobians <c>diag(relu′)·W</c>, so a
/// recurrent weight with spectral radius above 1 makes it grow like ρ^T: over 100 steps, 1.1¹⁰⁰ ≈ 1.4·10⁴ per factor.
/// </summary>
public static partial class VanillaRnn
{
    /// <summary>
    /// Mean over the batch of <c>(ŷ − target)²</c>. <paramref name="sequences"/> is [batch × steps] row-major (one scalar
    /// input per step), <paramref name="targets"/> has one value per sequence. <paramref name="recurrent"/> is W
    /// [hidden × hidden] row-major, <paramref name="input"/> is U and <paramref name="bias"/> is b (hidden each),
    /// <paramref name="readout"/> holds V (hidden values) followed by c.
    /// </summary>
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> recurrent, ReadOnlySpan<double> input, ReadOnlySpan<double> bias, ReadOnlySpan<double> readout,
        [NoDerivative] ReadOnlySpan<double> sequences, [NoDerivative] ReadOnlySpan<double> targets, int steps)
    {
        int hidden = bias.Length;
        int batch = targets.Length;
        Span<double> h = stackalloc double[hidden];
        Span<double> next = stackalloc double[hidden];
        double total = 0;
        for (int s = 0; s < batch; s++)
        {
            h.Clear();
            for (int t = 0; t < steps; t++)
            {
                double xt = sequences[s * steps + t];
                for (int i = 0; i < hidden; i++)
                {
                    double a = bias[i] + input[i] * xt;
                    for (int j = 0; j < hidden; j++) a += recurrent[i * hidden + j] * h[j];
                    next[i] = Activations.Relu(a);
                }
                next.CopyTo(h);
            }
            double prediction = readout[hidden];
            for (int i = 0; i < hidden; i++) prediction += readout[i] * h[i];
            double error = prediction - targets[s];
            total += error * error;
        }
        return total / batch;
    }
}
