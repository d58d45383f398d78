using System;
using System.Linq;
using static AutoDiffGen.IntegrationTests.GradientAssert;
using I = AutoDiffGen.IntegrationTests.Functions.IncrementFunctions;

namespace AutoDiffGen.IntegrationTests;

/// <summary>
/// Increments of a buffer written whole before them, recorded only where an adjoint reads the value between them, and
/// their reverse loops as column axpys and dot products: against central finite differences (the triangle at sizes with
/// columns of 0 to 18 elements, so the kernels' vector and tail paths run), and 0 B warm (the zero-seed semantics of the
/// vector form are tested on the runtime's kernels).
/// </summary>
public class IncrementRecordTests
{
    private const int N = 19;
    private const int Triangle = N * (N - 1) / 2;

    public static readonly GradientCase[] Cases =
    {
        new("ColumnTriangle", 2 * N + Triangle, p => I.ColumnTriangle(p.AsSpan(0, N), p.AsSpan(N, Triangle), p.AsSpan(N + Triangle, N), 2),
            (p, g) => I.ColumnTriangleGradient(p.AsSpan(0, N), p.AsSpan(N, Triangle), p.AsSpan(N + Triangle, N), 2, g.AsSpan(0, N), g.AsSpan(N, Triangle), g.AsSpan(N + Triangle, N)),
            -1, 1, Reassociated: true),
        new("ColumnTriangleSmall", 2 * 3 + 3, p => I.ColumnTriangle(p.AsSpan(0, 3), p.AsSpan(3, 3), p.AsSpan(6, 3), 3),
            (p, g) => I.ColumnTriangleGradient(p.AsSpan(0, 3), p.AsSpan(3, 3), p.AsSpan(6, 3), 3, g.AsSpan(0, 3), g.AsSpan(3, 3), g.AsSpan(6, 3)),
            -1, 1, Reassociated: true),
        new("ReaderBetweenIncrements", 2 + 4, p => I.ReaderBetweenIncrements(p.AsSpan(0, 2), p.AsSpan(2, 4)),
            (p, g) => I.ReaderBetweenIncrementsGradient(p.AsSpan(0, 2), p.AsSpan(2, 4), g.AsSpan(0, 2), g.AsSpan(2, 4))),
        new("IncrementReadNextIteration", 5 + 3, p => I.IncrementReadNextIteration(p.AsSpan(0, 5), p.AsSpan(5, 3)),
            (p, g) => I.IncrementReadNextIterationGradient(p.AsSpan(0, 5), p.AsSpan(5, 3), g.AsSpan(0, 5), g.AsSpan(5, 3)), -1, 1),
        new("LinearReaderAndScalars", 4 + 4, p => I.LinearReaderAndScalars(p.AsSpan(0, 4), p.AsSpan(4, 4)),
            (p, g) => I.LinearReaderAndScalarsGradient(p.AsSpan(0, 4), p.AsSpan(4, 4), g.AsSpan(0, 4), g.AsSpan(4, 4)), Reassociated: true),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Gradient_matches_finite_differences(string name) => Check(Cases.Single(c => c.Name == name));

    [Fact]
    public void Single_precision_triangle_matches_finite_differences()
    {
        const int n = 11, triangle = n * (n - 1) / 2;
        Check(new GradientCaseSingle("ColumnTriangleSingle", 2 * n + triangle, p => I.ColumnTriangleSingle(p.AsSpan(0, n), p.AsSpan(n, triangle), p.AsSpan(n + triangle, n)),
            (p, g) => I.ColumnTriangleSingleGradient(p.AsSpan(0, n), p.AsSpan(n, triangle), p.AsSpan(n + triangle, n), g.AsSpan(0, n), g.AsSpan(n, triangle), g.AsSpan(n + triangle, n)),
            -1, 1, Reassociated: true));
    }

    [Fact]
    public void Every_size_of_the_triangle_matches_finite_differences()
    {
        // Columns of every length from 0 to 20: the vector loops with and without a tail, and the tail alone.
        for (int n = 1; n <= 21; n++)
        {
            int triangle = n * (n - 1) / 2, size = n;
            Check(new GradientCase("ColumnTriangle" + n, 2 * n + triangle, p => I.ColumnTriangle(p.AsSpan(0, size), p.AsSpan(size, triangle), p.AsSpan(size + triangle, size), 2),
                (p, g) => I.ColumnTriangleGradient(p.AsSpan(0, size), p.AsSpan(size, triangle), p.AsSpan(size + triangle, size), 2,
                    g.AsSpan(0, size), g.AsSpan(size, triangle), g.AsSpan(size + triangle, size)), -1, 1, Reassociated: true));
        }
    }

    [Fact]
    public void Warm_gradients_allocate_nothing()
    {
        double[] p = Enumerable.Range(0, 2 * N + Triangle).Select(i => Math.Sin(i * 0.3)).ToArray();
        double[] g = new double[p.Length];
        double sink = 0;
        Assert.Equal(0, AllocationTests.AllocatedBy(() => sink += I.ColumnTriangleGradient(p.AsSpan(0, N), p.AsSpan(N, Triangle), p.AsSpan(N + Triangle, N), 2,
            g.AsSpan(0, N), g.AsSpan(N, Triangle), g.AsSpan(N + Triangle, N))));
        Assert.False(double.IsNaN(sink));
    }
}
