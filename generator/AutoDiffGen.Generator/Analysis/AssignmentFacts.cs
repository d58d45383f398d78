using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>Where variables are assigned, as the reverse-mode transform needs to know it.</summary>
internal static class AssignmentFacts
{
    /// <summary>
    /// Temporaries (hoisted call results, choices) assigned exactly once and outside every loop: their adjoint is never
    /// needed again after their statement's reverse, so it need not be cleared.
    /// </summary>
    public static HashSet<int> TemporariesAssignedOnceOutsideLoops(IReadOnlyList<IrStmt> body, VariableTable variables)
    {
        var counts = new Dictionary<int, int>();
        var inLoops = new HashSet<int>();
        void Visit(IReadOnlyList<IrStmt> block, bool inLoop)
        {
            foreach (IrStmt s in block)
            {
                int target = s switch { AssignStmt a => a.Var, CallStmt c => c.ResultVar, _ => -1 };
                if (target >= 0)
                {
                    counts[target] = counts.TryGetValue(target, out int n) ? n + 1 : 1;
                    if (inLoop) inLoops.Add(target);
                }
                bool loop = inLoop || s is WhileStmt or ForRangeStmt;
                foreach (IReadOnlyList<IrStmt> child in StatementWalker.Children(s)) Visit(child, loop);
            }
        }
        Visit(body, false);
        return new HashSet<int>(counts.Where(kv => kv.Value == 1 && !inLoops.Contains(kv.Key)
            && variables[kv.Key].Role == VariableRole.Temporary).Select(kv => kv.Key));
    }
}
