using System.Threading.Tasks;
using VerifyCS = AutoDiffGen.Analyzers.Tests.Verifier;

namespace AutoDiffGen.Analyzers.Tests;

public class InitializationMismatchTests
{
    private static Task Analyze(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        VerifyCS.AnalyzerAsync<InitializationMismatchAnalyzer>(source, null, expected);

    private static Task Fix(string before, string after, string key) =>
        VerifyCS.CodeFixAsync<InitializationMismatchAnalyzer, InitializationMismatchFixer>(before, after, key);

    [Fact]
    public Task Glorot_with_relu_only_is_reported_with_the_reason() => Analyze("""
        using System;
        using AutoDiffGen;

        public partial class Mlp
        {
            private readonly double[] _w = new double[16];

            public Mlp(Random rng) => {|#0:Init.GlorotUniform(_w, 4, 4, rng)|};

            public double Predict(double x) => Forward(_w, x);

            [Differentiable]
            public static double Forward(ReadOnlySpan<double> w, double x) => Activations.LeakyRelu(w[1] * Activations.Relu(w[0] * x));
        }
        """,
        VerifyCS.Diagnostic(RuleIdentifiers.InitializationDoesNotMatchActivation).WithLocation(0).WithArguments(
            "Init.GlorotUniform",
            "_w",
            "LeakyRelu, Relu",
            "Forward",
            "ReLU-family activations zero about half of their inputs, so a variance of 1/fanIn (gain 1) halves the signal and the gradient at every layer; He initialization (variance 2/fanIn, gain √2) preserves it"));

    [Fact]
    public Task He_with_saturating_only_is_reported_including_math_tanh_and_logistic() => Analyze("""
        using System;
        using AutoDiffGen;

        public partial class Mlp
        {
            private static readonly double[] W = new double[16];

            public static void Setup(Random rng) => {|#0:Init.HeNormal(W, 4, rng)|};

            public static double Predict(double x) => Forward(W, x);

            [Differentiable]
            public static double Forward(ReadOnlySpan<double> w, double x) => 1 / (1 + Math.Exp(-(w[1] * Math.Tanh(w[0] * x))));
        }
        """,
        VerifyCS.Diagnostic(RuleIdentifiers.InitializationDoesNotMatchActivation).WithLocation(0).WithArguments(
            "Init.HeNormal",
            "W",
            "Tanh, logistic",
            "Forward",
            "He initialization doubles the variance (gain √2) to make up for ReLU's zeroed half, which pushes sigmoid/tanh units into their flat, saturated range where the gradient vanishes; Glorot initialization (gain 1) preserves the variance for them"));

    [Fact]
    public Task Matching_and_mixed_and_selu_types_are_not_reported() => Analyze("""
        using System;
        using AutoDiffGen;

        public partial class ReluWithHe
        {
            public static void Setup(Span<double> w, Random rng) => Init.HeUniform(w, 4, rng);
            [Differentiable] public static double F(double w, double x) => Activations.Relu(w * x);
        }

        public partial class TanhWithGlorot
        {
            public static void Setup(Span<double> w, Random rng) { Init.GlorotNormal(w, 4, 4, rng); Init.LeCunNormal(w, 4, rng); }
            [Differentiable] public static double F(double w, double x) => Activations.Tanh(w * x);
        }

        public partial class Mixed
        {
            public static void Setup(Span<double> w, Random rng) { Init.GlorotUniform(w, 4, 4, rng); Init.HeUniform(w, 4, rng); }
            [Differentiable] public static double F(double w, double x) => Activations.Tanh(w * Activations.Relu(x));
        }

        public partial class SeluWithLeCun
        {
            public static void Setup(Span<double> w, Random rng) => Init.LeCunNormal(w, 4, rng);
            [Differentiable] public static double F(double w, double x) => Activations.Selu(w * x);
        }
        """);

    [Fact]
    public Task Activations_outside_differentiable_code_and_untraceable_buffers_are_ignored() => Analyze("""
        using System;
        using AutoDiffGen;

        public partial class NotDifferentiable
        {
            public static void Setup(Span<double> w, Random rng) => Init.GlorotUniform(w, 4, 4, rng);
            public static double F(double w, double x) => Activations.Relu(w * x);
        }

        public partial class Model
        {
            [Differentiable] public static double F(double w, double x) => Activations.Relu(w * x);

            public class Nested
            {
                public static void Setup(Span<double> w, Random rng) => Init.GlorotUniform(w, 4, 4, rng);
            }
        }

        public static class Program
        {
            public static void Main() => Init.GlorotUniform(new double[4], 2, 2, new Random(1));
        }
        """);

    [Fact]
    public Task A_trainer_class_initializing_the_weights_of_a_relu_layer_is_reported_and_the_output_layer_is_not() => Analyze("""
        using System;
        using AutoDiffGen;

        public static partial class Model
        {
            [Differentiable]
            public static double Loss(ReadOnlySpan<double> hidden, ReadOnlySpan<double> output, double x) => output[0] * Activations.Relu(hidden[0] * x);

            public static double LossGradient(ReadOnlySpan<double> hidden, ReadOnlySpan<double> output, double x, Span<double> dHidden, Span<double> dOutput) => 0;
        }

        public sealed class Trainer
        {
            private readonly double[] _hidden = new double[4], _output = new double[4], _gh = new double[4], _go = new double[4];

            public Trainer(Random rng)
            {
                [|Init.GlorotUniform(_hidden, 2, 2, rng)|];
                Init.GlorotUniform(_output, 2, 2, rng);
            }

            public double Step(double x) => Model.LossGradient(_hidden, _output, x, _gh, _go);
        }
        """);

    [Fact]
    public Task Use_he_rewrites_glorot_uniform_dropping_fan_out() => Fix("""
        using System;
        using AutoDiffGen;

        public partial class Mlp
        {
            private readonly double[] _w = new double[16];

            public Mlp(Random rng)
            {
                [|Init.GlorotUniform(_w, 4, 4, rng)|];
            }

            public double Predict(double x) => Forward(_w, x);

            [Differentiable]
            public static double Forward(ReadOnlySpan<double> w, double x) => Activations.Relu(w[0] * x);
        }
        """, """
        using System;
        using AutoDiffGen;

        public partial class Mlp
        {
            private readonly double[] _w = new double[16];

            public Mlp(Random rng)
            {
                Init.HeUniform(_w, 4, rng);
            }

            public double Predict(double x) => Forward(_w, x);

            [Differentiable]
            public static double Forward(ReadOnlySpan<double> w, double x) => Activations.Relu(w[0] * x);
        }
        """, InitializationMismatchFixer.UseHeKey);

    [Fact]
    public Task Use_he_rewrites_named_arguments_and_drops_the_gain_everywhere_with_fix_all() => Fix("""
        using System;
        using AutoDiffGen;

        public partial class Mlp
        {
            public static double Setup(double[] w1, double[] w2, int inputs, Random rng)
            {
                [|Init.GlorotNormal(rng: rng, fanOut: 8, fanIn: inputs, w: w1, gain: 1.0)|];
                [|Init.LeCunNormal(w2.AsSpan(0, 8), 8, rng)|];
                return Forward(w1, 1.0) + Forward(w2, 1.0);
            }

            [Differentiable]
            public static double Forward(ReadOnlySpan<double> w, double x) => Activations.Gelu(w[0] * x);
        }
        """, """
        using System;
        using AutoDiffGen;

        public partial class Mlp
        {
            public static double Setup(double[] w1, double[] w2, int inputs, Random rng)
            {
                Init.HeNormal(w1, inputs, rng);
                Init.HeNormal(w2.AsSpan(0, 8), 8, rng);
                return Forward(w1, 1.0) + Forward(w2, 1.0);
            }

            [Differentiable]
            public static double Forward(ReadOnlySpan<double> w, double x) => Activations.Gelu(w[0] * x);
        }
        """, InitializationMismatchFixer.UseHeKey);

    [Fact]
    public Task Use_glorot_derives_fan_out_from_the_weight_buffer() => Fix("""
        using System;
        using AutoDiffGen;

        public partial class Rnn
        {
            private readonly double[] _w = new double[64];

            public Rnn(Random rng, int hidden)
            {
                [|Init.HeUniform(_w, hidden, rng)|];
                [|Init.HeNormal(_w.AsSpan(), hidden + 1, rng, 2.0)|];
            }

            public double Run(double h, double x) => Step(_w, h, x);

            [Differentiable]
            public static double Step(ReadOnlySpan<double> w, double h, double x) => Activations.Tanh(w[0] * h + w[1] * x);
        }
        """, """
        using System;
        using AutoDiffGen;

        public partial class Rnn
        {
            private readonly double[] _w = new double[64];

            public Rnn(Random rng, int hidden)
            {
                Init.GlorotUniform(_w, hidden, _w.Length / hidden, rng);
                Init.GlorotNormal(_w.AsSpan(), hidden + 1, _w.AsSpan().Length / (hidden + 1), rng);
            }

            public double Run(double h, double x) => Step(_w, h, x);

            [Differentiable]
            public static double Step(ReadOnlySpan<double> w, double h, double x) => Activations.Tanh(w[0] * h + w[1] * x);
        }
        """, InitializationMismatchFixer.UseGlorotKey);
}
