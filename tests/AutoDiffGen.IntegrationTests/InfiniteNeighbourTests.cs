using System;
using System.Collections.Generic;
using I = AutoDiffGen.IntegrationTests.Functions.InfiniteNeighbourFunctions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// The ∞ · 0 audit of every derivative rule (issue 14): each rule below <c>Math.Sqrt</c> at 0, whose derivative is +∞.
/// Where the true derivative is 0 (a selection, a piecewise-constant factor, a partial that is 0 by a condition) the
/// gradient and the tangent are exactly 0, never NaN; where the rule's partial is not 0 they are ±∞.
/// </summary>
public class InfiniteNeighbourTests
{
    private delegate double Gradient(double x, out double dX);

    private delegate double Tangent(double x, double dX, out double dResult);

    private static readonly Dictionary<string, (Gradient Gradient, Tangent Tangent, double X, double Expected)> Cases = new()
    {
        ["Max"] = (I.MaxBelowSqrtGradient, I.MaxBelowSqrtTangent, -1, 0),
        ["Min"] = (I.NegatedMinBelowSqrtGradient, I.NegatedMinBelowSqrtTangent, -1, 0),
        ["ClampLow"] = (I.ClampLowBelowSqrtGradient, I.ClampLowBelowSqrtTangent, -0.5, 0),
        ["ClampHigh"] = (I.ClampHighBelowSqrtGradient, I.ClampHighBelowSqrtTangent, 2, 0),
        ["Abs"] = (I.AbsBelowSqrtGradient, I.AbsBelowSqrtTangent, 0, 0),
        ["PowOfMax"] = (I.MaxBelowHalfPowerGradient, I.MaxBelowHalfPowerTangent, -1, 0),
        ["PowZeroExponent"] = (I.ZeroExponentBelowSqrtGradient, I.ZeroExponentBelowSqrtTangent, 0.7, 0),
        ["PowZeroBase"] = (I.ZeroBaseBelowSqrtGradient, I.ZeroBaseBelowSqrtTangent, 2, 0),
        ["SignTimes"] = (I.SignGuardedSqrtGradient, I.SignGuardedSqrtTangent, 0, 0),
        ["MaskTimes"] = (I.ReluMaskBelowSqrtGradient, I.ReluMaskBelowSqrtTangent, -1, 0),
        ["Conditional"] = (I.ReluChoiceBelowSqrtGradient, I.ReluChoiceBelowSqrtTangent, -1, 0),
        ["Floor"] = (I.FloorBelowSqrtGradient, I.FloorBelowSqrtTangent, 0.5, 0),
        ["Ceiling"] = (I.CeilingBelowSqrtGradient, I.CeilingBelowSqrtTangent, -0.5, 0),
        ["Round"] = (I.RoundBelowSqrtGradient, I.RoundBelowSqrtTangent, 0.3, 0),
        ["Truncate"] = (I.TruncateBelowSqrtGradient, I.TruncateBelowSqrtTangent, 0.7, 0),
        ["Sign"] = (I.SignBelowSqrtGradient, I.SignBelowSqrtTangent, -1, 0),
        ["RemainderDivisor"] = (I.RemainderDivisorBelowSqrtGradient, I.RemainderDivisorBelowSqrtTangent, 2, 0),
        ["UnselectedSqrt"] = (I.UnselectedInfinitePartialGradient, I.UnselectedInfinitePartialTangent, 0, 0),
        ["Exp"] = (I.ExpBelowSqrtGradient, I.ExpBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Exp2"] = (I.Exp2BelowSqrtGradient, I.Exp2BelowSqrtTangent, 0, double.PositiveInfinity),
        ["Exp10"] = (I.Exp10BelowSqrtGradient, I.Exp10BelowSqrtTangent, 0, double.PositiveInfinity),
        ["ExpM1"] = (I.ExpM1BelowSqrtGradient, I.ExpM1BelowSqrtTangent, 0, double.PositiveInfinity),
        ["Log"] = (I.LogBelowSqrtGradient, I.LogBelowSqrtTangent, 1, double.PositiveInfinity),
        ["LogBase"] = (I.LogBaseBelowSqrtGradient, I.LogBaseBelowSqrtTangent, 1, double.PositiveInfinity),
        ["Log2"] = (I.Log2BelowSqrtGradient, I.Log2BelowSqrtTangent, 1, double.PositiveInfinity),
        ["Log10"] = (I.Log10BelowSqrtGradient, I.Log10BelowSqrtTangent, 1, double.PositiveInfinity),
        ["LogP1"] = (I.LogP1BelowSqrtGradient, I.LogP1BelowSqrtTangent, 0, double.PositiveInfinity),
        ["Sqrt"] = (I.SqrtBelowSqrtGradient, I.SqrtBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Cbrt"] = (I.CbrtBelowSqrtGradient, I.CbrtBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Pow"] = (I.PowBelowSqrtGradient, I.PowBelowSqrtTangent, 1, double.PositiveInfinity),
        ["PowExponent"] = (I.PowExponentBelowSqrtGradient, I.PowExponentBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Hypot"] = (I.HypotBelowSqrtGradient, I.HypotBelowSqrtTangent, 1, double.PositiveInfinity),
        ["Sin"] = (I.SinBelowSqrtGradient, I.SinBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Cos"] = (I.CosBelowSqrtGradient, I.CosBelowSqrtTangent, 1, double.NegativeInfinity),
        ["Tan"] = (I.TanBelowSqrtGradient, I.TanBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Asin"] = (I.AsinBelowSqrtGradient, I.AsinBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Acos"] = (I.AcosBelowSqrtGradient, I.AcosBelowSqrtTangent, 1, double.NegativeInfinity),
        ["Atan"] = (I.AtanBelowSqrtGradient, I.AtanBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Atan2"] = (I.Atan2BelowSqrtGradient, I.Atan2BelowSqrtTangent, 0, double.PositiveInfinity),
        ["Sinh"] = (I.SinhBelowSqrtGradient, I.SinhBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Cosh"] = (I.CoshBelowSqrtGradient, I.CoshBelowSqrtTangent, 1, double.PositiveInfinity),
        ["Tanh"] = (I.TanhBelowSqrtGradient, I.TanhBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Asinh"] = (I.AsinhBelowSqrtGradient, I.AsinhBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Acosh"] = (I.AcoshBelowSqrtGradient, I.AcoshBelowSqrtTangent, 1, double.PositiveInfinity),
        ["Atanh"] = (I.AtanhBelowSqrtGradient, I.AtanhBelowSqrtTangent, 0, double.PositiveInfinity),
        ["FusedMultiplyAdd"] = (I.FusedMultiplyAddBelowSqrtGradient, I.FusedMultiplyAddBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Add"] = (I.AddBelowSqrtGradient, I.AddBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Subtract"] = (I.SubtractBelowSqrtGradient, I.SubtractBelowSqrtTangent, 1, double.PositiveInfinity),
        ["Multiply"] = (I.MultiplyBelowSqrtGradient, I.MultiplyBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Divide"] = (I.DivideBelowSqrtGradient, I.DivideBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Remainder"] = (I.RemainderBelowSqrtGradient, I.RemainderBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Negate"] = (I.NegateBelowSqrtGradient, I.NegateBelowSqrtTangent, 0, double.PositiveInfinity),
        ["Convert"] = (I.ConvertBelowSqrtGradient, I.ConvertBelowSqrtTangent, 0, double.PositiveInfinity),
    };

    public static IEnumerable<object[]> Names()
    {
        foreach (string name in Cases.Keys) yield return new object[] { name };
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Rule_next_to_an_infinite_derivative(string rule)
    {
        (Gradient gradient, _, double x, double expected) = Cases[rule];
        gradient(x, out double dX);
        Assert.False(double.IsNaN(dX), $"{rule}: NaN at x = {x}");
        Assert.Equal(expected, dX);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Rule_next_to_an_infinite_derivative_in_forward_mode(string rule)
    {
        // The tangent along dX = 1 is the same derivative: 0 where the neighbour's tangent is 0 (a zero tangent times an
        // infinite partial is taken as 0, as reverse mode skips a zero seed), ±∞ where the rule's partial is not 0.
        (_, Tangent tangent, double x, double expected) = Cases[rule];
        tangent(x, 1, out double derivative);
        Assert.False(double.IsNaN(derivative), $"{rule}: NaN tangent at x = {x}");
        Assert.Equal(expected, derivative);
    }
}
