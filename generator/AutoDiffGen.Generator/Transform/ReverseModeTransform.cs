using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// The reverse-mode transform: a pure function of the lowered <see cref="MethodModel"/> to the generated methods as IR.
/// Structurize jumps → activity analysis → adjoint statements → to-be-recorded analysis → sweeps → methods.
/// </summary>
internal static class ReverseModeTransform
{
    /// <param name="model">The lowered method.</param>
    /// <param name="inOut">The in-out outputs of the compilation (<see cref="InOutAnalysis.Solve"/>); by default those of
    /// this method alone, as if its callees of this compilation had none.</param>
    public static TransformResult Run(MethodModel model, EquatableArray<string> inOut = default)
    {
        if (inOut.IsDefaultOrEmpty())
        {
            inOut = InOutAnalysis.Solve(System.Collections.Immutable.ImmutableArray.Create(InOutAnalysis.Summarize(new LoweringResult(model, EquatableArray<DiagnosticInfo>.Empty, model.Key))));
        }
        var variables = new VariableTable(model.Variables, model.Parameters.Select(p => p.Name));
        HashSet<int> inOutOutputs = InOutAnalysis.OwnInOut(model, inOut);
        List<IrStmt> body = Structurizer.Run(InOutAnalysis.Resolve(model.Body, inOut), variables, model.ResultVar);
        ActivityAnalysis activity = ActivityAnalysis.Run(body, variables, model.ResultVar, inOutOutputs);

        List<DiagnosticInfo> missing = CallChecks.MissingDerivatives(body, activity);
        if (missing.Count > 0) return Failed(model, missing);
        List<DiagnosticInfo> warnings = CallChecks.DroppedDerivatives(body, activity, variables);

        var context = new TransformContext(model, variables, activity) { InOutOutputs = inOutOutputs };
        if (!model.HasDerivatives)
        {
            // A local function computing an index or a test: generated code calls its copy, and that is all.
            var copy = new DerivativeFile(model.Hierarchy, HintName(model), $"{model.Name} ({model.SourceFile}, line {model.SourceLine})",
                variables.All.ToEquatableArray(), new[] { PrimalMethod.Build(context, body) }.ToEquatableArray());
            return new TransformResult(copy, warnings.ToEquatableArray(), model.Key, model.Name, GeneratedCopyCalls(body).Select(Dependency).ToEquatableArray());
        }
        Signature signature = Signature.Create(context);
        AdjointBuilder.Run(context, body);
        RecordPlan records = ToBeRecordedAnalysis.Run(body, context.Statements.ToDictionary(kv => kv.Key, kv => kv.Value.Use, ReferenceComparer.Instance));
        SweepAssembler sweeps = SweepAssembler.Run(context, records, body);
        var methods = new List<DerivativeMethod>();
        if (model.EmitGradient) methods.Add(GradientMethod.Build(context, signature));
        methods.Add(BackwardMethod.Build(context, signature, sweeps, records, body));
        // A local function's copy is what generated code calls in its place (it cannot call the local function).
        if (model.IsLocalFunction || PrimalMethod.Needed(body) || (!inOut.IsDefaultOrEmpty() && inOut.Contains(InOutAnalysis.PrimalEntry(model.Key))))
        {
            methods.Add(PrimalMethod.Build(context, body));
        }

        var file = new DerivativeFile(model.Hierarchy, HintName(model), $"{model.Name} ({model.SourceFile}, line {model.SourceLine})",
            variables.All.ToEquatableArray(), methods.ToEquatableArray());
        var dependencies = context.Statements
            .Where(kv => kv.Key is CallStmt { Call.Target.DependencyKey: not null } && kv.Value.Statements.Count > 0)
            .Select(kv => ((CallStmt)kv.Key).Call)
            .Concat(GeneratedCopyCalls(body))
            .Select(Dependency)
            .Distinct()
            .ToEquatableArray();
        return new TransformResult(file, warnings.ToEquatableArray(), model.Key, model.Name, dependencies);
    }

    private static BackwardDependency Dependency(CallExpr call) => new(call.Target.DependencyKey!, call.Target.DisplayName, call.Location);

    /// <summary>Calls of a generated copy (a local function's, a <c>{Name}Primal</c>), which exists only if its callee is generated.</summary>
    private static IEnumerable<CallExpr> GeneratedCopyCalls(IEnumerable<IrStmt> body)
    {
        var calls = new List<CallExpr>();
        ExpressionRewriter.Rewrite(body, e =>
        {
            if (e is CallExpr { Target: { CallsGeneratedCopy: true, DependencyKey: not null } } call) calls.Add(call);
            return null;
        });
        return calls;
    }

    private static TransformResult Failed(MethodModel model, List<DiagnosticInfo> diagnostics) =>
        new(null, diagnostics.ToEquatableArray(), model.Key, model.Name);

    private static string HintName(MethodModel model)
    {
        var chars = model.Parameters.SelectMany(p => "_" + p.TypeText.Replace("global::", "").Replace("System.", ""))
            .Select(ch => char.IsLetterOrDigit(ch) || ch == '_' ? ch : '_');
        string parameters = new string(chars.ToArray());
        return $"{model.Hierarchy.HintName}.{model.Name}{parameters}.g.cs";
    }
}
