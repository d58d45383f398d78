using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.ADBench;

/// <summary>BenchmarkDotNet view of GMM (n = 1,000) with the allocation column; the ratio table comes from <c>gmm</c>.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class GmmBenchmarks
{
    private GmmInstance _g = null!;
    private double[] _da = [], _dm = [], _dq = [];

    [Params(2, 10, 20, 64)]
    public int D { get; set; }

    [Params(5, 25)]
    public int K { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _g = GmmInstance.Generate(D, K, 1000);
        _da = new double[_g.Alphas.Length];
        _dm = new double[_g.Means.Length];
        _dq = new double[_g.Icf.Length];
    }

    [Benchmark(Baseline = true)]
    public double Objective() => _g.Objective();

    [Benchmark]
    public double ObjectiveManual() => _g.ObjectiveManual();

    [Benchmark]
    public double Generated() => _g.Gradient(_da, _dm, _dq);

    [Benchmark]
    public double GeneratedSplit() => _g.GradientSplit(_da, _dm, _dq);

    [Benchmark]
    public double Manual() => _g.GradientManual(_da, _dm, _dq);
}

/// <summary>BA on ADBench's first instance size.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class BaBenchmarks
{
    private BaInstance _ba = null!;
    private double[] _reproj = [], _wErr = [], _blocks = [], _wBlocks = [];

    [GlobalSetup]
    public void Setup()
    {
        _ba = BaInstance.Generate(49, 7776, 31843);
        _reproj = new double[2 * _ba.P];
        _wErr = new double[_ba.P];
        _blocks = new double[2 * BundleAdjustment.BlockColumns * _ba.P];
        _wBlocks = new double[_ba.P];
    }

    [Benchmark(Baseline = true)]
    public void Objective() => BundleAdjustment.Objective(_ba, _reproj, _wErr);

    [Benchmark]
    public void Jacobian() => BundleAdjustment.Jacobian(_ba, _reproj, _wErr, _blocks, _wBlocks);
}

/// <summary>D-LSTM, l ∈ {2, 4}, c = 1024.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class LstmBenchmarks
{
    private LstmInstance _lstm = null!;
    private double[] _dMain = [], _dExtra = [];

    [Params(2, 4)]
    public int L { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _lstm = LstmInstance.Generate(L, 1024);
        _dMain = new double[_lstm.MainParams.Length];
        _dExtra = new double[_lstm.ExtraParams.Length];
    }

    [Benchmark(Baseline = true)]
    public double Objective() => _lstm.Objective();

    [Benchmark]
    public double Gradient() => _lstm.Gradient(_dMain, _dExtra);
}
