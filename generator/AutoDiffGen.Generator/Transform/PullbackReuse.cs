using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// Joint or split, decided per call. A hand-written pullback computes again what the call computed (joint: the contract of
/// a <c>Backward</c> is to compute everything the original computes), so the forward pass of every library layer runs
/// twice. A callee may also offer a pullback that reads its span outputs instead
/// (<c>[DerivativeOf(…, Derivatives.ReverseFromOutputs)]</c>, split). It needs the outputs to hold the call's values when
/// the reverse sweep reaches the call: this chooses it for a call when telling the to-be-recorded analysis that the call's
/// reverse reads its outputs records nothing more than before (nothing overwrites them later, or what does already records
/// them for another reader). Otherwise the call keeps the recomputing pullback: a span copy on the tape per call would
/// trade the recomputation for memory the reverse sweep did not need.
/// </summary>
internal static class PullbackReuse
{
    /// <summary>Switches the chosen calls' pullbacks in <paramref name="context"/>, adding their outputs to what their reverse reads.</summary>
    public static void Choose(TransformContext context, IReadOnlyList<IrStmt> body, Dictionary<IrStmt, AdjointUse> uses)
    {
        List<CallStmt> candidates = StatementWalker.All(body).OfType<CallStmt>()
            .Where(call => call.Call.Target.ReuseText is not null && !InOut(call.Call) && context.Statements.TryGetValue(call, out StatementAdjoint? plan)
                && StatementWalker.All(plan.Statements).OfType<PullbackCallStmt>().Any())
            .ToList();
        if (candidates.Count == 0) return;
        string recorded = Records(body, uses, context.Variables);
        foreach (CallStmt call in candidates)
        {
            AdjointUse use = uses[call];
            var added = call.Call.Outputs().Select(o => o.Span).Where(span => !use.Reads.Contains(span)).ToList();
            use.Reads.UnionWith(added);
            if (Records(body, uses, context.Variables) != recorded)
            {
                use.Reads.ExceptWith(added);
                continue;
            }
            StatementAdjoint plan = context.Statements[call];
            List<IrStmt> statements = StatementWalker.Rewrite(plan.Statements, s => s is PullbackCallStmt p ? Reusing(p) : s);
            plan.Statements.Clear();
            plan.Statements.AddRange(statements);
        }
    }

    /// <summary>
    /// Whether the call has an in-out output: its pullback reads the span's contents from before the call (restored for
    /// it) and hands back their adjoint, which a pullback reading the outputs after the call cannot.
    /// </summary>
    private static bool InOut(CallExpr call) => Enumerable.Range(0, call.Args.Count).Any(call.IsInOut);

    /// <summary>The same call of the reusing pullback: same arguments, the outputs now read.</summary>
    private static PullbackCallStmt Reusing(PullbackCallStmt p) => p with { Target = p.Target with { BackwardText = p.Target.ReuseText } };

    /// <summary>What the analysis records, as comparable text: each recording statement's position and what it records.</summary>
    private static string Records(IReadOnlyList<IrStmt> body, Dictionary<IrStmt, AdjointUse> uses, VariableTable variables)
    {
        RecordPlan plan = ToBeRecordedAnalysis.Run(body, uses);
        var positions = StatementWalker.All(body).Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, ReferenceComparer.Instance);
        var spans = variables.All.Where(v => v.IsSpan).Select(v => v.Id).ToList();
        return string.Join(";", plan.Recording.Distinct(ReferenceComparer.Instance).OrderBy(s => positions[s]).Select(s =>
            positions[s] + (plan.RecordsValue(s) ? "v" : "") + (plan.CopySource(s) is int c ? "c" + c : "") + string.Concat(spans.Where(v => plan.RecordsSpan(s, v)).Select(v => "s" + v))));
    }
}
