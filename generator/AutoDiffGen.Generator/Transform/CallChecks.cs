using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform;

/// <summary>What activity analysis tells about calls that the user must hear of.</summary>
internal static class CallChecks
{
    /// <summary>ADG0003: a call whose result or outputs are active must have a derivative.</summary>
    public static List<DiagnosticInfo> MissingDerivatives(IReadOnlyList<IrStmt> body, ActivityAnalysis activity) =>
        StatementWalker.All(body).OfType<CallStmt>()
            .Where(call => call.Call.Target is { Derivative: CallDerivative.None, TangentText: null, BackwardTangentText: null } && activity.IsCallActive(call))
            .Select(call => DiagnosticInfo.Create(DiagnosticDescriptors.CallWithoutDerivative, call.Call.Location,
                call.Call.Target.DisplayName, call.Call.Target.ShortName))
            .ToList();

    /// <summary>ADG0015: reverse mode calls the pullback of every active callee; one with only other derivatives has none.</summary>
    public static IEnumerable<DiagnosticInfo> MissingBackwards(IReadOnlyList<IrStmt> body, ActivityAnalysis activity) =>
        StatementWalker.All(body).OfType<CallStmt>()
            .Where(call => call.Call.Target.BackwardText is null && call.Call.Target.TangentText is not null && activity.IsCallActive(call))
            .Select(call => DiagnosticInfo.Create(DiagnosticDescriptors.MissingDerivativeKind, call.Call.Location,
                call.Call.Target.DisplayName, "reverse-mode", call.Call.Target.ShortName, "Reverse"));

    /// <summary>ADG0013: an active value passed to a [NoDerivative] floating-point parameter loses its derivative there.</summary>
    public static List<DiagnosticInfo> DroppedDerivatives(IReadOnlyList<IrStmt> body, ActivityAnalysis activity, VariableTable variables)
    {
        var warnings = new List<DiagnosticInfo>();
        foreach (CallStmt call in StatementWalker.All(body).OfType<CallStmt>())
        {
            CallTarget target = call.Call.Target;
            if (target.Derivative == CallDerivative.None || !activity.IsCallActive(call)) continue;
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
}
