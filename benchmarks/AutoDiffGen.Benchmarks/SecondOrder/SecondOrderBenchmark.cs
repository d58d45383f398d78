using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AutoDiffGen.Benchmarks.Harness;
using BenchmarkDotNet.Attributes;
using TorchSharp;

namespace AutoDiffGen.Benchmarks.SecondOrder;

/// <summary>
/// Base of the forward-mode and second-order benchmarks (issue 16): tangents against the forward pass, Hessian-vector
/// products against the gradient, dense Hessians against finite differences of the gradient, each beside TorchSharp where
/// it fits. Every contender is a public <c>[Benchmark]</c> method without arguments that returns the function's value; the
/// baseline (<c>Baseline = true</c>) is what the goal divides by.
/// </summary>
/// <remarks>
/// The <c>[GlobalSetup]</c> runs <see cref="Verify"/>, which checks every contender against an independent reference
/// (central differences, another contender) and throws on a mismatch, so a wrong contender reports no time. Contenders
/// that are approximations record their error with <see cref="RecordError"/>; the quick report prints it beside the time.
/// TorchSharp runs on one intra-op thread, as the C# contenders do.
/// </remarks>
[MinColumn]
[MedianColumn]
public abstract class SecondOrderBenchmark
{
    private static readonly ConcurrentDictionary<(string Workload, string Contender), double> s_errors = new();

    private bool _initialized;

    /// <summary>The recorded error of an approximate contender, if any.</summary>
    public static double? Error(string workload, string contender) =>
        s_errors.TryGetValue((workload, contender), out double error) ? error : null;

    /// <summary>Builds parameters, data and scratch; called once per instance.</summary>
    protected abstract void Initialize();

    /// <summary>Checks every contender; throws <see cref="InvalidOperationException"/> on a mismatch.</summary>
    protected abstract void Verify();

    /// <summary>Builds the workload once, verifies the contenders, and measures their allocations.</summary>
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
        foreach (MethodInfo contender in Contenders())
        {
            double bytes = AllocationProbe.Measure(contender.CreateDelegate<Func<double>>(this));
            AllocationProbe.Record(BenchmarkNames.Of(this), contender.Name, bytes);
        }
    }

    /// <summary>Records the error of an approximate contender (its largest deviation from the exact result, relative to that result's largest component).</summary>
    protected void RecordError(string contender, double error) => s_errors[(BenchmarkNames.Of(this), contender)] = error;

    /// <summary>Throws unless <c>|actual − expected| ≤ rel · |expected| + abs · max|expected|</c> element by element.</summary>
    protected void Check(string what, ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double rel, double abs)
    {
        double scale = 0;
        foreach (double e in expected)
        {
            scale = Math.Max(scale, Math.Abs(e));
        }

        for (int i = 0; i < expected.Length; i++)
        {
            double allowed = rel * Math.Abs(expected[i]) + abs * scale;
            if (!(Math.Abs(actual[i] - expected[i]) <= allowed))
            {
                throw new InvalidOperationException(
                    $"{BenchmarkNames.Of(this)}: {what}[{i}] = {actual[i]:R}, expected {expected[i]:R} (allowed {allowed:E2})");
            }
        }
    }

    /// <summary>Largest |actual − exact| over the largest |exact|.</summary>
    protected static double RelativeError(ReadOnlySpan<double> exact, ReadOnlySpan<double> actual)
    {
        double scale = 0, error = 0;
        for (int i = 0; i < exact.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(exact[i]));
            error = Math.Max(error, Math.Abs(actual[i] - exact[i]));
        }

        return error / scale;
    }

    private IEnumerable<MethodInfo> Contenders() =>
        BenchmarkNames.DeclaredType(this).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null && m.ReturnType == typeof(double) && m.GetParameters().Length == 0);
}
