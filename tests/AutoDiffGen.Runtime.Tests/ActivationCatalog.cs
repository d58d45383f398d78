using System;
using System.Collections.Generic;

namespace AutoDiffGen.Runtime.Tests;

public delegate double ScalarBackward(double x, double seed, ref double dX);
public delegate float ScalarBackwardF(float x, float seed, ref float dX);
public delegate void SpanForward(ReadOnlySpan<double> x, Span<double> y);
public delegate void SpanForwardF(ReadOnlySpan<float> x, Span<float> y);
public delegate void SpanBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX);
public delegate void SpanBackwardF(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX);

/// <summary>One activation with its hyperparameters bound (PyTorch defaults; PReLU with α = 0.25), in every overload.</summary>
public sealed record Activation(
    string Name,
    Func<double, double> F, ScalarBackward Backward, SpanForward Span, SpanBackward SpanBackward,
    Func<float, float> FF, ScalarBackwardF BackwardF, SpanForwardF SpanF, SpanBackwardF SpanBackwardF,
    double Kink = double.NaN);

public static class ActivationCatalog
{
    public static readonly IReadOnlyDictionary<string, Activation> All = Build();

    public static IEnumerable<object[]> Names()
    {
        foreach (string name in All.Keys) yield return [name];
    }

    public static (double[] Value, double[] Derivative) Reference(string name) => name switch
    {
        "Relu" => (ActivationReference.ReluValue, ActivationReference.ReluDerivative),
        "LeakyRelu" => (ActivationReference.LeakyReluValue, ActivationReference.LeakyReluDerivative),
        "PRelu" => (ActivationReference.PReluValue, ActivationReference.PReluDerivative),
        "Elu" => (ActivationReference.EluValue, ActivationReference.EluDerivative),
        "Selu" => (ActivationReference.SeluValue, ActivationReference.SeluDerivative),
        "Gelu" => (ActivationReference.GeluValue, ActivationReference.GeluDerivative),
        "GeluTanh" => (ActivationReference.GeluTanhValue, ActivationReference.GeluTanhDerivative),
        "Silu" => (ActivationReference.SiluValue, ActivationReference.SiluDerivative),
        "Softplus" => (ActivationReference.SoftplusValue, ActivationReference.SoftplusDerivative),
        "Sigmoid" => (ActivationReference.SigmoidValue, ActivationReference.SigmoidDerivative),
        "Tanh" => (ActivationReference.TanhValue, ActivationReference.TanhDerivative),
        _ => throw new ArgumentException(name),
    };

    private static Dictionary<string, Activation> Build()
    {
        var list = new Activation[]
        {
            new("Relu", Activations.Relu, Activations.ReluBackward, Activations.Relu, Activations.ReluBackward,
                Activations.Relu, Activations.ReluBackward, Activations.Relu, Activations.ReluBackward, Kink: 0),
            new("LeakyRelu", x => Activations.LeakyRelu(x), (double x, double s, ref double d) => Activations.LeakyReluBackward(x, 0.01, s, ref d),
                (x, y) => Activations.LeakyRelu(x, y), (x, y, dy, dx) => Activations.LeakyReluBackward(x, y, 0.01, dy, dx),
                x => Activations.LeakyRelu(x), (float x, float s, ref float d) => Activations.LeakyReluBackward(x, 0.01f, s, ref d),
                (x, y) => Activations.LeakyRelu(x, y), (x, y, dy, dx) => Activations.LeakyReluBackward(x, y, 0.01f, dy, dx), Kink: 0),
            new("PRelu", x => Activations.PRelu(x, 0.25), (double x, double s, ref double d) => { double a = 0; return Activations.PReluBackward(x, 0.25, s, ref d, ref a); },
                (x, y) => Activations.PRelu(x, 0.25, y), (x, y, dy, dx) => { double a = 0; Activations.PReluBackward(x, 0.25, y, dy, dx, ref a); },
                x => Activations.PRelu(x, 0.25f), (float x, float s, ref float d) => { float a = 0; return Activations.PReluBackward(x, 0.25f, s, ref d, ref a); },
                (x, y) => Activations.PRelu(x, 0.25f, y), (x, y, dy, dx) => { float a = 0; Activations.PReluBackward(x, 0.25f, y, dy, dx, ref a); }, Kink: 0),
            new("Elu", x => Activations.Elu(x), (double x, double s, ref double d) => Activations.EluBackward(x, 1.0, s, ref d),
                (x, y) => Activations.Elu(x, y), (x, y, dy, dx) => Activations.EluBackward(x, y, 1.0, dy, dx),
                x => Activations.Elu(x), (float x, float s, ref float d) => Activations.EluBackward(x, 1f, s, ref d),
                (x, y) => Activations.Elu(x, y), (x, y, dy, dx) => Activations.EluBackward(x, y, 1f, dy, dx), Kink: 0),
            new("Selu", Activations.Selu, Activations.SeluBackward, Activations.Selu, Activations.SeluBackward,
                Activations.Selu, Activations.SeluBackward, Activations.Selu, Activations.SeluBackward, Kink: 0),
            new("Gelu", Activations.Gelu, Activations.GeluBackward, Activations.Gelu, Activations.GeluBackward,
                Activations.Gelu, Activations.GeluBackward, Activations.Gelu, Activations.GeluBackward),
            new("GeluTanh", Activations.GeluTanh, Activations.GeluTanhBackward, Activations.GeluTanh, Activations.GeluTanhBackward,
                Activations.GeluTanh, Activations.GeluTanhBackward, Activations.GeluTanh, Activations.GeluTanhBackward),
            new("Silu", Activations.Silu, Activations.SiluBackward, Activations.Silu, Activations.SiluBackward,
                Activations.Silu, Activations.SiluBackward, Activations.Silu, Activations.SiluBackward),
            new("Softplus", x => Activations.Softplus(x), (double x, double s, ref double d) => Activations.SoftplusBackward(x, 1.0, 20.0, s, ref d),
                (x, y) => Activations.Softplus(x, y), (x, y, dy, dx) => Activations.SoftplusBackward(x, y, 1.0, 20.0, dy, dx),
                x => Activations.Softplus(x), (float x, float s, ref float d) => Activations.SoftplusBackward(x, 1f, 20f, s, ref d),
                (x, y) => Activations.Softplus(x, y), (x, y, dy, dx) => Activations.SoftplusBackward(x, y, 1f, 20f, dy, dx), Kink: 20),
            new("Sigmoid", Activations.Sigmoid, Activations.SigmoidBackward, Activations.Sigmoid, Activations.SigmoidBackward,
                Activations.Sigmoid, Activations.SigmoidBackward, Activations.Sigmoid, Activations.SigmoidBackward),
            new("Tanh", Activations.Tanh, Activations.TanhBackward, Activations.Tanh, Activations.TanhBackward,
                Activations.Tanh, Activations.TanhBackward, Activations.Tanh, Activations.TanhBackward),
        };
        var map = new Dictionary<string, Activation>();
        foreach (Activation a in list) map[a.Name] = a;
        return map;
    }
}
