using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform.Checkpointing;

/// <summary>
/// Which loops of a method the reverse sweep checkpoints (<c>[Differentiable(Checkpoints = s)]</c>): every loop not nested
/// in another loop whose iterations record something on the tape. Chosen from the to-be-recorded plan without
/// checkpointing; the plan is then made again knowing these loops (<see cref="ToBeRecordedAnalysis"/>), and
/// <see cref="SetState"/> fixes each loop's loop-carried state from it.
/// </summary>
internal sealed class CheckpointPlan
{
    private readonly Dictionary<IrStmt, List<int>> _state = new(ReferenceComparer.Instance);

    private CheckpointPlan(int snapshots, List<IrStmt> loops)
    {
        Snapshots = snapshots;
        Loops = new HashSet<IrStmt>(loops, ReferenceComparer.Instance);
    }

    /// <summary>No checkpointing.</summary>
    public static CheckpointPlan None { get; } = new(0, new List<IrStmt>());

    /// <summary>The snapshots each checkpointed loop may hold.</summary>
    public int Snapshots { get; }

    public HashSet<IrStmt> Loops { get; }

    public static CheckpointPlan Choose(TransformContext c, IReadOnlyList<IrStmt> body, RecordPlan records)
    {
        if (c.Model.Checkpoints <= 0) return None;
        bool HasReverse(IrStmt s) => c.Statements.TryGetValue(s, out StatementAdjoint? plan) && plan.Statements.Count > 0;
        var loops = LoopCarriedState.OutermostLoops(body).Where(loop => LoopCarriedState.RecordsPerIteration(loop, records, HasReverse)).ToList();
        return loops.Count == 0 ? None : new CheckpointPlan(c.Model.Checkpoints, loops);
    }

    /// <summary>Fixes the loop-carried state of every loop from the plan made knowing them.</summary>
    public void SetState(RecordPlan records)
    {
        foreach (IrStmt loop in Loops) _state[loop] = LoopCarriedState.Of(loop, records.NeededAtEntry(loop));
    }

    public IReadOnlyList<int> State(IrStmt loop) => _state[loop];

    /// <summary>
    /// ADG0016 for a loop whose state holds a constant of a type a snapshot cannot keep on the tape (a string, an object):
    /// numbers, spans and enums (as their long value) it can. The lowering's own temporaries are never carried from one
    /// iteration to the next (each is assigned where it is used), so they are no part of a snapshot.
    /// </summary>
    public List<DiagnosticInfo> UnsupportedState(TransformContext c)
    {
        var errors = new List<DiagnosticInfo>();
        foreach (IrStmt loop in Loops)
        {
            foreach (int v in _state[loop])
            {
                IrVariable variable = c.Variables[v];
                if (!IsUntapeable(variable)) continue;
                string where = loop.Location is null ? "a loop" : $"the loop at line {loop.Location.Line}";
                errors.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedDerivativeKind, c.Model.Location, c.Model.Name,
                    "Checkpoints = " + Snapshots.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"'{variable.Name}' is carried from one iteration to the next of {where}, and a snapshot keeps numbers, spans and enums only; compute it within each iteration, or remove Checkpoints"));
            }
        }
        return errors;
    }

    /// <summary>A constant of a type other than an enum that a snapshot would have to hold.</summary>
    public static bool IsUntapeable(IrVariable v) => v.Element == ScalarKind.Opaque && !v.IsEnum && v.Role != VariableRole.Temporary;

    /// <summary>Every variable a checkpointed loop writes: the reverse sweep runs iterations again and leaves them changed.</summary>
    public HashSet<int> Disturbed()
    {
        var all = new HashSet<int>();
        foreach (IrStmt loop in Loops) all.UnionWith(LoopCarriedState.Written(loop));
        return all;
    }
}
