using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// The ∞ · 0 audit (issue 14): every derivative rule next to a neighbour whose derivative is infinite, in reverse and in forward mode. Outside
/// functions are <c>Math.Sqrt</c> at 0 (derivative +∞). Selections, piecewise-constant factors and partials that are
/// 0 by a condition must give 0, never NaN; smooth rules, whose partial is not 0 at the point chosen, give ±∞.
/// (Where a smooth rule's partial is exactly 0 next to an infinite one, as cos'(0) under Sqrt(cos x − 1 + x), the
/// chain rule meets ∞ · 0 and gives NaN, as PyTorch does: the composite has no derivative there from the chain rule.)
/// </summary>
public static partial class InfiniteNeighbourFunctions
{
    /// <summary>Gradient and tangent: the audit holds in forward mode too, where a zero tangent meets an infinite partial.</summary>
    private const Derivatives Both = Derivatives.Reverse | Derivatives.Forward;

    // Selections and zero-guarded partials: the derivative is 0.
    [Differentiable(Both)] public static double MaxBelowSqrt(double x) => Math.Sqrt(Math.Max(x, 0));
    [Differentiable(Both)] public static double NegatedMinBelowSqrt(double x) => Math.Sqrt(-Math.Min(-x, 0));
    [Differentiable(Both)] public static double ClampLowBelowSqrt(double x) => Math.Sqrt(Math.Clamp(x, 0, 1));
    [Differentiable(Both)] public static double ClampHighBelowSqrt(double x) => Math.Sqrt(1 - Math.Clamp(x, 0, 1));
    [Differentiable(Both)] public static double AbsBelowSqrt(double x) => Math.Sqrt(Math.Abs(x));
    [Differentiable(Both)] public static double MaxBelowHalfPower(double x) => Math.Pow(Math.Max(x, 0), 0.5);
    [Differentiable(Both)] public static double ZeroExponentBelowSqrt(double x) => Math.Sqrt(Math.Pow(x, 0.0) - 1);
    [Differentiable(Both)] public static double ZeroBaseBelowSqrt(double x) => Math.Sqrt(Math.Pow(0.0, x));
    [Differentiable(Both)] public static double SignGuardedSqrt(double x) => Math.Sign(x) * Math.Sqrt(Math.Abs(x));
    [Differentiable(Both)] public static double ReluMaskBelowSqrt(double x) => Math.Sqrt(x * (x > 0 ? 1.0 : 0.0));
    [Differentiable(Both)] public static double ReluChoiceBelowSqrt(double x) => Math.Sqrt(x > 0 ? x : 0);
    [Differentiable(Both)] public static double FloorBelowSqrt(double x) => Math.Sqrt(Math.Floor(x));
    [Differentiable(Both)] public static double CeilingBelowSqrt(double x) => Math.Sqrt(Math.Ceiling(x));
    [Differentiable(Both)] public static double RoundBelowSqrt(double x) => Math.Sqrt(Math.Round(x));
    [Differentiable(Both)] public static double TruncateBelowSqrt(double x) => Math.Sqrt(Math.Truncate(x));
    [Differentiable(Both)] public static double SignBelowSqrt(double x) => Math.Sqrt(Math.Sign(x) + 1.0);
    [Differentiable(Both)] public static double RemainderDivisorBelowSqrt(double x) => Math.Sqrt(0.0 % x);
    [Differentiable(Both)] public static double UnselectedInfinitePartial(double x) => Math.Max(Math.Sqrt(x), 1.0);

    // Smooth rules: the partial is not 0 at the point, so the derivative is infinite, not NaN.
    [Differentiable(Both)] public static double ExpBelowSqrt(double x) => Math.Sqrt(Math.Exp(x) - 1);
    [Differentiable(Both)] public static double Exp2BelowSqrt(double x) => Math.Sqrt(double.Exp2(x) - 1);
    [Differentiable(Both)] public static double Exp10BelowSqrt(double x) => Math.Sqrt(double.Exp10(x) - 1);
    [Differentiable(Both)] public static double ExpM1BelowSqrt(double x) => Math.Sqrt(double.ExpM1(x));
    [Differentiable(Both)] public static double LogBelowSqrt(double x) => Math.Sqrt(Math.Log(x));
    [Differentiable(Both)] public static double LogBaseBelowSqrt(double x) => Math.Sqrt(Math.Log(x, 3.0));
    [Differentiable(Both)] public static double Log2BelowSqrt(double x) => Math.Sqrt(Math.Log2(x));
    [Differentiable(Both)] public static double Log10BelowSqrt(double x) => Math.Sqrt(Math.Log10(x));
    [Differentiable(Both)] public static double LogP1BelowSqrt(double x) => Math.Sqrt(double.LogP1(x));
    [Differentiable(Both)] public static double SqrtBelowSqrt(double x) => Math.Sqrt(Math.Sqrt(x));
    [Differentiable(Both)] public static double CbrtBelowSqrt(double x) => Math.Sqrt(Math.Cbrt(x));
    [Differentiable(Both)] public static double PowBelowSqrt(double x) => Math.Sqrt(Math.Pow(x, 3.0) - 1);
    [Differentiable(Both)] public static double PowExponentBelowSqrt(double x) => Math.Sqrt(Math.Pow(2.0, x) - 1);
    [Differentiable(Both)] public static double HypotBelowSqrt(double x) => Math.Sqrt(double.Hypot(x, 0.0) - 1);
    [Differentiable(Both)] public static double SinBelowSqrt(double x) => Math.Sqrt(Math.Sin(x));
    [Differentiable(Both)] public static double CosBelowSqrt(double x) => Math.Sqrt(Math.Cos(x) - Math.Cos(1.0));
    [Differentiable(Both)] public static double TanBelowSqrt(double x) => Math.Sqrt(Math.Tan(x));
    [Differentiable(Both)] public static double AsinBelowSqrt(double x) => Math.Sqrt(Math.Asin(x));
    [Differentiable(Both)] public static double AcosBelowSqrt(double x) => Math.Sqrt(Math.Acos(x));
    [Differentiable(Both)] public static double AtanBelowSqrt(double x) => Math.Sqrt(Math.Atan(x));
    [Differentiable(Both)] public static double Atan2BelowSqrt(double x) => Math.Sqrt(Math.Atan2(x, 1.0));
    [Differentiable(Both)] public static double SinhBelowSqrt(double x) => Math.Sqrt(Math.Sinh(x));
    [Differentiable(Both)] public static double CoshBelowSqrt(double x) => Math.Sqrt(Math.Cosh(x) - Math.Cosh(1.0));
    [Differentiable(Both)] public static double TanhBelowSqrt(double x) => Math.Sqrt(Math.Tanh(x));
    [Differentiable(Both)] public static double AsinhBelowSqrt(double x) => Math.Sqrt(Math.Asinh(x));
    [Differentiable(Both)] public static double AcoshBelowSqrt(double x) => Math.Sqrt(Math.Acosh(x + 1) - Math.Acosh(2.0));
    [Differentiable(Both)] public static double AtanhBelowSqrt(double x) => Math.Sqrt(Math.Atanh(x));
    [Differentiable(Both)] public static double FusedMultiplyAddBelowSqrt(double x) => Math.Sqrt(Math.FusedMultiplyAdd(x, 2.0, x));
    [Differentiable(Both)] public static double AddBelowSqrt(double x) => Math.Sqrt(x + x);
    [Differentiable(Both)] public static double SubtractBelowSqrt(double x) => Math.Sqrt(x - 1.0);
    [Differentiable(Both)] public static double MultiplyBelowSqrt(double x) => Math.Sqrt(3.0 * x);
    [Differentiable(Both)] public static double DivideBelowSqrt(double x) => Math.Sqrt(x / 2.0);
    [Differentiable(Both)] public static double RemainderBelowSqrt(double x) => Math.Sqrt(x % 5.0);
    [Differentiable(Both)] public static double NegateBelowSqrt(double x) => Math.Sqrt(-(-x));
    [Differentiable(Both)] public static double ConvertBelowSqrt(double x) => Math.Sqrt((double)(float)x);
}
