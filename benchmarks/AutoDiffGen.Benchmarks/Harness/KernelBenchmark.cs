using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace AutoDiffGen.Benchmarks.Harness;

/// <summary>
/// Base of the runtime-library kernel benchmarks (issue 4): one layer's forward and backward pass (given the output's
/// adjoint dY: the output y and the input adjoints), computed by several contenders, each a public <c>[Benchmark]</c>
/// method without arguments returning a <see cref="double"/> that writes everything it computes into <see cref="Output"/>
/// (same layout for every contender), overwriting it.
/// </summary>
/// <remarks>
/// The <c>[GlobalSetup]</c> runs every contender once (into a buffer filled with NaN first) and throws unless each agrees
/// with <see cref="ReferenceContender"/> on every component, |a − b| ≤ 1e-6·|b| + 1e-8·max|reference|; it also measures the
/// exact managed bytes per warm call of each contender on the calling thread. TorchSharp runs on one intra-op thread.
/// </remarks>
public abstract class KernelBenchmark
{
    private bool _initialized;

    /// <summary>Everything a contender computes, flat (for example y, then dW, dB, dX).</summary>
    protected double[] Output { get; set; } = Array.Empty<double>();

    /// <summary>The contender every other one is checked against (the obviously correct plain loops).</summary>
    protected virtual string ReferenceContender => "PlainLoops";

    /// <summary>Relative part of the agreement tolerance (single-precision kernels loosen it).</summary>
    protected virtual double RelativeTolerance => GradientWorkload.RelativeTolerance;

    /// <summary>Absolute part of the agreement tolerance, as a fraction of the largest reference component.</summary>
    protected virtual double AbsoluteToleranceScale => GradientWorkload.AbsoluteToleranceScale;

    /// <summary>Called after each contender ran during the agreement check: a kernel whose contenders write buffers other
    /// than <see cref="Output"/> (single precision) copies them into it here, outside the measured calls.</summary>
    protected virtual void Publish()
    {
    }

    /// <summary>The type the benchmark was declared as (BenchmarkDotNet's in-process toolchain runs a type derived from it).</summary>
    private Type KernelType
    {
        get
        {
            Type type = GetType();
            while (type.Assembly != typeof(KernelBenchmark).Assembly && type.BaseType is not null)
            {
                type = type.BaseType;
            }

            return type;
        }
    }

    /// <summary>Allocates inputs, outputs and TorchSharp tensors; called once per instance.</summary>
    protected abstract void Initialize();

    /// <summary>
    /// For the roofline table: the bytes <c>Library</c> (forward call, then pullback) must read and write per call, each
    /// array counted once per pass over it (compulsory traffic; small per-feature rows that stay in L1 are not counted).
    /// </summary>
    protected abstract double RooflineBytes { get; }

    /// <summary>
    /// For the roofline table: the vector arithmetic instructions of <c>Library</c> per call when vectors hold
    /// <paramref name="doubleLanes"/> doubles (twice as many floats), counted from the kernels' source (an FMA, a compare, a
    /// blend, a division each count 1; loads and stores are the memory side).
    /// </summary>
    protected abstract double RooflineInstructions(int doubleLanes);

    /// <summary>Builds the kernel once, checks that all contenders agree, and measures their allocations.</summary>
    [GlobalSetup]
    public void Setup()
    {
        TorchEnvironment.EnsureLoaded();
        torch.set_num_threads(1);
        if (!_initialized)
        {
            Initialize();
            _initialized = true;
        }

        Verify();
        ProbeAllocations();
        Roofline.Record(KernelName(), RooflineBytes, RooflineInstructions(MachineRates.Lanes));
    }

    /// <summary>Name in reports: the type name without "Benchmark", then its <c>[Params]</c> values.</summary>
    public string KernelName()
    {
        string type = KernelType.Name;
        if (type.EndsWith("Benchmark", StringComparison.Ordinal))
        {
            type = type[..^"Benchmark".Length];
        }

        string parameters = string.Join(",", KernelType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<ParamsAttribute>() is not null)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={Convert.ToString(p.GetValue(this), CultureInfo.InvariantCulture)}"));
        return parameters.Length == 0 ? type : $"{type}({parameters})";
    }

    private IEnumerable<MethodInfo> Contenders() =>
        KernelType.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null
                        && m.ReturnType == typeof(double)
                        && m.GetParameters().Length == 0)
            .OrderBy(m => m.Name, StringComparer.Ordinal);

    private void Verify()
    {
        MethodInfo reference = Contenders().Single(m => m.Name == ReferenceContender);
        Array.Fill(Output, double.NaN);
        reference.Invoke(this, null);
        Publish();
        double[] expected = (double[])Output.Clone();
        double scale = expected.Max(Math.Abs);
        var failures = new List<string>();
        foreach (MethodInfo contender in Contenders().Where(m => m != reference))
        {
            Array.Fill(Output, double.NaN);
            contender.Invoke(this, null);
            Publish();
            int worst = -1;
            double worstExcess = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                double allowed = RelativeTolerance * Math.Abs(expected[i]) + AbsoluteToleranceScale * scale;
                double error = Math.Abs(Output[i] - expected[i]);
                double excess = double.IsFinite(error) ? error / allowed : double.PositiveInfinity;
                if (excess > 1 && excess > worstExcess)
                {
                    worst = i;
                    worstExcess = excess;
                }
            }

            if (worst >= 0)
            {
                failures.Add(string.Format(CultureInfo.InvariantCulture, "{0}: output[{1}] = {2:R}, {3} = {4:R}",
                    contender.Name, worst, Output[worst], ReferenceContender, expected[worst]));
            }
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException($"{KernelName()}: contenders disagree:" + Environment.NewLine + string.Join(Environment.NewLine, failures));
        }
    }

    private void ProbeAllocations()
    {
        foreach (MethodInfo contender in Contenders())
        {
            double bytes = AllocationProbe.Measure(contender.CreateDelegate<Func<double>>(this));
            AllocationProbe.Record(KernelName(), contender.Name, bytes);
        }
    }
}
