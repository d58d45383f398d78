// A learned smoothing factor applied recursively over a time series (h = a*h + (1-a)*x), updated without clipping.
using System;
using AutoDiffGen;

public static partial class Smoother
{
    [Differentiable]
    public static double Loss(double alpha, double beta, [NoDerivative] ReadOnlySpan<double> series)
    {
        double level = series[0];
        double error = 0;
        for (int t = 1; t < series.Length; t++)
        {
            double forecast = beta * level;
            error += (series[t] - forecast) * (series[t] - forecast);
            level = alpha * level + (1 - alpha) * series[t];
        }
        return error / series.Length;
    }
}

public static class Forecasting
{
    public static (double Alpha, double Beta) Fit(double[] series)
    {
        double alpha = 0.5, beta = 1.0;
        for (int it = 0; it < 200; it++)
        {
            Smoother.LossGradient(alpha, beta, series, out double dAlpha, out double dBeta);
            alpha -= 0.01 * dAlpha;
            beta -= 0.01 * dBeta;
        }
        return (alpha, beta);
    }
}
