using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

/// <summary>
/// What <see cref="Adam"/> and <see cref="AdamW"/> share: the moment estimates, bias correction and stepping of flat
/// or multi-buffer parameters. They differ only in how weight decay enters the step.
/// </summary>
public abstract class AdamOptimizer : Optimizer
{
    private readonly AdamUpdate _update;
    private readonly bool _decoupled;
    private double _stepSize;
    private double _biasCorrection2;

    /// <summary>Validates the hyperparameters and allocates the state.</summary>
    /// <param name="parameterCount">The total number of parameters stepped.</param>
    /// <param name="learningRate">lr.</param>
    /// <param name="beta1">β₁.</param>
    /// <param name="beta2">β₂.</param>
    /// <param name="epsilon">ε.</param>
    /// <param name="weightDecay">λ.</param>
    /// <param name="amsgrad">Use AMSGrad.</param>
    /// <param name="decoupled">AdamW's decoupled weight decay (p ← p·(1 − lr·λ)) instead of Adam's L2 term λ·p in the gradient.</param>
    private protected AdamOptimizer(int parameterCount, double learningRate, double beta1, double beta2, double epsilon,
        double weightDecay, bool amsgrad, bool decoupled)
        : base(parameterCount)
    {
        OptimizerArguments.NonNegative(learningRate, nameof(learningRate));
        OptimizerArguments.NonNegative(weightDecay, nameof(weightDecay));
        _update = new AdamUpdate(parameterCount, beta1, beta2, epsilon, amsgrad);
        _decoupled = decoupled;
        LearningRate = learningRate;
        WeightDecay = weightDecay;
    }

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

    private protected override void BeginStep() => (_stepSize, _biasCorrection2) = _update.Begin(LearningRate);

    private protected override void Update(int offset, Span<double> parameters, ReadOnlySpan<double> gradients) => UpdateOf(offset, parameters, gradients);

    private protected override void Update(int offset, Span<float> parameters, ReadOnlySpan<float> gradients) => UpdateOf(offset, parameters, gradients);

    // In double, also for float parameters, rounded once to T.
    private void UpdateOf<T>(int offset, Span<T> p, ReadOnlySpan<T> grad) where T : IFloatingPointIeee754<T>
    {
        double stepSize = _stepSize, bc2 = _biasCorrection2;
        OptimizerArguments.Lengths(ParameterCount, offset, p.Length, grad.Length);
        if (_decoupled)
        {
            double decay = 1 - LearningRate * WeightDecay;
            for (int i = 0; i < p.Length; i++)
                p[i] = Real.FromDouble<T>(_update.Apply(offset + i, Real.ToDouble(p[i]) * decay, Real.ToDouble(grad[i]), stepSize, bc2));
        }
        else
        {
            for (int i = 0; i < p.Length; i++)
            {
                double parameter = Real.ToDouble(p[i]);
                p[i] = Real.FromDouble<T>(_update.Apply(offset + i, parameter, Real.ToDouble(grad[i]) + WeightDecay * parameter, stepSize, bc2));
            }
        }
    }
}
