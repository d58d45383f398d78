using System;

namespace AutoDiffGen.ADBench;

/// <summary>One GMM instance: parameters, points and the Wishart hyper-parameters.</summary>
public sealed class GmmInstance
{
    /// <summary>Creates an instance; arrays are taken as they are.</summary>
    public GmmInstance(int d, int k, double[] alphas, double[] means, double[] icf, double[] x, double wishartGamma, int wishartM)
    {
        D = d; K = k; Alphas = alphas; Means = means; Icf = icf; X = x; WishartGamma = wishartGamma; WishartM = wishartM;
    }

    /// <summary>Dimension.</summary>
    public int D { get; }
    /// <summary>Number of components.</summary>
    public int K { get; }
    /// <summary>Number of points.</summary>
    public int N => X.Length / D;
    /// <summary>k unnormalised log weights.</summary>
    public double[] Alphas { get; }
    /// <summary>k×d means.</summary>
    public double[] Means { get; }
    /// <summary>k × d(d+1)/2 inverse covariance factors (log diagonal, then strict lower triangle by columns).</summary>
    public double[] Icf { get; }
    /// <summary>n×d points.</summary>
    public double[] X { get; }
    /// <summary>Wishart γ.</summary>
    public double WishartGamma { get; }
    /// <summary>Wishart m.</summary>
    public int WishartM { get; }
    /// <summary>Number of differentiated parameters: k + k d + k d(d+1)/2.</summary>
    public int ParameterCount => Alphas.Length + Means.Length + Icf.Length;

    /// <summary>
    /// Generates an instance with ADBench's shapes and distributions (its gmm data generator): α ~ N(0, 1),
    /// means ~ U[0, 1), icf ~ N(0, 1), points ~ N(0, 1), γ = 1, m = 0; fixed seed.
    /// </summary>
    public static GmmInstance Generate(int d, int k, int n, int seed = 31337)
    {
        var rng = new Random(seed);
        int icfSize = d * (d + 1) / 2;
        var alphas = new double[k];
        var means = new double[k * d];
        var icf = new double[k * icfSize];
        var x = new double[n * d];
        for (int i = 0; i < alphas.Length; i++) alphas[i] = Normal(rng);
        for (int i = 0; i < means.Length; i++) means[i] = rng.NextDouble();
        for (int i = 0; i < icf.Length; i++) icf[i] = Normal(rng);
        for (int i = 0; i < x.Length; i++) x[i] = Normal(rng);
        return new GmmInstance(d, k, alphas, means, icf, x, 1.0, 0);
    }

    /// <summary>Standard normal by Box–Muller.</summary>
    public static double Normal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>The objective.</summary>
    public double Objective() => Gmm.Objective(Alphas, Means, Icf, X, D, K, WishartGamma, WishartM);

    /// <summary>The hand-written (speed-first) objective.</summary>
    public double ObjectiveManual() => GmmManual.Objective(Alphas, Means, Icf, X, D, K, WishartGamma, WishartM);

    /// <summary>The generated gradient of the one-body objective.</summary>
    public double Gradient(Span<double> dAlphas, Span<double> dMeans, Span<double> dIcf) =>
        Gmm.ObjectiveGradient(Alphas, Means, Icf, X, D, K, WishartGamma, WishartM, dAlphas, dMeans, dIcf);

    /// <summary>The generated gradient of the split objective (one Backward per point).</summary>
    public double GradientSplit(Span<double> dAlphas, Span<double> dMeans, Span<double> dIcf) =>
        Gmm.ObjectiveSplitGradient(Alphas, Means, Icf, X, D, K, WishartGamma, WishartM, dAlphas, dMeans, dIcf);

    /// <summary>The hand-written gradient.</summary>
    /// <summary>The gradient of <see cref="Gmm.ObjectiveAsWritten"/> (ADBench's code as written).</summary>
    public double GradientAsWritten(Span<double> dAlphas, Span<double> dMeans, Span<double> dIcf) =>
        Gmm.ObjectiveAsWrittenGradient(Alphas, Means, Icf, X, D, K, WishartGamma, WishartM, dAlphas, dMeans, dIcf);

    public double GradientManual(Span<double> dAlphas, Span<double> dMeans, Span<double> dIcf) =>
        GmmManual.Gradient(Alphas, Means, Icf, X, D, K, WishartGamma, WishartM, dAlphas, dMeans, dIcf);
}
