using System.Collections.Generic;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Transform;

/// <summary>State shared by the stages of the reverse-mode transform of one method.</summary>
internal sealed class TransformContext
{
    private IrVariable? _tape;

    public TransformContext(MethodModel model, VariableTable variables, ActivityAnalysis activity)
    {
        Model = model;
        Variables = variables;
        Activity = activity;
    }

    public MethodModel Model { get; }

    public VariableTable Variables { get; }

    public ActivityAnalysis Activity { get; }

    /// <summary>The method's in-out span outputs (API.md): their backward seed is a <c>Span&lt;T&gt;</c> that returns the adjoint of their incoming contents.</summary>
    public HashSet<int> InOutOutputs { get; init; } = new();

    /// <summary>Adjoint variable of each active primal variable.</summary>
    public Dictionary<int, IrVariable> Adjoints { get; } = new();

    /// <summary>The reverse-sweep code of each leaf statement, by identity (equal statements in two places are two statements).</summary>
    public Dictionary<IrStmt, StatementAdjoint> Statements { get; } = new(ReferenceComparer.Instance);

    /// <summary>
    /// Sin/Cos results computed once at the method's top level together with their companion (cosine of a sine, sine
    /// of a cosine) by <c>Math.SinCos</c>: the companion's variable, which the reverse sweep reads.
    /// </summary>
    public Dictionary<IrStmt, IrVariable> SinCosCompanions { get; } = new(ReferenceComparer.Instance);

    /// <summary>Whether anything uses the per-thread tape (then the method declares it first).</summary>
    public bool UsesTape => _tape is not null;

    /// <summary>The local holding the per-thread tape, created on first use.</summary>
    public IrVariable Tape => _tape ??= Variables.Add("tape", ScalarKind.Opaque, SpanShape.None, VariableRole.Tape);

    public IrVariable Adjoint(int primal) => Adjoints[primal];
}
