using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// Which variables of a body need a tangent in forward mode: those that may depend on an input with a tangent
/// (varied) and may reach an output (useful). Flow-insensitive, and it reads every statement the IR has, the reverse
/// sweep's included, so forward mode applies to generated code as well (forward over reverse): a value pushed on the
/// tape flows to every value popped from it, a pullback call's adjoints and outputs depend on all its real arguments.
/// </summary>
internal static class TangentActivity
{
    /// <param name="returned">The variable a <c>return e</c> flows into (−1 when the body has no such returns).</param>
    public static HashSet<int> Run(IReadOnlyList<IrStmt> body, VariableTable variables, IEnumerable<int> inputs, IEnumerable<int> outputs, int returned = -1)
    {
        var flows = new List<(int[] Targets, int[] Sources)>();
        foreach (IrStmt s in StatementWalker.All(body)) flows.AddRange(DataFlows.Of(s, returned));
        bool Real(int v) => v == DataFlows.Tape || variables[v].Element.IsReal();
        var varied = new HashSet<int>(inputs);
        var useful = new HashSet<int>(outputs);
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach ((int[] targets, int[] sources) in flows)
            {
                if (sources.Any(varied.Contains))
                {
                    foreach (int t in targets.Where(Real)) changed |= varied.Add(t);
                }
                if (targets.Any(useful.Contains))
                {
                    foreach (int src in sources) changed |= useful.Add(src);
                }
            }
        }
        varied.IntersectWith(useful);
        varied.Remove(DataFlows.Tape);
        return varied;
    }
}
