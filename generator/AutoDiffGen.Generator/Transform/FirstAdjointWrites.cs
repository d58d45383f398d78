using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// In the reverse sweep's straight-line code, an adjoint local that still holds its initial 0 receives its first
/// contribution by assignment: <c>dV = e</c> instead of <c>dV += e</c> (the JIT cannot drop an addition of 0.0, which
/// would turn −0.0 into +0.0). Only a zero's sign can differ. Loops are left as they are (a later iteration adds into what
/// an earlier one wrote); a branch's or a guard's body is rewritten from what is known before it, and after it a local
/// is known to be 0 only if nothing inside wrote it.
/// </summary>
internal static class FirstAdjointWrites
{
    /// <param name="reverse">The reverse sweep, in execution order.</param>
    /// <param name="zero">Scalar adjoint locals that hold 0 where the reverse sweep begins.</param>
    public static List<IrStmt> Apply(IReadOnlyList<IrStmt> reverse, IEnumerable<int> zero) => Block(reverse, new HashSet<int>(zero));

    private static List<IrStmt> Block(IReadOnlyList<IrStmt> block, HashSet<int> zero)
    {
        var output = new List<IrStmt>(block.Count);
        foreach (IrStmt s in block)
        {
            switch (s)
            {
                case AssignStmt { Value: BinaryExpr { Op: BinaryOp.Add, Left: VarExpr self } sum } a
                    when self.Var == a.Var && zero.Contains(a.Var) && !ExpressionReads.Of(sum.Right).Contains(a.Var):
                    output.Add(a with { Value = sum.Right.Type == sum.Type ? sum.Right : Ir.Convert(sum.Right, sum.Type) });
                    zero.Remove(a.Var);
                    break;
                case AssignStmt { Value: ConstExpr { Value: 0 } } a:
                    output.Add(a);
                    zero.Add(a.Var);
                    break;
                case GuardStmt guard:
                    output.Add(guard with { Body = Inside(guard.Body, zero).ToEquatableArray() });
                    break;
                case IfStmt branch:
                    output.Add(branch with { Then = Inside(branch.Then, zero).ToEquatableArray(), Else = Inside(branch.Else, zero).ToEquatableArray() });
                    break;
                default:
                    output.Add(s);
                    zero.ExceptWith(Written(s));
                    break;
            }
        }
        return output;
    }

    /// <summary>A conditional block, rewritten from the facts before it; what it may write is unknown after it.</summary>
    private static List<IrStmt> Inside(IReadOnlyList<IrStmt> block, HashSet<int> zero)
    {
        List<IrStmt> rewritten = Block(block, new HashSet<int>(zero));
        foreach (IrStmt s in block) zero.ExceptWith(Written(s));
        return rewritten;
    }

    /// <summary>Every variable a statement (and what it contains) may write, counting any variable passed by reference.</summary>
    private static HashSet<int> Written(IrStmt s)
    {
        var written = StatementWalker.Assigned(new[] { s });
        foreach (IrStmt inner in StatementWalker.All(new[] { s }))
        {
            if (inner is DeclareStmt declare) written.Add(declare.Var);
            if (inner is SinCosStmt sinCos) written.UnionWith(new[] { sinCos.Sin, sinCos.Cos });
            if (inner is TangentCallStmt { ResultVar: >= 0 } tangent) written.Add(tangent.ResultVar);
            foreach (IrExpr e in StatementWalker.OwnExpressions(inner)) CollectByReference(e, written);
        }
        return written;
    }

    private static void CollectByReference(IrExpr e, HashSet<int> into)
    {
        if (e is RefExpr r) into.UnionWith(ExpressionReads.Of(r.Target));
        if (e is OutExpr o) into.UnionWith(ExpressionReads.Of(o.Target));
        foreach (IrExpr child in ExpressionReads.Children(e)) CollectByReference(child, into);
    }
}
