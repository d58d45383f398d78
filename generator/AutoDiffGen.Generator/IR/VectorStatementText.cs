using System.Linq;

namespace AutoDiffGen.Generator.IR;

/// <summary>
/// The C# of <see cref="VectorMapStmt"/> and <see cref="VectorReduceStmt"/>: calls of <c>TensorPrimitives</c> from
/// System.Numerics.Tensors, which the AutoDiffGen package depends on, so the user's project references it. The element type
/// is written out (<c>Dot&lt;double&gt;</c>): before C# 14 a generic method cannot infer it from a <c>Span&lt;T&gt;</c> argument.
/// </summary>
internal static class VectorStatementText
{
    public const string TensorPrimitives = "global::System.Numerics.Tensors.TensorPrimitives";

    /// <summary>The runtime's kernels for loops guarded per element by their seed (<see cref="SeededMultiplyAddStmt"/>).</summary>
    public const string SeededKernels = "global::AutoDiffGen.SeededKernels";

    public static string Of(VectorMapStmt map, ExpressionPrinter e)
    {
        string arguments = string.Join(", ", map.Operands.Select(e.Print).Append(e.Print(map.Destination)));
        return $"{TensorPrimitives}.{map.Op}<{map.Element.Keyword()}>({arguments});";
    }

    public static string Of(VectorReduceStmt reduce, ExpressionPrinter e)
    {
        string arguments = reduce.Y is null ? e.Print(reduce.X) : e.Print(reduce.X) + ", " + e.Print(reduce.Y);
        string op = reduce.Subtract ? "-=" : "+=";
        return $"{e.Name(reduce.Target)} {op} {TensorPrimitives}.{reduce.Kind}<{reduce.Element.Keyword()}>({arguments});";
    }
}
