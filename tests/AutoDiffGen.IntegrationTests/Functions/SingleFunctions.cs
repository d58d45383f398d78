using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>Single-precision versions: the generator uses MathF and float adjoints.</summary>
public static partial class SingleFunctions
{
    [Differentiable]
    public static float Rosenbrock(float x, float y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    [Differentiable]
    public static float TanhChain(float x, float w)
    {
        float h = MathF.Tanh(w * x);
        h = MathF.Tanh(w * h + x);
        return h * h;
    }

    [Differentiable]
    public static float Piecewise(float x)
    {
        if (x < 0) return -x * MathF.Exp(x);
        float y = x * x;
        y *= y;
        return MathF.Sqrt(y + 1);
    }

    [Differentiable]
    public static float Elementary(float x, float y) => MathF.Log(x) * MathF.Sin(y) + MathF.Pow(x, y) + MathF.Atan2(y, x) + MathF.Cosh(0.5f * y) + float.Exp2(x);

    [Differentiable]
    public static float MixedPrecision(float x, [NoDerivative] double d) => (float)(Math.Exp(x) * d) + x * (float)d;

    [Differentiable]
    public static float Conditional(float x, float y) => x > y ? x * y : y - x * x;

    [Differentiable]
    public static float Loop(ReadOnlySpan<float> w, [NoDerivative] ReadOnlySpan<float> x)
    {
        float s = 0;
        for (int i = 0; i < w.Length; i++) s += MathF.Tanh(w[i] * x[i]);
        return s * s;
    }
}
