using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Losses
{
    /// <summary>
    /// Computes the binary cross-entropy of <c>σ(x)</c> against the target t in the stable form of PyTorch's
    /// <c>binary_cross_entropy_with_logits</c>: <c>L = max(x, 0) − x·t + ln(1 + e^(−|x|))</c>
    /// (equal to <c>−t·ln σ(x) − (1 − t)·ln(1 − σ(x))</c>, but finite for |x| up to the overflow range). Computed in double.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="logit">The logit x.</param>
    /// <param name="target">The target t, usually in [0, 1]; a constant.</param>
    public static T BinaryCrossEntropyWithLogits<T>(T logit, [NoDerivative] T target) where T : IFloatingPointIeee754<T>
        => T.CreateTruncating(Bce(double.CreateTruncating(logit), double.CreateTruncating(target)));

    /// <summary>
    /// Pullback of <see cref="BinaryCrossEntropyWithLogits{T}(T, T)"/>: returns L and adds <c>seed · (σ(x) − t)</c>
    /// into <paramref name="dLogit"/> (nothing where σ(x) = t, even for an infinite seed).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="logit">The logit x.</param>
    /// <param name="target">The target t.</param>
    /// <param name="seed">The adjoint of the loss.</param>
    /// <param name="dLogit">Accumulates the adjoint of <paramref name="logit"/>.</param>
    [DerivativeOf(nameof(BinaryCrossEntropyWithLogits))]
    public static T BinaryCrossEntropyWithLogitsBackward<T>(T logit, T target, T seed, ref T dLogit) where T : IFloatingPointIeee754<T>
    {
        double x = double.CreateTruncating(logit), t = double.CreateTruncating(target);
        dLogit += Adjoint.Times(seed, T.CreateTruncating(ScalarMath.Sigmoid(x) - t));
        return T.CreateTruncating(Bce(x, t));
    }

    /// <summary>
    /// Forward-mode derivative of <see cref="BinaryCrossEntropyWithLogits{T}(T, T)"/>: returns L and sets
    /// <paramref name="dResult"/> = <c>(σ(x) − t) · dLogit</c> (0 where σ(x) = t, even for an infinite dLogit).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="logit">The logit x.</param>
    /// <param name="target">The target t.</param>
    /// <param name="dLogit">The tangent of <paramref name="logit"/>.</param>
    /// <param name="dResult">Receives the tangent of the loss.</param>
    [DerivativeOf(nameof(BinaryCrossEntropyWithLogits), Derivatives.Forward)]
    public static T BinaryCrossEntropyWithLogitsTangent<T>(T logit, T target, T dLogit, out T dResult) where T : IFloatingPointIeee754<T>
    {
        double x = double.CreateTruncating(logit), t = double.CreateTruncating(target);
        dResult = Adjoint.Times(dLogit, T.CreateTruncating(ScalarMath.Sigmoid(x) - t));
        return T.CreateTruncating(Bce(x, t));
    }

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="BinaryCrossEntropyWithLogitsBackward{T}(T, T, T, ref T)"/>, for
    /// Hessian-vector products: returns L, adds the pullback's <c>seed · (σ(x) − t)</c> into <paramref name="dLogit"/>, adds its
    /// derivative along (vLogit, vSeed), <c>vSeed · (σ(x) − t) + seed · σ(x)·σ(−x) · vLogit</c> (L″ = σ(x)(1 − σ(x)), with
    /// 1 − σ(x) computed as σ(−x) for accuracy), into <paramref name="hvLogit"/>, and sets <paramref name="vResult"/> =
    /// <c>(σ(x) − t) · vLogit</c>. Products with a factor that is 0 add nothing.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="logit">The logit x.</param>
    /// <param name="target">The target t.</param>
    /// <param name="seed">The adjoint of the loss.</param>
    /// <param name="dLogit">Accumulates the adjoint of <paramref name="logit"/>.</param>
    /// <param name="vLogit">The direction's component along <paramref name="logit"/>.</param>
    /// <param name="vSeed">The tangent of <paramref name="seed"/>.</param>
    /// <param name="hvLogit">Accumulates the tangent of <paramref name="dLogit"/>.</param>
    /// <param name="vResult">Receives the tangent of the loss along vLogit.</param>
    [DerivativeOf(nameof(BinaryCrossEntropyWithLogits), Derivatives.Hessian)]
    public static T BinaryCrossEntropyWithLogitsBackwardTangent<T>(T logit, T target, T seed, ref T dLogit, T vLogit, T vSeed, ref T hvLogit, out T vResult)
        where T : IFloatingPointIeee754<T>
    {
        double x = double.CreateTruncating(logit), t = double.CreateTruncating(target);
        T gradient = T.CreateTruncating(ScalarMath.Sigmoid(x) - t);
        T curvature = T.CreateTruncating(ScalarMath.Sigmoid(x) * ScalarMath.Sigmoid(-x));
        dLogit += Adjoint.Times(seed, gradient);
        hvLogit += Adjoint.Times(vSeed, gradient) + Adjoint.Times(seed * vLogit, curvature);
        vResult = Adjoint.Times(vLogit, gradient);
        return T.CreateTruncating(Bce(x, t));
    }

    /// <inheritdoc cref="BinaryCrossEntropyWithLogits{T}(T, T)"/>
    public static double BinaryCrossEntropyWithLogits(double logit, [NoDerivative] double target) => BinaryCrossEntropyWithLogits<double>(logit, target);

    /// <inheritdoc cref="BinaryCrossEntropyWithLogits{T}(T, T)"/>
    public static float BinaryCrossEntropyWithLogits(float logit, [NoDerivative] float target) => BinaryCrossEntropyWithLogits<float>(logit, target);

    /// <inheritdoc cref="BinaryCrossEntropyWithLogitsBackward{T}(T, T, T, ref T)"/>
    [DerivativeOf(nameof(BinaryCrossEntropyWithLogits))]
    public static double BinaryCrossEntropyWithLogitsBackward(double logit, double target, double seed, ref double dLogit)
        => BinaryCrossEntropyWithLogitsBackward<double>(logit, target, seed, ref dLogit);

    /// <inheritdoc cref="BinaryCrossEntropyWithLogitsBackward{T}(T, T, T, ref T)"/>
    [DerivativeOf(nameof(BinaryCrossEntropyWithLogits))]
    public static float BinaryCrossEntropyWithLogitsBackward(float logit, float target, float seed, ref float dLogit)
        => BinaryCrossEntropyWithLogitsBackward<float>(logit, target, seed, ref dLogit);

    /// <inheritdoc cref="BinaryCrossEntropyWithLogitsTangent{T}(T, T, T, out T)"/>
    [DerivativeOf(nameof(BinaryCrossEntropyWithLogits), Derivatives.Forward)]
    public static double BinaryCrossEntropyWithLogitsTangent(double logit, double target, double dLogit, out double dResult)
        => BinaryCrossEntropyWithLogitsTangent<double>(logit, target, dLogit, out dResult);

    /// <inheritdoc cref="BinaryCrossEntropyWithLogitsTangent{T}(T, T, T, out T)"/>
    [DerivativeOf(nameof(BinaryCrossEntropyWithLogits), Derivatives.Forward)]
    public static float BinaryCrossEntropyWithLogitsTangent(float logit, float target, float dLogit, out float dResult)
        => BinaryCrossEntropyWithLogitsTangent<float>(logit, target, dLogit, out dResult);

    /// <inheritdoc cref="BinaryCrossEntropyWithLogitsBackwardTangent{T}(T, T, T, ref T, T, T, ref T, out T)"/>
    [DerivativeOf(nameof(BinaryCrossEntropyWithLogits), Derivatives.Hessian)]
    public static double BinaryCrossEntropyWithLogitsBackwardTangent(double logit, double target, double seed, ref double dLogit, double vLogit, double vSeed, ref double hvLogit, out double vResult)
        => BinaryCrossEntropyWithLogitsBackwardTangent<double>(logit, target, seed, ref dLogit, vLogit, vSeed, ref hvLogit, out vResult);

    /// <inheritdoc cref="BinaryCrossEntropyWithLogitsBackwardTangent{T}(T, T, T, ref T, T, T, ref T, out T)"/>
    [DerivativeOf(nameof(BinaryCrossEntropyWithLogits), Derivatives.Hessian)]
    public static float BinaryCrossEntropyWithLogitsBackwardTangent(float logit, float target, float seed, ref float dLogit, float vLogit, float vSeed, ref float hvLogit, out float vResult)
        => BinaryCrossEntropyWithLogitsBackwardTangent<float>(logit, target, seed, ref dLogit, vLogit, vSeed, ref hvLogit, out vResult);

    private static double Bce(double x, double t) => Math.Max(x, 0.0) - x * t + ScalarMath.Log1P(Math.Exp(-Math.Abs(x)));
}

