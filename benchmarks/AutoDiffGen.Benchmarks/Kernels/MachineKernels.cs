using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using AutoDiffGen.Benchmarks.Harness;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks.Kernels;

/// <summary>
/// The two machine rates the roofline table divides by, measured in the same run as the kernels:
/// <list type="bullet">
/// <item><description><c>VectorFmaPeak</c>: 16 independent chains of fused multiply-adds on the widest accelerated vector of
/// doubles (512-bit where AVX-512 is present), kept in registers — the arithmetic rate the SIMD width allows on one core.</description></item>
/// <item><description><c>Triad</c>: <c>d = a·s + c</c> (<c>TensorPrimitives.MultiplyAdd</c>) over three arrays of 128 KB in all,
/// and <c>StreamRead</c>: <c>TensorPrimitives.Sum</c> over 128 KB — the rates at which one core streams data through the caches
/// (the kernels' working sets are of this size and live in L2). The roofline uses the faster of the two.</description></item>
/// </list>
/// </summary>
public class MachineBenchmark
{
    /// <summary>FMAs per chain per call of <see cref="VectorFmaPeak"/>.</summary>
    public const int FmaIterations = 4096;

    /// <summary>Independent FMA chains (enough to cover the FMA latency on two pipes).</summary>
    public const int FmaChains = 16;

    /// <summary>Elements per array of <see cref="Triad"/> (three arrays: 128 KB).</summary>
    public const int TriadSize = 5456;

    /// <summary>Elements <see cref="StreamRead"/> sums (128 KB).</summary>
    public const int ReadSize = 16384;

    private readonly double[] _a = new double[TriadSize], _c = new double[TriadSize], _d = new double[TriadSize];
    private readonly double[] _r = new double[ReadSize];

    /// <summary>Vector FMAs per call of <see cref="VectorFmaPeak"/>.</summary>
    public static long VectorFmasPerCall => (long)FmaIterations * FmaChains;

    /// <summary>Lanes of the vectors <see cref="VectorFmaPeak"/> uses.</summary>
    public static int Lanes => Vector512.IsHardwareAccelerated ? Vector512<double>.Count : Vector256<double>.Count;

    /// <summary>Bytes <see cref="Triad"/> reads and writes per call (two arrays read, one written).</summary>
    public static long TriadBytesPerCall => 3L * TriadSize * sizeof(double);

    /// <summary>Bytes <see cref="StreamRead"/> reads per call.</summary>
    public static long ReadBytesPerCall => (long)ReadSize * sizeof(double);

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < TriadSize; i++)
        {
            _a[i] = i * 1e-3;
            _c[i] = 1 - i * 1e-4;
        }

        for (int i = 0; i < ReadSize; i++)
        {
            _r[i] = i * 1e-3;
        }

        MachineRates.Lanes = Lanes;
    }

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double StreamRead() => TensorPrimitives.Sum(_r);

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double VectorFmaPeak() => Vector512.IsHardwareAccelerated ? Peak512() : Peak256();

    [Benchmark]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public double Triad()
    {
        TensorPrimitives.MultiplyAdd(_a, 1.0000001, _c, _d);
        return _d[0];
    }

    private static double Peak512()
    {
        Vector512<double> m = Vector512.Create(0.9999999), c = Vector512.Create(1e-7);
        Vector512<double> a0 = Vector512.Create(1.0), a1 = a0 + c, a2 = a1 + c, a3 = a2 + c, a4 = a3 + c, a5 = a4 + c, a6 = a5 + c, a7 = a6 + c;
        Vector512<double> a8 = a7 + c, a9 = a8 + c, a10 = a9 + c, a11 = a10 + c, a12 = a11 + c, a13 = a12 + c, a14 = a13 + c, a15 = a14 + c;
        for (int i = 0; i < FmaIterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c); a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c); a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c); a11 = Vector512.FusedMultiplyAdd(a11, m, c);
            a12 = Vector512.FusedMultiplyAdd(a12, m, c); a13 = Vector512.FusedMultiplyAdd(a13, m, c);
            a14 = Vector512.FusedMultiplyAdd(a14, m, c); a15 = Vector512.FusedMultiplyAdd(a15, m, c);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }

    private static double Peak256()
    {
        Vector256<double> m = Vector256.Create(0.9999999), c = Vector256.Create(1e-7);
        Vector256<double> a0 = Vector256.Create(1.0), a1 = a0 + c, a2 = a1 + c, a3 = a2 + c, a4 = a3 + c, a5 = a4 + c, a6 = a5 + c, a7 = a6 + c;
        Vector256<double> a8 = a7 + c, a9 = a8 + c, a10 = a9 + c, a11 = a10 + c, a12 = a11 + c, a13 = a12 + c, a14 = a13 + c, a15 = a14 + c;
        for (int i = 0; i < FmaIterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c); a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c); a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c); a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c); a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c); a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c); a11 = Vector256.FusedMultiplyAdd(a11, m, c);
            a12 = Vector256.FusedMultiplyAdd(a12, m, c); a13 = Vector256.FusedMultiplyAdd(a13, m, c);
            a14 = Vector256.FusedMultiplyAdd(a14, m, c); a15 = Vector256.FusedMultiplyAdd(a15, m, c);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }
}
