using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// Where derivatives can flow in one statement: (variables written, variables read in value positions, not in
/// conditions or indices). Shared by reverse-mode activity and forward-mode activity; it reads the reverse sweep's
/// statements too, with the tape as one pseudo-variable (values flow in by pushes and out by pops) and a pullback
/// call's adjoints and outputs depending on all its real arguments.
/// </summary>
internal static class DataFlows
{
    /// <summary>The pseudo-variable standing for the tape's contents.</summary>
    public const int Tape = -1;

    /// <param name="returned">The variable a <c>return e</c> flows into (−1: returns carry no flow).</param>
    public static IEnumerable<(int[] Targets, int[] Sources)> Of(IrStmt s, int returned = -1)
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
            case ViewBindStmt v:
            {
                // A view and the buffers it may point at are one: what flows into one reaches all.
                int[] all = v.Roots.Append(v.View).ToArray();
                yield return (all, all);
                break;
            }
            case ViewPointStmt v:
            {
                // The reverse sweep points a view (or its adjoint, over the roots' adjoints) back: one, as above.
                int[] all = v.Roots.Append(v.View).ToArray();
                yield return (all, all);
                break;
            }
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
                    // A model argument (a receiver too) carries its parameters into the call: the model itself, or the array of models it is an element of.
                    else if (c.Call.Target.Parameters[i] == ParameterRole.Model && ModelValues.Base(c.Call.Args[i]) is int model) sources.Add(model);
                }
                yield return (targets.ToArray(), sources.ToArray());
                break;
            }
            case PullbackCallStmt p:
            {
                // Conservative: every real argument (original, seed, adjoint) may reach every adjoint and output it writes:
                // the adjoints, the outputs (written again) and an in-out output's seed (it comes back as an adjoint), not
                // the spans the pullback only reads (a read-only span counted as written would get a tangent in forward over
                // reverse that nothing declares).
                var sources = new HashSet<int>();
                var targets = new HashSet<int>();
                int count = p.Target.Parameters.Count;
                int outputsSeen = 0;
                int seeds = (p.Target.ReturnKind.IsReal() ? 1 : 0) + p.Target.Parameters.Count(r => r == ParameterRole.Output);
                var inOutSeeds = new HashSet<int>();
                for (int i = 0; i < count; i++)
                {
                    if (p.Target.Parameters[i] != ParameterRole.Output) continue;
                    if (!p.Target.InOut.IsDefaultOrEmpty() && p.Target.InOut[i]) inOutSeeds.Add(count + (p.Target.ReturnKind.IsReal() ? 1 : 0) + outputsSeen);
                    outputsSeen++;
                }
                for (int i = 0; i < p.Args.Count; i++)
                {
                    IrExpr arg = p.Args[i];
                    ExpressionReads.CollectDifferentiable(arg, sources);
                    bool written = i < count ? p.Target.Parameters[i] == ParameterRole.Output : i >= count + seeds || inOutSeeds.Contains(i);
                    if (arg is RefExpr { Target: VarExpr v }) targets.Add(v.Var);
                    else if (arg is SpanRefExpr span && written) targets.Add(span.Span);
                    // A model's Gradient (of an element of an array of models; by reference for a struct) receives the adjoints of its fields.
                    else if (i >= count + seeds && arg.Type == ScalarKind.Opaque && ModelValues.Base(arg is RefExpr r ? r.Target : arg) is int gradient) targets.Add(gradient);
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
