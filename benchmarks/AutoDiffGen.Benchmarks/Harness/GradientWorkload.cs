using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace AutoDiffGen.Benchmarks.Harness;

/// <summary>
/// Base of every workload: one differentiable function and its contenders, each a <c>[Benchmark]</c> method.
/// </summary>
/// <remarks>
/// <para>All parameters of the function live in one flat array, <see cref="Parameters"/>; a workload slices it into
/// its weights. Every gradient contender is a public <c>[Benchmark]</c> method without arguments that returns the
/// function's value and writes the full gradient into <see cref="Gradient"/> (same layout as <see cref="Parameters"/>),
/// overwriting it. <see cref="Forward"/> returns the value only.</para>
/// <para>The contenders are found by reflection (see <see cref="ContenderNames"/>): adding a
/// <c>[Benchmark] public double Generated()</c> that follows the same contract to a workload makes it measured,
/// checked in <see cref="Setup"/>, and reported by the quick mode, with no other change.</para>
/// </remarks>
public abstract class GradientWorkload
{
    /// <summary>Gradients agree when, per component, |a − b| ≤ rtol·|b| + atol·max|reference|.</summary>
    public const double RelativeTolerance = 1e-6;

    /// <summary>Absolute floor, relative to the largest reference component (components that cancel to ~0).</summary>
    public const double AbsoluteToleranceScale = 1e-8;

    /// <summary>Workloads with at most this many parameters are checked against finite differences in full.</summary>
    public const int FullFiniteDifferenceLimit = 64;

    /// <summary>Larger workloads are spot-checked against finite differences on this many components.</summary>
    public const int FiniteDifferenceSpotChecks = 16;

    /// <summary>Warm calls per contender in the allocation probe.</summary>
    public const int AllocationProbeCalls = 16;

    private bool _initialized;

    /// <summary>All differentiable parameters, flat.</summary>
    protected double[] Parameters { get; private set; } = Array.Empty<double>();

    /// <summary>Where every gradient contender writes its gradient.</summary>
    protected double[] Gradient { get; private set; } = Array.Empty<double>();

    /// <summary>The workload's own class (BenchmarkDotNet's in-process toolchain runs a type it derives from it).</summary>
    private Type WorkloadType => BenchmarkNames.DeclaredType(this);

    /// <summary>Number of differentiable parameters.</summary>
    public int ParameterCount => Parameters.Length;

    /// <summary>The function's value (the plain C# forward pass).</summary>
    public abstract double Forward();

    /// <summary>Hand-written analytic gradient: the reference of the agreement check.</summary>
    public abstract double HandWritten();

    /// <summary>TorchSharp autograd (float64, CPU): forward, backward, gradient copied into <see cref="Gradient"/>.</summary>
    public abstract double Torch();

    /// <summary>Allocates parameters, data and scratch; called once before the first benchmark of the instance.</summary>
    protected abstract void Initialize();

    /// <summary>Creates the TorchSharp tensors (called after <see cref="Initialize"/>).</summary>
    protected abstract void InitializeTorch();

    /// <summary>
    /// Called by the agreement check after each contender: a contender that computes into a gradient of its own (a model
    /// class's <c>Model.Gradient</c>) copies it into <see cref="Gradient"/> here, outside the timed call.
    /// </summary>
    /// <param name="contender">The contender's method name.</param>
    protected virtual void ContenderDone(string contender)
    {
    }

    /// <summary>Sets <see cref="Parameters"/> and <see cref="Gradient"/>.</summary>
    protected void AllocateParameters(int count)
    {
        Parameters = new double[count];
        Gradient = new double[count];
    }

    /// <summary>TorchSharp autograd on one intra-op thread.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double TorchOneThread() => Torch();

    /// <summary>TorchSharp autograd with libtorch's default number of intra-op threads.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double TorchDefaultThreads() => Torch();

    /// <summary>Setup for <see cref="TorchOneThread"/>.</summary>
    [GlobalSetup(Target = nameof(TorchOneThread))]
    public void SetupTorchOneThread()
    {
        Setup();
        torch.set_num_threads(1);
    }

    /// <summary>Setup for <see cref="TorchDefaultThreads"/>.</summary>
    [GlobalSetup(Target = nameof(TorchDefaultThreads))]
    public void SetupTorchDefaultThreads()
    {
        Setup();
        torch.set_num_threads(TorchEnvironment.DefaultThreads);
    }

    /// <summary>Setup of every other benchmark: builds the workload and checks that all contenders agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        TorchEnvironment.EnsureLoaded();
        if (!_initialized)
        {
            Initialize();
            InitializeTorch();
            _initialized = true;
        }

        VerifyContenders();
        ProbeAllocations();
    }

    /// <summary>Name of the workload in reports: the type name without "Benchmark", then its <c>[Params]</c> values.</summary>
    public string WorkloadName() => BenchmarkNames.Of(this);

    /// <summary>
    /// Measures the exact managed bytes each contender allocates per warm call on the calling thread
    /// (<see cref="GC.GetAllocatedBytesForCurrentThread"/> around <see cref="AllocationProbeCalls"/> calls after two
    /// warm-up calls) and records them in <see cref="AllocationProbe"/>.
    /// </summary>
    private void ProbeAllocations()
    {
        foreach (MethodInfo contender in ContenderMethods().Concat(ForwardMethods()))
        {
            double bytes = AllocationProbe.Measure(contender.CreateDelegate<Func<double>>(this));
            AllocationProbe.Record(WorkloadName(), contender.Name, bytes);
        }
    }

    /// <summary>Central finite differences of <see cref="Forward"/> over every parameter (2·n forward passes).</summary>
    protected double CentralDifferences()
    {
        double[] p = Parameters;
        for (int i = 0; i < p.Length; i++)
        {
            Gradient[i] = CentralDifference(i);
        }

        return Forward();
    }

    private double CentralDifference(int index)
    {
        double[] p = Parameters;
        double saved = p[index];
        double h = 6e-6 * Math.Max(1.0, Math.Abs(saved));
        p[index] = saved + h;
        double plus = Forward();
        p[index] = saved - h;
        double minus = Forward();
        p[index] = saved;
        return (plus - minus) / (2 * h);
    }

    /// <summary>The gradient contenders this workload has: its public <c>[Benchmark]</c> methods except <see cref="Forward"/>.</summary>
    public IReadOnlyList<string> ContenderNames() =>
        ContenderMethods().Select(m => m.Name).ToArray();

    private IEnumerable<MethodInfo> ContenderMethods() =>
        WorkloadType.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null
                        && !m.Name.StartsWith(nameof(Forward), StringComparison.Ordinal)
                        && m.ReturnType == typeof(double)
                        && m.GetParameters().Length == 0)
            .OrderBy(m => m.Name, StringComparer.Ordinal);

    /// <summary>The value-only benchmarks: <see cref="Forward"/> and any other public <c>[Benchmark]</c> named <c>Forward…</c>
    /// (e.g. the plain-loop form of a workload), checked for the same value as <see cref="HandWritten"/>.</summary>
    private IEnumerable<MethodInfo> ForwardMethods() =>
        WorkloadType.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null
                        && m.Name.StartsWith(nameof(Forward), StringComparison.Ordinal)
                        && m.ReturnType == typeof(double)
                        && m.GetParameters().Length == 0)
            .OrderBy(m => m.Name, StringComparer.Ordinal);

    /// <summary>
    /// Runs every contender once and throws unless all agree with <see cref="HandWritten"/> (value and gradient), and
    /// the hand-written gradient agrees with central finite differences (all components for small workloads, a
    /// deterministic sample otherwise). Each contender's output buffer is filled with NaN first, so a contender that
    /// leaves a component unwritten fails.
    /// </summary>
    private void VerifyContenders()
    {
        Array.Fill(Gradient, double.NaN);
        double referenceValue = HandWritten();
        double[] reference = (double[])Gradient.Clone();
        double scale = reference.Max(Math.Abs);
        var failures = new List<string>();

        foreach (MethodInfo forward in ForwardMethods())
        {
            double forwardValue = (double)forward.Invoke(this, null)!;
            if (!Agrees(forwardValue, referenceValue, Math.Abs(referenceValue)))
            {
                failures.Add($"{forward.Name} value {Fmt(forwardValue)} vs HandWritten value {Fmt(referenceValue)}");
            }
        }

        foreach (MethodInfo contender in ContenderMethods())
        {
            if (contender.Name == nameof(HandWritten))
            {
                continue;
            }

            Array.Fill(Gradient, double.NaN);
            double value = (double)contender.Invoke(this, null)!;
            ContenderDone(contender.Name);
            if (!Agrees(value, referenceValue, Math.Abs(referenceValue)))
            {
                failures.Add($"{contender.Name} value {Fmt(value)} vs HandWritten value {Fmt(referenceValue)}");
            }

            AddGradientMismatch(failures, contender.Name, Gradient, reference, scale);
        }

        int[] checkedIndices = Parameters.Length <= FullFiniteDifferenceLimit
            ? Enumerable.Range(0, Parameters.Length).ToArray()
            : SpotCheckIndices(Parameters.Length);
        double[] numeric = new double[reference.Length];
        double[] expected = new double[reference.Length];
        foreach (int i in checkedIndices)
        {
            numeric[i] = CentralDifference(i);
            expected[i] = reference[i];
        }

        AddGradientMismatch(failures, "central finite differences", numeric, expected, scale);

        if (failures.Count > 0)
        {
            throw new InvalidOperationException(
                $"{WorkloadName()}: contenders disagree (rtol {RelativeTolerance:g}, atol {AbsoluteToleranceScale:g} x max|g| = {Fmt(scale)}):"
                + Environment.NewLine + string.Join(Environment.NewLine, failures));
        }
    }

    private static int[] SpotCheckIndices(int count)
    {
        var rng = new Random(12345);
        return Enumerable.Range(0, FiniteDifferenceSpotChecks).Select(_ => rng.Next(count)).Distinct().ToArray();
    }

    private static void AddGradientMismatch(List<string> failures, string name, double[] actual, double[] expected, double scale)
    {
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double allowed = RelativeTolerance * Math.Abs(expected[i]) + AbsoluteToleranceScale * scale;
            double error = Math.Abs(actual[i] - expected[i]);
            double excess = double.IsFinite(error) ? error / allowed : double.PositiveInfinity;
            if (excess > 1 && excess > worstExcess)
            {
                worst = i;
                worstExcess = excess;
            }
        }

        if (worst >= 0)
        {
            failures.Add($"{name}: gradient[{worst}] = {Fmt(actual[worst])}, HandWritten = {Fmt(expected[worst])}");
        }
    }

    private static bool Agrees(double actual, double expected, double scale) =>
        Math.Abs(actual - expected) <= RelativeTolerance * Math.Abs(expected) + AbsoluteToleranceScale * scale;

    private static string Fmt(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
