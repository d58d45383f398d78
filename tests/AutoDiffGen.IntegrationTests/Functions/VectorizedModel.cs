using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// A model whose method's loops the generator vectorizes: its fields are bound at the top of each generated method
/// (<c>W = this.W</c>, <c>dW = gradient.W</c>), and the aliasing analysis reads them as a span argument and a gradient.
/// </summary>
[Differentiable]
public partial class VectorizedModel
{
    public double[] W = new double[3 * 19];
    public double[] B = new double[3];

    [Differentiable]
    public double Loss([NoDerivative] ReadOnlySpan<double> x)
    {
        double loss = 0;
        for (int r = 0; r < B.Length; r++)
        {
            double a = B[r];
            for (int c = 0; c < x.Length; c++) a += W[r * x.Length + c] * x[c];
            loss += Math.Tanh(a);
        }
        return loss;
    }
}
