// Mini-batched tanh RNN (DenseBatch per time step) trained with Adam; the author forgot to clip.
using System;
using AutoDiffGen;

public static partial class BatchRnn
{
    public const int Batch = 4;
    public const int In = 2;
    public const int Hidden = 6;

    [Differentiable]
    public static double Loss(ReadOnlySpan<double> wIn, ReadOnlySpan<double> wRec, ReadOnlySpan<double> bias, ReadOnlySpan<double> wOut,
        [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys, int steps)
    {
        Span<double> h = stackalloc double[Batch * Hidden];
        Span<double> fromIn = stackalloc double[Batch * Hidden];
        Span<double> fromRec = stackalloc double[Batch * Hidden];
        Span<double> zero = stackalloc double[Hidden];
        Span<double> outBias = stackalloc double[1];
        Span<double> y = stackalloc double[Batch];
        h.Clear();
        zero.Clear();
        outBias.Clear();
        for (int t = 0; t < steps; t++)
        {
            Linear.DenseBatch(wIn, bias, xs.Slice(t * Batch * In, Batch * In), fromIn, Batch);
            Linear.DenseBatch(wRec, zero, h, fromRec, Batch);
            for (int i = 0; i < h.Length; i++) fromIn[i] += fromRec[i];
            Activations.Tanh(fromIn, h); // expect: ADG1001
        }
        Linear.DenseBatch(wOut, outBias, h, y, Batch);
        return Losses.MeanSquaredError(y, ys);
    }
}

public static class Program
{
    public static void Main()
    {
        const int steps = 25;
        var rng = new Random(31);
        var wIn = new double[BatchRnn.Hidden * BatchRnn.In];
        var wRec = new double[BatchRnn.Hidden * BatchRnn.Hidden];
        var bias = new double[BatchRnn.Hidden];
        var wOut = new double[BatchRnn.Hidden];
        Init.GlorotUniform(wIn, BatchRnn.In, BatchRnn.Hidden, rng);
        Init.GlorotUniform(wRec, BatchRnn.Hidden, BatchRnn.Hidden, rng);
        Init.GlorotUniform(wOut, BatchRnn.Hidden, 1, rng);
        var grads = new[] { new double[wIn.Length], new double[wRec.Length], new double[bias.Length], new double[wOut.Length] };
        var adam = new Adam(wIn.Length + wRec.Length + bias.Length + wOut.Length, learningRate: 0.01);
        var xs = new double[steps * BatchRnn.Batch * BatchRnn.In];
        var ys = new double[BatchRnn.Batch];
        for (int epoch = 0; epoch < 100; epoch++)
        {
            for (int i = 0; i < xs.Length; i++) xs[i] = rng.NextDouble() - 0.5;
            for (int b = 0; b < BatchRnn.Batch; b++) ys[b] = xs[b * BatchRnn.In];
            double loss = BatchRnn.LossGradient(wIn, wRec, bias, wOut, xs, ys, steps, grads[0], grads[1], grads[2], grads[3]);
            adam.Step(new[] { wIn, wRec, bias, wOut }, grads); // expect: ADG1003
            if (epoch % 20 == 0) Console.WriteLine(loss);
        }
    }
}
