using System;
using System.Globalization;
using System.Linq;

namespace AutoDiffGen.Reliability.Tests.Fuzz;

/// <summary>What the numeric check of one program found.</summary>
public sealed class CheckResult
{
    public int PointsTested;
    /// <summary>Points whose FTangent was checked against central differences (programs asking for forward mode).</summary>
    public int TangentsTested;
    /// <summary>Points whose H·v was checked against central differences of the gradient (programs asking for second order).</summary>
    public int HessianVectorsTested;
    /// <summary>Points skipped because a finite-difference stencil crossed a kink (the trace changed) or the point is singular.</summary>
    public int KinksSkipped;
    /// <summary>Points skipped because the function is not finite there or the finite differences disagree among themselves.</summary>
    public int IllConditionedSkipped;
    /// <summary>Failure category (see <see cref="Kinds"/>), or null.</summary>
    public string? FailureKind;
    public string? Failure;

    public static class Kinds
    {
        public const string Generator = "generator";
        public const string Rejected = "rejected-valid-code";
        public const string Exception = "exception";
        public const string Value = "value";
        public const string Gradient = "gradient";
        public const string Backward = "backward";
        public const string Allocation = "allocation";
        public const string Tangent = "tangent";
        public const string HessianVector = "hessian-vector";
        public const string Fuzzer = "fuzzer";
    }

    public CheckResult Fail(string kind, string message)
    {
        FailureKind ??= kind;
        Failure ??= message;
        return this;
    }
}

/// <summary>
/// Checks one compiled program at random points: the generated gradient returns exactly the plain method's value,
/// matches central finite differences (stencils whose trace differs from the centre's straddle a kink and are
/// skipped and counted), the pullback adds seed · gradient into adjoints that were not zero, a warm call allocates
/// nothing, and where the program asks for them the tangent and H·v match too (<see cref="ForwardChecker"/>).
/// </summary>
public static class GradientChecker
{
    public const int PointsPerProgram = 3;
    public const int MaxAttempts = 12;
    /// <summary>Per component, a gradient passes when <c>|a − n| ≤ Atol + Rtol · |n|</c> (PyTorch's gradcheck form).</summary>
    public const double Atol = 1e-6;
    public const double Rtol = 1e-6;

    public static CheckResult Check(UnitOutcome unit, TraceAccess trace, int dimension, int seed)
    {
        var result = new CheckResult();
        var rng = new Random(seed ^ 0x5eed);
        var directions = new Random(seed ^ 0x7a9e);
        bool allocationChecked = false, tangentAllocationChecked = false;
        for (int attempt = 0; attempt < MaxAttempts && result.PointsTested < PointsPerProgram && result.FailureKind is null; attempt++)
        {
            double[] x = Enumerable.Range(0, dimension).Select(_ => Math.Round(rng.NextDouble() * 4 - 2, 6)).ToArray();
            CheckPoint(unit, trace, x, result, ref allocationChecked, directions, ref tangentAllocationChecked);
        }
        return result;
    }

    /// <summary>Checks one given point (the allocation check included).</summary>
    public static CheckResult CheckAt(UnitOutcome unit, TraceAccess trace, double[] x)
    {
        var result = new CheckResult();
        bool allocationChecked = false, tangentAllocationChecked = false;
        CheckPoint(unit, trace, x, result, ref allocationChecked, new Random(0x7a9e), ref tangentAllocationChecked);
        return result;
    }

    private static string Format(double[] x) => "[" + string.Join(", ", x.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";

    private static void CheckPoint(UnitOutcome unit, TraceAccess trace, double[] x, CheckResult result, ref bool allocationChecked,
        Random directions, ref bool tangentAllocationChecked)
    {
        int d = x.Length;
        double value;
        try
        {
            value = unit.Value!(x);
        }
        catch (Exception e)
        {
            result.Fail(CheckResult.Kinds.Fuzzer, $"the plain method threw at {Format(x)}: {e.GetType().Name}: {e.Message}");
            return;
        }
        trace.Reset();
        double tracedValue = unit.Traced!(x);
        ulong centre = trace.Hash();
        bool singular = trace.Singular();
        if (!tracedValue.Equals(value))
        {
            result.Fail(CheckResult.Kinds.Fuzzer, $"traced copy computes {tracedValue:R}, plain {value:R} at {Format(x)}");
            return;
        }

        var gradient = Enumerable.Repeat(123.0, d).ToArray(); // Gradient must overwrite, not add
        double generatedValue;
        try
        {
            generatedValue = unit.Gradient!(x, gradient);
        }
        catch (Exception e)
        {
            result.Fail(CheckResult.Kinds.Exception, $"FGradient threw at {Format(x)}: {e}");
            return;
        }
        if (!generatedValue.Equals(value))
        {
            result.Fail(CheckResult.Kinds.Value, $"FGradient returned {generatedValue:R}, F returns {value:R} at {Format(x)}");
            return;
        }

        if (!allocationChecked)
        {
            allocationChecked = true;
            long bytes = unit.WarmAllocation!(x, new double[d]);
            if (bytes != 0)
            {
                result.Fail(CheckResult.Kinds.Allocation, $"a warm FGradient call allocated {bytes} bytes at {Format(x)}");
                return;
            }
        }

        if (!double.IsFinite(value) || Math.Abs(value) > 1e12)
        {
            result.IllConditionedSkipped++;
            return;
        }

        double[]? numeric = singular ? null : Numeric(unit, trace, x, centre, 1e-4);
        if (numeric is null)
        {
            result.KinksSkipped++;
            return;
        }
        switch (Compare(gradient, numeric, step => Numeric(unit, trace, x, centre, step), out string? why))
        {
            case Verdict.Disagrees:
                result.Fail(CheckResult.Kinds.Gradient, $"at {Format(x)}: ∂F/∂input{why}");
                return;
            case Verdict.IllConditioned:
                result.IllConditionedSkipped++;
                return;
        }

        // The pullback adds seed · ∂F/∂input into adjoints that already hold something.
        var adjoints = Enumerable.Repeat(0.5, d).ToArray();
        double backwardValue;
        try
        {
            backwardValue = unit.Backward!(x, adjoints, 2.5);
        }
        catch (Exception e)
        {
            result.Fail(CheckResult.Kinds.Exception, $"FBackward threw at {Format(x)}: {e}");
            return;
        }
        if (!backwardValue.Equals(value))
        {
            result.Fail(CheckResult.Kinds.Backward, $"FBackward returned {backwardValue:R}, F returns {value:R} at {Format(x)}");
            return;
        }
        for (int i = 0; i < d; i++)
        {
            double expected = 0.5 + 2.5 * gradient[i];
            // Not bit-exact: seed 2.5 enters every product of the reverse sweep (and float intermediates round it).
            if (double.IsFinite(expected) && Math.Abs(adjoints[i] - expected) > Atol + Rtol * Math.Abs(expected))
            {
                result.Fail(CheckResult.Kinds.Backward, $"FBackward(seed 2.5) onto adjoints of 0.5 gave {adjoints[i]:R} for input {i}, expected 0.5 + 2.5 · {gradient[i]:R} at {Format(x)}");
                return;
            }
        }
        ForwardChecker.Check(unit, trace, x, value, gradient, centre, directions, result, ref tangentAllocationChecked);
        if (result.FailureKind is not null) return;
        result.PointsTested++;
    }

    /// <summary>What finite differences say of an analytic derivative.</summary>
    public enum Verdict
    {
        Agrees,
        /// <summary>No step agrees, but the steps do not agree with each other either: the differences are not to be trusted here.</summary>
        IllConditioned,
        Disagrees,
    }

    /// <summary>
    /// Compares <paramref name="analytic"/> with central differences taken with the middle step (<paramref name="numeric"/>).
    /// Finite differences themselves can be off (large higher derivatives, cancellation): a derivative fails only if no
    /// step (1e-3, 1e-4, 1e-5) agrees with it and the steps agree with each other far better than with it, and well in
    /// absolute terms (within a thousand tolerances: steps further apart have not converged, as in a chaotic recurrence
    /// whose derivative is 10⁶ times what any of the three steps resolves).
    /// <paramref name="why"/> then tells the worst component: <c>[i] generated …, finite differences … (…)</c>.
    /// </summary>
    public static Verdict Compare(double[] analytic, double[] numeric, Func<double, double[]?> differences, out string? why)
    {
        why = null;
        double error = Excess(analytic, numeric, out int worst);
        if (error <= 1) return Verdict.Agrees;
        double[]? coarse = differences(1e-3), fine = differences(1e-5);
        double best = Math.Min(error, Math.Min(coarse is null ? double.PositiveInfinity : Excess(analytic, coarse, out _),
            fine is null ? double.PositiveInfinity : Excess(analytic, fine, out _)));
        if (best <= 1) return Verdict.Agrees;
        double spread = Math.Max(coarse is null ? 0 : Excess(numeric, coarse, out _), fine is null ? 0 : Excess(numeric, fine, out _));
        if (best > 10 && spread < best / 20 && spread <= 1000 && (coarse is not null || fine is not null))
        {
            why = $"[{worst}] generated {analytic[worst]:R}, finite differences {numeric[worst]:R} (|a − n| is {best:G3} × (atol + rtol·|n|), steps agree within {spread:G3} ×)";
            return Verdict.Disagrees;
        }
        return Verdict.IllConditioned;
    }

    /// <summary>Fourth-order central differences of the traced copy; null when a stencil point leaves the centre's smooth piece.</summary>
    private static double[]? Numeric(UnitOutcome unit, TraceAccess trace, double[] x, ulong centre, double step)
    {
        var point = (double[])x.Clone();
        var numeric = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i];
            double h = step * Math.Max(1.0, Math.Abs(xi));
            double Eval(double at)
            {
                point[i] = at;
                trace.Reset();
                double v = unit.Traced!(point);
                if (trace.Hash() != centre) throw new KinkException();
                return v;
            }
            try
            {
                double f2 = Eval(xi + 2 * h), f1 = Eval(xi + h), fm1 = Eval(xi - h), fm2 = Eval(xi - 2 * h);
                numeric[i] = (-f2 + 8 * f1 - 8 * fm1 + fm2) / (12 * h);
            }
            catch (KinkException)
            {
                return null;
            }
            point[i] = xi;
        }
        return numeric;
    }

    private sealed class KinkException : Exception
    {
    }

    /// <summary>
    /// The worst component's <c>|a − n| / (Atol + Rtol · |n|)</c>: above 1 it fails PyTorch's gradcheck test, so a
    /// component is held to a precision of its own size (a wrong 1e-9 next to a right 1e3 fails). NaN against a number is ∞.
    /// </summary>
    public static double Excess(double[] analytic, double[] numeric, out int worst)
    {
        worst = 0;
        double max = 0;
        for (int i = 0; i < analytic.Length; i++)
        {
            double a = analytic[i], n = numeric[i];
            double e;
            if (double.IsNaN(a) || double.IsNaN(n)) e = double.IsNaN(a) && double.IsNaN(n) ? 0 : double.PositiveInfinity;
            else if (a == n) e = 0;
            else e = Math.Abs(a - n) / (Atol + Rtol * Math.Abs(n));
            if (e > max || double.IsNaN(e))
            {
                max = e;
                worst = i;
            }
        }
        return max;
    }
}
