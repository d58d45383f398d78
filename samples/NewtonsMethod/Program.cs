using System;
using NewtonsMethod;
using Spectre.Console;

// Fits an L2-regularized logistic regression three ways and prints how many iterations each needs to bring the
// largest gradient component under 1e-8: gradient descent, Newton's method with the generated dense Hessian
// (LossHessian), and Newton-CG with the generated Hessian-vector product (LossHessianVectorProduct).
const int Samples = 1000, Dimension = 10;
const double L2 = 1e-3;
(double[] features, double[] labels) = LogisticRegression.Data(Samples, Dimension, seed: 1);
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;

var table = new Table().Title($"Logistic regression, {Samples} samples × {Dimension} features, λ = {L2:G3}: until max |∂L/∂w| < {Solvers.Tolerance:G1}");
table.AddColumns("method", "iterations", "loss evaluations", "final loss", "max |gradient|", "time");
foreach (SolverResult r in new[]
{
    Solvers.GradientDescent(features, labels, L2, Dimension),
    Solvers.Newton(features, labels, L2, Dimension),
    Solvers.NewtonCg(features, labels, L2, Dimension),
})
{
    table.AddRow(r.Method, r.Iterations.ToString(), r.Evaluations.ToString(), r.Loss.ToString("F12"), r.GradientNorm.ToString("E2"), $"{r.Time.TotalMilliseconds:F0} ms");
}
AnsiConsole.Write(table);
AnsiConsole.MarkupLine("Newton's method converges quadratically near the optimum; gradient descent, linearly at a rate set by the Hessian's condition number.");
