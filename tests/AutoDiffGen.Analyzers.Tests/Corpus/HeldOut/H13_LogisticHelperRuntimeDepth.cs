// A narrow scalar network whose depth is a command-line setting; the squashing function is a hand-written helper.
using System;
using AutoDiffGen;

public static partial class Squash
{
    [Differentiable]
    public static double Logistic(double z) => 1.0 / (1.0 + Math.Exp(-z));
}

public static partial class Chain
{
    [Differentiable]
    public static double Predict(ReadOnlySpan<double> a, ReadOnlySpan<double> c, double x, int depth)
    {
        double h = x;
        for (int k = 0; k < depth; k++)
        {
            h = Squash.Logistic(a[k] * h + c[k]); // expect: ADG1001
        }
        return h;
    }

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> a, ReadOnlySpan<double> c, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys, int depth)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double e = Predict(a, c, xs[i], depth) - ys[i];
            sum += e * e;
        }
        return sum / xs.Length;
    }
}

public static class Program
{
    public static void Main(string[] args)
    {
        int depth = args.Length > 0 ? int.Parse(args[0]) : 10;
        var a = new double[depth];
        var c = new double[depth];
        Array.Fill(a, 1.0);
        var ga = new double[depth];
        var gc = new double[depth];
        var xs = new[] { -1.0, -0.5, 0.0, 0.5, 1.0 };
        var ys = new[] { 0.2, 0.3, 0.5, 0.7, 0.8 };
        for (int step = 0; step < 300; step++)
        {
            double loss = Chain.LossGradient(a, c, xs, ys, depth, ga, gc);
            for (int k = 0; k < depth; k++) { a[k] -= 0.5 * ga[k]; c[k] -= 0.5 * gc[k]; }
            if (step % 100 == 0) Console.WriteLine(loss);
        }
    }
}
