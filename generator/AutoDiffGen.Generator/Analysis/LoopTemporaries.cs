using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// Puts the value of a temporary declared in a loop body back where it is read: the reverse sweep names a seed it uses
/// twice (<c>double dTerm1 = dY[i]; dX[i] += dTerm1; dB += dTerm1; dY[i] = 0;</c>), which hides the element-wise shape
/// from <see cref="LoopShapes"/>. Exact: the value is pure and nothing it reads is written between the declaration and
/// the last read (otherwise the loop is left as it is).
/// </summary>
internal static class LoopTemporaries
{
    /// <summary>The body with its temporaries inlined, or null when one cannot be.</summary>
    public static List<IrStmt>? Inline(IReadOnlyList<IrStmt> body, IReadOnlyList<IrVariable> variables, SpanAliasing aliasing)
    {
        var values = new Dictionary<int, IrExpr>();
        var dead = new HashSet<int>();
        var output = new List<IrStmt>();
        foreach (IrStmt s in body)
        {
            var reads = new HashSet<int>();
            StatementWalker.CollectReads(s, reads);
            if (reads.Overlaps(dead)) return null;
            if (s is DeclareStmt { Init: not null } d && !variables[d.Var].IsSpan)
            {
                if (!PureExpressions.IsPure(d.Init)) return null;
                values[d.Var] = Substitute(d.Init, values);
                continue;
            }
            IrStmt? inlined = s switch
            {
                AssignStmt a when !values.ContainsKey(a.Var) => a with { Value = Substitute(a.Value, values) },
                ElementAssignStmt e => e with { Index = Substitute(e.Index, values), Value = Substitute(e.Value, values) },
                PushStmt p => p with { Value = Substitute(p.Value, values) },
                _ => values.Count == 0 ? s : null,
            };
            if (inlined is null) return null;
            output.Add(inlined);
            // A temporary whose value this statement changes may not be read any more.
            HashSet<int> written = StatementWalker.Assigned(new[] { inlined });
            foreach (KeyValuePair<int, IrExpr> value in values.ToList())
            {
                if (ExpressionReads.Of(value.Value).Any(v => written.Contains(v) || written.Any(w => aliasing.MayOverlap(w, v))))
                {
                    values.Remove(value.Key);
                    dead.Add(value.Key);
                }
            }
        }
        return output;
    }

    private static IrExpr Substitute(IrExpr e, Dictionary<int, IrExpr> values) =>
        values.Count == 0 ? e : ExpressionRewriter.Map(e, x => x is VarExpr v && values.TryGetValue(v.Var, out IrExpr? value) ? value : null);
}
