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
/// is known to be 0 only if nothing inside wrote it. Only adjoint locals are tracked: a primal value keeps its additions.
/// </summary>
internal static class FirstAdjointWrites
{
    /// <param name="reverse">The reverse sweep, in execution order.</param>
    /// <param name="zero">Scalar adjoint locals that hold 0 where the reverse sweep begins.</param>
    /// <param name="adjoints">The scalar adjoint locals: those an assignment of 0 makes known to be 0.</param>
    public static List<IrStmt> Apply(IReadOnlyList<IrStmt> reverse, IEnumerable<int> zero, IEnumerable<int> adjoints) =>
        Block(reverse, new HashSet<int>(zero), new HashSet<int>(adjoints));

    private static List<IrStmt> Block(IReadOnlyList<IrStmt> block, HashSet<int> zero, HashSet<int> adjoints)
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
                case AssignStmt { Value: ConstExpr { Value: 0 } } a when adjoints.Contains(a.Var):
                    output.Add(a);
                    zero.Add(a.Var);
                    break;
                case GuardStmt guard:
                    output.Add(guard with { Body = Inside(guard.Body, zero, adjoints).ToEquatableArray() });
                    break;
                case IfStmt branch:
                    output.Add(branch with { Then = Inside(branch.Then, zero, adjoints).ToEquatableArray(), Else = Inside(branch.Else, zero, adjoints).ToEquatableArray() });
                    break;
                default:
                    output.Add(s);
                    zero.ExceptWith(StatementWalker.MayWrite(s));
                    break;
            }
        }
        return output;
    }

    /// <summary>A conditional block, rewritten from the facts before it; what it may write is unknown after it.</summary>
    private static List<IrStmt> Inside(IReadOnlyList<IrStmt> block, HashSet<int> zero, HashSet<int> adjoints)
    {
        List<IrStmt> rewritten = Block(block, new HashSet<int>(zero), adjoints);
        foreach (IrStmt s in block) zero.ExceptWith(StatementWalker.MayWrite(s));
        return rewritten;
    }
}
