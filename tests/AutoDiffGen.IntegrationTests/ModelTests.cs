using System;
using System.Linq;
using AutoDiffGen.IntegrationTests.Functions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Models as types (API.md, "Model types"): gradients of model methods against central finite differences over every
/// field, overwrite semantics, struct and nested models, arrays of sub-models, [NoDerivative] fields, model parameters,
/// and training through the walk without allocation.
/// </summary>
public class ModelTests
{
    private static readonly double[] Input = { 0.4, -0.7, 0.25 };

    /// <summary>Checks the gradient in <paramref name="gradient"/> against central differences of <paramref name="loss"/> over every parameter.</summary>
    private static void CheckEveryField<TModel, TGradient>(ref TModel model, TGradient gradient, Func<TModel, double> loss, double tolerance = 1e-6)
        where TModel : IDifferentiableModel<TGradient> where TGradient : IModelGradient
    {
        double[] start = ModelVector.Parameters(ref model, gradient);
        double[] analytic = ModelVector.Of(gradient);
        Assert.Equal(start.Length, analytic.Length);
        Assert.Equal(start.Length, ((IDifferentiableModel)model).ParameterCount);
        TModel copy = model;
        GradientCheckResult result = GradientCheck.Compare(p =>
        {
            ModelVector.SetParameters(ref copy, gradient, p);
            double value = loss(copy);
            ModelVector.SetParameters(ref copy, gradient, start);
            return value;
        }, start, analytic, tolerance: tolerance);
        Assert.True(result.Passed, result.ToString());
        Assert.Contains(analytic, g => g != 0);
    }

    [Fact]
    public void Class_model_with_runtime_layers_matches_finite_differences_over_every_field()
    {
        var net = new TwoLayerNet(3, 5, 4, new Random(1));
        var gradient = new TwoLayerNet.Gradient(net);
        double value = net.LossGradient(Input, 2, gradient);

        Assert.Equal(net.Loss(Input, 2), value);
        CheckEveryField(ref net, gradient, n => n.Loss(Input, 2));
        // The scalar field is a parameter; the [NoDerivative] fields are not (no gradient field, not in the walk).
        Assert.NotEqual(0, gradient.Temperature);
        Assert.Equal(["W1", "B1", "W2", "B2", "Temperature"], ModelWalk.Names(gradient));
        Assert.Null(typeof(TwoLayerNet.Gradient).GetField("Mask"));
        Assert.Null(typeof(TwoLayerNet.Gradient).GetField("Margin"));
    }

    [Fact]
    public void Gradient_overwrites_whatever_the_gradient_object_held()
    {
        var net = new DeepNet(3, 3, new Random(2));
        var clean = new DeepNet.Gradient(net);
        var dirty = new DeepNet.Gradient(net);
        ModelVector.Fill(ref dirty, 1e300);
        double[] dX = new double[3], dXDirty = { double.NaN, 7, -1e300 };

        double a = net.LossGradient(Input, 0.3, clean, dX);
        double b = net.LossGradient(Input, 0.3, dirty, dXDirty);

        Assert.Equal(a, b);
        Assert.Equal(ModelVector.Of(clean), ModelVector.Of(dirty));
        Assert.Equal(dX, dXDirty);
    }

    [Fact]
    public void Backward_adds_into_the_gradient()
    {
        var net = new TwoLayerNet(3, 4, 2, new Random(3));
        var once = new TwoLayerNet.Gradient(net);
        net.LossGradient(Input, 1, once);
        var twice = new TwoLayerNet.Gradient(net);
        net.LossBackward(Input, 1, 2.0, twice);
        double[] expected = ModelVector.Of(once).Select(g => 2 * g).ToArray();
        Assert.Equal(expected, ModelVector.Of(twice));
        net.LossBackward(Input, 1, 1.0, twice);
        Assert.Equal(ModelVector.Of(once).Select(g => 3 * g).ToArray(), ModelVector.Of(twice), (x, y) => Math.Abs(x - y) <= 1e-15 * Math.Max(1, Math.Abs(x)));
    }

    [Fact]
    public void Nested_models_arrays_of_sub_models_struct_sub_models_and_helpers_match_finite_differences()
    {
        var net = new DeepNet(3, 4, new Random(4));
        var gradient = new DeepNet.Gradient(net);
        double[] dX = new double[3];
        double value = net.LossGradient(Input, 0.3, gradient, dX);

        Assert.Equal(net.Loss(Input, 0.3), value);
        CheckEveryField(ref net, gradient, n => n.Loss(Input, 0.3));
        GradientCheckResult inputs = GradientCheck.Compare(x => net.Loss(x, 0.3), Input, dX, tolerance: 1e-6);
        Assert.True(inputs.Passed, inputs.ToString());
        // Every sub-model received a gradient: each layer in the array, the head, the struct and the array of structs.
        Assert.All(gradient.Layers, g => Assert.Contains(g.W, w => w != 0));
        Assert.NotEqual(0, gradient.Norms[1].Offset);
        Assert.NotEqual(0, gradient.Decay);
    }

    [Fact]
    public void Foreach_over_an_array_of_models_matches_finite_differences()
    {
        var net = new DeepNet(3, 3, new Random(5));
        var gradient = new DeepNet.Gradient(net);
        double[] dX = new double[3];
        net.LossWithForeachGradient(Input, -0.2, gradient, dX);
        CheckEveryField(ref net, gradient, n => n.LossWithForeach(Input, -0.2));
        // Fields the method does not read get exactly zero.
        Assert.All(gradient.Head.W, w => Assert.Equal(0, w));
        Assert.Equal(0, gradient.Decay);
    }

    [Fact]
    public void Fields_of_models_held_in_an_array_read_in_the_loop_match_finite_differences()
    {
        var net = new DeepNet(3, 3, new Random(13));
        var gradient = new DeepNet.Gradient(net);
        double[] dX = new double[3];
        double value = net.LossReadingLayerFieldsGradient(Input, 0.2, gradient, dX);
        Assert.Equal(net.LossReadingLayerFields(Input, 0.2), value);
        CheckEveryField(ref net, gradient, n => n.LossReadingLayerFields(Input, 0.2));
        Assert.All(gradient.Layers, g => Assert.Contains(g.W, w => w != 0));
        Assert.NotEqual(0, gradient.Norms[1].Gains[0]);
    }

    [Fact]
    public void Struct_model_method_gets_a_ref_gradient()
    {
        var scaler = new Scaler(3, 0.4);
        var gradient = new Scaler.Gradient(scaler);
        double value = scaler.SumGradient(Input, ref gradient, new double[3]);
        Assert.Equal(scaler.Sum(Input), value);
        Assert.Equal(1, gradient.Offset);
        Assert.Equal(Input, gradient.Gains);
        CheckEveryField(ref scaler, gradient, s => s.Sum(Input));
    }

    [Fact]
    public void Model_parameters_of_static_methods_get_model_gradients_in_the_usual_place()
    {
        var a = new TwoLayerNet(3, 4, 2, new Random(6));
        var b = new DeepNet(3, 2, new Random(7));
        var dA = new TwoLayerNet.Gradient(a);
        var dB = new DeepNet.Gradient(b);
        double[] dX = new double[3];
        double value = ModelFunctions.DistanceGradient(a, b, Input, dA, dB, dX);

        Assert.Equal(ModelFunctions.Distance(a, b, Input), value);
        CheckEveryField(ref a, dA, m => ModelFunctions.Distance(m, b, Input));
        CheckEveryField(ref b, dB, m => ModelFunctions.Distance(a, m, Input));
        Assert.True(GradientCheck.Compare(x => ModelFunctions.Distance(a, b, x), Input, dX, tolerance: 1e-6).Passed);

        var scaler = new Scaler(3, -0.6);
        var dScaler = new Scaler.Gradient(scaler);
        ModelFunctions.ScaledGradient(scaler, Input, ref dScaler, new double[3]);
        CheckEveryField(ref scaler, dScaler, s => ModelFunctions.Scaled(s, Input));
    }

    [Fact]
    public void Single_precision_struct_model_taking_another_model()
    {
        var p = new FloatPair { A = [0.5f, -0.25f, 0.75f], Bias = 0.1f };
        var q = new FloatPair { A = [0.2f, 0.4f, -0.6f], Bias = -0.3f };
        var dP = new FloatPair.Gradient(p);
        var dQ = new FloatPair.Gradient(q);
        float value = p.BlendGradient(q, 0.7f, ref dP, ref dQ, out float dX);
        Assert.Equal(p.Blend(q, 0.7f), value);
        float[] start = [.. p.A, p.Bias, .. q.A, q.Bias, 0.7f];
        float[] analytic = [.. dP.A, dP.Bias, .. dQ.A, dQ.Bias, dX];
        GradientCheckResult check = GradientCheck.Compare(v =>
        {
            var pp = new FloatPair { A = v.Slice(0, 3).ToArray(), Bias = v[3] };
            var qq = new FloatPair { A = v.Slice(4, 3).ToArray(), Bias = v[7] };
            return pp.Blend(qq, v[8]);
        }, start, analytic);
        Assert.True(check.Passed, check.ToString());
    }

    [Fact]
    public void Training_step_with_gradient_clipping_health_and_adam_allocates_nothing_when_warm()
    {
        var net = new DeepNet(3, 3, new Random(8));
        var gradient = new DeepNet.Gradient(net);
        var adam = new Adam(net, learningRate: 0.01);
        var sgd = new Sgd(net, learningRate: 0.01, momentum: 0.9);
        var adamW = new AdamW(net, learningRate: 0.01);
        var health = new GradientHealth(gradient);
        double[] dX = new double[3];
        int step = 0;
        void Step()
        {
            net.LossGradient(Input, 0.3, gradient, dX);
            Clipping.ClipByGlobalNorm(gradient, 1.0);
            health.RecordGradients(step++, gradient);
            adam.Step(net, gradient);
            sgd.Step(net, gradient);
            adamW.Step(net, gradient);
        }
        Step();
        Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(ModelWalk.Names(gradient), health.LayerNames);
        Assert.Equal(GradientHealth.Norm(gradient.Layers[1].W), health.LastNorm("Layers[1].W"));
    }

    [Fact]
    public void Adam_on_a_model_trains_it()
    {
        var rng = new Random(9);
        var net = new TwoLayerNet(2, 8, 2, rng);
        var gradient = new TwoLayerNet.Gradient(net);
        var adam = new Adam(net, learningRate: 0.05);
        double[][] points = Enumerable.Range(0, 32).Select(_ => new[] { rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1 }).ToArray();
        int[] labels = points.Select(p => p[0] * p[1] > 0 ? 1 : 0).ToArray();
        double Mean() => Enumerable.Range(0, points.Length).Average(i => net.Loss(points[i], labels[i]));
        double before = Mean();
        var sum = new TwoLayerNet.Gradient(net);
        for (int epoch = 0; epoch < 200; epoch++)
        {
            sum.Clear();
            for (int i = 0; i < points.Length; i++) net.LossBackward(points[i], labels[i], 1.0 / points.Length, sum);
            adam.Step(net, sum);
        }
        Assert.True(Mean() < 0.5 * before, $"loss {before} -> {Mean()}");
    }

    [Fact]
    public void Optimizer_steps_equal_the_flat_step_over_the_same_buffers()
    {
        var net = new TwoLayerNet(3, 4, 2, new Random(10));
        var gradient = new TwoLayerNet.Gradient(net);
        net.LossGradient(Input, 0, gradient);
        double[] flat = ModelVector.Parameters(ref net, gradient);
        double[] flatGradient = ModelVector.Of(gradient);
        var adamModel = new Adam(net, learningRate: 0.1);
        var adamFlat = new Adam(flat.Length, learningRate: 0.1);
        adamModel.Step(net, gradient);
        adamFlat.Step(flat, flatGradient);
        Assert.Equal(flat, ModelVector.Parameters(ref net, gradient));

        Assert.Throws<ArgumentException>(() => new Adam(flat.Length + 1).Step(net, gradient));
        var resized = new TwoLayerNet.Gradient(net) { B2 = new double[7] };
        Assert.Throws<ArgumentException>(() => adamModel.Step(net, resized));
    }

    [Fact]
    public void Clipping_by_global_norm_scales_every_field_of_the_gradient()
    {
        var net = new DeepNet(3, 2, new Random(11));
        var gradient = new DeepNet.Gradient(net);
        net.LossGradient(Input, 5.0, gradient, new double[3]);
        double[] before = ModelVector.Of(gradient);
        double norm = Math.Sqrt(before.Sum(g => g * g));
        double returned = Clipping.ClipByGlobalNorm(gradient, 0.5 * norm);
        Assert.Equal(norm, returned, 12);
        double[] after = ModelVector.Of(gradient);
        double scale = 0.5 * norm / (norm + 1e-6);
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i] * scale, after[i], 14);

        var scaler = new Scaler(3, 0.2);
        var dScaler = new Scaler.Gradient(scaler) { Offset = 3 };
        dScaler.Gains[0] = 4;
        Assert.Equal(5, Clipping.ClipByGlobalNorm(ref dScaler, 1.0), 12);
        Assert.Equal(3 / (5 + 1e-6), dScaler.Offset, 12);
    }

    [Fact]
    public void Gradient_health_names_layers_after_fields_and_reads_their_norms()
    {
        var net = new TwoLayerNet(3, 4, 2, new Random(12));
        var gradient = new TwoLayerNet.Gradient(net);
        net.LossGradient(Input, 0, gradient);
        var health = new GradientHealth(gradient);
        health.RecordGradients(0, gradient);
        Assert.Equal(["W1", "B1", "W2", "B2", "Temperature"], health.LayerNames);
        Assert.Equal(GradientHealth.Norm(gradient.W2), health.LastNorm("W2"));
        Assert.Equal(Math.Abs(gradient.Temperature), health.LastNorm("Temperature"));
        Assert.Contains("W1: norm", health.Summary(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => health.LastNorm("W3"));
    }
}
