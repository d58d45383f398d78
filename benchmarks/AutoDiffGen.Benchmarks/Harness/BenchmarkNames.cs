using System;
using System.Globalization;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks.Harness;

/// <summary>How a benchmark instance is named in the reports: its class name without "Benchmark", then its <c>[Params]</c> values.</summary>
public static class BenchmarkNames
{
    /// <summary>The benchmark's own class: BenchmarkDotNet's in-process toolchain runs a type it derives from it in another assembly.</summary>
    public static Type DeclaredType(object benchmark)
    {
        Type type = benchmark.GetType();
        while (type.Assembly != typeof(BenchmarkNames).Assembly && type.BaseType is not null)
        {
            type = type.BaseType;
        }

        return type;
    }

    /// <summary>The workload name, as <c>QuickReport</c> derives it from a report.</summary>
    public static string Of(object benchmark)
    {
        Type declared = DeclaredType(benchmark);
        string type = declared.Name;
        if (type.EndsWith("Benchmark", StringComparison.Ordinal))
        {
            type = type[..^"Benchmark".Length];
        }

        string parameters = string.Join(",", declared.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<ParamsAttribute>() is not null)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={Convert.ToString(p.GetValue(benchmark), CultureInfo.InvariantCulture)}"));
        return parameters.Length == 0 ? type : $"{type}({parameters})";
    }
}
