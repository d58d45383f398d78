using System;
using System.Collections.Generic;
using I = AutoDiffGen.IntegrationTests.Functions.InfiniteNeighbourFunctions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// The ∞ · 0 audit of every derivative rule (issue 14): each rule below <c>Math.Sqrt</c> at 0, whose derivative is +∞.
/// Where the true derivative is 0 (a selection, a piecewise-constant factor, a partial that is 0 by a condition) the
/// gradient is exactly 0, never NaN; where the rule's partial is not 0 the gradient is ±∞.
/// </summary>
public class InfiniteNeighbourTests
{
    private delegate double Gradient(double x, out double dX);

    private static readonly Dictionary<string, (Gradient Gradient, double X, double Expected)> Cases = new()
    {
        ["Max"] = (I.MaxBelowSqrtGradient, -1, 0),
        ["Min"] = (I.NegatedMinBelowSqrtGradient, -1, 0),
        ["ClampLow"] = (I.ClampLowBelowSqrtGradient, -0.5, 0),
        ["ClampHigh"] = (I.ClampHighBelowSqrtGradient, 2, 0),
        ["Abs"] = (I.AbsBelowSqrtGradient, 0, 0),
        ["PowOfMax"] = (I.MaxBelowHalfPowerGradient, -1, 0),
        ["PowZeroExponent"] = (I.ZeroExponentBelowSqrtGradient, 0.7, 0),
        ["PowZeroBase"] = (I.ZeroBaseBelowSqrtGradient, 2, 0),
        ["SignTimes"] = (I.SignGuardedSqrtGradient, 0, 0),
        ["MaskTimes"] = (I.ReluMaskBelowSqrtGradient, -1, 0),
        ["Conditional"] = (I.ReluChoiceBelowSqrtGradient, -1, 0),
        ["Floor"] = (I.FloorBelowSqrtGradient, 0.5, 0),
        ["Ceiling"] = (I.CeilingBelowSqrtGradient, -0.5, 0),
        ["Round"] = (I.RoundBelowSqrtGradient, 0.3, 0),
        ["Truncate"] = (I.TruncateBelowSqrtGradient, 0.7, 0),
        ["Sign"] = (I.SignBelowSqrtGradient, -1, 0),
        ["RemainderDivisor"] = (I.RemainderDivisorBelowSqrtGradient, 2, 0),
        ["UnselectedSqrt"] = (I.UnselectedInfinitePartialGradient, 0, 0),
        ["Exp"] = (I.ExpBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Exp2"] = (I.Exp2BelowSqrtGradient, 0, double.PositiveInfinity),
        ["Exp10"] = (I.Exp10BelowSqrtGradient, 0, double.PositiveInfinity),
        ["ExpM1"] = (I.ExpM1BelowSqrtGradient, 0, double.PositiveInfinity),
        ["Log"] = (I.LogBelowSqrtGradient, 1, double.PositiveInfinity),
        ["LogBase"] = (I.LogBaseBelowSqrtGradient, 1, double.PositiveInfinity),
        ["Log2"] = (I.Log2BelowSqrtGradient, 1, double.PositiveInfinity),
        ["Log10"] = (I.Log10BelowSqrtGradient, 1, double.PositiveInfinity),
        ["LogP1"] = (I.LogP1BelowSqrtGradient, 0, double.PositiveInfinity),
        ["Sqrt"] = (I.SqrtBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Cbrt"] = (I.CbrtBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Pow"] = (I.PowBelowSqrtGradient, 1, double.PositiveInfinity),
        ["PowExponent"] = (I.PowExponentBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Hypot"] = (I.HypotBelowSqrtGradient, 1, double.PositiveInfinity),
        ["Sin"] = (I.SinBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Cos"] = (I.CosBelowSqrtGradient, 1, double.NegativeInfinity),
        ["Tan"] = (I.TanBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Asin"] = (I.AsinBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Acos"] = (I.AcosBelowSqrtGradient, 1, double.NegativeInfinity),
        ["Atan"] = (I.AtanBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Atan2"] = (I.Atan2BelowSqrtGradient, 0, double.PositiveInfinity),
        ["Sinh"] = (I.SinhBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Cosh"] = (I.CoshBelowSqrtGradient, 1, double.PositiveInfinity),
        ["Tanh"] = (I.TanhBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Asinh"] = (I.AsinhBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Acosh"] = (I.AcoshBelowSqrtGradient, 1, double.PositiveInfinity),
        ["Atanh"] = (I.AtanhBelowSqrtGradient, 0, double.PositiveInfinity),
        ["FusedMultiplyAdd"] = (I.FusedMultiplyAddBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Add"] = (I.AddBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Subtract"] = (I.SubtractBelowSqrtGradient, 1, double.PositiveInfinity),
        ["Multiply"] = (I.MultiplyBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Divide"] = (I.DivideBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Remainder"] = (I.RemainderBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Negate"] = (I.NegateBelowSqrtGradient, 0, double.PositiveInfinity),
        ["Convert"] = (I.ConvertBelowSqrtGradient, 0, double.PositiveInfinity),
    };

    public static IEnumerable<object[]> Names()
    {
        foreach (string name in Cases.Keys) yield return new object[] { name };
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Rule_next_to_an_infinite_derivative(string rule)
    {
        (Gradient gradient, double x, double expected) = Cases[rule];
        gradient(x, out double dX);
        Assert.False(double.IsNaN(dX), $"{rule}: NaN at x = {x}");
        Assert.Equal(expected, dX);
    }
}
