using System.Linq;

namespace AutoDiffGen.Generator.IR;

/// <summary>Whether evaluating an expression has no effect, so it may be evaluated once, twice or not at all.</summary>
internal static class PureExpressions
{
    /// <summary>No tape pop, schedule query, call of a user method, or by-reference argument anywhere in it.</summary>
    public static bool IsPure(IrExpr e) => e is not (PopExpr or ScheduleExpr or CallExpr or InvokeExpr or RefExpr or OutExpr)
        && ExpressionReads.Children(e).All(IsPure);
}
