using System;

namespace AutoDiffGen;

/// <summary>
/// The per-element Adam update shared by <see cref="Adam"/> and <see cref="AdamW"/>, following PyTorch's single-tensor
/// implementation operation for operation so results agree to rounding.
/// </summary>
internal sealed class AdamUpdate
{
    private readonly double[] _m;
    private readonly double[] _v;
    private readonly double[] _vMax;

    public AdamUpdate(int parameterCount, double beta1, double beta2, double epsilon, bool amsgrad)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        OptimizerArguments.Beta(beta1, nameof(beta1));
        OptimizerArguments.Beta(beta2, nameof(beta2));
        OptimizerArguments.NonNegative(epsilon, nameof(epsilon));
        ParameterCount = parameterCount;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        AmsGrad = amsgrad;
        _m = new double[parameterCount];
        _v = new double[parameterCount];
        _vMax = amsgrad ? new double[parameterCount] : [];
    }

    public int ParameterCount { get; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }
    public bool AmsGrad { get; }
    public long StepCount { get; private set; }

    public void Reset()
    {
        Array.Clear(_m);
        Array.Clear(_v);
        Array.Clear(_vMax);
        StepCount = 0;
    }

    /// <summary>Starts a step: advances t and returns lr / (1 − β₁ᵗ) and √(1 − β₂ᵗ).</summary>
    public (double StepSize, double BiasCorrection2Sqrt) Begin(double learningRate)
    {
        StepCount++;
        double bc1 = 1 - Math.Pow(Beta1, StepCount);
        double bc2 = 1 - Math.Pow(Beta2, StepCount);
        return (learningRate / bc1, Math.Sqrt(bc2));
    }

    /// <summary>
    /// m ← m + (1 − β₁)(g − m); v ← β₂ v + (1 − β₂) g²; v̂ = max(v̂, v) with AMSGrad;
    /// p ← p − stepSize · m / (√v / √(1 − β₂ᵗ) + ε). Returns the new p.
    /// </summary>
    public double Apply(int index, double p, double g, double stepSize, double bc2Sqrt)
    {
        double m = _m[index] + (1 - Beta1) * (g - _m[index]);
        double v = _v[index] * Beta2 + (1 - Beta2) * g * g;
        _m[index] = m;
        _v[index] = v;
        if (AmsGrad)
        {
            v = Math.Max(_vMax[index], v);
            _vMax[index] = v;
        }
        double denom = Math.Sqrt(v) / bc2Sqrt + Epsilon;
        return p - stepSize * (m / denom);
    }
}
