using System;
using System.Linq;
using System.Numerics;
using AutoDiffGen.IntegrationTests.Functions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Models generic over <c>T : IFloatingPointIeee754&lt;T&gt;</c> (API.md, "Generic math"): one class or struct, used with
/// <c>T = double</c> and <c>T = float</c>; gradients against central differences over every field, overwrite semantics,
/// generic sub-models (an array of struct layers, a class head), training with Adam, and 0 B per warm step.
/// </summary>
public class GenericModelTests
{
    private static readonly double[] Input = { 0.4, -0.7, 0.25 };
    private static readonly double[] Target = { 0.3, -0.2 };

    private static T[] As<T>(double[] values) where T : IFloatingPointIeee754<T> => values.Select(T.CreateTruncating).ToArray();

    /// <summary>The gradient against central differences of <paramref name="loss"/> over every parameter, in double.</summary>
    private static void CheckEveryField<TModel, TGradient>(TModel model, TGradient gradient, Func<TModel, double> loss)
        where TModel : class, IDifferentiableModel<TGradient> where TGradient : IModelGradient
    {
        double[] start = ModelVector.Parameters(ref model, gradient);
        double[] analytic = ModelVector.Of(gradient);
        Assert.Equal(start.Length, model.ParameterCount);
        GradientCheckResult result = GradientCheck.Compare(p =>
        {
            ModelVector.SetParameters(ref model, gradient, p);
            double value = loss(model);
            ModelVector.SetParameters(ref model, gradient, start);
            return value;
        }, start, analytic, tolerance: 1e-6);
        Assert.True(result.Passed, result.ToString());
        Assert.DoesNotContain(analytic, g => g == 0);
    }

    /// <summary>The same in float: central differences of the float model (step and tolerance of float).</summary>
    private static void CheckEveryFieldSingle<TModel, TGradient>(TModel model, TGradient gradient, Func<TModel, float> loss)
        where TModel : class, IDifferentiableModel<TGradient> where TGradient : IModelGradient
    {
        float[] start = ModelVector.Parameters(ref model, gradient).Select(v => (float)v).ToArray();
        float[] analytic = ModelVector.Of(gradient).Select(v => (float)v).ToArray();
        Assert.Equal(start.Length, model.ParameterCount);
        GradientCheckResult result = GradientCheck.Compare(p =>
        {
            ModelVector.SetParameters(ref model, gradient, p.ToArray().Select(v => (double)v).ToArray());
            float value = loss(model);
            ModelVector.SetParameters(ref model, gradient, start.Select(v => (double)v).ToArray());
            return value;
        }, start, analytic);
        Assert.True(result.Passed, result.ToString());
        Assert.DoesNotContain(analytic, g => g == 0);
    }

    [Fact]
    public void Generic_mlp_in_double_matches_finite_differences_over_every_field()
    {
        var net = new GenericMlp<double>(3, 5, 2, new Random(1));
        var gradient = new GenericMlp<double>.Gradient(net);
        double value = net.LossGradient(Input, Target, gradient);

        Assert.Equal(net.Loss(Input, Target), value);
        CheckEveryField(net, gradient, n => n.Loss(Input, Target));
        Assert.Equal(["W1", "B1", "W2", "B2", "Temperature"], ModelWalk.Names(gradient));
        Assert.Null(typeof(GenericMlp<double>.Gradient).GetField("Decay"));
    }

    [Fact]
    public void Generic_mlp_in_float_matches_finite_differences_over_every_field()
    {
        var net = new GenericMlp<float>(3, 5, 2, new Random(1));
        var gradient = new GenericMlp<float>.Gradient(net);
        float[] x = As<float>(Input), target = As<float>(Target);
        float value = net.LossGradient(x, target, gradient);

        Assert.Equal(net.Loss(x, target), value);
        CheckEveryFieldSingle(net, gradient, n => n.Loss(x, target));
        Assert.Equal(typeof(float[]), typeof(GenericMlp<float>.Gradient).GetField("W1")!.FieldType);
    }

    [Fact]
    public void Float_and_double_specializations_agree()
    {
        var doubles = new GenericMlp<double>(3, 4, 2, new Random(4));
        var singles = new GenericMlp<float>(3, 4, 2, new Random(4));
        var dGradient = new GenericMlp<double>.Gradient(doubles);
        var sGradient = new GenericMlp<float>.Gradient(singles);
        // The same parameters: the double model's rounded to float.
        double[] rounded = ModelVector.Parameters(ref singles, sGradient);
        ModelVector.SetParameters(ref doubles, dGradient, rounded);

        double d = doubles.LossGradient(Input, Target, dGradient);
        float s = singles.LossGradient(As<float>(Input), As<float>(Target), sGradient);

        Assert.Equal(d, s, 1e-5);
        double[] dg = ModelVector.Of(dGradient), sg = ModelVector.Of(sGradient);
        for (int i = 0; i < dg.Length; i++) Assert.True(Math.Abs(dg[i] - sg[i]) <= 1e-4 * Math.Max(1, Math.Abs(dg[i])), $"entry {i}: {dg[i]} vs {sg[i]}");
    }

    [Fact]
    public void Gradient_of_a_generic_model_overwrites_whatever_it_held_in_double_and_float()
    {
        var net = new GenericMlp<double>(3, 4, 2, new Random(2));
        var clean = new GenericMlp<double>.Gradient(net);
        var dirty = new GenericMlp<double>.Gradient(net);
        ModelVector.Fill(ref dirty, 1e300);
        Assert.Equal(net.LossGradient(Input, Target, clean), net.LossGradient(Input, Target, dirty));
        Assert.Equal(ModelVector.Of(clean), ModelVector.Of(dirty));

        var netF = new GenericMlp<float>(3, 4, 2, new Random(2));
        var cleanF = new GenericMlp<float>.Gradient(netF);
        var dirtyF = new GenericMlp<float>.Gradient(netF);
        ModelVector.Fill(ref dirtyF, float.NaN);
        float[] x = As<float>(Input), target = As<float>(Target);
        Assert.Equal(netF.LossGradient(x, target, cleanF), netF.LossGradient(x, target, dirtyF));
        Assert.Equal(ModelVector.Of(cleanF), ModelVector.Of(dirtyF));
    }

    [Fact]
    public void Backward_of_a_generic_model_adds_seed_times_the_gradient()
    {
        var net = new GenericMlp<double>(3, 4, 2, new Random(3));
        var once = new GenericMlp<double>.Gradient(net);
        net.LossGradient(Input, Target, once);
        var twice = new GenericMlp<double>.Gradient(net);
        net.LossBackward(Input, Target, 2.0, twice);
        Assert.Equal(ModelVector.Of(once).Select(g => 2 * g).ToArray(), ModelVector.Of(twice));
    }

    [Fact]
    public void Generic_model_of_generic_sub_models_matches_finite_differences_in_double()
    {
        var stack = new GenericStack<double>(3, 3, new Random(5));
        var gradient = new GenericStack<double>.Gradient(stack);
        double value = stack.LossGradient(Input, 0.4, gradient, out double dTarget);

        Assert.Equal(stack.Loss(Input, 0.4), value);
        CheckEveryField(stack, gradient, s => s.Loss(Input, 0.4));
        Assert.Equal(stack.Loss(Input, 0.4 + 1e-6) - stack.Loss(Input, 0.4 - 1e-6), 2e-6 * dTarget, 1e-8);
        Assert.Contains("Layers[2].Gain", ModelWalk.Names(gradient));
        Assert.Contains("Head.Shift", ModelWalk.Names(gradient));
    }

    [Fact]
    public void Generic_model_of_generic_sub_models_matches_finite_differences_in_float()
    {
        var stack = new GenericStack<float>(3, 3, new Random(5));
        var gradient = new GenericStack<float>.Gradient(stack);
        float[] x = As<float>(Input);
        float value = stack.LossGradient(x, 0.4f, gradient, out float _);

        Assert.Equal(stack.Loss(x, 0.4f), value);
        CheckEveryFieldSingle(stack, gradient, s => s.Loss(x, 0.4f));
        var dirty = new GenericStack<float>.Gradient(stack);
        ModelVector.Fill(ref dirty, 1e30);
        stack.LossGradient(x, 0.4f, dirty, out float _);
        Assert.Equal(ModelVector.Of(gradient), ModelVector.Of(dirty));
    }

    [Fact]
    public void Generic_model_calling_its_generic_sub_models_and_its_own_methods_matches_finite_differences_in_double()
    {
        var deep = new GenericDeep<double>(3, 3, new Random(21));
        var gradient = new GenericDeep<double>.Gradient(deep);
        double value = deep.LossGradient(Input, 0.2, gradient, out double dTarget);

        Assert.Equal(deep.Loss(Input, 0.2), value);
        CheckEveryField(deep, gradient, d => d.Loss(Input, 0.2));
        Assert.Equal((deep.Loss(Input, 0.2 + 1e-6) - deep.Loss(Input, 0.2 - 1e-6)) / 2e-6, dTarget, 1e-7);
        var dirty = new GenericDeep<double>.Gradient(deep);
        ModelVector.Fill(ref dirty, double.NaN);
        deep.LossGradient(Input, 0.2, dirty, out double _);
        Assert.Equal(ModelVector.Of(gradient), ModelVector.Of(dirty));
    }

    [Fact]
    public void Generic_model_calling_its_generic_sub_models_and_its_own_methods_matches_finite_differences_in_float()
    {
        var deep = new GenericDeep<float>(3, 3, new Random(21));
        var gradient = new GenericDeep<float>.Gradient(deep);
        float[] x = As<float>(Input);
        float value = deep.LossGradient(x, 0.2f, gradient, out float _);

        Assert.Equal(deep.Loss(x, 0.2f), value);
        CheckEveryFieldSingle(deep, gradient, d => d.Loss(x, 0.2f));
    }

    [Fact]
    public void Training_step_of_a_generic_model_calling_sub_models_allocates_nothing_when_warm()
    {
        StepOfDeepAllocatesNothing<double>();
        StepOfDeepAllocatesNothing<float>();
    }

    private static void StepOfDeepAllocatesNothing<T>() where T : IFloatingPointIeee754<T>
    {
        var deep = new GenericDeep<T>(4, 3, new Random(22));
        var gradient = new GenericDeep<T>.Gradient(deep);
        var adam = new Adam(deep, learningRate: 0.01);
        T[] x = As<T>([0.1, -0.2, 0.3, 0.4]);
        void Step()
        {
            deep.LossGradient(x, T.CreateTruncating(0.5), gradient, out T _);
            Clipping.ClipByGlobalNorm(gradient, 1.0);
            adam.Step(deep, gradient);
        }
        Step();
        Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Adam_trains_a_generic_model_in_double_and_float(bool single)
    {
        (double first, double last) = single ? Train<float>() : Train<double>();
        Assert.True(last < 0.2 * first, $"mean loss {first} -> {last}");
    }

    private static (double First, double Last) Train<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(7);
        var net = new GenericMlp<T>(2, 8, 1, rng) { Decay = T.Zero };
        var gradient = new GenericMlp<T>.Gradient(net);
        var adam = new Adam(net, learningRate: 0.02);
        T[] x = new T[2], y = new T[1];
        double first = 0, last = 0;
        for (int step = 0; step < 1500; step++)
        {
            double a = 2 * rng.NextDouble() - 1, b = 2 * rng.NextDouble() - 1;
            x[0] = T.CreateTruncating(a);
            x[1] = T.CreateTruncating(b);
            y[0] = T.CreateTruncating(0.5 * Math.Sin(2 * a) * b);
            double loss = double.CreateTruncating(net.LossGradient(x, y, gradient));
            adam.Step(net, gradient);
            if (step < 150) first += loss / 150;
            if (step >= 1350) last += loss / 150;
        }
        return (first, last);
    }

    [Fact]
    public void Training_step_of_generic_models_with_clipping_health_and_optimizers_allocates_nothing_when_warm()
    {
        WarmStepAllocatesNothing<double>();
        WarmStepAllocatesNothing<float>();
    }

    private static void WarmStepAllocatesNothing<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var net = new GenericMlp<T>(3, 6, 2, new Random(8));
        var gradient = new GenericMlp<T>.Gradient(net);
        var stack = new GenericStack<T>(3, 2, new Random(9));
        var stackGradient = new GenericStack<T>.Gradient(stack);
        var adam = new Adam(net, learningRate: 0.01);
        var sgd = new Sgd(stack, learningRate: 0.01, momentum: 0.9);
        var adamW = new AdamW(net, learningRate: 0.01);
        var health = new GradientHealth(gradient);
        T[] x = As<T>(Input), target = As<T>(Target);
        int step = 0;
        void Step()
        {
            net.LossGradient(x, target, gradient);
            Clipping.ClipByGlobalNorm(gradient, 1.0);
            health.RecordGradients(step++, gradient);
            adam.Step(net, gradient);
            adamW.Step(net, gradient);
            stack.LossGradient(x, T.CreateTruncating(0.3), stackGradient, out T _);
            Clipping.ClipByGlobalNorm(stackGradient, 1.0);
            sgd.Step(stack, stackGradient);
        }
        Step();
        Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(ModelWalk.Names(gradient), health.LayerNames);
        Assert.True(health.LastNorm("W1") > 0);
    }
}

/// <summary>Forward mode and H·v of a generic struct model, and a generic method taking it, in double and float.</summary>
public class GenericModelForwardTests
{
    private static double[] Direction(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
    }

    [Fact]
    public void Tangent_and_hessian_vector_product_of_a_generic_struct_model_in_double_match_central_differences()
    {
        var cell = new GenericCell<double>(4, new Random(11));
        var gradient = new GenericCell<double>.Gradient(cell);
        int n = ((IDifferentiableModel)cell).ParameterCount;
        double[] start = ModelVector.Parameters(ref cell, gradient);
        double[] v = Direction(n, 12);
        var direction = new GenericCell<double>.Gradient(cell);
        ModelVector.SetGradient(ref direction, v);
        const double x = 0.7, vX = 0.3, h = 1e-5;

        double value = cell.EnergyTangent(x, direction, vX, out double dEnergy);
        Assert.Equal(cell.Energy(x), value);
        double Along(double t)
        {
            ModelVector.SetParameters(ref cell, gradient, start.Select((p, i) => p + t * v[i]).ToArray());
            double e = cell.Energy(x + t * vX);
            ModelVector.SetParameters(ref cell, gradient, start);
            return e;
        }
        Assert.Equal((Along(h) - Along(-h)) / (2 * h), dEnergy, 1e-7);

        // H·v (parameters only, x fixed): against central differences of the gradient along v.
        var hv = new GenericCell<double>.Gradient(cell);
        cell.EnergyHessianVectorProduct(x, direction, 0.0, ref gradient, out double _, ref hv, out double _);
        double[] Gradient(double t)
        {
            ModelVector.SetParameters(ref cell, gradient, start.Select((p, i) => p + t * v[i]).ToArray());
            var g = new GenericCell<double>.Gradient(cell);
            cell.EnergyGradient(x, ref g, out double _);
            ModelVector.SetParameters(ref cell, gradient, start);
            return ModelVector.Of(g);
        }
        double[] plus = Gradient(h), minus = Gradient(-h), analytic = ModelVector.Of(hv);
        for (int i = 0; i < n; i++) Assert.Equal((plus[i] - minus[i]) / (2 * h), analytic[i], 1e-6);
        Assert.Contains(analytic, e => e != 0);
    }

    [Fact]
    public void Tangent_of_a_generic_struct_model_in_float_matches_the_double_one()
    {
        var doubles = new GenericCell<double>(4, new Random(13));
        var singles = new GenericCell<float>(4, new Random(13));
        var dShape = new GenericCell<double>.Gradient(doubles);
        var sShape = new GenericCell<float>.Gradient(singles);
        ModelVector.SetParameters(ref doubles, dShape, ModelVector.Parameters(ref singles, sShape));
        double[] v = Direction(5, 14).Select(d => (double)(float)d).ToArray();
        ModelVector.SetGradient(ref dShape, v);
        ModelVector.SetGradient(ref sShape, v);

        double d = doubles.EnergyTangent(0.5, dShape, 0.25, out double dd);
        float s = singles.EnergyTangent(0.5f, sShape, 0.25f, out float ds);
        Assert.Equal(d, s, 1e-5);
        Assert.Equal(dd, ds, 1e-4);
    }

    [Fact]
    public void Tangent_and_hessian_vector_product_of_a_generic_model_calling_sub_models_match_central_differences()
    {
        double[] input = { 0.4, -0.7, 0.25 };
        var deep = new GenericDeep<double>(3, 2, new Random(23));
        var gradient = new GenericDeep<double>.Gradient(deep);
        int n = ((IDifferentiableModel)deep).ParameterCount;
        double[] start = ModelVector.Parameters(ref deep, gradient);
        double[] v = Direction(n, 24);
        var direction = new GenericDeep<double>.Gradient(deep);
        ModelVector.SetGradient(ref direction, v);
        const double h = 1e-5;
        double Along(double t)
        {
            ModelVector.SetParameters(ref deep, gradient, start.Select((p, i) => p + t * v[i]).ToArray());
            double e = deep.Loss(input, 0.2 + t * 0.5);
            ModelVector.SetParameters(ref deep, gradient, start);
            return e;
        }
        double value = deep.LossTangent(input, 0.2, direction, 0.5, out double dLoss);
        Assert.Equal(deep.Loss(input, 0.2), value);
        Assert.Equal((Along(h) - Along(-h)) / (2 * h), dLoss, 1e-7);

        var hv = new GenericDeep<double>.Gradient(deep);
        deep.LossHessianVectorProduct(input, 0.2, direction, 0.0, gradient, out double _, hv, out double _);
        double[] Gradient(double t)
        {
            ModelVector.SetParameters(ref deep, gradient, start.Select((p, i) => p + t * v[i]).ToArray());
            var g = new GenericDeep<double>.Gradient(deep);
            deep.LossGradient(input, 0.2, g, out double _);
            ModelVector.SetParameters(ref deep, gradient, start);
            return ModelVector.Of(g);
        }
        double[] plus = Gradient(h), minus = Gradient(-h), analytic = ModelVector.Of(hv);
        for (int i = 0; i < n; i++) Assert.Equal((plus[i] - minus[i]) / (2 * h), analytic[i], 1e-6);

        // The float specialization of the tangent agrees with the double one.
        var deepF = new GenericDeep<float>(3, 2, new Random(23));
        var shapeF = new GenericDeep<float>.Gradient(deepF);
        ModelVector.SetParameters(ref deep, gradient, ModelVector.Parameters(ref deepF, shapeF));
        double[] vRounded = v.Select(d => (double)(float)d).ToArray();
        ModelVector.SetGradient(ref direction, vRounded);
        ModelVector.SetGradient(ref shapeF, vRounded);
        deep.LossTangent(input, 0.2, direction, 0.5, out double dDouble);
        deepF.LossTangent(input.Select(d => (float)d).ToArray(), 0.2f, shapeF, 0.5f, out float dSingle);
        Assert.Equal(dDouble, dSingle, 1e-4);
    }

    [Fact]
    public void Generic_method_taking_a_generic_model_in_double_and_float()
    {
        var cell = new GenericCell<double>(3, new Random(15));
        var dCell = new GenericCell<double>.Gradient(cell);
        double value = GenericModelUsers.PenalizedGradient(cell, 0.4, 0.2, ref dCell, out double dX, out double dWeight);
        Assert.Equal(GenericModelUsers.Penalized(cell, 0.4, 0.2), value);
        Assert.Equal(cell.Gain * cell.Gain, dWeight, 1e-12);
        const double h = 1e-6;
        Assert.Equal((GenericModelUsers.Penalized(cell, 0.4 + h, 0.2) - GenericModelUsers.Penalized(cell, 0.4 - h, 0.2)) / (2 * h), dX, 1e-7);
        double[] start = ModelVector.Parameters(ref cell, dCell);
        double[] analytic = ModelVector.Of(dCell);
        GradientCheckResult result = GradientCheck.Compare(p =>
        {
            ModelVector.SetParameters(ref cell, dCell, p);
            double e = GenericModelUsers.Penalized(cell, 0.4, 0.2);
            ModelVector.SetParameters(ref cell, dCell, start);
            return e;
        }, start, analytic, tolerance: 1e-6);
        Assert.True(result.Passed, result.ToString());

        var cellF = new GenericCell<float>(3, new Random(15));
        var dCellF = new GenericCell<float>.Gradient(cellF);
        float valueF = GenericModelUsers.PenalizedGradient(cellF, 0.4f, 0.2f, ref dCellF, out float dXF, out float _);
        Assert.Equal(value, valueF, 1e-5);
        Assert.Equal(dX, dXF, 1e-4);
        Assert.Equal(analytic, ModelVector.Of(dCellF), (a, b) => Math.Abs(a - b) <= 1e-4 * Math.Max(1, Math.Abs(a)));
    }

    [Fact]
    public void Forward_mode_and_hessian_vector_products_of_a_generic_model_allocate_nothing_when_warm()
    {
        var cell = new GenericCell<float>(4, new Random(16));
        var direction = new GenericCell<float>.Gradient(cell);
        var gradient = new GenericCell<float>.Gradient(cell);
        var hv = new GenericCell<float>.Gradient(cell);
        ModelVector.SetGradient(ref direction, Direction(5, 17));
        void Call()
        {
            cell.EnergyTangent(0.5f, direction, 0.1f, out float _);
            cell.EnergyHessianVectorProduct(0.5f, direction, 0.1f, ref gradient, out float _, ref hv, out float _);
        }
        Call();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Call();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
