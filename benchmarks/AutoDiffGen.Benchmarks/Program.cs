using System;
using AutoDiffGen.Benchmarks.Harness;
using AutoDiffGen.Benchmarks.Workloads;

TorchEnvironment.EnsureLoaded();
GradientWorkload[] all =
[
    new RosenbrockBenchmark(), new TranscendentalBenchmark(), new DotProductBenchmark(), new LogisticRegressionBenchmark(),
    new MlpBenchmark { Batch = 1 }, new MlpBenchmark { Batch = 32 }, new DeepMlpBenchmark { Activation = "Tanh" },
    new DeepMlpBenchmark { Activation = "Relu" }, new ScalarRnnBenchmark(), new VectorRnnBenchmark(),
];
foreach (var w in all)
{
    w.Setup();
    Console.WriteLine(w.GetType().Name + ": " + string.Join(", ", w.ContenderNames()) + " agree");
}
