using System;

namespace AutoDiffGen.IntegrationTests.Functions;

/// <summary>
/// Shapes where an overwritten value is a copy of another variable, so the reverse sweep copies it back instead of
/// recording it (to-be-recorded analysis, <c>CopyFacts</c>), and shapes where that must not happen; and scalar inputs
/// whose adjoints are collected in locals (one variable passed for two parameters of a callee).
/// </summary>
public static partial class RecordedCopyFunctions
{
    /// <summary>h ← tanh(w·h + u·x[t]): the call's temporary and h hold one value after each step.</summary>
    [Differentiable]
    public static double TanhRnn(double w, double u, [NoDerivative] ReadOnlySpan<double> x)
    {
        double h = 0.3;
        for (int t = 0; t < x.Length; t++) h = Math.Tanh(w * h + u * x[t]);
        return h * h;
    }

    /// <summary>
    /// Two states shifted each step (prev ← h ← tanh(…h, prev…)): a chain of copies (tanh1 → next → h), whose end the
    /// next step's adjoint reads.
    /// </summary>
    [Differentiable]
    public static double ShiftedStates(double w, double u, [NoDerivative] ReadOnlySpan<double> x)
    {
        double h = 0.1, prev = -0.2;
        for (int t = 0; t < x.Length; t++)
        {
            double next = Math.Tanh(w * h + u * prev + x[t]);
            prev = h;
            h = next;
        }
        return h * prev + prev;
    }

    /// <summary>The copy is taken on one branch only; the other branch scales it.</summary>
    [Differentiable]
    public static double CopyOnOneBranch(double w, [NoDerivative] ReadOnlySpan<double> x)
    {
        double h = 0.5;
        for (int t = 0; t < x.Length; t++)
        {
            double next = Math.Tanh(w * h + x[t]);
            if (x[t] > 0) h = next;
            else h = next * w;
        }
        return h;
    }

    /// <summary>Straight-line code: a is overwritten while b still holds its old value, which sin's adjoint reads.</summary>
    [Differentiable]
    public static double StraightLineCopy(double x, double y)
    {
        double a = Math.Exp(0.5 * x);
        double b = a;
        a = Math.Sin(b * y);
        return a * b + a;
    }

    /// <summary>Nested loops: the inner loop's state is copied into the outer one and back.</summary>
    [Differentiable]
    public static double NestedCopies(double w, [NoDerivative] ReadOnlySpan<double> x, int inner)
    {
        double outer = 0.2;
        for (int i = 0; i < x.Length; i++)
        {
            double h = outer;
            for (int k = 0; k < inner; k++) h = Math.Tanh(w * h + x[i]);
            outer = h;
        }
        return outer * w;
    }

    /// <summary>A callee given one variable for both of its scalar parameters: both adjoints add into the caller's one.</summary>
    [Differentiable]
    public static double SameArgumentTwice(double a, double b) => Product(a, a) + Product(a, b) * b;

    [Differentiable]
    public static double Product(double x, double y) => x * Math.Exp(0.3 * y) + y;

    /// <summary>An input reassigned by the body, beside one that is not.</summary>
    [Differentiable]
    public static double ReassignedInput(double x, double y)
    {
        x = x * y + Math.Cos(x);
        return x * x + y;
    }
}
