// A float RNN with MathF.Tanh, trained with manual updates and no clipping.
using System;
using AutoDiffGen;

public static partial class FloatRnn
{
    [Differentiable]
    public static float Loss(ReadOnlySpan<float> w, [NoDerivative] ReadOnlySpan<float> xs, [NoDerivative] float target)
    {
        float h = 0f;
        for (int t = 0; t < xs.Length; t++)
        {
            h = MathF.Tanh(w[0] * h + w[1] * xs[t] + w[2]); // expect: ADG1001
        }
        return (h - target) * (h - target);
    }
}

public static class FloatRnnTraining
{
    public static float Train(float[][] xs, float[] ys)
    {
        float[] w = { 0.9f, 0.5f, 0f };
        float[] g = new float[3];
        float loss = 0f;
        for (int epoch = 0; epoch < 25; epoch++)
        {
            for (int n = 0; n < xs.Length; n++)
            {
                loss = FloatRnn.LossGradient(w, xs[n], ys[n], g);
                for (int i = 0; i < w.Length; i++) w[i] = w[i] - 0.05f * g[i]; // expect: ADG1003
            }
        }
        return loss;
    }
}
