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
    /// <summary>Layers of the deep narrow MLP.</summary>
    public const int DeepLayers = 16;

    /// <summary>Width of every layer of the deep narrow MLP.</summary>
    public const int DeepWidth = 32;

    /// <summary>Parameters of one layer of the deep narrow MLP: a 32 × 32 weight matrix (row-major, output × input) then 32 biases.</summary>
    public const int DeepLayerSize = DeepWidth * DeepWidth + DeepWidth;

    /// <summary>Mean squared error of a 16-layer, 32-wide tanh MLP (the last layer linear) on one sample, with the
    /// runtime library: a dense layer then a span activation per layer, two stack spans reused by every layer, and
    /// <see cref="Losses.MeanSquaredError(ReadOnlySpan{double}, ReadOnlySpan{double})"/>.
    /// Layer l's weights start at <c>l * DeepLayerSize</c>, its biases right after them. Its H·v is measured in SecondOrder/.</summary>
    [Differentiable(Derivatives.Reverse | Derivatives.Hessian)]
    public static double DeepTanhLoss(ReadOnlySpan<double> weights, [NoDerivative] ReadOnlySpan<double> x,
                                      [NoDerivative] ReadOnlySpan<double> target)
    {
        Span<double> activation = stackalloc double[DeepWidth];
        Span<double> preActivation = stackalloc double[DeepWidth];
        x.Slice(0, DeepWidth).CopyTo(activation);
        for (int l = 0; l < DeepLayers - 1; l++)
        {
            int offset = l * DeepLayerSize;
            Linear.Dense(weights.Slice(offset, DeepWidth * DeepWidth), weights.Slice(offset + DeepWidth * DeepWidth, DeepWidth),
                         activation, preActivation);
            Activations.Tanh(preActivation, activation);
        }

        int last = (DeepLayers - 1) * DeepLayerSize;
        Linear.Dense(weights.Slice(last, DeepWidth * DeepWidth), weights.Slice(last + DeepWidth * DeepWidth, DeepWidth),
                     activation, preActivation);
        return Losses.MeanSquaredError(preActivation, target);
    }

    /// <summary>Same as <see cref="DeepTanhLoss"/> with ReLU activations.</summary>
    [Differentiable(Derivatives.Reverse | Derivatives.Hessian)]
    public static double DeepReluLoss(ReadOnlySpan<double> weights, [NoDerivative] ReadOnlySpan<double> x,
                                      [NoDerivative] ReadOnlySpan<double> target)
    {
        Span<double> activation = stackalloc double[DeepWidth];
        Span<double> preActivation = stackalloc double[DeepWidth];
        x.Slice(0, DeepWidth).CopyTo(activation);
        for (int l = 0; l < DeepLayers - 1; l++)
        {
            int offset = l * DeepLayerSize;
            Linear.Dense(weights.Slice(offset, DeepWidth * DeepWidth), weights.Slice(offset + DeepWidth * DeepWidth, DeepWidth),
                         activation, preActivation);
            Activations.Relu(preActivation, activation);
        }

        int last = (DeepLayers - 1) * DeepLayerSize;
        Linear.Dense(weights.Slice(last, DeepWidth * DeepWidth), weights.Slice(last + DeepWidth * DeepWidth, DeepWidth),
                     activation, preActivation);
        return Losses.MeanSquaredError(preActivation, target);
    }

    /// <summary>Same as <see cref="DeepTanhLoss"/>, written as plain scalar loops.</summary>
    [Differentiable]
    public static double DeepTanhLossPlainLoops(ReadOnlySpan<double> weights, [NoDerivative] ReadOnlySpan<double> x,
                                      [NoDerivative] ReadOnlySpan<double> target)
    {
        Span<double> activation = stackalloc double[DeepWidth];
        Span<double> next = stackalloc double[DeepWidth];
        for (int i = 0; i < DeepWidth; i++)
        {
            activation[i] = x[i];
        }

        for (int l = 0; l < DeepLayers; l++)
        {
            int offset = l * DeepLayerSize;
            for (int j = 0; j < DeepWidth; j++)
            {
                double sum = weights[offset + DeepWidth * DeepWidth + j];
                for (int k = 0; k < DeepWidth; k++)
                {
                    sum += weights[offset + j * DeepWidth + k] * activation[k];
                }

                next[j] = l < DeepLayers - 1 ? Math.Tanh(sum) : sum;
            }

            for (int j = 0; j < DeepWidth; j++)
            {
                activation[j] = next[j];
            }
        }

        double loss = 0.0;
        for (int j = 0; j < DeepWidth; j++)
        {
            double error = activation[j] - target[j];
            loss += error * error;
        }

        return loss / DeepWidth;
    }

    /// <summary>Same as <see cref="DeepReluLoss"/>, written as plain scalar loops.</summary>
    [Differentiable]
    public static double DeepReluLossPlainLoops(ReadOnlySpan<double> weights, [NoDerivative] ReadOnlySpan<double> x,
                                      [NoDerivative] ReadOnlySpan<double> target)
    {
        Span<double> activation = stackalloc double[DeepWidth];
        Span<double> next = stackalloc double[DeepWidth];
        for (int i = 0; i < DeepWidth; i++)
        {
            activation[i] = x[i];
        }

        for (int l = 0; l < DeepLayers; l++)
        {
            int offset = l * DeepLayerSize;
            for (int j = 0; j < DeepWidth; j++)
            {
                double sum = weights[offset + DeepWidth * DeepWidth + j];
                for (int k = 0; k < DeepWidth; k++)
                {
                    sum += weights[offset + j * DeepWidth + k] * activation[k];
                }

                next[j] = l < DeepLayers - 1 ? Math.Max(sum, 0.0) : sum;
            }

            for (int j = 0; j < DeepWidth; j++)
            {
                activation[j] = next[j];
            }
        }

        double loss = 0.0;
        for (int j = 0; j < DeepWidth; j++)
        {
            double error = activation[j] - target[j];
            loss += error * error;
        }

        return loss / DeepWidth;
    }
}

public static partial class HandWrittenGradients
{
    /// <summary>Value and gradient of <see cref="Models.DeepTanhLoss"/> (<paramref name="tanh"/> true) or
    /// <see cref="Models.DeepReluLoss"/>: all layer outputs kept on the stack (17 × 32), derivatives from the outputs
    /// (tanh' = 1 − y², relu' = [y &gt; 0]), SIMD dot products and rank-1 writes of each layer's weight gradient.</summary>
    public static double DeepLoss(bool tanh, ReadOnlySpan<double> weights, ReadOnlySpan<double> x,
                                  ReadOnlySpan<double> target, Span<double> dWeights)
    {
        const int width = Models.DeepWidth;
        const int layers = Models.DeepLayers;
        const int layerSize = Models.DeepLayerSize;
        Span<double> outputs = stackalloc double[(layers + 1) * width];
        Span<double> dOutput = stackalloc double[width];
        Span<double> dPre = stackalloc double[width];
        x.Slice(0, width).CopyTo(outputs);
        for (int l = 0; l < layers; l++)
        {
            ReadOnlySpan<double> layer = weights.Slice(l * layerSize, layerSize);
            ReadOnlySpan<double> input = outputs.Slice(l * width, width);
            Span<double> output = outputs.Slice((l + 1) * width, width);
            for (int j = 0; j < width; j++)
            {
                output[j] = layer[width * width + j] + TensorPrimitives.Dot(layer.Slice(j * width, width), input);
            }

            if (l < layers - 1)
            {
                if (tanh)
                {
                    TensorPrimitives.Tanh(output, output);
                }
                else
                {
                    TensorPrimitives.Max(output, 0.0, output);
                }
            }
        }

        ReadOnlySpan<double> last = outputs.Slice(layers * width, width);
        double loss = 0.0;
        for (int j = 0; j < width; j++)
        {
            double error = last[j] - target[j];
            loss += error * error;
            dOutput[j] = 2.0 * error / width;
        }

        for (int l = layers - 1; l >= 0; l--)
        {
            ReadOnlySpan<double> layer = weights.Slice(l * layerSize, layerSize);
            Span<double> dLayer = dWeights.Slice(l * layerSize, layerSize);
            ReadOnlySpan<double> input = outputs.Slice(l * width, width);
            ReadOnlySpan<double> output = outputs.Slice((l + 1) * width, width);
            for (int j = 0; j < width; j++)
            {
                double slope = l == layers - 1 ? 1.0 : tanh ? 1.0 - output[j] * output[j] : output[j] > 0.0 ? 1.0 : 0.0;
                dPre[j] = dOutput[j] * slope;
            }

            for (int j = 0; j < width; j++)
            {
                TensorPrimitives.Multiply(input, dPre[j], dLayer.Slice(j * width, width));
            }

            dPre.CopyTo(dLayer.Slice(width * width, width));
            if (l > 0)
            {
                dOutput.Clear();
                for (int j = 0; j < width; j++)
                {
                    TensorPrimitives.MultiplyAdd(layer.Slice(j * width, width), dPre[j], dOutput, dOutput);
                }
            }
        }

        return loss / width;
    }
}

/// <summary>The deep narrow MLP (16 layers × 32) on one sample, tanh or ReLU: 16,896 parameters (layer by layer, weights then biases).</summary>
public class DeepMlpBenchmark : GradientWorkload
{
    private const int Width = Models.DeepWidth;
    private const int Layers = Models.DeepLayers;

    private double[] _x = Array.Empty<double>();
    private double[] _target = Array.Empty<double>();
    private Tensor[] _tw = Array.Empty<Tensor>();
    private Tensor[] _tb = Array.Empty<Tensor>();
    private Tensor _tx = null!;
    private Tensor _ttarget = null!;
    private DeepMlpModel _model = null!;
    private DeepMlpModel.Gradient _modelGradient = null!;

    /// <summary>Hidden activation: "Tanh" or "Relu".</summary>
    [Params("Tanh", "Relu")]
    public string Activation { get; set; } = "Tanh";

    private bool IsTanh => Activation == "Tanh";

    protected override void Initialize()
    {
        var rng = new Random(13);
        AllocateParameters(Layers * Models.DeepLayerSize);
        double std = IsTanh ? 5.0 / 3.0 / Math.Sqrt(Width) : Math.Sqrt(2.0 / Width);
        for (int l = 0; l < Layers; l++)
        {
            Span<double> layer = Parameters.AsSpan(l * Models.DeepLayerSize, Models.DeepLayerSize);
            Data.Normal(rng, layer.Slice(0, Width * Width), std);
            Data.Normal(rng, layer.Slice(Width * Width, Width), 0.01);
        }

        _x = Data.Normal(rng, Width, 1.0);
        _target = Data.Normal(rng, Width, 0.5);

        // The model-class form holds copies of the same parameters, layer by layer.
        _model = new DeepMlpModel();
        for (int l = 0; l < Layers; l++)
        {
            Parameters.AsSpan(l * Models.DeepLayerSize, Width * Width).CopyTo(_model.Layers[l].W);
            Parameters.AsSpan(l * Models.DeepLayerSize + Width * Width, Width).CopyTo(_model.Layers[l].B);
        }
        _modelGradient = new DeepMlpModel.Gradient(_model);
    }

    protected override void InitializeTorch()
    {
        _tw = new Tensor[Layers];
        _tb = new Tensor[Layers];
        for (int l = 0; l < Layers; l++)
        {
            ReadOnlySpan<double> layer = Parameters.AsSpan(l * Models.DeepLayerSize, Models.DeepLayerSize);
            _tw[l] = Tensors.Parameter(layer.Slice(0, Width * Width), Width, Width);
            _tb[l] = Tensors.Parameter(layer.Slice(Width * Width, Width), Width);
        }

        _tx = Tensors.Constant(_x, Width);
        _ttarget = Tensors.Constant(_target, Width);
    }

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Forward() =>
        IsTanh ? Models.DeepTanhLoss(Parameters, _x, _target) : Models.DeepReluLoss(Parameters, _x, _target);

    /// <summary>The plain-loop form's value only.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double ForwardPlainLoops() =>
        IsTanh ? Models.DeepTanhLossPlainLoops(Parameters, _x, _target) : Models.DeepReluLossPlainLoops(Parameters, _x, _target);

    /// <summary>AutoDiffGen's generated gradient of the library-based form.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Generated() =>
        IsTanh ? Models.DeepTanhLossGradient(Parameters, _x, _target, Gradient)
               : Models.DeepReluLossGradient(Parameters, _x, _target, Gradient);

    /// <summary>The generated gradient of the model-class form (<see cref="DeepMlpModel"/>: an array of layer models).</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double GeneratedModel() =>
        IsTanh ? _model.TanhLossGradient(_x, _target, _modelGradient) : _model.ReluLossGradient(_x, _target, _modelGradient);

    protected override void ContenderDone(string contender)
    {
        if (contender != nameof(GeneratedModel)) return;
        for (int l = 0; l < Layers; l++)
        {
            _modelGradient.Layers[l].W.CopyTo(Gradient, l * Models.DeepLayerSize);
            _modelGradient.Layers[l].B.CopyTo(Gradient, l * Models.DeepLayerSize + Width * Width);
        }
    }

    /// <summary>AutoDiffGen's generated gradient of the plain-loop form.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double GeneratedPlainLoops() =>
        IsTanh ? Models.DeepTanhLossPlainLoopsGradient(Parameters, _x, _target, Gradient)
               : Models.DeepReluLossPlainLoopsGradient(Parameters, _x, _target, Gradient);

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double HandWritten() => HandWrittenGradients.DeepLoss(IsTanh, Parameters, _x, _target, Gradient);

    public override double Torch()
    {
        using var scope = torch.NewDisposeScope();
        Tensor h = _tx;
        for (int l = 0; l < Layers; l++)
        {
            h = torch.nn.functional.linear(h, _tw[l], _tb[l]);
            if (l < Layers - 1)
            {
                h = IsTanh ? torch.tanh(h) : torch.nn.functional.relu(h);
            }
        }

        Tensor loss = torch.nn.functional.mse_loss(h, _ttarget);
        loss.backward();
        for (int l = 0; l < Layers; l++)
        {
            Span<double> layer = Gradient.AsSpan(l * Models.DeepLayerSize, Models.DeepLayerSize);
            Tensors.TakeGradient(_tw[l], layer.Slice(0, Width * Width));
            Tensors.TakeGradient(_tb[l], layer.Slice(Width * Width, Width));
        }

        return loss.item<double>();
    }
}
