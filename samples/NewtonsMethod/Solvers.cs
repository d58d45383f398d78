using System;

namespace NewtonsMethod;

/// <summary>What a solver reached: iterations, loss evaluations, the loss and the gradient's largest component.</summary>
public sealed record SolverResult(string Method, int Iterations, int Evaluations, double Loss, double GradientNorm, TimeSpan Time);

/// <summary>Gradient descent, Newton's method with the dense Hessian, and Newton-CG with Hessian-vector products.</summary>
public static class Solvers
{
    public const double Tolerance = 1e-8;

    /// <summary>Gradient descent with a backtracking (Armijo) line search.</summary>
    public static SolverResult GradientDescent(double[] features, double[] labels, double l2, int dimension, int maxIterations = 20_000)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var w = new double[dimension + 1];
        var g = new double[w.Length];
        var trial = new double[w.Length];
        int evaluations = 0;
        double loss = LogisticRegression.LossGradient(w, features, labels, l2, g);
        int iteration = 0;
        double step = 1;
        for (; iteration < maxIterations && Norm(g) > Tolerance; iteration++)
        {
            double g2 = Dot(g, g);
            step *= 2;
            while (true)
            {
                for (int k = 0; k < w.Length; k++) trial[k] = w[k] - step * g[k];
                evaluations++;
                if (LogisticRegression.Loss(trial, features, labels, l2) <= loss - 1e-4 * step * g2 || step < 1e-12) break;
                step /= 2;
            }
            trial.CopyTo(w, 0);
            loss = LogisticRegression.LossGradient(w, features, labels, l2, g);
        }
        return new SolverResult("gradient descent (Armijo)", iteration, evaluations + iteration + 1, loss, Norm(g), clock.Elapsed);
    }

    /// <summary>Newton's method: solve H·Δ = −g with the generated dense Hessian (Cholesky), then a line search along Δ.</summary>
    public static SolverResult Newton(double[] features, double[] labels, double l2, int dimension, int maxIterations = 100)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int n = dimension + 1;
        var w = new double[n];
        var g = new double[n];
        var h = new double[n * n];
        var delta = new double[n];
        double loss = LogisticRegression.LossGradient(w, features, labels, l2, g);
        int iteration = 0, evaluations = 0;
        for (; iteration < maxIterations && Norm(g) > Tolerance; iteration++)
        {
            LogisticRegression.LossHessian(w, features, labels, l2, h);
            for (int k = 0; k < n; k++) delta[k] = -g[k];
            CholeskySolve(h, delta, n);
            evaluations += LineSearch(w, delta, g, loss, features, labels, l2);
            loss = LogisticRegression.LossGradient(w, features, labels, l2, g);
        }
        return new SolverResult("Newton, dense Hessian (LossHessian)", iteration, evaluations + iteration + 1, loss, Norm(g), clock.Elapsed);
    }

    /// <summary>
    /// Newton-CG: each Newton step solved by conjugate gradients that only ever multiply by the Hessian, through the
    /// generated Hessian-vector product (one forward-over-reverse sweep per product, no Hessian stored).
    /// </summary>
    public static SolverResult NewtonCg(double[] features, double[] labels, double l2, int dimension, int maxIterations = 100)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int n = dimension + 1;
        var w = new double[n];
        var g = new double[n];
        double[] delta = new double[n], r = new double[n], p = new double[n], hp = new double[n], scratch = new double[n];
        double loss = LogisticRegression.LossGradient(w, features, labels, l2, g);
        int iteration = 0, products = 0, evaluations = 0;
        for (; iteration < maxIterations && Norm(g) > Tolerance; iteration++)
        {
            // Solve H·Δ = −g to a relative residual that tightens as the gradient shrinks (Nocedal & Wright 7.1).
            Array.Clear(delta);
            for (int k = 0; k < n; k++) r[k] = p[k] = -g[k];
            double rr = Dot(r, r), stop = Math.Min(0.5, Math.Sqrt(Norm(g))) * Math.Sqrt(rr);
            for (int cg = 0; cg < 2 * n && Math.Sqrt(rr) > stop; cg++)
            {
                LogisticRegression.LossHessianVectorProduct(w, features, labels, l2, p, scratch, hp);
                products++;
                double alpha = rr / Dot(p, hp);
                for (int k = 0; k < n; k++) { delta[k] += alpha * p[k]; r[k] -= alpha * hp[k]; }
                double next = Dot(r, r);
                for (int k = 0; k < n; k++) p[k] = r[k] + next / rr * p[k];
                rr = next;
            }
            evaluations += LineSearch(w, delta, g, loss, features, labels, l2);
            loss = LogisticRegression.LossGradient(w, features, labels, l2, g);
        }
        return new SolverResult($"Newton-CG, {products} products (LossHessianVectorProduct)", iteration, evaluations + iteration + 1, loss, Norm(g), clock.Elapsed);
    }

    /// <summary>
    /// Moves <paramref name="w"/> along <paramref name="delta"/>: the full Newton step when it decreases the loss enough
    /// (Armijo), else half of it, and so on. Far from the optimum a full step can overshoot (nearly separable data);
    /// near it the full step is taken and convergence is quadratic. Returns the loss evaluations made.
    /// </summary>
    private static int LineSearch(double[] w, double[] delta, double[] g, double loss, double[] features, double[] labels, double l2)
    {
        double slope = Dot(g, delta), step = 1;
        var trial = new double[w.Length];
        int evaluations = 0;
        while (true)
        {
            for (int k = 0; k < w.Length; k++) trial[k] = w[k] + step * delta[k];
            evaluations++;
            if (LogisticRegression.Loss(trial, features, labels, l2) <= loss + 1e-4 * step * slope || step < 1e-12) break;
            step /= 2;
        }
        trial.CopyTo(w, 0);
        return evaluations;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static double Norm(double[] g)
    {
        double m = 0;
        foreach (double v in g) m = Math.Max(m, Math.Abs(v));
        return m;
    }

    /// <summary>Solves A·x = b in place for a symmetric positive definite A (n × n, row-major; A is overwritten).</summary>
    private static void CholeskySolve(double[] a, double[] b, int n)
    {
        for (int j = 0; j < n; j++)
        {
            double s = a[j * n + j];
            for (int k = 0; k < j; k++) s -= a[j * n + k] * a[j * n + k];
            a[j * n + j] = Math.Sqrt(s);
            for (int i = j + 1; i < n; i++)
            {
                double t = a[i * n + j];
                for (int k = 0; k < j; k++) t -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = t / a[j * n + j];
            }
        }
        for (int i = 0; i < n; i++)
        {
            double t = b[i];
            for (int k = 0; k < i; k++) t -= a[i * n + k] * b[k];
            b[i] = t / a[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double t = b[i];
            for (int k = i + 1; k < n; k++) t -= a[k * n + i] * b[k];
            b[i] = t / a[i * n + i];
        }
    }
}
