using System;

namespace AutoDiffGen.GradientClinic.Experiments;

/// <summary>A labelled 2-D point set, row-major [count × 2] coordinates.</summary>
/// <param name="Points">The coordinates, two per point.</param>
/// <param name="Labels">The class of each point.</param>
public sealed record PointSet(double[] Points, int[] Labels)
{
    /// <summary>Number of points.</summary>
    public int Count => Labels.Length;
}

/// <summary>Seeded synthetic data sets generated in code.</summary>
public static class Datasets
{
    /// <summary>
    /// Two concentric circles (scikit-learn's <c>make_circles</c>): class 0 on radius 0.5, class 1 on radius 1, each point
    /// at a uniform angle with Gaussian noise of standard deviation <paramref name="noise"/> added to both coordinates.
    /// Classes alternate, so any prefix is balanced. Not linearly separable: a network must bend its decision boundary.
    /// </summary>
    public static PointSet ConcentricCircles(int count, double noise, Random rng)
    {
        var points = new double[2 * count];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % 2;
            double radius = label == 0 ? 0.5 : 1.0;
            double angle = 2 * Math.PI * rng.NextDouble();
            points[2 * i] = radius * Math.Cos(angle) + noise * Gaussian(rng);
            points[2 * i + 1] = radius * Math.Sin(angle) + noise * Gaussian(rng);
            labels[i] = label;
        }
        return new PointSet(points, labels);
    }

    /// <summary>
    /// Sequences for the recurrent network: each of <paramref name="count"/> sequences has <paramref name="steps"/> inputs
    /// <c>xₜ ~ U(−1, 1)</c>, and its target is their fading-memory sum <c>y = c · Σₜ λ^(T−1−t) xₜ</c> with
    /// λ = <paramref name="decay"/>, scaled by <c>c = 1/√(Var Σ λ^k x) = √(3(1 − λ²)/(1 − λ^(2T)))</c> to unit variance, so
    /// always predicting the mean target scores a mean squared error of about 1.
    /// </summary>
    /// <remarks>
    /// Why not the mean of the inputs: it weighs the first step like the last, so a network must hold a state whose
    /// recurrent eigenvalue is exactly 1 for 100 steps, and its targets vary 100 times less than the inputs: a vanilla RNN
    /// trained for a few hundred SGD steps scored no better than predicting the mean. A fading memory of about
    /// 1/(1 − λ) steps is what a vanilla RNN learns, while a recurrent weight above 1 still makes the gradient through all
    /// T steps explode, whatever the target.
    /// </remarks>
    public static (double[] Sequences, double[] Targets) FadingMemory(int count, int steps, double decay, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var sequences = new double[count * steps];
        var targets = new double[count];
        double scale = Math.Sqrt(3 * (1 - decay * decay) / (1 - Math.Pow(decay, 2 * steps)));
        for (int s = 0; s < count; s++)
        {
            double memory = 0;
            for (int t = 0; t < steps; t++)
            {
                double x = 2 * rng.NextDouble() - 1;
                sequences[s * steps + t] = x;
                memory = decay * memory + x;
            }
            targets[s] = scale * memory;
        }
        return (sequences, targets);
    }

    /// <summary>A standard normal sample (Box–Muller).</summary>
    public static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
