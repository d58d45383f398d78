using NewtonsMethod;

namespace AutoDiffGen.IntegrationTests;

/// <summary>The Newton sample's claims: second-order methods with generated Hessians converge in a handful of iterations.</summary>
public class NewtonSampleTests
{
    [Fact]
    public void Newton_and_Newton_CG_reach_the_optimum_in_far_fewer_iterations_than_gradient_descent()
    {
        (double[] features, double[] labels) = LogisticRegression.Data(300, 6, seed: 3);
        SolverResult descent = Solvers.GradientDescent(features, labels, 1e-3, 6);
        SolverResult newton = Solvers.Newton(features, labels, 1e-3, 6);
        SolverResult newtonCg = Solvers.NewtonCg(features, labels, 1e-3, 6);

        Assert.True(newton.GradientNorm < Solvers.Tolerance && newtonCg.GradientNorm < Solvers.Tolerance && descent.GradientNorm < Solvers.Tolerance);
        Assert.True(newton.Iterations <= 15, $"Newton took {newton.Iterations} iterations");
        Assert.True(newtonCg.Iterations <= 20, $"Newton-CG took {newtonCg.Iterations} iterations");
        Assert.True(descent.Iterations > 10 * newton.Iterations, $"gradient descent {descent.Iterations}, Newton {newton.Iterations}");
        Assert.Equal(newton.Loss, newtonCg.Loss, 10);
        Assert.Equal(newton.Loss, descent.Loss, 8);
    }
}
