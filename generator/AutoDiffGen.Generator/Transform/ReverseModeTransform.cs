using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Emit;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform;

/// <summary>A call whose reverse sweep uses the generated backward of a method of this compilation.</summary>
internal sealed record BackwardDependency(string CalleeKey, string CalleeName, LocationInfo? CallSite);

/// <summary>The generated source of one method, or the diagnostics that prevented it.</summary>
/// <param name="Key">The method's identity (null when no method was lowered).</param>
/// <param name="Dependencies">Generated backwards of this compilation that the source calls.</param>
internal sealed record GeneratedMethod(string? Source, string HintName, EquatableArray<DiagnosticInfo> Diagnostics,
    string? Key = null, string? Name = null, EquatableArray<BackwardDependency> Dependencies = default);

/// <summary>
/// The reverse-mode transform: a pure function of the lowered <see cref="MethodModel"/>.
/// Structurize jumps → activity analysis → adjoint statements → to-be-recorded analysis → sweeps → C#.
/// </summary>
internal static class ReverseModeTransform
{
    public static GeneratedMethod Run(MethodModel model)
    {
        string hint = HintName(model);
        var variables = new VariableTable(model.Variables, model.Parameters.Select(p => p.Name));
        List<DiagnosticInfo> outputReads = OutputReadCheck.Run(model.Body, variables);
        if (outputReads.Count > 0) return new GeneratedMethod(null, hint, outputReads.ToEquatableArray(), model.Key, model.Name);
        List<IrStmt> body = Structurizer.Run(model.Body, variables, model.ResultVar);
        ActivityAnalysis activity = ActivityAnalysis.Run(body, variables, model.ResultVar);

        var diagnostics = CheckCallsHaveDerivatives(body, activity);
        if (diagnostics.Count > 0) return new GeneratedMethod(null, hint, diagnostics.ToEquatableArray(), model.Key, model.Name);
        List<DiagnosticInfo> warnings = CheckDroppedDerivatives(body, activity, variables);

        var context = new TransformContext(model, variables, activity);
        Signature signature = Signature.Create(context);
        AdjointBuilder.Run(context, body);
        ToBeRecordedAnalysis.Run(context, body);
        SweepAssembler sweeps = SweepAssembler.Run(context, body);
        string source = SourceEmitter.Emit(context, signature, sweeps, body);
        var dependencies = context.Plans
            .Where(kv => kv.Key is CallStmt { Call.Target.DependencyKey: not null } && kv.Value.Adjoint.Count > 0)
            .Select(kv => (CallStmt)kv.Key)
            .Select(call => new BackwardDependency(call.Call.Target.DependencyKey!, call.Call.Target.DisplayName, call.Call.Location))
            .ToEquatableArray();
        return new GeneratedMethod(source, hint, warnings.ToEquatableArray(), model.Key, model.Name, dependencies);
    }

    /// <summary>ADG0013: an active value passed to a [NoDerivative] floating-point parameter loses its derivative there.</summary>
    private static List<DiagnosticInfo> CheckDroppedDerivatives(IReadOnlyList<IrStmt> body, ActivityAnalysis activity, VariableTable variables)
    {
        var warnings = new List<DiagnosticInfo>();
        foreach (CallStmt call in StatementWalker.All(body).OfType<CallStmt>())
        {
            CallTarget target = call.Call.Target;
            if (target.Derivative == CallDerivative.None) continue;
            bool callActive = (call.ResultVar >= 0 && activity.IsUsefulAfter(call, call.ResultVar))
                || call.Call.Args.Where((a, i) => target.Parameters[i] == ParameterRole.Output).OfType<SpanRefExpr>().Any(o => activity.IsActive(o.Span));
            if (!callActive) continue;
            for (int i = 0; i < call.Call.Args.Count; i++)
            {
                IrExpr arg = call.Call.Args[i];
                if (target.Parameters[i] != ParameterRole.Constant || !arg.Type.IsReal() || !activity.IsActive(arg)) continue;
                string text = arg is SpanRefExpr s ? variables[s.Span].Name : arg is VarExpr v ? variables[v.Var].Name : "the argument";
                warnings.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DerivativeDropped, call.Call.Location, text, target.ParameterNames[i], target.DisplayName));
            }
        }
        return warnings;
    }

    /// <summary>
    /// ADG0014: a method whose reverse sweep calls the generated backward of a method that produced no code (it has
    /// errors) produces no code either, transitively; it would otherwise call a method that does not exist.
    /// </summary>
    public static IEnumerable<GeneratedMethod> ResolveDependencies(IReadOnlyList<GeneratedMethod> methods)
    {
        var failed = new HashSet<string>(methods.Where(m => m.Key is not null && m.Source is null).Select(m => m.Key!));
        var resolved = methods.ToList();
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int i = 0; i < resolved.Count; i++)
            {
                GeneratedMethod m = resolved[i];
                if (m.Source is null || m.Dependencies.IsDefaultOrEmpty()) continue;
                var broken = m.Dependencies.Where(d => failed.Contains(d.CalleeKey)).ToList();
                if (broken.Count == 0) continue;
                var errors = broken.Select(d => DiagnosticInfo.Create(DiagnosticDescriptors.CalleeNotDifferentiated, d.CallSite, m.Name ?? "", d.CalleeName));
                resolved[i] = m with { Source = null, Diagnostics = m.Diagnostics.Concat(errors).ToEquatableArray() };
                if (m.Key is not null) failed.Add(m.Key);
                changed = true;
            }
        }
        return resolved;
    }

    /// <summary>ADG0003: a call whose result or outputs are active must have a derivative.</summary>
    private static List<DiagnosticInfo> CheckCallsHaveDerivatives(IReadOnlyList<IrStmt> body, ActivityAnalysis activity)
    {
        var diagnostics = new List<DiagnosticInfo>();
        foreach (CallStmt call in StatementWalker.All(body).OfType<CallStmt>())
        {
            if (call.Call.Target.Derivative != CallDerivative.None) continue;
            bool active = (call.ResultVar >= 0 && activity.IsUsefulAfter(call, call.ResultVar))
                || call.Call.Args.Where((a, i) => call.Call.Target.Parameters[i] == ParameterRole.Output)
                    .OfType<SpanRefExpr>().Any(o => activity.IsActive(o.Span));
            if (active)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CallWithoutDerivative, call.Call.Location,
                    call.Call.Target.DisplayName, call.Call.Target.ShortName));
            }
        }
        return diagnostics;
    }

    private static string HintName(MethodModel model)
    {
        var chars = model.Parameters.SelectMany(p => "_" + p.TypeText.Replace("global::", "").Replace("System.", ""))
            .Select(ch => char.IsLetterOrDigit(ch) || ch == '_' ? ch : '_');
        string parameters = new string(chars.ToArray());
        return $"{model.Hierarchy.HintName}.{model.Name}{parameters}.g.cs";
    }
}
