// An Elman RNN language-model trainer: the class owns the weights, initializes them, and clips in a method of its own.
using System;
using AutoDiffGen;

public static partial class Elman
{
    [Differentiable]
    public static double Loss(ReadOnlySpan<double> wxh, ReadOnlySpan<double> whh, ReadOnlySpan<double> bh, ReadOnlySpan<double> why,
        [NoDerivative] ReadOnlySpan<double> inputs, [NoDerivative] ReadOnlySpan<int> targets, int hidden, int vocab)
    {
        Span<double> h = stackalloc double[hidden];
        Span<double> a = stackalloc double[hidden];
        Span<double> logits = stackalloc double[vocab];
        h.Clear();
        double loss = 0;
        for (int t = 0; t < targets.Length; t++)
        {
            for (int i = 0; i < hidden; i++)
            {
                double s = bh[i];
                for (int v = 0; v < vocab; v++) s += wxh[i * vocab + v] * inputs[t * vocab + v];
                for (int j = 0; j < hidden; j++) s += whh[i * hidden + j] * h[j];
                a[i] = s;
            }
            Activations.Tanh(a, h); // expect: ADG1001
            for (int v = 0; v < vocab; v++)
            {
                double s = 0;
                for (int i = 0; i < hidden; i++) s += why[v * hidden + i] * h[i];
                logits[v] = s;
            }
            loss += Losses.SoftmaxCrossEntropy(logits, targets[t]);
        }
        return loss / targets.Length;
    }
}

public sealed class RnnTrainer
{
    private const int Hidden = 16;
    private const int Vocab = 5;
    private readonly double[] _wxh = new double[Hidden * Vocab];
    private readonly double[] _whh = new double[Hidden * Hidden];
    private readonly double[] _bh = new double[Hidden];
    private readonly double[] _why = new double[Vocab * Hidden];
    private readonly double[] _gxh = new double[Hidden * Vocab];
    private readonly double[] _ghh = new double[Hidden * Hidden];
    private readonly double[] _gbh = new double[Hidden];
    private readonly double[] _ghy = new double[Vocab * Hidden];
    private readonly Adam _adam = new(Hidden * Vocab + Hidden * Hidden + Hidden + Vocab * Hidden, learningRate: 0.01);

    public RnnTrainer(int seed)
    {
        var rng = new Random(seed);
        Init.GlorotUniform(_wxh, Vocab, Hidden, rng);
        Init.GlorotUniform(_whh, Hidden, Hidden, rng);
        Init.GlorotUniform(_why, Hidden, Vocab, rng);
    }

    public double Step(double[] inputs, int[] targets)
    {
        double loss = Elman.LossGradient(_wxh, _whh, _bh, _why, inputs, targets, Hidden, Vocab, _gxh, _ghh, _gbh, _ghy);
        ClipGradients(5.0);
        _adam.Step(new[] { _wxh, _whh, _bh, _why }, new[] { _gxh, _ghh, _gbh, _ghy });
        return loss;
    }

    private void ClipGradients(double maxNorm) => Clipping.ClipByGlobalNorm(new[] { _gxh, _ghh, _gbh, _ghy }, maxNorm);
}

public static class Program
{
    public static void Main()
    {
        var trainer = new RnnTrainer(42);
        int[] text = { 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4 };
        var inputs = new double[(text.Length - 1) * 5];
        var targets = new int[text.Length - 1];
        for (int t = 0; t + 1 < text.Length; t++) { inputs[t * 5 + text[t]] = 1; targets[t] = text[t + 1]; }
        for (int epoch = 0; epoch < 200; epoch++)
        {
            double loss = trainer.Step(inputs, targets);
            if (epoch % 40 == 0) Console.WriteLine($"epoch {epoch}: {loss:F3}");
        }
    }
}
