namespace AutoDiffGen.Analyzers.Tests;

/// <summary>
/// The runtime surface the rules match, with API.md's namespaces and signatures. The real runtime project is
/// written concurrently, and analyzers match by metadata name, so tests compile against this stand-in.
/// </summary>
internal static class RuntimeStub
{
    public const string Source = """
        using System;
        using System.Numerics;

        namespace AutoDiffGen
        {
            [AttributeUsage(AttributeTargets.Method)]
            public sealed class DifferentiableAttribute : Attribute { }

            [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
            public sealed class DerivativeOfAttribute : Attribute
            {
                public DerivativeOfAttribute(string methodName) => MethodName = methodName;
                public string MethodName { get; }
            }

            public static class Activations
            {
                public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
                public static float Sigmoid(float x) => 1 / (1 + MathF.Exp(-x));
                public static void Sigmoid(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = Sigmoid(x[i]); }
                public static double Tanh(double x) => Math.Tanh(x);
                public static float Tanh(float x) => MathF.Tanh(x);
                public static void Tanh(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = Math.Tanh(x[i]); }
                public static double Relu(double x) => x > 0 ? x : 0;
                public static float Relu(float x) => x > 0 ? x : 0;
                public static void Relu(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = Relu(x[i]); }
                public static double LeakyRelu(double x, double slope = 0.01) => x > 0 ? x : slope * x;
                public static float LeakyRelu(float x, float slope = 0.01f) => x > 0 ? x : slope * x;
                public static void LeakyRelu(ReadOnlySpan<double> x, Span<double> y, double slope = 0.01) { for (int i = 0; i < x.Length; i++) y[i] = LeakyRelu(x[i], slope); }
                public static double Gelu(double x) => x;
                public static double Selu(double x) => x;
            }

            public static class Normalization
            {
                public static void LayerNorm(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, Span<double> y, double eps = 1e-5) { }
            }

            public static class Init
            {
                public static void GlorotUniform(Span<double> w, int fanIn, int fanOut, Random rng, double gain = 1) { }
                public static void GlorotNormal(Span<double> w, int fanIn, int fanOut, Random rng, double gain = 1) { }
                public static void HeUniform(Span<double> w, int fanIn, Random rng, double gain = 1.4142135623730951) { }
                public static void HeNormal(Span<double> w, int fanIn, Random rng, double gain = 1.4142135623730951) { }
                public static void LeCunNormal(Span<double> w, int fanIn, Random rng, double gain = 1) { }
            }

            public static class Clipping
            {
                public static double ClipByNorm(Span<double> grad, double maxNorm, bool errorIfNonfinite = false) => maxNorm;
                public static float ClipByNorm(Span<float> grad, float maxNorm, bool errorIfNonfinite = false) => maxNorm;
                public static void ClipByValue(Span<double> grad, double limit) { }
                public static double ClipByGlobalNorm(ReadOnlySpan<double[]> gradients, double maxNorm, bool errorIfNonfinite = false) => maxNorm;
                public static float ClipByGlobalNorm(ReadOnlySpan<float[]> gradients, float maxNorm, bool errorIfNonfinite = false) => maxNorm;
            }
        }
        """;
}
