using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.IntegrationTests.Functions;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using F = AutoDiffGen.IntegrationTests.Functions.ScalarFunctions;
using S = AutoDiffGen.IntegrationTests.Functions.SingleFunctions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>Scalar code (issue 2's subset), double and float, against finite differences at random points.</summary>
public class ScalarGradientTests
{
    public static readonly GradientCase[] DoubleCases =
    {
        new("Rosenbrock", 2, x => F.Rosenbrock(x[0], x[1]), (x, g) => F.RosenbrockGradient(x[0], x[1], out g[0], out g[1])),
        new("Arithmetic", 3, x => F.Arithmetic(x[0], x[1], x[2]), (x, g) => F.ArithmeticGradient(x[0], x[1], x[2], out g[0], out g[1], out g[2])),
        new("Constants", 1, x => F.Constants(x[0]), (x, g) => F.ConstantsGradient(x[0], out g[0])),
        new("IntegerMix", 1, x => F.IntegerMix(x[0], 3, 7), (x, g) => F.IntegerMixGradient(x[0], 3, 7, out g[0])),
        new("Reassign", 1, x => F.Reassign(x[0]), (x, g) => F.ReassignGradient(x[0], out g[0])),
        new("Compound", 2, x => F.Compound(x[0], x[1]), (x, g) => F.CompoundGradient(x[0], x[1], out g[0], out g[1])),
        new("ParameterReassigned", 2, x => F.ParameterReassigned(x[0], x[1]), (x, g) => F.ParameterReassignedGradient(x[0], x[1], out g[0], out g[1])),
        new("TanhChain", 2, x => F.TanhChain(x[0], x[1]), (x, g) => F.TanhChainGradient(x[0], x[1], out g[0], out g[1])),
        new("Piecewise", 1, x => F.Piecewise(x[0]), (x, g) => F.PiecewiseGradient(x[0], out g[0]), Admissible: x => AwayFrom(x[0], 0)),
        new("ElseIfChain", 2, x => F.ElseIfChain(x[0], x[1]), (x, g) => F.ElseIfChainGradient(x[0], x[1], out g[0], out g[1]),
            Admissible: x => AwayFrom(x[0], 1) && AwayFrom(x[0], -1) && AwayFrom(x[1], 0) && AwayFrom(x[1], 1)),
        new("EarlyReturns", 2, x => F.EarlyReturns(x[0], x[1]), (x, g) => F.EarlyReturnsGradient(x[0], x[1], out g[0], out g[1]),
            -3, 3, x => AwayFrom(x[0] + x[1], 2) && AwayFrom(x[0] + x[1], -2) && AwayFrom(x[0], x[1])),
        new("Conditional", 2, x => F.Conditional(x[0], x[1]), (x, g) => F.ConditionalGradient(x[0], x[1], out g[0], out g[1]),
            Admissible: x => AwayFrom(x[0], x[1]) && AwayFrom(x[1], 0)),
        new("Exponentials", 1, x => F.Exponentials(x[0]), (x, g) => F.ExponentialsGradient(x[0], out g[0]), 0.2, 3),
        new("Roots", 2, x => F.Roots(x[0], x[1]), (x, g) => F.RootsGradient(x[0], x[1], out g[0], out g[1]), 0.2, 3),
        new("Trigonometry", 1, x => F.Trigonometry(x[0]), (x, g) => F.TrigonometryGradient(x[0], out g[0])),
        new("InverseTrigonometry", 2, x => F.InverseTrigonometry(x[0], x[1]), (x, g) => F.InverseTrigonometryGradient(x[0], x[1], out g[0], out g[1]), -0.9, 0.9),
        new("Hyperbolic", 1, x => F.Hyperbolic(x[0]), (x, g) => F.HyperbolicGradient(x[0], out g[0])),
        new("Kinks", 2, x => F.Kinks(x[0], x[1]), (x, g) => F.KinksGradient(x[0], x[1], out g[0], out g[1]),
            Admissible: x => AwayFrom(x[0], 0) && AwayFrom(x[0], x[1]) && AwayFrom(x[0] * x[1], 1) && AwayFrom(x[0] + x[1], 1) && AwayFrom(x[0] + x[1], -1)),
        new("FusedMultiplyAdd", 3, x => F.FusedMultiplyAdd(x[0], x[1], x[2]), (x, g) => F.FusedMultiplyAddGradient(x[0], x[1], x[2], out g[0], out g[1], out g[2])),
        new("ZeroDerivativeFunctions", 1, x => F.ZeroDerivativeFunctions(x[0]), (x, g) => F.ZeroDerivativeFunctionsGradient(x[0], out g[0]),
            Admissible: x => AwayFromMultiples(x[0], 0.5)),
        new("UnusedNaN", 1, x => F.UnusedNaN(x[0]), (x, g) => F.UnusedNaNGradient(x[0], out g[0])),
        new("NoDerivativeParameter", 1, x => F.NoDerivativeParameter(x[0], 1.7), (x, g) => F.NoDerivativeParameterGradient(x[0], 1.7, out g[0])),
        new("CallsSameType", 2, x => F.CallsSameType(x[0], x[1]), (x, g) => F.CallsSameTypeGradient(x[0], x[1], out g[0], out g[1])),
        new("CallsOtherType", 1, x => F.CallsOtherType(x[0]), (x, g) => F.CallsOtherTypeGradient(x[0], out g[0])),
        new("CallsOtherAssembly", 1, x => F.CallsOtherAssembly(x[0]), (x, g) => F.CallsOtherAssemblyGradient(x[0], out g[0])),
        new("CastsBetweenPrecisions", 1, x => F.CastsBetweenPrecisions(x[0]), (x, g) => F.CastsBetweenPrecisionsGradient(x[0], out g[0]), 0.5, 1.5,
            // float rounding makes the function a fine staircase: finite differences resolve ~1e-4 only
            Tolerance: 1e-3),
        new("Comparisons", 2, x => F.Comparisons(x[0], x[1]), (x, g) => F.ComparisonsGradient(x[0], x[1], out g[0], out g[1]),
            Admissible: x => AwayFrom(x[0], 0) && AwayFrom(Math.Abs(x[0] - x[1]), 0.1)),
        new("Recursive", 1, x => F.Recursive(x[0], 3), (x, g) => F.RecursiveGradient(x[0], 3, out g[0])),
        new("InternalMethod", 1, x => F.InternalMethod(x[0]), (x, g) => F.InternalMethodGradient(x[0], out g[0])),
        new("PrivateMethod", 1, x => F.PrivateMethodForTests(x[0]), (x, g) => F.PrivateMethodGradientForTests(x[0], out g[0])),
    };

    public static readonly GradientCaseSingle[] SingleCases =
    {
        new("Rosenbrock", 2, x => S.Rosenbrock(x[0], x[1]), (x, g) => S.RosenbrockGradient(x[0], x[1], out g[0], out g[1]), -1.5f, 1.5f),
        new("TanhChain", 2, x => S.TanhChain(x[0], x[1]), (x, g) => S.TanhChainGradient(x[0], x[1], out g[0], out g[1])),
        new("Piecewise", 1, x => S.Piecewise(x[0]), (x, g) => S.PiecewiseGradient(x[0], out g[0]), Admissible: x => Math.Abs(x[0]) > 0.1f),
        new("Elementary", 2, x => S.Elementary(x[0], x[1]), (x, g) => S.ElementaryGradient(x[0], x[1], out g[0], out g[1]), 0.3f, 2f),
        new("MixedPrecision", 1, x => S.MixedPrecision(x[0], 1.25), (x, g) => S.MixedPrecisionGradient(x[0], 1.25, out g[0])),
        new("Conditional", 2, x => S.Conditional(x[0], x[1]), (x, g) => S.ConditionalGradient(x[0], x[1], out g[0], out g[1]),
            Admissible: x => Math.Abs(x[0] - x[1]) > 0.1f),
    };

    public static TheoryData<string> DoubleCaseNames() => new(DoubleCases.Select(c => c.Name));

    public static TheoryData<string> SingleCaseNames() => new(SingleCases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(DoubleCaseNames))]
    public void Double_gradient_matches_finite_differences(string name) => Check(DoubleCases.Single(c => c.Name == name));

    [Theory]
    [MemberData(nameof(SingleCaseNames))]
    public void Single_gradient_matches_finite_differences(string name) => Check(SingleCases.Single(c => c.Name == name));

    [Fact]
    public void Unused_nan_does_not_reach_the_gradient()
    {
        F.UnusedNaNGradient(0.3, out double dX);
        Assert.Equal(0.6, dX, 12);
    }

    [Fact]
    public void Backward_adds_seed_times_gradient_into_the_adjoints()
    {
        double dX = 10, dY = -1;
        double value = F.RosenbrockBackward(0.5, 1.5, 2.0, ref dX, ref dY);
        F.RosenbrockGradient(0.5, 1.5, out double gX, out double gY);
        Assert.Equal(F.Rosenbrock(0.5, 1.5), value);
        Assert.Equal(10 + 2 * gX, dX, 12);
        Assert.Equal(-1 + 2 * gY, dY, 12);
    }

    [Fact]
    public void No_derivative_parameter_gets_no_gradient_parameter()
    {
        var method = typeof(F).GetMethod(nameof(F.NoDerivativeParameterGradient))!;
        Assert.Equal(new[] { "x", "k", "dX" }, method.GetParameters().Select(p => p.Name));
        var integers = typeof(F).GetMethod(nameof(F.IntegerMixGradient))!;
        Assert.Equal(new[] { "x", "n", "m", "dX" }, integers.GetParameters().Select(p => p.Name));
    }
}

public class DeadValueTests
{
    [Fact]
    public void Value_overwritten_before_use_does_not_reach_the_gradient()
    {
        Functions.DeadValueFunctions.OverwrittenNaNGradient(0.3, out double dX);
        Assert.Equal(0.6, dX, 12);
        Functions.DeadValueFunctions.OverwrittenInLoopGradient(0.3, 4, out double dLoop);
        Assert.Equal(3, dLoop, 12);
    }
}

public class PathTests
{
    [Fact]
    public void Value_not_used_on_the_path_taken_contributes_exactly_nothing()
    {
        // sqrt(-0.5) is NaN, but it does not reach the output on this run: like PyTorch, the gradient stays finite.
        double value = Functions.PathFunctions.UnusedOnThisPathGradient(0.3, -0.5, out double dA, out double dB);
        Assert.Equal(0.09, value, 12);
        Assert.Equal(0.6, dA, 12);
        Assert.Equal(0.0, dB);
    }
}

public class SinCosTests
{
    [Fact]
    public void SinCos_returns_exactly_Sin_and_Cos_on_this_platform()
    {
        // Generated code computes a top-level sine or cosine with SinCos (one call for value and derivative); the value
        // must stay bit-identical to the original's Math.Sin/Math.Cos.
        var rng = new Random(9);
        for (int i = 0; i < 200_000; i++)
        {
            double x = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-6, 7));
            var (s, c) = Math.SinCos(x);
            Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Sin(x)), BitConverter.DoubleToInt64Bits(s));
            Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Cos(x)), BitConverter.DoubleToInt64Bits(c));
            float xf = (float)x;
            var (sf, cf) = MathF.SinCos(xf);
            Assert.Equal(BitConverter.SingleToInt32Bits(MathF.Sin(xf)), BitConverter.SingleToInt32Bits(sf));
            Assert.Equal(BitConverter.SingleToInt32Bits(MathF.Cos(xf)), BitConverter.SingleToInt32Bits(cf));
        }
    }
}
