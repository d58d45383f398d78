using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// Activity analysis: a variable is <i>varied</i> when it may depend on a differentiated input, <i>useful</i> when
/// it may influence an output, and <i>active</i> when both. Only active variables get adjoints, so a value that never
/// reaches the output (an unused <c>Math.Acos(2.0)</c>) cannot put a NaN into the gradient.
/// Variedness and the adjoint declarations come from flow-insensitive fixed points; on top of that, a backward
/// liveness pass decides per assignment whether the value written is still useful afterwards, so an assignment whose
/// value is overwritten before any use (<c>y = Math.Acos(2 * x); y = x;</c>) gets no adjoint statement at all.
/// </summary>
internal sealed class ActivityAnalysis
{
    private readonly HashSet<int> _varied = new();
    private readonly HashSet<int> _useful = new();

    private readonly Dictionary<IrStmt, HashSet<int>> _usefulAfter = new(ReferenceComparer.Instance);

    /// <summary>
    /// Reassigned span locals (views) and every buffer they may point at: a write through one view is read through
    /// another after a swap, so for liveness they are one span, useful as soon as any of them is.
    /// </summary>
    private readonly HashSet<int> _aliasClass = new();

    public HashSet<int> Active { get; } = new();

    public bool IsActive(int variable) => Active.Contains(variable);

    /// <summary>Whether the value <paramref name="s"/> writes into <paramref name="variable"/> may still reach an output.</summary>
    public bool IsUsefulAfter(IrStmt s, int variable) =>
        Active.Contains(variable) && (!_usefulAfter.TryGetValue(s, out HashSet<int>? useful) || useful.Contains(variable));

    /// <summary>Whether the value a call returns into its result variable may reach an output.</summary>
    public bool IsResultActive(CallStmt call) => call.ResultVar >= 0 && IsUsefulAfter(call, call.ResultVar);

    /// <summary>Whether a call needs a derivative: its result may reach an output, or it writes an active span.</summary>
    public bool IsCallActive(CallStmt call) => IsResultActive(call) || call.Call.Outputs().Any(o => IsActive(o.Span));

    public bool IsActive(IrExpr e)
    {
        var reads = new HashSet<int>();
        ExpressionReads.CollectDifferentiable(e, reads);
        return reads.Any(Active.Contains);
    }

    /// <param name="inOutOutputs">Span outputs whose incoming contents are an input of the method (varied on entry).</param>
    public static ActivityAnalysis Run(IReadOnlyList<IrStmt> body, VariableTable variables, int resultVar, ICollection<int>? inOutOutputs = null)
    {
        var a = new ActivityAnalysis();
        if (inOutOutputs is not null) a._varied.UnionWith(inOutOutputs);
        foreach (IrVariable v in variables.All)
        {
            if (v.Role == VariableRole.Parameter && v.ParameterRole is ParameterRole.ActiveScalar or ParameterRole.ActiveSpan or ParameterRole.Model) a._varied.Add(v.Id);
            if (v.Role == VariableRole.Parameter && v.ParameterRole == ParameterRole.Output) a._useful.Add(v.Id);
        }
        if (resultVar >= 0) a._useful.Add(resultVar);

        // The flows of every statement, computed once: the fixed point revisits them until nothing changes.
        var flows = new List<(int[] Targets, int[] Sources)>();
        foreach (IrStmt s in StatementWalker.All(body))
        {
            foreach ((int[] targets, int[] sources) in DataFlows.Of(s))
            {
                flows.Add((targets.Where(t => variables[t].Element.IsReal()).ToArray(), sources));
            }
        }
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach ((int[] targets, int[] sources) in flows)
            {
                if (sources.Any(a._varied.Contains))
                {
                    foreach (int t in targets) changed |= a._varied.Add(t);
                }
                if (targets.Any(a._useful.Contains))
                {
                    foreach (int src in sources) changed |= a._useful.Add(src);
                }
            }
        }
        foreach (int v in a._varied)
        {
            if (a._useful.Contains(v)) a.Active.Add(v);
        }
        foreach (IrStmt s in StatementWalker.All(body))
        {
            if (s is ViewBindStmt bind) a._aliasClass.UnionWith(bind.Roots.Where(r => r >= 0).Append(bind.View));
        }
        var exit = new HashSet<int>(variables.All.Where(v => v.Role == VariableRole.Parameter && v.ParameterRole == ParameterRole.Output).Select(v => v.Id));
        if (resultVar >= 0) exit.Add(resultVar);
        a.Liveness(body, exit, variables);
        return a;
    }

    /// <summary>
    /// Backward liveness of usefulness: returns what is useful before <paramref name="block"/> given what is useful
    /// after it, recording for each leaf statement what is useful right after it. Scalars are killed by assignment;
    /// spans, written element by element, are never killed.
    /// </summary>
    private HashSet<int> Liveness(IReadOnlyList<IrStmt> block, HashSet<int> after, VariableTable variables)
    {
        var useful = new HashSet<int>(after);
        for (int i = block.Count - 1; i >= 0; i--)
        {
            IrStmt s = block[i];
            switch (s)
            {
                case IfStmt branch:
                {
                    HashSet<int> beforeThen = Liveness(branch.Then, useful, variables);
                    beforeThen.UnionWith(Liveness(branch.Else, useful, variables));
                    useful = beforeThen;
                    break;
                }
                case WhileStmt or ForRangeStmt:
                {
                    List<IrStmt> body = s is WhileStmt w ? w.Body.Concat(w.Increment).ToList() : ((ForRangeStmt)s).Body.ToList();
                    // The body may run again after itself, or not at all.
                    var loopExit = new HashSet<int>(useful);
                    while (true)
                    {
                        HashSet<int> entry = Liveness(body, loopExit, variables);
                        entry.UnionWith(useful);
                        if (entry.SetEquals(loopExit)) break;
                        loopExit = entry;
                    }
                    useful = loopExit;
                    break;
                }
                default:
                    _usefulAfter[s] = new HashSet<int>(useful);
                    foreach ((int[] targets, int[] sources) in DataFlows.Of(s))
                    {
                        bool live = targets.Any(useful.Contains);
                        foreach (int t in targets)
                        {
                            if (!variables[t].IsSpan) useful.Remove(t);
                        }
                        if (live) useful.UnionWith(sources);
                        if (useful.Overlaps(_aliasClass)) useful.UnionWith(_aliasClass);
                    }
                    break;
            }
        }
        return useful;
    }
}
