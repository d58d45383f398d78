using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using AutoDiffGen.Generator.Transform;

namespace AutoDiffGen.Generator.Tests.Stages;

/// <summary>Forward mode and the requirement closure, asserted on the printed IR and the kinds computed.</summary>
public class ForwardTransformTests
{
    [Fact]
    public void Tangent_puts_each_tangent_after_its_statement_or_before_when_the_statement_reads_its_own_target()
    {
        var file = StageHarness.Transform("""
            [Differentiable(Derivatives.Forward)] public static double F(ReadOnlySpan<double> xs, double w)
            {
                double h = 1;
                for (int t = 0; t < xs.Length; t++) h = h * w + Math.Tanh(xs[t]);
                return h;
            }
            """);

        Assert.Equal("""
            Tape tape = Tape.Current;
            int dXsRented = tape.PrepareTangent(ref dXs, xs.Length, nameof(dXs), nameof(xs));
            double result = 0.0;
            dResult = 0.0;
            double h = 0.0;
            double dH = 0.0;
            int t = 0;
            double tanh1 = 0.0;
            double dTanh1 = 0.0;
            h = 1.0;
            dH = 0.0;
            for (t = 0; t < xs.Length; t++)
            {
                tanh1 = Math.Tanh(xs[t]);
                dTanh1 = (1.0 - tanh1 * tanh1) * dXs[t];
                dH = dH * w + h * dW + dTanh1;
                h = h * w + tanh1;
            }
            result = h;
            dResult = dH;
            tape.ReturnScratch(dXsRented);
            return result;
            """, StageHarness.Print(file, "FTangent"));
    }

    [Fact]
    public void Callees_get_what_their_callers_need()
    {
        static RequirementNode Node(string key, DerivativeKinds kinds, params string[] callees) =>
            new(key, kinds, callees.ToEquatableArray());
        var table = DerivativeRequirements.Solve(ImmutableArray.Create(
            Node("F", DerivativeKinds.Hessian, "G"),
            Node("G", DerivativeKinds.Reverse, "H"),
            Node("H", DerivativeKinds.Reverse),
            Node("T", DerivativeKinds.Forward, "H"),
            Node("Plain", DerivativeKinds.Reverse)));

        DerivativeKinds secondOrder = DerivativeKinds.Reverse | DerivativeKinds.Forward | DerivativeKinds.BackwardTangent;
        Assert.Equal(DerivativeKinds.Hessian, DerivativeRequirements.For(table, "F"));
        Assert.Equal(secondOrder, DerivativeRequirements.For(table, "G"));
        Assert.Equal(secondOrder, DerivativeRequirements.For(table, "H")); // through G, and Forward from T as well
        Assert.Equal(DerivativeKinds.Forward, DerivativeRequirements.For(table, "T"));
        Assert.Equal(DerivativeKinds.Reverse, DerivativeRequirements.For(table, "Plain"));
    }
}
