using System;
using System.Runtime.CompilerServices;
using AutoDiffGen.Benchmarks.Harness;
using AutoDiffGen.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks.SecondOrder;

/// <summary>
/// Tangent against forward on the scalar workloads (issue 16: tangent / forward ≤ 2). The same points as their gradient
/// workloads; the direction is fixed. <c>Forward</c> is the value alone (the baseline), <c>Tangent</c> the generated
/// <c>{Name}Tangent</c> (value and the derivative along v), <c>Gradient</c> the generated gradient, for comparison.
/// The setup checks the tangent against gradient · v and against central differences along v.
/// </summary>
public abstract class ScalarTangentBenchmark : SecondOrderBenchmark
{
    /// <summary>The point.</summary>
    protected double[] P = Array.Empty<double>();

    /// <summary>The direction.</summary>
    protected double[] V = Array.Empty<double>();

    /// <summary>Where <c>Gradient</c> writes.</summary>
    protected double[] G = Array.Empty<double>();

    /// <summary>Where <c>Tangent</c> writes the directional derivative.</summary>
    protected double DerivativeAlongV;

    public abstract double Forward();

    public abstract double Tangent();

    public abstract double Gradient();

    protected override void Verify()
    {
        double value = Forward();
        if (Tangent() != value) throw new InvalidOperationException($"{BenchmarkNames.Of(this)}: Tangent's value {Tangent():R} vs Forward {value:R}");
        Gradient();
        double dot = 0;
        for (int i = 0; i < P.Length; i++) dot += G[i] * V[i];
        Check("tangent vs gradient · v", new[] { dot }, new[] { DerivativeAlongV }, 1e-12, 1e-14);
        double[] saved = (double[])P.Clone();
        const double h = 1e-6;
        for (int i = 0; i < P.Length; i++) P[i] = saved[i] + h * V[i];
        double plus = Forward();
        for (int i = 0; i < P.Length; i++) P[i] = saved[i] - h * V[i];
        double minus = Forward();
        saved.CopyTo(P, 0);
        Check("tangent vs central differences", new[] { (plus - minus) / (2 * h) }, new[] { DerivativeAlongV }, 1e-6, 1e-8);
    }
}

/// <summary>Rosenbrock at (−1.2, 1) along (0.6, −0.8).</summary>
public class RosenbrockTangentBenchmark : ScalarTangentBenchmark
{
    protected override void Initialize()
    {
        P = new[] { -1.2, 1.0 };
        V = new[] { 0.6, -0.8 };
        G = new double[2];
    }

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Forward() => Models.Rosenbrock(P[0], P[1]);

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Tangent()
    {
        double value = Models.RosenbrockTangent(P[0], P[1], V[0], V[1], out double d);
        DerivativeAlongV = d;
        return value;
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Gradient()
    {
        double value = Models.RosenbrockGradient(P[0], P[1], out double dX, out double dY);
        G[0] = dX;
        G[1] = dY;
        return value;
    }
}

/// <summary>Transcendental at (0.7, −0.4, 1.3) along (0.3, 0.5, −0.8).</summary>
public class TranscendentalTangentBenchmark : ScalarTangentBenchmark
{
    protected override void Initialize()
    {
        P = new[] { 0.7, -0.4, 1.3 };
        V = new[] { 0.3, 0.5, -0.8 };
        G = new double[3];
    }

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Forward() => Models.Transcendental(P[0], P[1], P[2]);

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Tangent()
    {
        double value = Models.TranscendentalTangent(P[0], P[1], P[2], V[0], V[1], V[2], out double d);
        DerivativeAlongV = d;
        return value;
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Gradient()
    {
        double value = Models.TranscendentalGradient(P[0], P[1], P[2], out double dX, out double dY, out double dZ);
        G[0] = dX;
        G[1] = dY;
        G[2] = dZ;
        return value;
    }
}

/// <summary>The scalar RNN over 100 steps at (w, u) = (0.9, 0.5) along (0.6, −0.8), the data of its gradient workload.</summary>
public class ScalarRnnTangentBenchmark : ScalarTangentBenchmark
{
    private double[] _x = Array.Empty<double>();
    private const double Target = 0.3;

    protected override void Initialize()
    {
        P = new[] { 0.9, 0.5 };
        V = new[] { 0.6, -0.8 };
        G = new double[2];
        _x = Data.Normal(new Random(17), ScalarRnnBenchmark.Steps, 1.0);
    }

    [Benchmark(Baseline = true)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Forward() => Models.ScalarRnnLoss(P[0], P[1], _x, Target);

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Tangent()
    {
        double value = Models.ScalarRnnLossTangent(P[0], P[1], _x, Target, V[0], V[1], out double d);
        DerivativeAlongV = d;
        return value;
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override double Gradient()
    {
        double value = Models.ScalarRnnLossGradient(P[0], P[1], _x, Target, out double dW, out double dU);
        G[0] = dW;
        G[1] = dU;
        return value;
    }
}
