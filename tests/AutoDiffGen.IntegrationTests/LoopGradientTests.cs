using System;
using System.Linq;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using L = AutoDiffGen.IntegrationTests.Functions.LoopFunctions;
using S = AutoDiffGen.IntegrationTests.Functions.SingleFunctions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>Loops, spans, scratch, vector outputs and custom derivatives against finite differences.</summary>
public class LoopGradientTests
{
    private static readonly double[] Data7 = { 0.3, -1.2, 0.8, 2.0, -0.4, 1.1, -0.7 };
    private static readonly double[] Input4 = { 0.5, -1.0, 0.25, 1.5 };

    public static readonly GradientCase[] Cases =
    {
        new("DotLoss", 7, w => L.DotLoss(w, Data7), (w, g) => L.DotLossGradient(w, Data7, g), Reassociated: true),
        new("Halving", 2, x => L.Halving(x[0], x[1]), (x, g) => L.HalvingGradient(x[0], x[1], out g[0], out g[1]), 0.1, 20,
            x => Enumerable.Range(0, 8).All(k => AwayFrom(x[0], Math.Pow(2, k), 0.05))),
        new("DoWhile", 1, x => L.DoWhile(x[0], 5), (x, g) => L.DoWhileGradient(x[0], 5, out g[0])),
        new("ForEachSpan", 6, w => L.ForEachSpan(w), (w, g) => L.ForEachSpanGradient(w, g)),
        new("ForEachArray", 5, w => L.ForEachArray(w), (w, g) => L.ForEachArrayGradient(w, g)),
        new("MatVec", 12, w => L.MatVec(w, Input4, 3, 4), (w, g) => L.MatVecGradient(w, Input4, 3, 4, g)),
        new("CyclicNeighbours", 5, x => L.CyclicNeighbours(x), (x, g) => L.CyclicNeighboursGradient(x, g)),
        new("BreakEarly", 6, x => L.BreakEarly(x.AsSpan(0, 5), x[5]), (x, g) => L.BreakEarlyGradient(x.AsSpan(0, 5), x[5], g.AsSpan(0, 5), out g[5]), 0.2, 1.5,
            x => PartialSumsAwayFromLimit(x)),
        new("ContinueSkips", 6, w => L.ContinueSkips(w), (w, g) => L.ContinueSkipsGradient(w, g), Admissible: w => w.All(v => AwayFrom(v, 0))),
        new("ReturnFromLoop", 6, x => L.ReturnFromLoop(x.AsSpan(0, 5), x[5]), (x, g) => L.ReturnFromLoopGradient(x.AsSpan(0, 5), x[5], g.AsSpan(0, 5), out g[5]), 0.3, 1.5,
            x => PartialProductsAwayFromThreshold(x)),
        new("NestedBreakContinue", 12, w => L.NestedBreakContinue(w, 3), (w, g) => L.NestedBreakContinueGradient(w, 3, g),
            Admissible: w => w.All(v => AwayFrom(v, -1.5)) && RowPrefixSumsAwayFrom(w, 3, 3)),
        new("NonCanonicalLoop", 5, w => L.NonCanonicalLoop(w), (w, g) => L.NonCanonicalLoopGradient(w, g)),
        new("LongCounterStep", 6, w => L.LongCounterStep(w), (w, g) => L.LongCounterStepGradient(w, g)),
        new("ScalarRnn", 2, x => L.ScalarRnn(x[0], x[1], Data7), (x, g) => L.ScalarRnnGradient(x[0], x[1], Data7, out g[0], out g[1])),
        new("ScratchReuse", 4, w => L.ScratchReuse(w, Input4), (w, g) => L.ScratchReuseGradient(w, Input4, g)),
        new("MlpLoss", 122, p => L.MlpLoss(p.AsSpan(0, 121), Input4, p[121]), (p, g) => L.MlpLossGradient(p.AsSpan(0, 121), Input4, p[121], g.AsSpan(0, 121), out g[121]), -1, 1,
            Reassociated: true),
        new("SlicedCalls", 7, w => L.SlicedCalls(w, Data7), (w, g) => L.SlicedCallsGradient(w, Data7, g)),
        new("FillAndCopy", 6, x => L.FillAndCopy(x.AsSpan(0, 5), x[5]), (x, g) => L.FillAndCopyGradient(x.AsSpan(0, 5), x[5], g.AsSpan(0, 5), out g[5]),
            Reassociated: true),
        new("CustomDerivatives", 4, x => L.CustomDerivatives(x[0], x.AsSpan(1)), (x, g) => L.CustomDerivativesGradient(x[0], x.AsSpan(1), out g[0], g.AsSpan(1)),
            -1.5, 1.5, x => AwayFrom(x[0], 0) && AwayFrom(x[0], 1) && x.Skip(1).All(w => AwayFrom(w * x[0], 0) && AwayFrom(w * x[0], 1))),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Gradient_matches_finite_differences(string name) => Check(Cases.Single(c => c.Name == name));

    [Fact]
    public void Single_precision_loop_matches_finite_differences()
    {
        float[] x = { 0.5f, -1f, 2f };
        Check(new GradientCaseSingle("SingleLoop", 3, w => S.Loop(w, x), (w, g) => S.LoopGradient(w, x, g)));
    }

    [Fact]
    public void Rnn_over_ten_thousand_steps_restores_every_hidden_state()
    {
        var rng = new Random(7);
        double[] xs = Enumerable.Range(0, 10_000).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        Check(new GradientCase("LongRnn", 2, x => L.ScalarRnn(x[0], x[1], xs), (x, g) => L.ScalarRnnGradient(x[0], x[1], xs, out g[0], out g[1]), -0.9, 0.9));
    }

    [Fact]
    public void Vector_output_backward_is_the_vector_jacobian_product()
    {
        var rng = new Random(3);
        double[] w = Enumerable.Range(0, 12).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] b = { 0.1, -0.2, 0.3 };
        double[] seedY = { 0.7, -1.3, 0.4 };
        double[] parameters = w.Concat(b).Concat(Input4).ToArray();
        // f(p) = Σ seedY[r] · Dense(p)[r]: its gradient is the pullback of seedY.
        double Projected(double[] p)
        {
            var y = new double[3];
            L.Dense(p.AsSpan(0, 12), p.AsSpan(12, 3), p.AsSpan(15, 4), y);
            return y.Zip(seedY, (a, s) => a * s).Sum();
        }
        var dW = new double[12];
        var dB = new double[3];
        var dX = new double[4];
        var output = new double[3];
        L.DenseBackward(w, b, Input4, output, seedY, dW, dB, dX);
        var expected = new double[3];
        L.Dense(w, b, Input4, expected);
        // Dense's inner products run as TensorPrimitives.Dot in the backward: the same values up to the order of the sums.
        Assert.All(expected.Zip(output), pair => Assert.True(SameValue(pair.First, pair.Second, 1e-12), $"{pair.Second:R} vs {pair.First:R}"));
        GradientCheckResult result = GradientCheck.Compare(p => Projected(p.ToArray()), parameters, dW.Concat(dB).Concat(dX).ToArray());
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void Empty_adjoint_span_means_not_needed()
    {
        double[] w = { 0.2, 0.4, -0.3, 0.9, 1.2, -0.5, 0.1 };
        var full = new double[7];
        double value = L.DotLossGradient(w, Data7, full);
        double dummy = 0;
        double backwardValue = L.DotLossBackward(w, Data7, 1.0, Span<double>.Empty);
        Assert.Equal(value, backwardValue);
        Assert.Equal(0, dummy);
        Assert.Throws<ArgumentException>(() => L.DotLossBackward(w, Data7, 1.0, new double[3]));
        Assert.Throws<ArgumentException>(() => L.DotLossGradient(w, Data7, new double[3]));
    }

    private static bool PartialSumsAwayFromLimit(double[] x)
    {
        double s = 0;
        for (int i = 0; i < 5; i++)
        {
            s += x[i] * x[i] * x[5];
            if (!AwayFrom(s, x[5], 0.02)) return false;
            if (s > x[5]) break;
        }
        return true;
    }

    private static bool PartialProductsAwayFromThreshold(double[] x)
    {
        double p = 1;
        for (int i = 0; i < 5; i++)
        {
            p *= x[i];
            if (!AwayFrom(Math.Abs(p), x[5], 0.02)) return false;
            if (Math.Abs(p) < x[5]) break;
        }
        return true;
    }

    private static bool RowPrefixSumsAwayFrom(double[] w, int rows, double limit)
    {
        int columns = w.Length / rows;
        for (int r = 0; r < rows; r++)
        {
            double s = 0;
            for (int c = 0; c < columns; c++)
            {
                double v = w[r * columns + c];
                if (v < -1.5) continue;
                s += v * v;
                if (!AwayFrom(s, limit, 0.02)) return false;
                if (s > limit) break;
            }
        }
        return true;
    }
}
