using System;
using System.Linq;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using N = AutoDiffGen.IntegrationTests.Functions.RuntimeNetworks;

namespace AutoDiffGen.IntegrationTests;

/// <summary>Gradients of networks built from runtime functions (their [DerivativeOf] pullbacks) against finite differences.</summary>
public class RuntimeNetworkTests
{
    private static readonly double[] Input = { 0.5, -1.0, 0.25, 1.5 };
    private static readonly double[] Target = { 0.1, 0.9, 0.4, 0.6, 0.2, 0.8, 0.3, 0.7, 0.5, 0.5, 0.05, 0.95 };

    [Fact]
    public void Classifier_with_dense_layernorm_gelu_prelu_and_cross_entropy() =>
        Check(new GradientCase("Classifier", 106,
            p => N.Classifier(p.AsSpan(0, 105), p[105], Input, 2),
            (p, g) => N.ClassifierGradient(p.AsSpan(0, 105), p[105], Input, 2, g.AsSpan(0, 105), out g[105]),
            -1, 1, p => p.Take(105).All(v => AwayFrom(v, 0, 1e-3))));

    [Fact]
    public void Batch_normalization_sigmoid_and_mean_squared_error() =>
        Check(new GradientCase("BatchNormed", 18,
            p => N.BatchNormed(p.AsSpan(0, 12), p.AsSpan(12, 3), p.AsSpan(15, 3), Target),
            (p, g) => N.BatchNormedGradient(p.AsSpan(0, 12), p.AsSpan(12, 3), p.AsSpan(15, 3), Target, g.AsSpan(0, 12), g.AsSpan(12, 3), g.AsSpan(15, 3))));

    [Fact]
    public void Scalar_activations_with_default_hyperparameters() =>
        Check(new GradientCase("ScalarActivations", 2,
            x => N.ScalarActivations(x[0], x[1]),
            (x, g) => N.ScalarActivationsGradient(x[0], x[1], out g[0], out g[1]),
            Admissible: x => AwayFrom(x[0], 0) && AwayFrom(x[0], x[1]) && AwayFrom(x[1], 0)));

    [Fact]
    public void Single_precision_network()
    {
        float[] x = { 0.3f, -0.8f };
        Check(new GradientCaseSingle("SingleClassifier", 9,
            p => N.SingleClassifier(p.AsSpan(0, 6), p.AsSpan(6, 3), x, 1),
            (p, g) => N.SingleClassifierGradient(p.AsSpan(0, 6), p.AsSpan(6, 3), x, 1, g.AsSpan(0, 6), g.AsSpan(6, 3)), -1f, 1f));
    }

    [Fact]
    public void Network_gradient_allocates_nothing_when_warm()
    {
        double[] p = Enumerable.Range(0, 105).Select(i => Math.Sin(i)).ToArray();
        double[] g = new double[105];
        N.ClassifierGradient(p, 0.1, Input, 1, g, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) N.ClassifierGradient(p, 0.1, Input, 1, g, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

public class VectorsTests
{
    private static readonly double[] X = { 0.5, -1.0, 0.25, 1.5, 2.0, -0.3, 0.8 };

    [Fact]
    public void Dot_loss_through_the_vectorized_pullback() =>
        GradientAssert.Check(new GradientCase("DotLoss", 8, p => Functions.DotFunctions.DotLoss(p.AsSpan(0, 7), X, p[7]),
            (p, g) => Functions.DotFunctions.DotLossGradient(p.AsSpan(0, 7), X, p[7], g.AsSpan(0, 7), out g[7])));

    [Fact]
    public void Single_precision_dot_with_a_repeated_argument() =>
        GradientAssert.Check(new GradientCaseSingle("SingleDot", 10, p => Functions.DotFunctions.SingleDot(p.AsSpan(0, 5), p.AsSpan(5, 5)),
            (p, g) => Functions.DotFunctions.SingleDotGradient(p.AsSpan(0, 5), p.AsSpan(5, 5), g.AsSpan(0, 5), g.AsSpan(5, 5)), -1f, 1f));
}
