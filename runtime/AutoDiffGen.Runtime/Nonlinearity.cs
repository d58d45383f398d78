namespace AutoDiffGen;

/// <summary>The nonlinearities of PyTorch's <c>torch.nn.init.calculate_gain</c>, for <see cref="Init.Gain"/>.</summary>
public enum Nonlinearity
{
    /// <summary>No nonlinearity (identity); gain 1.</summary>
    Linear,
    /// <summary>A 1-d convolution with no nonlinearity; gain 1.</summary>
    Conv1d,
    /// <summary>A 2-d convolution with no nonlinearity; gain 1.</summary>
    Conv2d,
    /// <summary>A 3-d convolution with no nonlinearity; gain 1.</summary>
    Conv3d,
    /// <summary>A transposed 1-d convolution; gain 1.</summary>
    ConvTranspose1d,
    /// <summary>A transposed 2-d convolution; gain 1.</summary>
    ConvTranspose2d,
    /// <summary>A transposed 3-d convolution; gain 1.</summary>
    ConvTranspose3d,
    /// <summary>The logistic sigmoid; gain 1.</summary>
    Sigmoid,
    /// <summary>tanh; gain 5/3.</summary>
    Tanh,
    /// <summary>ReLU; gain √2.</summary>
    Relu,
    /// <summary>Leaky ReLU with negative slope s; gain √(2 / (1 + s²)).</summary>
    LeakyRelu,
    /// <summary>SELU; gain 3/4 (PyTorch's choice for self-normalizing networks).</summary>
    Selu,
}
