namespace AutoDiffGen;

/// <summary>
/// Layer and batch normalization with PyTorch's semantics (biased variance to normalize, eps added inside the square root),
/// for <see cref="double"/> and <see cref="float"/>, each with a hand-written pullback for
/// <see cref="DifferentiableAttribute">[Differentiable]</see> code.
/// </summary>
/// <remarks>
/// The differentiable functions are pure: a pullback re-runs its forward computation, so any side effect would happen twice.
/// Batch normalization therefore comes in three parts: <c>BatchNormTraining</c> (normalizes with the batch's own statistics),
/// <c>BatchNormInference</c> (normalizes with given running statistics), and <see cref="BatchNormRunningStatistics{T}"/>,
/// which the training loop updates explicitly once per batch.
/// </remarks>
public static partial class Normalization
{
}
