// Two float models from one experiment file: a three-layer tanh head and a narrow seven-layer tanh tower.
using System;
using AutoDiffGen;

public static partial class Towers
{
    private const int HeadDepth = 3;
    private const int TowerDepth = 7;

    [Differentiable]
    public static float Head(ReadOnlySpan<float> w, float x)
    {
        float h = x;
        for (int l = 0; l < HeadDepth; l++)
        {
            h = MathF.Tanh(w[2 * l] * h + w[2 * l + 1]);
        }
        return h;
    }

    [Differentiable]
    public static float Tower(ReadOnlySpan<float> w, float x)
    {
        float h = x;
        for (int l = 0; l < TowerDepth; l++)
        {
            h = float.Tanh(w[2 * l] * h + w[2 * l + 1]); // expect: ADG1001
        }
        return h;
    }

    [Differentiable]
    public static float Loss(ReadOnlySpan<float> head, ReadOnlySpan<float> tower, [NoDerivative] float x, [NoDerivative] float y)
    {
        float p = Head(head, x) + Tower(tower, x);
        return (p - y) * (p - y);
    }
}

public static class Program
{
    public static void Main()
    {
        var rng = new Random(9);
        var head = new float[6];
        var tower = new float[14];
        for (int i = 0; i < head.Length; i++) head[i] = (float)(rng.NextDouble() - 0.5);
        for (int i = 0; i < tower.Length; i++) tower[i] = (float)(rng.NextDouble() - 0.5);
        var gh = new float[head.Length];
        var gt = new float[tower.Length];
        for (int step = 0; step < 500; step++)
        {
            float x = (float)(rng.NextDouble() * 2 - 1);
            float loss = Towers.LossGradient(head, tower, x, 0.5f * x, gh, gt);
            for (int i = 0; i < head.Length; i++) head[i] -= 0.05f * gh[i];
            for (int i = 0; i < tower.Length; i++) tower[i] -= 0.05f * gt[i];
            if (step % 100 == 0) Console.WriteLine(loss);
        }
    }
}
