using System;
using System.Collections.Generic;
using System.Numerics;
using AutoDiffGen.GradientClinic.Experiments;
using AutoDiffGen.GradientClinic.Networks;

namespace AutoDiffGen.Clinic.Tests;

/// <summary>The generated gradients of the clinic's model classes against finite differences over every field, on small instances.</summary>
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

    /// <summary>Every parameter of a model in walk order, read or written through its generated walk.</summary>
    private struct Flat(List<double>? read, double[]? write) : IParameterVisitor
    {
        private int _offset;

        public void Visit<T>(Span<T> parameters, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                if (read is not null) read.Add(double.CreateTruncating(parameters[i]));
                else parameters[i] = T.CreateTruncating(write![_offset + i]);
            }
            _offset += parameters.Length;
        }
    }

    private static double[] Get<TModel, TGradient>(TModel model, TGradient gradient) where TModel : class, IDifferentiableModel<TGradient> where TGradient : IModelGradient
    {
        var values = new List<double>();
        var visitor = new Flat(values, null);
        model.VisitParameters(gradient, ref visitor);
        return values.ToArray();
    }

    private static void Set<TModel, TGradient>(TModel model, TGradient gradient, ReadOnlySpan<double> values) where TModel : class, IDifferentiableModel<TGradient> where TGradient : IModelGradient
    {
        var visitor = new Flat(null, values.ToArray());
        model.VisitParameters(gradient, ref visitor);
    }

    /// <summary>The gradient against central differences of <paramref name="loss"/> over every field of <paramref name="model"/>.</summary>
    private static void CheckEveryField<TModel, TGradient>(TModel model, TGradient gradient, Func<double> loss)
        where TModel : class, IDifferentiableModel<TGradient> where TGradient : IModelGradient
    {
        double[] start = Get(model, gradient);
        var analytic = new List<double>();
        var gradientValues = new GradientValues(analytic);
        gradient.VisitGradients(ref gradientValues);
        // A step of 1e-6: the leaky ReLU's kink sits 1e-5 from a pre-activation of one of these random networks, and a
        // wider difference would straddle it.
        GradientCheckResult check = GradientCheck.Compare(p =>
        {
            Set(model, gradient, p);
            double value = loss();
            Set(model, gradient, start);
            return value;
        }, start, analytic.ToArray(), step: 1e-6);
        Assert.True(check.Passed, check.ToString());
    }

    private readonly struct GradientValues(List<double> values) : IGradientVisitor
    {
        public void Visit<T>(Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
        {
            foreach (T g in gradient) values.Add(double.CreateTruncating(g));
        }
    }

    [Theory]
    [MemberData(nameof(MlpConfigurations))]
    public void DeepMlpGradientMatchesFiniteDifferencesOverEveryField(int activation, bool batchNorm, double residualScale)
    {
        const int width = 5, depth = 5;
        var rng = new Random(7 + activation);
        var mlp = new DeepMlp(width, depth, 0.25);
        var gradient = new DeepMlp.Gradient(mlp);
        double[] start = Get(mlp, gradient);
        // Entries away from ReLU's kink: finite differences across it would disagree with any gradient.
        for (int i = 0; i < start.Length; i++) start[i] = (rng.NextDouble() - 0.5) * 1.5;
        Set(mlp, gradient, start);
        foreach (HiddenLayer layer in mlp.Hidden) layer.Alpha = 0.25;
        double[] inputs = new double[6 * 2];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = rng.NextDouble() * 2 - 1;
        int[] labels = [0, 1, 1, 0, 1, 0];

        double value = mlp.LossGradient(inputs, labels, activation, batchNorm, residualScale, gradient);

        Assert.Equal(mlp.Loss(inputs, labels, activation, batchNorm, residualScale), value, 12);
        CheckEveryField(mlp, gradient, () => mlp.Loss(inputs, labels, activation, batchNorm, residualScale));
        // The gradient is not trivially zero: the weights of the first layer receive some of it.
        Assert.True(GradientHealth.Norm(gradient.Hidden[0].Weights) > 0);
    }

    [Fact]
    public void VanillaRnnGradientMatchesFiniteDifferencesOverEveryField()
    {
        const int hidden = 4, steps = 9;
        var rng = new Random(11);
        var rnn = new VanillaRnn(hidden);
        var gradient = new VanillaRnn.Gradient(rnn);
        double[] start = Get(rnn, gradient);
        for (int i = 0; i < start.Length; i++) start[i] = rng.NextDouble() - 0.3;
        Set(rnn, gradient, start);
        double[] sequences = new double[3 * steps];
        for (int i = 0; i < sequences.Length; i++) sequences[i] = rng.NextDouble();
        double[] targets = [0.2, 0.5, 0.9];

        rnn.LossGradient(sequences, targets, steps, gradient);
        CheckEveryField(rnn, gradient, () => rnn.Loss(sequences, targets, steps));
        Assert.Equal(["Input", "Recurrent", "Bias", "Readout"], ModelWalk.Names(gradient));
    }

    [Fact]
    public void TheModelHoldsTheLayersThePaperNetworkHas()
    {
        var mlp = new DeepMlp(32, 20, MlpTraining.PReluInitialSlope);
        // 2 → 32, 18 × 32 → 32, 32 → 2 dense layers; γ, β and α per hidden layer.
        int dense = (2 * 32 + 32) + 18 * (32 * 32 + 32) + (32 * 2 + 2);
        int perHidden = 32 + 32 + 1;
        Assert.Equal(dense + 19 * perHidden, ((IDifferentiableModel)mlp).ParameterCount);
        Assert.Equal(20, mlp.Depth);
        Assert.Equal(32 * 2, mlp.Weights(0).Length);
        Assert.Equal(2 * 32, mlp.Weights(19).Length);
    }
}
