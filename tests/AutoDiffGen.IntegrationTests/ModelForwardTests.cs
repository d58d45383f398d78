using System;
using System.Linq;
using AutoDiffGen.IntegrationTests.Functions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Forward mode and Hessian-vector products of models (API.md, "Model types"): a model's tangent and direction are values
/// of its Gradient type. Tangents along a direction over every field (and the inputs) against central differences and
/// against gradient · direction; H·v against central differences of the gradient; class, struct and nested models,
/// arrays of sub-models, model parameters of static methods, double and float; 0 B per warm call.
/// </summary>
public class ModelForwardTests
{
    private static readonly double[] Input = { 0.4, -0.7, 0.25 };
    private const double Step = 1e-5;

    private static double[] Direction(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
    }

    private static double[] Along(double[] start, double t, double[] direction) => start.Select((s, i) => s + t * direction[i]).ToArray();

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static void Close(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * (1 + Math.Abs(expected)), $"{what}: {actual} against {expected}");

    private static void CheckHv(double[] numeric, double[] analytic, double tolerance)
    {
        GradientCheckResult result = GradientCheck.Evaluate(analytic, numeric, tolerance, tolerance);
        Assert.True(result.Passed, result.ToString());
        Assert.Contains(analytic, a => a != 0);
    }

    [Fact]
    public void Tangent_of_a_model_method_along_every_field_matches_central_differences()
    {
        var net = new SmoothNet(3, 3, new Random(21));
        var shape = new SmoothNet.Gradient(net);
        double[] theta = ModelVector.Parameters(ref net, shape);
        double[] v = Direction(theta.Length, 22), vX = Direction(3, 23);
        var tangent = new SmoothNet.Gradient(net);
        ModelVector.SetGradient(ref tangent, v);

        double value = net.EnergyTangent(Input, 0.3, tangent, vX, out double dEnergy);

        Assert.Equal(net.Energy(Input, 0.3), value);
        double At(double t)
        {
            ModelVector.SetParameters(ref net, shape, Along(theta, t, v));
            double e = net.Energy(Along(Input, t, vX), 0.3);
            ModelVector.SetParameters(ref net, shape, theta);
            return e;
        }
        Close((At(Step) - At(-Step)) / (2 * Step), dEnergy, 1e-6, "tangent vs central differences");
        var gradient = new SmoothNet.Gradient(net);
        double[] dX = new double[3];
        net.EnergyGradient(Input, 0.3, gradient, dX);
        Close(Dot(ModelVector.Of(gradient), v) + Dot(dX, vX), dEnergy, 1e-12, "tangent vs gradient · direction");
        // A direction along one field only: the tangent is that field's part of the gradient.
        var one = new SmoothNet.Gradient(net);
        one.Readout[1] = 1;
        net.EnergyTangent(Input, 0.3, one, default, out double alongReadout);
        Close(gradient.Readout[1], alongReadout, 1e-12, "tangent along Readout[1]");
    }

    [Fact]
    public void Hessian_vector_product_of_a_model_method_matches_central_differences_of_its_gradient()
    {
        var net = new SmoothNet(3, 2, new Random(24));
        var shape = new SmoothNet.Gradient(net);
        double[] theta = ModelVector.Parameters(ref net, shape);
        double[] v = Direction(theta.Length, 25), vX = Direction(3, 26);
        var direction = new SmoothNet.Gradient(net);
        ModelVector.SetGradient(ref direction, v);
        var gradient = new SmoothNet.Gradient(net);
        var hv = new SmoothNet.Gradient(net);
        ModelVector.Fill(ref gradient, 1e300);
        ModelVector.Fill(ref hv, double.NaN);
        double[] dX = new double[3], hvX = { 5, 6, 7 };

        double value = net.EnergyHessianVectorProduct(Input, 0.3, direction, vX, gradient, dX, hv, hvX);

        Assert.Equal(net.Energy(Input, 0.3), value);
        var expected = new SmoothNet.Gradient(net);
        double[] expectedX = new double[3];
        net.EnergyGradient(Input, 0.3, expected, expectedX);
        Assert.Equal(ModelVector.Of(expected), ModelVector.Of(gradient), (a, b) => Math.Abs(a - b) <= 1e-13 * (1 + Math.Abs(a)));
        Assert.Equal(expectedX, dX, (a, b) => Math.Abs(a - b) <= 1e-13 * (1 + Math.Abs(a)));
        double[] GradientAt(double t)
        {
            ModelVector.SetParameters(ref net, shape, Along(theta, t, v));
            var g = new SmoothNet.Gradient(net);
            double[] gX = new double[3];
            net.EnergyGradient(Along(Input, t, vX), 0.3, g, gX);
            ModelVector.SetParameters(ref net, shape, theta);
            return ModelVector.Of(g).Concat(gX).ToArray();
        }
        double[] plus = GradientAt(Step), minus = GradientAt(-Step);
        double[] numeric = plus.Select((p, i) => (p - minus[i]) / (2 * Step)).ToArray();
        CheckHv(numeric, ModelVector.Of(hv).Concat(hvX).ToArray(), 1e-6);
    }

    [Fact]
    public void Struct_model_tangent_and_hessian_vector_product()
    {
        var bowl = new Bowl { C = [0.3, -0.8, 0.5], Offset = 0.6 };
        var shape = new Bowl.Gradient(bowl);
        double[] theta = ModelVector.Parameters(ref bowl, shape);
        double[] v = Direction(theta.Length, 27), vX = Direction(3, 28);
        var direction = new Bowl.Gradient(bowl);
        ModelVector.SetGradient(ref direction, v);

        double value = bowl.ValueTangent(Input, direction, vX, out double dValue);
        Assert.Equal(bowl.Value(Input), value);
        double At(double t)
        {
            ModelVector.SetParameters(ref bowl, shape, Along(theta, t, v));
            double r = bowl.Value(Along(Input, t, vX));
            ModelVector.SetParameters(ref bowl, shape, theta);
            return r;
        }
        Close((At(Step) - At(-Step)) / (2 * Step), dValue, 1e-6, "struct tangent vs central differences");

        var gradient = new Bowl.Gradient(bowl);
        var hv = new Bowl.Gradient(bowl);
        double[] dX = new double[3], hvX = new double[3];
        bowl.ValueHessianVectorProduct(Input, direction, vX, ref gradient, dX, ref hv, hvX);
        double[] GradientAt(double t)
        {
            ModelVector.SetParameters(ref bowl, shape, Along(theta, t, v));
            var g = new Bowl.Gradient(bowl);
            double[] gX = new double[3];
            bowl.ValueGradient(Along(Input, t, vX), ref g, gX);
            ModelVector.SetParameters(ref bowl, shape, theta);
            return ModelVector.Of(g).Concat(gX).ToArray();
        }
        double[] plus = GradientAt(Step), minus = GradientAt(-Step);
        CheckHv(plus.Select((p, i) => (p - minus[i]) / (2 * Step)).ToArray(), ModelVector.Of(hv).Concat(hvX).ToArray(), 1e-6);
        Close(Dot(ModelVector.Of(gradient), v) + Dot(dX, vX), dValue, 1e-12, "struct gradient · direction");
    }

    [Fact]
    public void Model_parameters_of_a_static_method_get_gradient_typed_tangents_and_directions()
    {
        var net = new SmoothNet(3, 2, new Random(29));
        var bowl = new Bowl { C = [0.2, 0.9, -0.4], Offset = -0.3 };
        var netShape = new SmoothNet.Gradient(net);
        var bowlShape = new Bowl.Gradient(bowl);
        double[] netTheta = ModelVector.Parameters(ref net, netShape), bowlTheta = ModelVector.Parameters(ref bowl, bowlShape);
        double[] vNet = Direction(netTheta.Length, 30), vBowl = Direction(bowlTheta.Length, 31), vX = Direction(3, 32);
        var dirNet = new SmoothNet.Gradient(net);
        var dirBowl = new Bowl.Gradient(bowl);
        ModelVector.SetGradient(ref dirNet, vNet);
        ModelVector.SetGradient(ref dirBowl, vBowl);
        void Move(double t)
        {
            ModelVector.SetParameters(ref net, netShape, Along(netTheta, t, vNet));
            ModelVector.SetParameters(ref bowl, bowlShape, Along(bowlTheta, t, vBowl));
        }

        double value = ForwardModelFunctions.CoupledTangent(net, bowl, Input, dirNet, dirBowl, vX, out double dValue);
        Assert.Equal(ForwardModelFunctions.Coupled(net, bowl, Input), value);
        double At(double t)
        {
            Move(t);
            double r = ForwardModelFunctions.Coupled(net, bowl, Along(Input, t, vX));
            Move(0);
            return r;
        }
        Close((At(Step) - At(-Step)) / (2 * Step), dValue, 1e-6, "tangent of model parameters vs central differences");

        var dNet = new SmoothNet.Gradient(net);
        var dBowl = new Bowl.Gradient(bowl);
        var hvNet = new SmoothNet.Gradient(net);
        var hvBowl = new Bowl.Gradient(bowl);
        double[] dX = new double[3], hvX = new double[3];
        ForwardModelFunctions.CoupledHessianVectorProduct(net, bowl, Input, dirNet, dirBowl, vX, dNet, ref dBowl, dX, hvNet, ref hvBowl, hvX);
        Close(Dot(ModelVector.Of(dNet), vNet) + Dot(ModelVector.Of(dBowl), vBowl) + Dot(dX, vX), dValue, 1e-12, "gradient · direction");
        double[] GradientAt(double t)
        {
            Move(t);
            var gNet = new SmoothNet.Gradient(net);
            var gBowl = new Bowl.Gradient(bowl);
            double[] gX = new double[3];
            ForwardModelFunctions.CoupledGradient(net, bowl, Along(Input, t, vX), gNet, ref gBowl, gX);
            Move(0);
            return ModelVector.Of(gNet).Concat(ModelVector.Of(gBowl)).Concat(gX).ToArray();
        }
        double[] plus = GradientAt(Step), minus = GradientAt(-Step);
        CheckHv(plus.Select((p, i) => (p - minus[i]) / (2 * Step)).ToArray(),
            ModelVector.Of(hvNet).Concat(ModelVector.Of(hvBowl)).Concat(hvX).ToArray(), 1e-6);
    }

    [Fact]
    public void Single_precision_model_tangent_and_hessian_vector_product()
    {
        var cell = new FloatCell { W = [0.4f, -0.3f, 0.8f], Bias = 0.2f };
        float[] x = Input.Select(d => (float)d).ToArray();
        var shape = new FloatCell.Gradient(cell);
        double[] theta = ModelVector.Parameters(ref cell, shape);
        double[] v = Direction(theta.Length, 33);
        float[] vX = Direction(3, 34).Select(d => (float)d).ToArray();
        var direction = new FloatCell.Gradient(cell);
        ModelVector.SetGradient(ref direction, v);

        float value = cell.StepTangent(x, direction, vX, out float dStep);
        Assert.Equal(cell.Step(x), value);
        const double h = 1e-2;
        double At(double t)
        {
            ModelVector.SetParameters(ref cell, shape, Along(theta, t, v));
            double r = cell.Step(x.Select((xi, i) => (float)(xi + t * vX[i])).ToArray());
            ModelVector.SetParameters(ref cell, shape, theta);
            return r;
        }
        Close((At(h) - At(-h)) / (2 * h), dStep, 2e-3, "float tangent vs central differences");

        var gradient = new FloatCell.Gradient(cell);
        var hv = new FloatCell.Gradient(cell);
        float[] dX = new float[3], hvX = new float[3];
        cell.StepHessianVectorProduct(x, direction, vX, gradient, dX, hv, hvX);
        double[] GradientAt(double t)
        {
            ModelVector.SetParameters(ref cell, shape, Along(theta, t, v));
            var g = new FloatCell.Gradient(cell);
            float[] gX = new float[3];
            cell.StepGradient(x.Select((xi, i) => (float)(xi + t * vX[i])).ToArray(), g, gX);
            ModelVector.SetParameters(ref cell, shape, theta);
            return ModelVector.Of(g).Concat(gX.Select(f => (double)f)).ToArray();
        }
        double[] plus = GradientAt(h), minus = GradientAt(-h);
        CheckHv(plus.Select((p, i) => (p - minus[i]) / (2 * h)).ToArray(), ModelVector.Of(hv).Concat(hvX.Select(f => (double)f)).ToArray(), 5e-3);
    }

    [Fact]
    public void Warm_tangent_and_hessian_vector_product_calls_of_models_allocate_nothing()
    {
        var net = new SmoothNet(3, 3, new Random(35));
        var direction = new SmoothNet.Gradient(net);
        ModelVector.SetGradient(ref direction, Direction(ModelVector.Of(direction).Length, 36));
        var gradient = new SmoothNet.Gradient(net);
        var hv = new SmoothNet.Gradient(net);
        var bowl = new Bowl { C = [0.3, -0.8, 0.5], Offset = 0.6 };
        var bowlDirection = new Bowl.Gradient(bowl) { Offset = 1 };
        var bowlGradient = new Bowl.Gradient(bowl);
        var bowlHv = new Bowl.Gradient(bowl);
        double[] vX = { 0.1, 0.2, 0.3 }, dX = new double[3], hvX = new double[3];
        double sink = 0;
        void Calls()
        {
            sink += net.EnergyTangent(Input, 0.3, direction, vX, out double t);
            sink += t + net.EnergyHessianVectorProduct(Input, 0.3, direction, vX, gradient, dX, hv, hvX);
            sink += bowl.ValueTangent(Input, bowlDirection, vX, out double u);
            sink += u + bowl.ValueHessianVectorProduct(Input, bowlDirection, vX, ref bowlGradient, dX, ref bowlHv, hvX);
            sink += ForwardModelFunctions.CoupledHessianVectorProduct(net, bowl, Input, direction, bowlDirection, vX, gradient, ref bowlGradient, dX, hv, ref bowlHv, hvX);
        }
        Calls();
        Calls();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Calls();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sink));
    }

    [Fact]
    public void A_checkpointed_model_loop_calling_a_method_with_a_local_array_in_every_kind()
    {
        var model = new Recurrent();
        double[] inputs = { 0.3, -0.5, 0.9, 0.1, -0.7, 0.4, 0.2 };
        var shape = new Recurrent.Gradient(model);
        double[] theta = ModelVector.Parameters(ref model, shape);
        double[] v = Direction(theta.Length, 37), vX = Direction(inputs.Length, 38);
        var direction = new Recurrent.Gradient(model);
        ModelVector.SetGradient(ref direction, v);

        var gradient = new Recurrent.Gradient(model);
        double[] dX = new double[inputs.Length];
        double value = model.SequenceGradient(inputs, gradient, dX);
        Assert.Equal(model.Sequence(inputs), value);
        GradientCheckResult check = GradientCheck.Compare(p =>
        {
            ModelVector.SetParameters(ref model, shape, p);
            double r = model.Sequence(inputs);
            ModelVector.SetParameters(ref model, shape, theta);
            return r;
        }, theta, ModelVector.Of(gradient), tolerance: 1e-6);
        Assert.True(check.Passed, check.ToString());

        model.SequenceTangent(inputs, direction, vX, out double dValue);
        Close(Dot(ModelVector.Of(gradient), v) + Dot(dX, vX), dValue, 1e-12, "checkpointed tangent vs gradient · direction");

        var g = new Recurrent.Gradient(model);
        var hv = new Recurrent.Gradient(model);
        double[] gX = new double[inputs.Length], hvX = new double[inputs.Length];
        model.SequenceHessianVectorProduct(inputs, direction, vX, g, gX, hv, hvX);
        double[] GradientAt(double t)
        {
            ModelVector.SetParameters(ref model, shape, Along(theta, t, v));
            var at = new Recurrent.Gradient(model);
            double[] atX = new double[inputs.Length];
            model.SequenceGradient(Along(inputs, t, vX), at, atX);
            ModelVector.SetParameters(ref model, shape, theta);
            return ModelVector.Of(at).Concat(atX).ToArray();
        }
        double[] plus = GradientAt(Step), minus = GradientAt(-Step);
        CheckHv(plus.Select((p, i) => (p - minus[i]) / (2 * Step)).ToArray(), ModelVector.Of(hv).Concat(hvX).ToArray(), 1e-6);

        void Calls()
        {
            model.SequenceGradient(inputs, gradient, dX);
            model.SequenceTangent(inputs, direction, vX, out _);
            model.SequenceHessianVectorProduct(inputs, direction, vX, g, gX, hv, hvX);
        }
        Calls();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Calls();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Local_functions_of_a_generic_method_in_double_and_float()
    {
        double[] w = { 0.4, -0.9, 0.3 };
        double[] dW = new double[3];
        double value = GenericLocalFunctions.SmoothGradient(0.7, w, out double dX, dW);
        Assert.Equal(GenericLocalFunctions.Smooth(0.7, w), value);
        double[] point = [0.7, .. w];
        GradientCheckResult check = GradientCheck.Compare(p => GenericLocalFunctions.Smooth(p[0], p.Slice(1)), point, [dX, .. dW], tolerance: 1e-6);
        Assert.True(check.Passed, check.ToString());

        double[] hessian = new double[16];
        GenericLocalFunctions.SmoothHessian(0.7, w, hessian);
        double[] vW = { 0.2, -0.1, 0.5 };
        GenericLocalFunctions.SmoothHessianVectorProduct(0.7, w, 1.0, vW, out _, new double[3], out double hvX, new double[3]);
        double[] direction = [1.0, .. vW];
        Close(Enumerable.Range(0, 4).Sum(j => hessian[j] * direction[j]), hvX, 1e-12, "H·v against the Hessian's first row");

        float[] wf = w.Select(d => (float)d).ToArray();
        float[] dWf = new float[3];
        float valueF = GenericLocalFunctions.SmoothGradient(0.7f, wf, out float dXf, dWf);
        Assert.Equal(value, valueF, 5);
        Assert.Equal(dX, dXf, 4);
        for (int i = 0; i < 3; i++) Assert.Equal(dW[i], dWf[i], 4);
        GenericLocalFunctions.SmoothTangent(0.7f, wf, 1f, default, out float tangentF);
        Assert.Equal(dX, tangentF, 4);
    }

    [Fact]
    public void Every_form_of_the_deep_model_in_forward_mode_and_hessian_vector_products()
    {
        var net = new DeepNet(3, 3, new Random(39));
        var shape = new DeepNet.Gradient(net);
        double[] theta = ModelVector.Parameters(ref net, shape);
        double[] v = Direction(theta.Length, 40), vX = Direction(3, 41);
        var direction = new DeepNet.Gradient(net);
        ModelVector.SetGradient(ref direction, v);
        void Move(double t) => ModelVector.SetParameters(ref net, shape, Along(theta, t, v));

        double value = net.ObjectiveTangent(Input, direction, vX, out double dValue);
        Assert.Equal(net.Objective(Input), value);
        double At(double t)
        {
            Move(t);
            double r = net.Objective(Along(Input, t, vX));
            Move(0);
            return r;
        }
        Close((At(Step) - At(-Step)) / (2 * Step), dValue, 1e-6, "tangent vs central differences");

        var gradient = new DeepNet.Gradient(net);
        var hv = new DeepNet.Gradient(net);
        double[] dX = new double[3], hvX = new double[3];
        net.ObjectiveHessianVectorProduct(Input, direction, vX, gradient, dX, hv, hvX);
        Close(Dot(ModelVector.Of(gradient), v) + Dot(dX, vX), dValue, 1e-12, "gradient · direction");
        double[] GradientAt(double t)
        {
            Move(t);
            var g = new DeepNet.Gradient(net);
            double[] gX = new double[3];
            net.ObjectiveGradient(Along(Input, t, vX), g, gX);
            Move(0);
            return ModelVector.Of(g).Concat(gX).ToArray();
        }
        double[] plus = GradientAt(Step), minus = GradientAt(-Step);
        CheckHv(plus.Select((p, i) => (p - minus[i]) / (2 * Step)).ToArray(), ModelVector.Of(hv).Concat(hvX).ToArray(), 1e-6);

        net.ObjectiveHessianVectorProduct(Input, direction, vX, gradient, dX, hv, hvX);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            net.ObjectiveTangent(Input, direction, vX, out _);
            net.ObjectiveHessianVectorProduct(Input, direction, vX, gradient, dX, hv, hvX);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
