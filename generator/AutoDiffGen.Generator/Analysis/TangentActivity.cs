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
    /// <summary>A pseudo-variable for the tape's contents (values flow in by pushes and out by pops).</summary>
    private const int Tape = -1;

    /// <param name="returned">The variable a <c>return e</c> flows into (−1 when the body has no such returns).</param>
    public static HashSet<int> Run(IReadOnlyList<IrStmt> body, VariableTable variables, IEnumerable<int> inputs, IEnumerable<int> outputs, int returned = -1)
    {
        var flows = new List<(int[] Targets, int[] Sources)>();
        foreach (IrStmt s in StatementWalker.All(body)) flows.AddRange(Flows(s, returned));
        bool Real(int v) => v == Tape || variables[v].Element.IsReal();
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
        varied.Remove(Tape);
        return varied;
    }

    private static IEnumerable<(int[] Targets, int[] Sources)> Flows(IrStmt s, int returned)
    {
        switch (s)
        {
            case AssignStmt a:
                yield return (new[] { a.Var }, a.Value is PopExpr ? new[] { Tape } : Sources(a.Value));
                break;
            case ElementAssignStmt e:
                yield return (new[] { e.Span }, Sources(e.Value));
                break;
            case DeclareStmt d when d.Init is not null:
                yield return (new[] { d.Var }, Sources(d.Init));
                break;
            case FillStmt f when f.Value is not null:
                yield return (new[] { f.Target.Span }, Sources(f.Value));
                break;
            case CopyStmt c:
                yield return (new[] { c.Target.Span }, new[] { c.Source.Span });
                break;
            case CopySeedStmt c:
                yield return (new[] { c.Work }, new[] { c.Seed });
                break;
            case AddIntoStmt a:
                yield return (new[] { a.Target.Span }, new[] { a.Source.Span, a.Target.Span });
                break;
            case CallStmt c:
            {
                var targets = c.Call.Outputs().Select(o => o.Span).ToList();
                if (c.ResultVar >= 0) targets.Add(c.ResultVar);
                var sources = new HashSet<int>();
                for (int i = 0; i < c.Call.Args.Count; i++)
                {
                    if (c.Call.Target.Parameters[i] is ParameterRole.ActiveScalar or ParameterRole.ActiveSpan) ExpressionReads.CollectDifferentiable(c.Call.Args[i], sources);
                }
                yield return (targets.ToArray(), sources.ToArray());
                break;
            }
            case PullbackCallStmt p:
            {
                // Conservative: every real argument (original, seed, adjoint) may reach every adjoint and output it writes.
                var sources = new HashSet<int>();
                var targets = new HashSet<int>();
                foreach (IrExpr arg in p.Args)
                {
                    ExpressionReads.CollectDifferentiable(arg, sources);
                    if (arg is RefExpr { Target: VarExpr v }) targets.Add(v.Var);
                    else if (arg is SpanRefExpr span) targets.Add(span.Span);
                }
                yield return (targets.ToArray(), sources.ToArray());
                break;
            }
            case PushStmt push:
                yield return (new[] { Tape }, Sources(push.Value));
                break;
            case PopSpanStmt pop:
                yield return (new[] { pop.Target.Span }, new[] { Tape });
                break;
            case SinCosStmt sinCos:
                yield return (new[] { sinCos.Sin, sinCos.Cos }, Sources(sinCos.Argument));
                break;
            case ReturnStmt { Value: not null } r when returned >= 0:
                yield return (new[] { returned }, Sources(r.Value));
                break;
        }
    }

    private static int[] Sources(IrExpr e)
    {
        var set = new HashSet<int>();
        ExpressionReads.CollectDifferentiable(e, set);
        return set.ToArray();
    }
}
