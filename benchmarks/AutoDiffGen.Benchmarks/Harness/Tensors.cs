using System;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoDiffGen.Benchmarks.Harness;

/// <summary>Small TorchSharp helpers shared by the workloads.</summary>
public static class Tensors
{
    /// <summary>A float64 CPU tensor holding a copy of <paramref name="values"/>, shaped <paramref name="shape"/>.</summary>
    public static Tensor Constant(ReadOnlySpan<double> values, params long[] shape) =>
        torch.tensor(values.ToArray(), shape, dtype: ScalarType.Float64);

    /// <summary>A float64 CPU leaf tensor that requires grad (a parameter), holding a copy of <paramref name="values"/>.</summary>
    public static Tensor Parameter(ReadOnlySpan<double> values, params long[] shape) =>
        torch.tensor(values.ToArray(), shape, dtype: ScalarType.Float64, requires_grad: true);

    /// <summary>A 0-dimensional float64 leaf tensor that requires grad.</summary>
    public static Tensor ScalarParameter(double value) =>
        torch.tensor(value, dtype: ScalarType.Float64, requires_grad: true);

    /// <summary>An int64 tensor of class labels.</summary>
    public static Tensor Labels(ReadOnlySpan<int> labels)
    {
        long[] values = new long[labels.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = labels[i];
        }

        return torch.tensor(values, dtype: ScalarType.Int64);
    }

    /// <summary>Copies the accumulated gradient of <paramref name="parameter"/> into <paramref name="destination"/> and zeroes it
    /// (PyTorch's <c>zero_grad(set_to_none=False)</c>), so the next backward starts from zero.</summary>
    public static void TakeGradient(Tensor parameter, Span<double> destination)
    {
        Tensor grad = parameter.grad ?? throw new InvalidOperationException("parameter has no gradient after backward()");
        using (var accessor = grad.data<double>())
        {
            accessor.CopyTo(destination);
        }

        grad.zero_();
    }

    /// <summary>Same as <see cref="TakeGradient(Tensor, Span{double})"/> for a 0-dimensional parameter.</summary>
    public static double TakeScalarGradient(Tensor parameter)
    {
        Tensor grad = parameter.grad ?? throw new InvalidOperationException("parameter has no gradient after backward()");
        double value = grad.item<double>();
        grad.zero_();
        return value;
    }
}
