// Sequence classifier: a tanh RNN trained with Adam and gradient clipping, as recommended.
using System;
using AutoDiffGen;

public static partial class SequenceClassifier
{
    public const int Hidden = 10, Classes = 3;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> wIn, ReadOnlySpan<double> wRec, ReadOnlySpan<double> bRec, ReadOnlySpan<double> wOut, ReadOnlySpan<double> bOut,
        [NoDerivative] ReadOnlySpan<double> sequence, int label)
    {
        Span<double> h = stackalloc double[Hidden];
        Span<double> pre = stackalloc double[Hidden];
        Span<double> logits = stackalloc double[Classes];
        h.Clear();
        foreach (double x in sequence)
        {
            Linear.Dense(wRec, bRec, h, pre);
            for (int i = 0; i < Hidden; i++) pre[i] += wIn[i] * x;
            Activations.Tanh(pre, h); // expect: ADG1001
        }
        Linear.Dense(wOut, bOut, h, logits);
        return Losses.SoftmaxCrossEntropy(logits, label);
    }
}

public sealed class SequenceTrainer
{
    private readonly double[] _wIn = new double[SequenceClassifier.Hidden];
    private readonly double[] _wRec = new double[SequenceClassifier.Hidden * SequenceClassifier.Hidden];
    private readonly double[] _bRec = new double[SequenceClassifier.Hidden];
    private readonly double[] _wOut = new double[SequenceClassifier.Classes * SequenceClassifier.Hidden];
    private readonly double[] _bOut = new double[SequenceClassifier.Classes];
    private readonly double[][] _grads;
    private readonly Adam _adam;

    public SequenceTrainer(Random rng)
    {
        Init.GlorotUniform(_wRec, SequenceClassifier.Hidden, SequenceClassifier.Hidden, rng);
        Init.GlorotUniform(_wIn, 1, SequenceClassifier.Hidden, rng);
        Init.GlorotUniform(_wOut, SequenceClassifier.Hidden, SequenceClassifier.Classes, rng);
        _grads = new[] { new double[_wIn.Length], new double[_wRec.Length], new double[_bRec.Length], new double[_wOut.Length], new double[_bOut.Length] };
        _adam = new Adam(_wIn.Length + _wRec.Length + _bRec.Length + _wOut.Length + _bOut.Length, learningRate: 2e-3);
    }

    public double Step(double[] sequence, int label)
    {
        double loss = SequenceClassifier.LossGradient(_wIn, _wRec, _bRec, _wOut, _bOut, sequence, label, _grads[0], _grads[1], _grads[2], _grads[3], _grads[4]);
        Clipping.ClipByGlobalNorm(_grads, 1.0);
        _adam.Step([_wIn, _wRec, _bRec, _wOut, _bOut], _grads);
        return loss;
    }
}
