using System;
using AutoDiffGen;

// 1. A differentiable function: the generator writes RosenbrockGradient and RosenbrockBackward beside it.
double value = Functions.RosenbrockGradient(-1.2, 1.0, out double dX, out double dY);
Console.WriteLine($"Rosenbrock(-1.2, 1) = {value}, gradient = ({dX}, {dY})");

// 2. Check it against finite differences, like torch.autograd.gradcheck.
GradientCheckResult check = GradientCheck.Compare(p => Functions.Rosenbrock(p[0], p[1]), new[] { -1.2, 1.0 }, new[] { dX, dY });
Console.WriteLine($"gradient check: {check}");

// 3. Train: fit y = a·x + b to noisy points by gradient descent on a loss with a loop over spans.
var rng = new Random(1);
double[] xs = new double[50], ys = new double[50];
for (int i = 0; i < xs.Length; i++)
{
    xs[i] = i / 10.0;
    ys[i] = 3 * xs[i] - 2 + 0.1 * (rng.NextDouble() - 0.5);
}
double a = 0, b = 0;
for (int step = 0; step <= 500; step++)
{
    double loss = Functions.SquaredErrorGradient(a, b, xs, ys, out double dA, out double dB);
    a -= 0.05 * dA;
    b -= 0.05 * dB;
    if (step % 100 == 0) Console.WriteLine($"step {step,3}: loss {loss:F6}, a = {a:F4}, b = {b:F4}");
}
Console.WriteLine($"fitted y = {a:F3}·x {(b < 0 ? "−" : "+")} {Math.Abs(b):F3} (true: 3·x − 2)");
return check.Passed && Math.Abs(a - 3) < 0.05 && Math.Abs(b + 2) < 0.1 ? 0 : 1;

static partial class Functions
{
    [Differentiable]
    public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    [Differentiable]
    public static double SquaredError(double a, double b, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double error = a * xs[i] + b - ys[i];
            sum += error * error;
        }
        return sum / xs.Length;
    }
}
