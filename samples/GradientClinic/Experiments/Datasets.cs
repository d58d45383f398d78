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
    /// drawn uniformly from [0, 1], and its target is their mean.
    /// </summary>
    public static (double[] Sequences, double[] Targets) RunningMean(int count, int steps, Random rng)
    {
        var sequences = new double[count * steps];
        var targets = new double[count];
        for (int s = 0; s < count; s++)
        {
            double sum = 0;
            for (int t = 0; t < steps; t++)
            {
                double x = rng.NextDouble();
                sequences[s * steps + t] = x;
                sum += x;
            }
            targets[s] = sum / steps;
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
