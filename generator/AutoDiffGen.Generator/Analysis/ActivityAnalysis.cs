using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Transform;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// Activity analysis: a variable is <i>varied</i> when it may depend on a differentiated input, <i>useful</i> when
/// it may influence an output, and <i>active</i> when both. Only active variables get adjoints, so a value that never
/// reaches the output (an unused <c>Math.Acos(2.0)</c>) cannot put a NaN into the gradient.
/// Flow-insensitive fixed points over all statements: conservative, and cheap at method size.
/// </summary>
internal sealed class ActivityAnalysis
{
    private readonly HashSet<int> _varied = new();
    private readonly HashSet<int> _useful = new();

    public HashSet<int> Active { get; } = new();

    public bool IsActive(int variable) => Active.Contains(variable);

    public bool IsActive(IrExpr e)
    {
        var reads = new HashSet<int>();
        ExpressionReads.CollectDifferentiable(e, reads);
        return reads.Any(Active.Contains);
    }

    public static ActivityAnalysis Run(IReadOnlyList<IrStmt> body, VariableTable variables, int resultVar)
    {
        var a = new ActivityAnalysis();
        var statements = StatementWalker.All(body).ToList();
        foreach (IrVariable v in variables.All)
        {
            if (v.Role == VariableRole.Parameter && v.ParameterRole is ParameterRole.ActiveScalar or ParameterRole.ActiveSpan) a._varied.Add(v.Id);
            if (v.Role == VariableRole.Parameter && v.ParameterRole == ParameterRole.Output) a._useful.Add(v.Id);
        }
        if (resultVar >= 0) a._useful.Add(resultVar);

        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (IrStmt s in statements)
            {
                foreach ((IEnumerable<int> targets, HashSet<int> sources) in Flows(s))
                {
                    var targetList = targets.Where(t => variables[t].Element.IsReal()).ToList();
                    if (sources.Any(a._varied.Contains))
                    {
                        foreach (int t in targetList) changed |= a._varied.Add(t);
                    }
                    if (targetList.Any(a._useful.Contains))
                    {
                        foreach (int src in sources) changed |= a._useful.Add(src);
                    }
                }
            }
        }
        foreach (int v in a._varied)
        {
            if (a._useful.Contains(v)) a.Active.Add(v);
        }
        return a;
    }

    /// <summary>The derivative-carrying flows of a statement: (written variables, variables read in value positions).</summary>
    private static IEnumerable<(IEnumerable<int> Targets, HashSet<int> Sources)> Flows(IrStmt s)
    {
        switch (s)
        {
            case AssignStmt a:
                yield return (new[] { a.Var }, Differentiable(a.Value));
                break;
            case ElementAssignStmt e:
                yield return (new[] { e.Span }, Differentiable(e.Value));
                break;
            case FillStmt f when f.Value is not null:
                yield return (new[] { f.Target.Span }, Differentiable(f.Value));
                break;
            case CopyStmt c:
                yield return (new[] { c.Target.Span }, new HashSet<int> { c.Source.Span });
                break;
            case CallStmt c:
            {
                var targets = new List<int>();
                var sources = new HashSet<int>();
                for (int i = 0; i < c.Call.Args.Count; i++)
                {
                    ParameterRole role = c.Call.Target.Parameters[i];
                    if (role == ParameterRole.Output && c.Call.Args[i] is SpanRefExpr output) targets.Add(output.Span);
                    else if (role is ParameterRole.ActiveScalar or ParameterRole.ActiveSpan) ExpressionReads.CollectDifferentiable(c.Call.Args[i], sources);
                }
                if (c.ResultVar >= 0) targets.Add(c.ResultVar);
                yield return (targets, sources);
                break;
            }
        }
    }

    private static HashSet<int> Differentiable(IrExpr e)
    {
        var set = new HashSet<int>();
        ExpressionReads.CollectDifferentiable(e, set);
        return set;
    }
}
