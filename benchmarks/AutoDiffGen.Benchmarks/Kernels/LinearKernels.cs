using System;
using System.Runtime.CompilerServices;
using AutoDiffGen.Benchmarks.Harness;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace AutoDiffGen.Benchmarks.Kernels;

/// <summary>
/// A dense layer's forward and backward pass, the first layer of the 64-128-10 MLP (W 128 × 64, b 128) at batch 1 and 32:
/// Y = X Wᵀ + b, then, given dY: dW = dYᵀ X, dB = Σ_rows dY, dX = dY W. Output: y, dW, dB, dX.
/// <list type="bullet">
/// <item><description><c>Library</c>: <c>Linear.Dense</c> (batch 1) or <c>Linear.DenseBatch</c>, then its pullback into cleared
/// adjoints: the two calls a generated gradient makes (the pullback recomputes y).</description></item>
/// <item><description><c>LibraryBackwardOnly</c>: the pullback alone (it writes y too).</description></item>
/// <item><description><c>PlainLoops</c>: naive triple loops (the reference).</description></item>
/// <item><description><c>TorchOneThread</c>: <c>torch.nn.functional.linear</c> on leaf tensors, <c>y.backward(dY)</c>, everything copied out.</description></item>
/// </list>
/// </summary>
public class LinearBenchmark : KernelBenchmark
{
    /// <summary>Input features.</summary>
    public const int Inputs = 64;

    /// <summary>Output features.</summary>
    public const int Outputs = 128;

    private double[] _w = Array.Empty<double>();
    private double[] _b = Array.Empty<double>();
    private double[] _x = Array.Empty<double>();
    private double[] _dY = Array.Empty<double>();
    private Tensor _tw = null!;
    private Tensor _tb = null!;
    private Tensor _tx = null!;
    private Tensor[] _tdY = Array.Empty<Tensor>();

    /// <summary>Rows per call.</summary>
    [Params(1, 32)]
    public int Batch { get; set; }

    private int YOffset => 0;

    private int DWOffset => Batch * Outputs;

    private int DBOffset => DWOffset + Outputs * Inputs;

    private int DXOffset => DBOffset + Outputs;

    private Span<double> Y => Output.AsSpan(YOffset, Batch * Outputs);

    /// <summary>
    /// W (out × in) is read by the forward call, the pullback's forward and dX = dY W; dW is cleared, read and written; x is read
    /// by both forwards and dW; dY by dW, dX and dB; y written twice; dX and dB cleared, read and written.
    /// </summary>
    protected override double RooflineBytes
    {
        get
        {
            double w = Outputs * Inputs, x = Batch * Inputs, y = Batch * Outputs;
            return sizeof(double) * (3 * w + 3 * w + 3 * x + 3 * y + 2 * y + 3 * x + 3 * Outputs);
        }
    }

    /// <summary>Four products of batch × in × out FMAs (two forwards, dW, dX) and the bias sums.</summary>
    protected override double RooflineInstructions(int doubleLanes) => (4.0 * Batch * Inputs * Outputs + 2.0 * Batch * Outputs) / doubleLanes;

    private Span<double> DW => Output.AsSpan(DWOffset, Outputs * Inputs);

    private Span<double> DB => Output.AsSpan(DBOffset, Outputs);

    private Span<double> DX => Output.AsSpan(DXOffset, Batch * Inputs);

    protected override void Initialize()
    {
        var rng = new Random(29);
        _w = Data.Normal(rng, Outputs * Inputs, Math.Sqrt(1.0 / Inputs));
        _b = Data.Normal(rng, Outputs, 0.1);
        _x = Data.Normal(rng, Batch * Inputs, 1.0);
        _dY = Data.Normal(rng, Batch * Outputs, 1.0);
        Output = new double[DXOffset + Batch * Inputs];
        _tw = Tensors.Parameter(_w, Outputs, Inputs);
        _tb = Tensors.Parameter(_b, Outputs);
        _tx = Tensors.Parameter(_x, Batch, Inputs);
        _tdY = new[] { Tensors.Constant(_dY, Batch, Outputs) };
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Library()
    {
        Span<double> y = Y, dW = DW, dB = DB, dX = DX;
        dW.Clear();
        dB.Clear();
        dX.Clear();
        if (Batch == 1)
        {
            Linear.Dense(_w, _b, _x, y);
            Linear.DenseBackward(_w, _b, _x, y, _dY, dW, dB, dX);
        }
        else
        {
            Linear.DenseBatch(_w, _b, _x, y, Batch);
            Linear.DenseBatchBackward(_w, _b, _x, y, Batch, _dY, dW, dB, dX);
        }

        return y[0];
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double LibraryBackwardOnly()
    {
        Span<double> y = Y, dW = DW, dB = DB, dX = DX;
        dW.Clear();
        dB.Clear();
        dX.Clear();
        if (Batch == 1)
        {
            Linear.DenseBackward(_w, _b, _x, y, _dY, dW, dB, dX);
        }
        else
        {
            Linear.DenseBatchBackward(_w, _b, _x, y, Batch, _dY, dW, dB, dX);
        }

        return y[0];
    }

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double PlainLoops()
    {
        Span<double> y = Y, dW = DW, dB = DB, dX = DX;
        ReadOnlySpan<double> w = _w, b = _b, x = _x, dY = _dY;
        int batch = Batch;
        for (int r = 0; r < batch; r++)
        {
            for (int o = 0; o < Outputs; o++)
            {
                double sum = b[o];
                for (int i = 0; i < Inputs; i++)
                {
                    sum += w[o * Inputs + i] * x[r * Inputs + i];
                }

                y[r * Outputs + o] = sum;
            }
        }

        for (int o = 0; o < Outputs; o++)
        {
            double bias = 0.0;
            for (int i = 0; i < Inputs; i++)
            {
                double sum = 0.0;
                for (int r = 0; r < batch; r++)
                {
                    sum += dY[r * Outputs + o] * x[r * Inputs + i];
                }

                dW[o * Inputs + i] = sum;
            }

            for (int r = 0; r < batch; r++)
            {
                bias += dY[r * Outputs + o];
            }

            dB[o] = bias;
        }

        for (int r = 0; r < batch; r++)
        {
            for (int i = 0; i < Inputs; i++)
            {
                double sum = 0.0;
                for (int o = 0; o < Outputs; o++)
                {
                    sum += dY[r * Outputs + o] * w[o * Inputs + i];
                }

                dX[r * Inputs + i] = sum;
            }
        }

        return y[0];
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double TorchOneThread()
    {
        using var scope = torch.NewDisposeScope();
        Tensor y = torch.nn.functional.linear(_tx, _tw, _tb);
        y.backward(_tdY);
        using (var values = y.detach().data<double>())
        {
            values.CopyTo(Y);
        }

        Tensors.TakeGradient(_tw, DW);
        Tensors.TakeGradient(_tb, DB);
        Tensors.TakeGradient(_tx, DX);
        return Output[0];
    }
}
