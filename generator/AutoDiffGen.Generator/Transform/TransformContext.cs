using System.Collections.Generic;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.Emit;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Transform;

/// <summary>State shared by the stages of the reverse-mode transform of one method.</summary>
internal sealed class TransformContext
{
    public TransformContext(MethodModel model, VariableTable variables, ActivityAnalysis activity)
    {
        Model = model;
        Variables = variables;
        Activity = activity;
        Printer = new ExpressionPrinter(variables);
    }

    public MethodModel Model { get; }

    public VariableTable Variables { get; }

    public ActivityAnalysis Activity { get; }

    public ExpressionPrinter Printer { get; }

    /// <summary>Adjoint variable of each active primal variable.</summary>
    public Dictionary<int, IrVariable> Adjoints { get; } = new();

    /// <summary>Plans of leaf statements, by identity (equal statements in two places are two statements).</summary>
    public Dictionary<IrStmt, StatementPlan> Plans { get; } = new(Analysis.ReferenceComparer.Instance);

    /// <summary>
    /// Sin/Cos results computed once at the method's top level together with their companion (cosine of a sine, sine
    /// of a cosine) by <c>Math.SinCos</c>: the name of the companion local, which the reverse sweep reads.
    /// </summary>
    public Dictionary<IrStmt, string> SinCosCompanions { get; } = new(Analysis.ReferenceComparer.Instance);

    /// <summary>The name of the local holding the per-thread tape, once something uses it.</summary>
    public string? TapeName { get; private set; }

    public string Tape => TapeName ??= Variables.Fresh("tape");

    public IrVariable Adjoint(int primal) => Adjoints[primal];

    public string Print(IrExpr e) => Printer.Print(e);
}
