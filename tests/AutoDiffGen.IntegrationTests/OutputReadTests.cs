using System;
using System.Linq;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using O = AutoDiffGen.IntegrationTests.Functions.OutputReadFunctions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>Outputs read after they are written: gradients, and the backward leaves the forward values in the output.</summary>
public class OutputReadTests
{
    private static readonly double[] Target = { 0.1, 0.2, 0.3, 0.4, 0.0 };

    [Fact]
    public void Loss_through_in_place_softmax_and_residual_layers() =>
        Check(new GradientCase("OutputReads", 6, p => O.Loss(p.AsSpan(0, 5), p[5], Target),
            (p, g) => O.LossGradient(p.AsSpan(0, 5), p[5], Target, g.AsSpan(0, 5), out g[5])));

    [Fact]
    public void Backward_leaves_the_forward_values_in_the_output()
    {
        double[] x = { 0.3, -1.0, 2.0, 0.5 };
        var expected = new double[4];
        O.SoftmaxInPlace(x, expected);
        var y = new double[4];
        var dX = new double[4];
        O.SoftmaxInPlaceBackward(x, y, new[] { 1.0, 0.0, -1.0, 0.5 }, dX);
        Assert.Equal(expected, y);
        // Softmax's Jacobian-vector product sums to zero over the inputs.
        Assert.Equal(0, dX.Sum(), 12);
    }
}
