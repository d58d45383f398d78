using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using AutoDiffGen.Generator.Transform.Checkpointing;

namespace AutoDiffGen.Generator.Transform;

/// <summary>The reverse-mode methods of one method, and what forward over reverse needs to know of them.</summary>
internal sealed record ReverseMode(TransformContext Context, Signature Signature, DerivativeMethod? Gradient, DerivativeMethod Backward,
    List<BackwardDependency> Dependencies, List<DiagnosticInfo> Warnings);

/// <summary>
/// The reverse-mode transform: from the structured body and its activity to <c>{Name}Gradient</c> and
/// <c>{Name}Backward</c> as IR. Adjoint statements → to-be-recorded analysis → sweeps → methods.
/// </summary>
internal static class ReverseModeTransform
{
    /// <param name="inOutOutputs">The method's own in-out span outputs (<see cref="InOutAnalysis.OwnInOut"/>).</param>
    /// <param name="errors">Receives why there is no reverse mode (null is returned then).</param>
    public static ReverseMode? Build(MethodModel model, VariableTable variables, ActivityAnalysis activity, IReadOnlyList<IrStmt> body, HashSet<int> inOutOutputs,
        List<DiagnosticInfo> errors)
    {
        var context = new TransformContext(model, variables, activity) { InOutOutputs = inOutOutputs };
        Signature signature = Signature.Create(context);
        AdjointBuilder.Run(context, body);
        var uses = context.Statements.ToDictionary(kv => kv.Key, kv => kv.Value.Use, ReferenceComparer.Instance);
        PullbackReuse.Choose(context, body, uses);
        RecordPlan records = ToBeRecordedAnalysis.Run(body, uses);
        // Checkpointed loops are chosen from the plan without them; their reverse sweeps read what they read, so the
        // plan is made again knowing them.
        CheckpointPlan checkpoints = CheckpointPlan.Choose(context, body, records);
        var warnings = new List<DiagnosticInfo>();
        if (checkpoints.Loops.Count > 0)
        {
            records = ToBeRecordedAnalysis.Run(body, uses, checkpoints.Loops);
            checkpoints.SetState(records);
            errors.AddRange(checkpoints.UnsupportedState(context));
            if (errors.Count > 0) return null;
        }
        else if (model.Checkpoints > 0)
        {
            warnings.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NothingToCheckpoint, model.Location, model.Name,
                model.Checkpoints.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        SweepAssembler sweeps = SweepAssembler.Run(context, records, body, checkpoints);
        DerivativeMethod? gradient = model.EmitGradient ? GradientMethod.Build(context, signature) : null;
        DerivativeMethod backward = BackwardMethod.Build(context, signature, sweeps, records, body, checkpoints.Disturbed());
        var dependencies = context.Statements
            .Where(kv => kv.Key is CallStmt { Call.Target.DependencyKey: not null } && kv.Value.Statements.Count > 0)
            .Select(kv => ((CallStmt)kv.Key).Call)
            .Select(call => new BackwardDependency(call.Target.DependencyKey!, call.Target.DisplayName, call.Location))
            .ToList();
        return new ReverseMode(context, signature, gradient, backward, dependencies, warnings);
    }
}
