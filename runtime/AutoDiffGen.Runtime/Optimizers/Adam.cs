using System;

namespace AutoDiffGen;

/// <summary>
/// Adam with PyTorch's defaults and update (<c>torch.optim.Adam</c>): at step t, with <c>g = ∇ + λ·p</c> (L2 weight decay λ),
/// <c>m ← m + (1 − β₁)(g − m)</c>, <c>v ← β₂·v + (1 − β₂)·g²</c> and
/// <c>p ← p − lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)</c> (with AMSGrad, v is replaced by its running maximum).
/// </summary>
/// <remarks>
/// State (m, v) is allocated in the constructor for a fixed parameter count, in double also for float parameters;
/// a step allocates nothing. For weight decay decoupled from the gradient use <see cref="AdamW"/>.
/// </remarks>
public sealed class Adam
{
    private readonly AdamUpdate _update;

    /// <summary>Creates the optimizer for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The total number of parameters stepped.</param>
    /// <param name="learningRate">lr (default 1e-3).</param>
    /// <param name="beta1">β₁ (default 0.9).</param>
    /// <param name="beta2">β₂ (default 0.999).</param>
    /// <param name="epsilon">ε (default 1e-8).</param>
    /// <param name="weightDecay">λ, added to the gradient as λ·p (default 0).</param>
    /// <param name="amsgrad">Use AMSGrad (default false).</param>
    public Adam(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        double weightDecay = 0, bool amsgrad = false)
    {
        OptimizerArguments.NonNegative(learningRate, nameof(learningRate));
        OptimizerArguments.NonNegative(weightDecay, nameof(weightDecay));
        _update = new AdamUpdate(parameterCount, beta1, beta2, epsilon, amsgrad);
        LearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    /// <summary>The number of parameters the state was allocated for.</summary>
    public int ParameterCount => _update.ParameterCount;

    /// <summary>lr; may be changed between steps (a learning-rate schedule).</summary>
    public double LearningRate { get; set; }

    /// <summary>β₁, the decay of the first-moment average.</summary>
    public double Beta1 => _update.Beta1;

    /// <summary>β₂, the decay of the second-moment average.</summary>
    public double Beta2 => _update.Beta2;

    /// <summary>ε, added to the denominator.</summary>
    public double Epsilon => _update.Epsilon;

    /// <summary>λ, the weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether the AMSGrad variant (running maximum of the second moment) is used.</summary>
    public bool AmsGrad => _update.AmsGrad;

    /// <summary>The number of steps taken (t).</summary>
    public long StepCount => _update.StepCount;

    /// <summary>Forgets the moments and the step count.</summary>
    public void Reset() => _update.Reset();

    /// <summary>Takes one step on all <see cref="ParameterCount"/> parameters held in one span.</summary>
    /// <param name="parameters">The parameters p, updated in place.</param>
    /// <param name="gradients">Their gradients g, same length.</param>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradients)
    {
        OptimizerArguments.Total(ParameterCount, parameters.Length);
        (double stepSize, double bc2) = _update.Begin(LearningRate);
        Update(0, parameters, gradients, stepSize, bc2);
    }

    /// <inheritdoc cref="Step(Span{double}, ReadOnlySpan{double})"/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        OptimizerArguments.Total(ParameterCount, parameters.Length);
        (double stepSize, double bc2) = _update.Begin(LearningRate);
        Update(0, parameters, gradients, stepSize, bc2);
    }

    /// <summary>Takes one step on parameters spread over several buffers (e.g. <c>[w1, b1, w2, b2]</c>), in a fixed order.</summary>
    /// <param name="parameters">The parameter buffers, updated in place; their lengths sum to <see cref="ParameterCount"/>.</param>
    /// <param name="gradients">The matching gradient buffers.</param>
    public void Step(ReadOnlySpan<double[]> parameters, ReadOnlySpan<double[]> gradients)
    {
        OptimizerArguments.SameCount(parameters.Length, gradients.Length);
        int total = 0;
        foreach (double[] p in parameters) total += p.Length;
        OptimizerArguments.Total(ParameterCount, total);
        (double stepSize, double bc2) = _update.Begin(LearningRate);
        int offset = 0;
        for (int k = 0; k < parameters.Length; k++)
        {
            Update(offset, parameters[k], gradients[k], stepSize, bc2);
            offset += parameters[k].Length;
        }
    }

    /// <inheritdoc cref="Step(ReadOnlySpan{double[]}, ReadOnlySpan{double[]})"/>
    public void Step(ReadOnlySpan<float[]> parameters, ReadOnlySpan<float[]> gradients)
    {
        OptimizerArguments.SameCount(parameters.Length, gradients.Length);
        int total = 0;
        foreach (float[] p in parameters) total += p.Length;
        OptimizerArguments.Total(ParameterCount, total);
        (double stepSize, double bc2) = _update.Begin(LearningRate);
        int offset = 0;
        for (int k = 0; k < parameters.Length; k++)
        {
            Update(offset, parameters[k], gradients[k], stepSize, bc2);
            offset += parameters[k].Length;
        }
    }

    private void Update(int offset, Span<double> p, ReadOnlySpan<double> grad, double stepSize, double bc2)
    {
        OptimizerArguments.Lengths(ParameterCount, offset, p.Length, grad.Length);
        for (int i = 0; i < p.Length; i++)
            p[i] = _update.Apply(offset + i, p[i], grad[i] + WeightDecay * p[i], stepSize, bc2);
    }

    private void Update(int offset, Span<float> p, ReadOnlySpan<float> grad, double stepSize, double bc2)
    {
        OptimizerArguments.Lengths(ParameterCount, offset, p.Length, grad.Length);
        for (int i = 0; i < p.Length; i++)
            p[i] = (float)_update.Apply(offset + i, p[i], grad[i] + WeightDecay * p[i], stepSize, bc2);
    }
}
