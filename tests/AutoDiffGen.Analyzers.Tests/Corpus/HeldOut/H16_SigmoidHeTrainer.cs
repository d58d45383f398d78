// A trainer class that owns and initializes a shallow sigmoid autoencoder's weights with He init.
using System;
using AutoDiffGen;

public static partial class AutoEncoder
{
    [Differentiable]
    public static double Reconstruction(ReadOnlySpan<double> enc, ReadOnlySpan<double> encBias, ReadOnlySpan<double> dec, ReadOnlySpan<double> decBias,
        [NoDerivative] ReadOnlySpan<double> x)
    {
        Span<double> code = stackalloc double[encBias.Length];
        Span<double> z = stackalloc double[encBias.Length];
        Span<double> recon = stackalloc double[x.Length];
        Linear.Dense(enc, encBias, x, z);
        Activations.Sigmoid(z, code);
        Linear.Dense(dec, decBias, code, recon);
        return Losses.MeanSquaredError(recon, x);
    }
}

public sealed class AutoEncoderTrainer
{
    private readonly double[] _enc;
    private readonly double[] _encBias;
    private readonly double[] _dec;
    private readonly double[] _decBias;
    private readonly double[][] _grads;
    private readonly AdamW _opt;

    public AutoEncoderTrainer(int inputs, int code, int seed)
    {
        var rng = new Random(seed);
        _enc = new double[code * inputs];
        _encBias = new double[code];
        _dec = new double[inputs * code];
        _decBias = new double[inputs];
        Init.HeNormal(_enc, inputs, rng); // expect: ADG1002
        Init.HeNormal(_dec, code, rng);
        _grads = new[] { new double[_enc.Length], new double[code], new double[_dec.Length], new double[inputs] };
        _opt = new AdamW(_enc.Length + code + _dec.Length + inputs, learningRate: 3e-3);
    }

    public double Fit(double[] x)
    {
        double loss = AutoEncoder.ReconstructionGradient(_enc, _encBias, _dec, _decBias, x, _grads[0], _grads[1], _grads[2], _grads[3]);
        _opt.Step(new[] { _enc, _encBias, _dec, _decBias }, _grads);
        return loss;
    }
}

public static class Program
{
    public static void Main()
    {
        var trainer = new AutoEncoderTrainer(8, 3, 17);
        var rng = new Random(1);
        for (int step = 0; step < 300; step++)
        {
            var x = new double[8];
            x[rng.Next(8)] = 1;
            double loss = trainer.Fit(x);
            if (step % 100 == 0) Console.WriteLine(loss);
        }
    }
}
