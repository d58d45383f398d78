using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using AutoDiffGen.Benchmarks.Harness;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace AutoDiffGen.Benchmarks.Workloads;

public static partial class Models
{
    /// <summary>Inputs of the 64-128-10 MLP.</summary>
    public const int MlpInputs = 64;

    /// <summary>Hidden units of the 64-128-10 MLP.</summary>
    public const int MlpHidden = 128;

    /// <summary>Classes of the 64-128-10 MLP.</summary>
    public const int MlpClasses = 10;

    /// <summary>
    /// Mean softmax cross-entropy of a 64-128-10 ReLU MLP over a batch. Weights are row-major (output × input), as
    /// PyTorch's Linear: <paramref name="w1"/> is 128 × 64, <paramref name="w2"/> is 10 × 128; sample s is
    /// <c>x[s*64 .. s*64+64)</c> with class <c>labels[s]</c>.
    /// </summary>
    [Differentiable]
    public static double MlpLoss(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2,
                                 ReadOnlySpan<double> b2, [NoDerivative] ReadOnlySpan<double> x,
                                 ReadOnlySpan<int> labels, int batch)
    {
        Span<double> preActivation = stackalloc double[batch * MlpHidden];
        Span<double> hidden = stackalloc double[batch * MlpHidden];
        Span<double> logits = stackalloc double[batch * MlpClasses];
        Linear.DenseBatch(w1, b1, x.Slice(0, batch * MlpInputs), preActivation, batch);
        Activations.Relu(preActivation, hidden);
        Linear.DenseBatch(w2, b2, hidden, logits, batch);
        return Losses.SoftmaxCrossEntropy(logits, labels.Slice(0, batch));
    }

    /// <summary>Same as <see cref="MlpLoss"/>, written by hand as plain scalar loops (the "hand-written 64-128-10 MLP
    /// loss" of issue 3: nested loops over spans, stackalloc activations, a max-subtracted log-sum-exp).</summary>
    [Differentiable]
    public static double MlpLossPlainLoops(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2,
                                           ReadOnlySpan<double> b2, [NoDerivative] ReadOnlySpan<double> x,
                                           ReadOnlySpan<int> labels, int batch)
    {
        Span<double> hidden = stackalloc double[MlpHidden];
        Span<double> logits = stackalloc double[MlpClasses];
        double total = 0.0;
        for (int s = 0; s < batch; s++)
        {
            for (int j = 0; j < MlpHidden; j++)
            {
                double a = b1[j];
                for (int k = 0; k < MlpInputs; k++)
                {
                    a += w1[j * MlpInputs + k] * x[s * MlpInputs + k];
                }

                hidden[j] = Math.Max(a, 0.0);
            }

            for (int c = 0; c < MlpClasses; c++)
            {
                double a = b2[c];
                for (int j = 0; j < MlpHidden; j++)
                {
                    a += w2[c * MlpHidden + j] * hidden[j];
                }

                logits[c] = a;
            }

            double max = logits[0];
            for (int c = 1; c < MlpClasses; c++)
            {
                max = Math.Max(max, logits[c]);
            }

            double sum = 0.0;
            for (int c = 0; c < MlpClasses; c++)
            {
                sum += Math.Exp(logits[c] - max);
            }

            total += Math.Log(sum) + max - logits[labels[s]];
        }

        return total / batch;
    }
}

public static partial class HandWrittenGradients
{
    /// <summary>
    /// Value and gradient of <see cref="Models.MlpLoss"/>, sample by sample: SIMD dot products forward; backward
    /// dlogits = (softmax − onehot)/batch, rank-1 updates of dW2 and dW1 (rows of dead ReLUs skipped), dhidden = W2ᵀ·dlogits.
    /// The first sample writes the gradients, later ones accumulate, so nothing is cleared twice. Scratch on the stack.
    /// </summary>
    public static double MlpLoss(ReadOnlySpan<double> w1, ReadOnlySpan<double> b1, ReadOnlySpan<double> w2,
                                 ReadOnlySpan<double> b2, ReadOnlySpan<double> x, ReadOnlySpan<int> labels, int batch,
                                 Span<double> dW1, Span<double> dB1, Span<double> dW2, Span<double> dB2)
    {
        const int inputs = Models.MlpInputs;
        const int hiddenUnits = Models.MlpHidden;
        const int classes = Models.MlpClasses;
        Span<double> hidden = stackalloc double[hiddenUnits];
        Span<double> dHidden = stackalloc double[hiddenUnits];
        Span<double> logits = stackalloc double[classes];
        double inverseBatch = 1.0 / batch;
        double total = 0.0;
        for (int s = 0; s < batch; s++)
        {
            bool first = s == 0;
            ReadOnlySpan<double> input = x.Slice(s * inputs, inputs);
            for (int j = 0; j < hiddenUnits; j++)
            {
                hidden[j] = Math.Max(b1[j] + TensorPrimitives.Dot(w1.Slice(j * inputs, inputs), input), 0.0);
            }

            for (int c = 0; c < classes; c++)
            {
                logits[c] = b2[c] + TensorPrimitives.Dot(w2.Slice(c * hiddenUnits, hiddenUnits), hidden);
            }

            int label = labels[s];
            double labelLogit = logits[label];
            double max = TensorPrimitives.Max(logits);
            double sum = 0.0;
            for (int c = 0; c < classes; c++)
            {
                double e = Math.Exp(logits[c] - max);
                logits[c] = e;
                sum += e;
            }

            total += Math.Log(sum) + max - labelLogit;
            double inverseSum = 1.0 / sum;
            dHidden.Clear();
            for (int c = 0; c < classes; c++)
            {
                double dLogit = (logits[c] * inverseSum - (c == label ? 1.0 : 0.0)) * inverseBatch;
                Span<double> dW2Row = dW2.Slice(c * hiddenUnits, hiddenUnits);
                if (first)
                {
                    TensorPrimitives.Multiply(hidden, dLogit, dW2Row);
                    dB2[c] = dLogit;
                }
                else
                {
                    TensorPrimitives.MultiplyAdd(hidden, dLogit, dW2Row, dW2Row);
                    dB2[c] += dLogit;
                }

                TensorPrimitives.MultiplyAdd(w2.Slice(c * hiddenUnits, hiddenUnits), dLogit, dHidden, dHidden);
            }

            for (int j = 0; j < hiddenUnits; j++)
            {
                double dPre = hidden[j] > 0.0 ? dHidden[j] : 0.0;
                Span<double> dW1Row = dW1.Slice(j * inputs, inputs);
                if (first)
                {
                    if (dPre == 0.0)
                    {
                        dW1Row.Clear();
                    }
                    else
                    {
                        TensorPrimitives.Multiply(input, dPre, dW1Row);
                    }

                    dB1[j] = dPre;
                }
                else if (dPre != 0.0)
                {
                    TensorPrimitives.MultiplyAdd(input, dPre, dW1Row, dW1Row);
                    dB1[j] += dPre;
                }
            }
        }

        return total * inverseBatch;
    }
}

/// <summary>
/// The 64-128-10 ReLU MLP with softmax cross-entropy at batch 1, 32 and 256. Parameters, flat: w1 (128 × 64), b1 (128),
/// w2 (10 × 128), b2 (10): 9,610 in all. <c>GeneratedAllCores</c> is the same generated gradient sharded over all cores by
/// <see cref="DataParallelGradient{T}"/> (each shard calls <c>MlpLossGradient</c> on its slice of the batch).
/// </summary>
public class MlpBenchmark : GradientWorkload
{
    private const int W1Size = Models.MlpHidden * Models.MlpInputs;
    private const int B1Offset = W1Size;
    private const int W2Offset = B1Offset + Models.MlpHidden;
    private const int W2Size = Models.MlpClasses * Models.MlpHidden;
    private const int B2Offset = W2Offset + W2Size;
    private const int Count = B2Offset + Models.MlpClasses;

    private double[] _x = Array.Empty<double>();
    private int[] _labels = Array.Empty<int>();
    private Tensor _tw1 = null!;
    private Tensor _tb1 = null!;
    private Tensor _tw2 = null!;
    private Tensor _tb2 = null!;
    private Tensor _tx = null!;
    private Tensor _tlabels = null!;
    private DataParallelGradient<double>? _allCores;
    private ShardGradient<double> _shard = null!;
    private MlpModel _model = null!;
    private MlpModel.Gradient _modelGradient = null!;

    /// <summary>Samples per step.</summary>
    [Params(1, 32, 256)]
    public int Batch { get; set; }

    private ReadOnlySpan<double> W1 => Parameters.AsSpan(0, W1Size);
    private ReadOnlySpan<double> B1 => Parameters.AsSpan(B1Offset, Models.MlpHidden);
    private ReadOnlySpan<double> W2 => Parameters.AsSpan(W2Offset, W2Size);
    private ReadOnlySpan<double> B2 => Parameters.AsSpan(B2Offset, Models.MlpClasses);

    protected override void Initialize()
    {
        var rng = new Random(11);
        AllocateParameters(Count);
        Data.Normal(rng, Parameters.AsSpan(0, W1Size), Math.Sqrt(2.0 / Models.MlpInputs));
        Data.Normal(rng, Parameters.AsSpan(B1Offset, Models.MlpHidden), 0.01);
        Data.Normal(rng, Parameters.AsSpan(W2Offset, W2Size), Math.Sqrt(1.0 / Models.MlpHidden));
        Data.Normal(rng, Parameters.AsSpan(B2Offset, Models.MlpClasses), 0.01);
        _x = Data.Normal(rng, Batch * Models.MlpInputs, 1.0);
        _labels = new int[Batch];
        for (int s = 0; s < Batch; s++)
        {
            _labels[s] = rng.Next(Models.MlpClasses);
        }

        // The model-class form holds copies of the same parameters in its fields.
        _model = new MlpModel();
        W1.CopyTo(_model.W1);
        B1.CopyTo(_model.B1);
        W2.CopyTo(_model.W2);
        B2.CopyTo(_model.B2);
        _modelGradient = new MlpModel.Gradient(_model);

        _shard = (start, count, g) =>
            Models.MlpLossGradient(W1, B1, W2, B2, _x.AsSpan(start * Models.MlpInputs, count * Models.MlpInputs), _labels.AsSpan(start, count), count,
                g.Slice(0, W1Size), g.Slice(B1Offset, Models.MlpHidden), g.Slice(W2Offset, W2Size), g.Slice(B2Offset, Models.MlpClasses));
    }

    /// <summary>Stops the data-parallel worker threads of this instance.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _allCores?.Dispose();
        _allCores = null;
    }

    protected override void InitializeTorch()
    {
        _tw1 = Tensors.Parameter(W1, Models.MlpHidden, Models.MlpInputs);
        _tb1 = Tensors.Parameter(B1, Models.MlpHidden);
        _tw2 = Tensors.Parameter(W2, Models.MlpClasses, Models.MlpHidden);
        _tb2 = Tensors.Parameter(B2, Models.MlpClasses);
        _tx = Tensors.Constant(_x, Batch, Models.MlpInputs);
        _tlabels = Tensors.Labels(_labels);
    }

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Forward() => Models.MlpLoss(W1, B1, W2, B2, _x, _labels, Batch);

    /// <summary>The plain-loop form's value only.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double ForwardPlainLoops() => Models.MlpLossPlainLoops(W1, B1, W2, B2, _x, _labels, Batch);

    /// <summary>AutoDiffGen's generated gradient of the library-based form.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Generated() =>
        Models.MlpLossGradient(W1, B1, W2, B2, _x, _labels, Batch,
            Gradient.AsSpan(0, W1Size), Gradient.AsSpan(B1Offset, Models.MlpHidden),
            Gradient.AsSpan(W2Offset, W2Size), Gradient.AsSpan(B2Offset, Models.MlpClasses));

    /// <summary>The generated gradient of the model-class form (<see cref="MlpModel"/>), into its <c>MlpModel.Gradient</c>.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double GeneratedModel() => _model.LossGradient(_x, _labels, Batch, _modelGradient);

    protected override void ContenderDone(string contender)
    {
        if (contender != nameof(GeneratedModel)) return;
        _modelGradient.W1.CopyTo(Gradient, 0);
        _modelGradient.B1.CopyTo(Gradient, B1Offset);
        _modelGradient.W2.CopyTo(Gradient, W2Offset);
        _modelGradient.B2.CopyTo(Gradient, B2Offset);
    }

    /// <summary>The generated gradient on every core: one shard of the batch per core, reduced in shard order.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double GeneratedAllCores() => (_allCores ??= new DataParallelGradient<double>(Count)).Compute(Batch, _shard, Gradient);

    /// <summary>AutoDiffGen's generated gradient of the plain-loop form.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double GeneratedPlainLoops() =>
        Models.MlpLossPlainLoopsGradient(W1, B1, W2, B2, _x, _labels, Batch,
            Gradient.AsSpan(0, W1Size), Gradient.AsSpan(B1Offset, Models.MlpHidden),
            Gradient.AsSpan(W2Offset, W2Size), Gradient.AsSpan(B2Offset, Models.MlpClasses));

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double HandWritten() =>
        HandWrittenGradients.MlpLoss(W1, B1, W2, B2, _x, _labels, Batch,
            Gradient.AsSpan(0, W1Size), Gradient.AsSpan(B1Offset, Models.MlpHidden),
            Gradient.AsSpan(W2Offset, W2Size), Gradient.AsSpan(B2Offset, Models.MlpClasses));

    public override double Torch()
    {
        using var scope = torch.NewDisposeScope();
        Tensor hidden = torch.nn.functional.relu(torch.nn.functional.linear(_tx, _tw1, _tb1));
        Tensor logits = torch.nn.functional.linear(hidden, _tw2, _tb2);
        Tensor loss = torch.nn.functional.cross_entropy(logits, _tlabels);
        loss.backward();
        Tensors.TakeGradient(_tw1, Gradient.AsSpan(0, W1Size));
        Tensors.TakeGradient(_tb1, Gradient.AsSpan(B1Offset, Models.MlpHidden));
        Tensors.TakeGradient(_tw2, Gradient.AsSpan(W2Offset, W2Size));
        Tensors.TakeGradient(_tb2, Gradient.AsSpan(B2Offset, Models.MlpClasses));
        return loss.item<double>();
    }
}
