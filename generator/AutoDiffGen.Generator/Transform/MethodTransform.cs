using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using AutoDiffGen.Generator.Transform.Forward;
using AutoDiffGen.Generator.Transform.Vectorization;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// The transform of one method: a pure function of the lowered <see cref="MethodModel"/> and the derivatives it must
/// provide to the generated methods as IR. Checks shared by every mode, then reverse mode (Gradient, Backward), forward
/// mode (Tangent), forward over reverse (BackwardTangent) and the second-order and Jacobian wrappers.
/// </summary>
internal static class MethodTransform
{
    /// <param name="model">The lowered method.</param>
    /// <param name="kinds">The derivatives it must provide (<see cref="DerivativeRequirements"/>).</param>
    /// <param name="inOut">The in-out outputs and allocating methods of the compilation (<see cref="InOutAnalysis.Solve"/>); by
    /// default those of this method alone, as if its callees of this compilation had none.</param>
    /// <param name="vectorMath">The project's <c>AutoDiffGenVectorMath</c>: activation loops become the runtime's vectorized
    /// span activations (<see cref="NonlinearityFission"/>), which may change the last bits.</param>
    public static TransformResult Run(MethodModel model, DerivativeKinds kinds, EquatableArray<string> inOut = default, bool vectorMath = false)
    {
        if (model.TypeParameter is not null) return GenericMethods.Run(model, kinds, inOut, vectorMath);
        // First, so every derivative (and the value they return) computes the same split loops.
        if (vectorMath && model.HasDerivatives) model = NonlinearityFission.Apply(model);
        if (inOut.IsDefaultOrEmpty())
        {
            inOut = InOutAnalysis.Solve(ImmutableArray.Create(InOutAnalysis.Summarize(new LoweringResult(model, EquatableArray<DiagnosticInfo>.Empty, model.Key))));
        }
        var variables = new VariableTable(model.Variables, model.Parameters.Select(p => p.Name));
        HashSet<int> inOutOutputs = InOutAnalysis.OwnInOut(model, inOut);
        // Calls of this compilation's methods carry their callees' in-out outputs and allocation-free copies from here on.
        List<IrStmt> resolved = InOutAnalysis.Resolve(model.Body, inOut);
        List<IrStmt> body = Structurizer.Run(resolved, variables, model.ResultVar);
        ActivityAnalysis activity = ActivityAnalysis.Run(body, variables, model.ResultVar, inOutOutputs);

        var errors = CallChecks.MissingDerivatives(body, activity);
        if (kinds.NeedsBackward() && model.HasDerivatives) errors.AddRange(CallChecks.MissingBackwards(body, activity));
        errors.AddRange(SecondOrderChecks(model, kinds));
        if (ModelBindings.UsesModels(model) && (kinds & DerivativeKinds.Jacobian) != 0)
        {
            errors.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedDerivativeKind, model.Location, model.Name, "Derivatives.Jacobian",
                "methods that read models (a model's instance methods, model parameters) get Gradient, Backward, Tangent and HessianVectorProduct, not a dense Jacobian; take Tangent along the directions wanted, or write the computation over spans"));
        }
        if (errors.Count > 0) return Failed(model, errors);
        List<DiagnosticInfo> warnings = CallChecks.DroppedDerivatives(body, activity, variables);
        if (ModelBindings.UsesModels(model) && (model.Requested & DerivativeKinds.Hessian) != 0 && model.ReturnKind is not null && model.EmitGradient)
        {
            warnings.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelHessianNotGenerated, model.Location, model.Name));
        }

        var methods = new List<DerivativeMethod>();
        var dependencies = new List<BackwardDependency>(GeneratedCopyCalls(body).Select(Dependency));
        ReverseMode? reverse = null;
        if (kinds.NeedsBackward() && model.HasDerivatives)
        {
            var reverseErrors = new List<DiagnosticInfo>();
            reverse = ReverseModeTransform.Build(model, variables, activity, body, inOutOutputs, reverseErrors);
            if (reverse is null) return Failed(model, reverseErrors);
            if (reverse.Gradient is not null) methods.Add(reverse.Gradient);
            methods.Add(reverse.Backward);
            dependencies.AddRange(reverse.Dependencies);
            warnings.AddRange(reverse.Warnings);
        }
        if (kinds.NeedsTangent() && model.HasDerivatives)
        {
            var tangent = TangentMethod.Build(model, resolved, inOutOutputs);
            if (tangent.Diagnostics.Count > 0) return Failed(model, tangent.Diagnostics.ToList());
            methods.Add(tangent.Method);
            dependencies.AddRange(tangent.Dependencies);
        }
        if (kinds.NeedsBackwardTangent() && reverse is not null)
        {
            var backwardTangent = BackwardTangentMethod.Build(reverse);
            if (backwardTangent.Diagnostics.Count > 0) return Failed(model, backwardTangent.Diagnostics.ToList());
            methods.Add(backwardTangent.Method);
            dependencies.AddRange(backwardTangent.Dependencies);
            if ((kinds & DerivativeKinds.Hessian) != 0 && reverse is not null) methods.AddRange(SecondOrderMethods.Build(reverse, backwardTangent));
        }
        if ((kinds & DerivativeKinds.Jacobian) != 0) methods.Add(JacobianMethod.Build(model, inOutOutputs));
        // A copy of what the method computes: a local function's, which generated code calls in its place (it cannot call
        // the local function), and the allocation-free {Name}Primal of a method whose body allocates.
        if (model.IsLocalFunction || PrimalMethod.Needed(body) || inOut.Contains(InOutAnalysis.PrimalEntry(model.Key)))
        {
            methods.Add(PrimalMethod.Build(reverse?.Context ?? new TransformContext(model, variables, activity) { InOutOutputs = inOutOutputs }, body));
        }
        // A specialization of a generic model's method: the method itself for its kind, which other specializations call.
        if (model.SpecializedCopy)
        {
            methods.Add(PrimalMethod.Build(reverse?.Context ?? new TransformContext(model, variables, activity) { InOutOutputs = inOutOutputs }, body, model.Name));
        }
        // Last, so forward over reverse above differentiated the scalar statements of the backward.
        if (reverse is not null)
        {
            DerivativeMethod backward = TapeReservation.Apply(LoopScopedAdjoints.Apply(BackwardVectorization.Apply(reverse.Backward)));
            methods[methods.IndexOf(reverse.Backward)] = TapeCursors.Apply(backward);
            // Overwrite mode analyses the backward as TapeReservation left it; a gradient that copies the sweeps gets cursors of its own.
            if (reverse.Gradient is not null) methods[methods.IndexOf(reverse.Gradient)] = TapeCursors.Apply(GradientOverwrite.Apply(reverse.Gradient, backward, reverse.Signature));
        }

        var file = new DerivativeFile(model.Hierarchy, HintName(model), $"{model.Name} ({model.SourceFile}, line {model.SourceLine})",
            Contents(kinds, model), methods.ToEquatableArray());
        var distinct = dependencies.GroupBy(d => (d.CalleeKey, d.CallSite)).Select(g => g.First()).ToEquatableArray();
        return new TransformResult(file, warnings.ToEquatableArray(), model.Key, model.Name, distinct);
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

    /// <summary>Hessians and Hessian-vector products are of methods returning a value and writing no span output.</summary>
    private static IEnumerable<DiagnosticInfo> SecondOrderChecks(MethodModel model, DerivativeKinds kinds)
    {
        if ((kinds & DerivativeKinds.Hessian) != 0 && !model.EmitGradient)
        {
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedDerivativeKind, model.Location, model.Name, "Derivatives.Hessian",
                "a Hessian is of a method that returns a double or float and writes no span output; ask for Derivatives.Jacobian instead");
        }
    }

    private static string Contents(DerivativeKinds kinds, MethodModel model)
    {
        // A local function returning an index or a test has no derivatives, only the copy generated code calls.
        if (!model.HasDerivatives) return "a copy that generated code calls in its place";
        var modes = new List<string>();
        if (kinds.NeedsBackward()) modes.Add("reverse-mode");
        if (kinds.NeedsTangent()) modes.Add("forward-mode");
        if (kinds.NeedsBackwardTangent()) modes.Add("second-order");
        return modes.Count switch
        {
            1 => modes[0] + " derivative code",
            _ => string.Join(", ", modes.Take(modes.Count - 1)) + " and " + modes[modes.Count - 1] + " derivative code",
        };
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
