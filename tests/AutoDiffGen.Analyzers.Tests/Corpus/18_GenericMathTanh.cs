// Generic-math inference code, written once for float and double.
using System;
using System.Numerics;

public static class GenericNet
{
    public static T Forward<T>(ReadOnlySpan<T> weights, T x, int depth) where T : IFloatingPointIeee754<T>
    {
        T h = x;
        for (int l = 0; l < depth; l++)
        {
            h = T.Tanh(weights[l] * h + T.One); // expect: ADG1001
        }
        return h;
    }

    public static float Run(float[] w) => Forward<float>(w, 0.5f, w.Length);
}
