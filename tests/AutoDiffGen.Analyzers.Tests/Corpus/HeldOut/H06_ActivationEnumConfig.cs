// An MLP whose hidden activation comes from the experiment's configuration (an enum, passed as its int value because
// the generator does not take enums), eight layers deep.
using System;
using AutoDiffGen;

public enum Activation { Relu = 0, Tanh = 1, Sigmoid = 2 }

public sealed class ExperimentConfig
{
    public int Depth { get; init; } = 8;
    public int Width { get; init; } = 10;
    public Activation Hidden { get; init; } = Activation.Relu;
    public double LearningRate { get; init; } = 0.05;
}

public static partial class ConfigurableMlp
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> w, [NoDerivative] ReadOnlySpan<double> x, [NoDerivative] double target, int depth, int width, int act)
    {
        Span<double> h = stackalloc double[width];
        Span<double> z = stackalloc double[width];
        x.CopyTo(h);
        for (int l = 0; l < depth; l++)
        {
            for (int i = 0; i < width; i++)
            {
                double s = 0;
                for (int j = 0; j < width; j++) s += w[(l * width + i) * width + j] * h[j];
                z[i] = s;
            }
            for (int i = 0; i < width; i++)
            {
                if (act == (int)Activation.Tanh) h[i] = Math.Tanh(z[i]); // expect: ADG1001
                else if (act == (int)Activation.Sigmoid) h[i] = Activations.Sigmoid(z[i]);
                else h[i] = Activations.Relu(z[i]);
            }
        }
        double y = 0;
        for (int i = 0; i < width; i++) y += h[i];
        return (y - target) * (y - target);
    }
}

public static class Program
{
    public static void Main(string[] args)
    {
        var cfg = new ExperimentConfig { Hidden = args.Length > 0 ? Enum.Parse<Activation>(args[0]) : Activation.Tanh };
        var rng = new Random(2);
        var w = new double[cfg.Depth * cfg.Width * cfg.Width];
        for (int l = 0; l < cfg.Depth; l++)
        {
            var layer = w.AsSpan(l * cfg.Width * cfg.Width, cfg.Width * cfg.Width);
            if (cfg.Hidden == Activation.Relu) Init.HeNormal(layer, cfg.Width, rng);
            else Init.GlorotNormal(layer, cfg.Width, cfg.Width, rng);
        }
        var g = new double[w.Length];
        var x = new double[cfg.Width];
        for (int step = 0; step < 100; step++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble();
            double loss = ConfigurableMlp.LossGradient(w, x, x[0] * 2, cfg.Depth, cfg.Width, (int)cfg.Hidden, g);
            for (int i = 0; i < w.Length; i++) w[i] -= cfg.LearningRate * g[i];
            if (step % 20 == 0) Console.WriteLine(loss);
        }
    }
}
