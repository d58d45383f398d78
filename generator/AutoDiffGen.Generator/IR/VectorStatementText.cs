using System.Linq;

namespace AutoDiffGen.Generator.IR;

/// <summary>
/// The C# of <see cref="VectorMapStmt"/> and <see cref="VectorReduceStmt"/>: calls of the runtime's <c>LoopKernels</c>, which
/// take <c>TensorPrimitives</c>' signatures and give its results, calling it for long slices and running short ones inline
/// (a loop's slices are often a few elements: a triangle's columns, a point's coordinates). The element type is written
/// out (<c>Dot&lt;double&gt;</c>): before C# 14 a generic method cannot infer it from a <c>Span&lt;T&gt;</c> argument.
/// </summary>
internal static class VectorStatementText
{
    /// <summary>The runtime's kernels for element-wise loops and reductions (<see cref="VectorMapStmt"/>, <see cref="VectorReduceStmt"/>).</summary>
    public const string LoopKernels = "global::AutoDiffGen.LoopKernels";

    /// <summary>The runtime's kernels for loops guarded per element by their seed (<see cref="SeededMultiplyAddStmt"/>).</summary>
    public const string SeededKernels = "global::AutoDiffGen.SeededKernels";

    public static string Of(VectorMapStmt map, ExpressionPrinter e)
    {
        string arguments = string.Join(", ", map.Operands.Select(e.Print).Append(e.Print(map.Destination)));
        return $"{LoopKernels}.{map.Op}<{map.Element.Keyword()}>({arguments});";
    }

    public static string Of(VectorReduceStmt reduce, ExpressionPrinter e)
    {
        string arguments = reduce.Y is null ? e.Print(reduce.X) : e.Print(reduce.X) + ", " + e.Print(reduce.Y);
        string op = reduce.Subtract ? "-=" : "+=";
        return $"{e.Name(reduce.Target)} {op} {LoopKernels}.{reduce.Kind}<{reduce.Element.Keyword()}>({arguments});";
    }
}
