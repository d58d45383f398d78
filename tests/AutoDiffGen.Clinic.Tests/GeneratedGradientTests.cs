using System;
using AutoDiffGen.GradientClinic.Experiments;
using AutoDiffGen.GradientClinic.Networks;

namespace AutoDiffGen.Clinic.Tests;

/// <summary>The generated gradients of the clinic's networks against finite differences, on small instances.</summary>
public sealed class GeneratedGradientTests
{
    public static TheoryData<int, bool, double> MlpConfigurations()
    {
        var data = new TheoryData<int, bool, double>();
        foreach (int activation in new[] { DeepMlp.Sigmoid, DeepMlp.Tanh, DeepMlp.Relu, DeepMlp.LeakyRelu, DeepMlp.PRelu })
        {
            data.Add(activation, false, 0.0);
            data.Add(activation, true, 0.0);
            data.Add(activation, false, ClinicExperiments.ResidualScale);
            data.Add(activation, true, 1.0);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MlpConfigurations))]
    public void DeepMlpGradientMatchesFiniteDifferences(int activation, bool batchNorm, double residualScale)
    {
        const int width = 5, depth = 5, batch = 6;
        var rng = new Random(7 + activation);
        double[] parameters = new double[MlpLayout.ParameterCount(width, depth)];
        // Entries away from ReLU's kink: finite differences across it would disagree with any gradient.
        for (int i = 0; i < parameters.Length; i++) parameters[i] = (rng.NextDouble() - 0.5) * 1.5;
        for (int layer = 0; layer < depth - 1; layer++) parameters[MlpLayout.AlphaOffset(layer, width, depth)] = 0.25;
        double[] inputs = new double[batch * 2];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = rng.NextDouble() * 2 - 1;
        int[] labels = [0, 1, 1, 0, 1, 0];
        double[] gradient = new double[parameters.Length];

        double value = DeepMlp.LossGradient(parameters, inputs, labels, width, depth, activation, batchNorm, residualScale, gradient);

        Assert.Equal(DeepMlp.Loss(parameters, inputs, labels, width, depth, activation, batchNorm, residualScale), value, 12);
        GradientCheckResult check = GradientCheck.Compare(p => DeepMlp.Loss(p, inputs, labels, width, depth, activation, batchNorm, residualScale), parameters, gradient);
        Assert.True(check.Passed, check.ToString());
        // The gradient is not trivially zero: the weights of the first layer receive some of it.
        Assert.True(GradientHealth.Norm(gradient.AsSpan(0, MlpLayout.WeightCount(0, width, depth))) > 0);
    }

    [Fact]
    public void VanillaRnnGradientMatchesFiniteDifferences()
    {
        const int hidden = 4, steps = 9, batch = 3;
        var rng = new Random(11);
        int count = hidden * hidden + hidden + hidden + hidden + 1;
        double[] all = new double[count];
        for (int i = 0; i < all.Length; i++) all[i] = rng.NextDouble() - 0.3;
        double[] sequences = new double[batch * steps];
        for (int i = 0; i < sequences.Length; i++) sequences[i] = rng.NextDouble();
        double[] targets = [0.2, 0.5, 0.9];
        double Loss(ReadOnlySpan<double> p) => VanillaRnn.Loss(p.Slice(0, 16), p.Slice(16, 4), p.Slice(20, 4), p.Slice(24, 5), sequences, targets, steps);
        double[] g = new double[count];
        Span<double> a = all;
        VanillaRnn.LossGradient(a.Slice(0, 16), a.Slice(16, 4), a.Slice(20, 4), a.Slice(24, 5), sequences, targets, steps,
            g.AsSpan(0, 16), g.AsSpan(16, 4), g.AsSpan(20, 4), g.AsSpan(24, 5));
        GradientCheckResult check = GradientCheck.Compare(Loss, all, g);
        Assert.True(check.Passed, check.ToString());
    }

    [Fact]
    public void LayoutSlicesTileTheParameterVectorWithoutOverlap()
    {
        foreach ((int width, int depth) in new[] { (32, 20), (5, 5), (3, 2) })
        {
            int total = MlpLayout.ParameterCount(width, depth);
            int[] owner = new int[total];
            void Claim(int offset, int length)
            {
                for (int i = offset; i < offset + length; i++)
                {
                    Assert.Equal(0, owner[i]);
                    owner[i] = 1;
                }
            }
            for (int layer = 0; layer < depth; layer++)
            {
                Claim(MlpLayout.WeightOffset(layer, width), MlpLayout.WeightCount(layer, width, depth));
                Claim(MlpLayout.BiasOffset(layer, width, depth), MlpLayout.FanOut(layer, width, depth));
            }
            for (int layer = 0; layer < depth - 1; layer++)
            {
                Claim(MlpLayout.GammaOffset(layer, width, depth), width);
                Claim(MlpLayout.BetaOffset(layer, width, depth), width);
                Claim(MlpLayout.AlphaOffset(layer, width, depth), 1);
            }
            Assert.All(owner, o => Assert.Equal(1, o));
        }
    }
}
