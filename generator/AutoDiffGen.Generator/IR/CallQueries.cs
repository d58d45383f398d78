using System.Collections.Generic;

namespace AutoDiffGen.Generator.IR;

/// <summary>Questions every stage asks about a call, answered once.</summary>
internal static class CallQueries
{
    /// <summary>Whether argument <paramref name="index"/> is a span the call writes (a <c>Span&lt;T&gt;</c> output).</summary>
    public static bool IsOutput(this CallExpr call, int index) =>
        call.Target.Parameters[index] == ParameterRole.Output && call.Args[index] is SpanRefExpr;

    /// <summary>Whether argument <paramref name="index"/> is passed to an in-out span output of the callee.</summary>
    public static bool IsInOut(this CallExpr call, int index) =>
        call.IsOutput(index) && !call.Target.InOut.IsDefaultOrEmpty() && call.Target.InOut[index];

    /// <summary>The spans a call writes: its <c>Span&lt;T&gt;</c> output arguments, in order.</summary>
    public static IEnumerable<SpanRefExpr> Outputs(this CallExpr call)
    {
        for (int i = 0; i < call.Args.Count; i++)
        {
            if (call.IsOutput(i)) yield return (SpanRefExpr)call.Args[i];
        }
    }

    /// <summary>Whether the call writes any span output.</summary>
    public static bool HasOutputs(this CallExpr call)
    {
        for (int i = 0; i < call.Args.Count; i++)
        {
            if (call.Target.Parameters[i] == ParameterRole.Output) return true;
        }
        return false;
    }
}
