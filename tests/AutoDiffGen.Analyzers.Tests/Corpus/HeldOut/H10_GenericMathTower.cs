// Generic-math inference for a deep sigmoid MLP, usable with float on device and double in tests.
using System;
using System.Numerics;

public static class GenericMlp
{
    public static void Forward<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> input, Span<T> output, int width, int depth)
        where T : IFloatingPointIeee754<T>
    {
        Span<T> h = new T[width];
        Span<T> next = new T[width];
        input.CopyTo(h);
        for (int l = 0; l < depth; l++)
        {
            for (int i = 0; i < width; i++)
            {
                T s = T.Zero;
                for (int j = 0; j < width; j++) s += weights[(l * width + i) * width + j] * h[j];
                next[i] = T.One / (T.One + T.Exp(-s)); // expect: ADG1001
            }
            next.CopyTo(h);
        }
        h.CopyTo(output);
    }
}

public static class Program
{
    public static void Main()
    {
        var rng = new Random(8);
        var w = new float[10 * 4 * 4];
        for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.NextDouble() - 0.5);
        var y = new float[4];
        GenericMlp.Forward<float>(w, new float[] { 1, 0, 0, 1 }, y, 4, 10);
        Console.WriteLine(string.Join(", ", y));
    }
}
