using System.Threading.Tasks;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using static AutoDiffGen.Generator.Tests.GeneratorHarness;

namespace AutoDiffGen.Generator.Tests;

/// <summary>ADG0009 for a pullback that reuses the forward's outputs (<c>Derivatives.ReverseFromOutputs</c>) of the wrong shape.</summary>
public class ReuseShapeDiagnosticTests
{
    [Fact]
    public Task ADG0009_reusing_pullback_must_read_the_outputs_and_return_nothing()
    {
        const string source = Usings + """
            public static partial class Layers
            {
                public static void Scale(ReadOnlySpan<double> x, double s, Span<double> y) { for (int i = 0; i < y.Length; i++) y[i] = s * x[i]; }

                [DerivativeOf(nameof(Scale), Derivatives.ReverseFromOutputs)]
                public static void {|#0:ScaleBackwardFromOutputs|}(ReadOnlySpan<double> x, double s, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX, ref double dS) { }
            }
            """;
        return VerifyNoSourceAsync(source, new DiagnosticResult(DiagnosticDescriptors.InvalidCustomDerivative).WithLocation(0).WithArguments(
            "Scale", "ScaleBackwardFromOutputs",
            "static void ScaleBackwardFromOutputs(ReadOnlySpan<double>, double, ReadOnlySpan<double>, ReadOnlySpan<double>, Span<double>, ref double)"));
    }
}
