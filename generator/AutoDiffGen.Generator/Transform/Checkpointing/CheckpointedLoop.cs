using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform.Checkpointing;

/// <summary>
/// The sweeps of a checkpointed loop. The forward sweep runs the loop as the original does, recording nothing but the
/// snapshots the schedule asks for (pushes of the loop-carried state). The reverse sweep asks the schedule for actions
/// until the loop is reversed: advance (run iterations as the original does), snapshot, restore (pop the newest snapshot
/// into the state and push it again), reverse one iteration (run it recording, then its adjoint statements) and drop
/// (pop the newest snapshot). The iteration's recording and reverse code are the ones of the ordinary sweeps.
/// </summary>
internal static class CheckpointedLoop
{
    internal sealed record Result(List<IrStmt> Forward, List<IrStmt> Reverse, List<IrVariable> Hoisted, string Note);

    /// <param name="recorded">One iteration (body and increment) with its records.</param>
    /// <param name="reversed">The reverse of one iteration.</param>
    /// <param name="perIteration">What one iteration records, for the documentation.</param>
    public static Result Build(TransformContext c, IrStmt loop, IReadOnlyList<int> state, int snapshots,
        List<IrStmt> recorded, List<IrStmt> reversed, string perIteration)
    {
        VariableTable variables = c.Variables;
        var hoisted = new List<IrVariable>();
        IrVariable schedule = variables.Add("checkpoints", ScalarKind.Opaque, SpanShape.None, VariableRole.Schedule);
        hoisted.Add(schedule);
        _ = c.Tape;

        var snapshot = new List<IrStmt>();
        var restore = new List<IrStmt>();
        (List<int> saved, List<ViewBindStmt> views) = Snapshotted(loop, state, variables);
        foreach (int v in saved)
        {
            IrVariable variable = variables[v];
            if (variable.Element == ScalarKind.Opaque)
            {
                // An enum (any other constant is ADG0016, CheckpointPlan.UnsupportedState), kept as its long value.
                string type = variable.TypeText ?? c.Model.Parameters.Single(p => p.Var == v).TypeText;
                snapshot.Add(new PushStmt(null, new OpaqueExpr(ScalarKind.Int64, "(long)" + variable.Name)));
                restore.Insert(0, new AssignStmt(null, v, new OpaqueExpr(ScalarKind.Opaque, $"(({type}){c.Tape.Name}.PopLong())")));
                continue;
            }
            snapshot.Add(new PushStmt(null, variable.IsSpan ? Ir.Span(variable) : Ir.Var(variable)));
            restore.Insert(0, variable.IsSpan ? new PopSpanStmt(null, Ir.Span(variable)) : new AssignStmt(null, v, new PopExpr(variable.Element)));
        }
        foreach (ViewBindStmt view in views) restore.Add(new ViewPointStmt(null, view.View, view.RootVar, view.StartVar, view.LengthVar, view.Roots));

        var forward = new List<IrStmt>();
        IrVariable step;
        IReadOnlyList<IrStmt> plain;
        List<IrStmt> setCounter;
        System.Func<IrExpr, List<IrStmt>> counterAt;
        IrStmt forwardLoop;
        IrExpr? tripCount = null;
        string schedulingNote;
        string where = loop.Location is null ? "a loop" : $"the loop at line {loop.Location.Line}";
        switch (loop)
        {
            case ForRangeStmt f:
            {
                IrVariable counter = variables[f.Counter];
                step = variables.Add(counter.Name + "Step", ScalarKind.Int32, SpanShape.None, VariableRole.Record);
                IrExpr first = f.Start;
                if (f.Start is not ConstExpr)
                {
                    IrVariable firstVar = variables.Add(counter.Name + "First", counter.Element, SpanShape.None, VariableRole.Record);
                    hoisted.Add(firstVar);
                    forward.Add(new AssignStmt(null, firstVar.Id, f.Start));
                    first = Ir.Var(firstVar);
                }
                IrExpr firstExpr = first;
                counterAt = index =>
                {
                    IrExpr offset = Ir.Convert(index, counter.Element);
                    if (f.Step != 1) offset = new BinaryExpr(counter.Element, BinaryOp.Multiply, offset, Ir.Integer(f.Step, counter.Element));
                    IrExpr value = firstExpr is ConstExpr { Value: 0 } ? offset : new BinaryExpr(counter.Element, BinaryOp.Add, firstExpr, offset);
                    return new List<IrStmt> { new AssignStmt(null, f.Counter, value) };
                };
                if (LoopFacts.StaticTripCount(f) is long trips) tripCount = Ir.Int((int)System.Math.Max(0, trips));
                else if (LoopFacts.HasRecomputableBounds(f)) tripCount = TripCount(f, first);
                plain = f.Body;
                forwardLoop = f with { Body = Iteration(schedule, step, snapshot, f.Body).ToEquatableArray() };
                setCounter = counterAt(ScheduleExpr.From(schedule.Id));
                break;
            }
            case WhileStmt w:
            {
                step = variables.Add("step", ScalarKind.Int32, SpanShape.None, VariableRole.Record);
                counterAt = _ => new List<IrStmt>();
                plain = w.Body.Concat(w.Increment).ToList();
                forwardLoop = w with { Body = Iteration(schedule, step, snapshot, w.Body).ToEquatableArray() };
                setCounter = new List<IrStmt>();
                break;
            }
            default:
                throw Ir.Unreachable("not a loop: " + loop.GetType().Name);
        }
        hoisted.Add(step);
        string snapshotsText = snapshots.ToString(CultureInfo.InvariantCulture);
        schedulingNote = tripCount is null
            ? $"online schedule (its trip count is known only when it ends): the forward sweep snapshots every d-th iteration, d doubling whenever {((snapshots + 1) / 2).ToString(CultureInfo.InvariantCulture)} snapshots are held, and the reverse sweep reverses the stretches between them with the binomial schedule"
            : "binomial schedule (Revolve; its trip count is known when it starts): each iteration is run again about r times, r the smallest number with (s + r)! / (s! r!) ≥ the trip count";

        forward.Add(new SectionStmt($"Checkpointed loop: {schedulingNote.Split(' ')[0]} schedule, at most {snapshotsText} snapshot{(snapshots == 1 ? "" : "s")} of {StateList(variables, state)}"));
        forward.Add(new BeginCheckpointsStmt(null, schedule.Id, snapshots, tripCount));
        forward.Add(new AssignStmt(null, step.Id, Ir.Int(0)));
        forward.Add(forwardLoop);
        forward.Add(new EndForwardStmt(null, schedule.Id, Ir.Var(step)));

        // Reverse sweep: the schedule's actions until every iteration is reversed.
        var advanceBody = counterAt(Ir.Var(step));
        advanceBody.AddRange(plain);
        var advance = new ForRangeStmt(null, step.Id, ScheduleExpr.From(schedule.Id), ScheduleExpr.To(schedule.Id), BinaryOp.Less, 1, null, advanceBody.ToEquatableArray());
        var reverseOne = new List<IrStmt>(setCounter);
        reverseOne.AddRange(recorded);
        reverseOne.AddRange(reversed);
        var restoreAndKeep = new List<IrStmt>(restore);
        restoreAndKeep.AddRange(snapshot);
        IrStmt actions = If(ScheduleExpr.Is(schedule.Id, "Advance"), new List<IrStmt> { advance },
            If(ScheduleExpr.Is(schedule.Id, "Reverse"), reverseOne,
            If(ScheduleExpr.Is(schedule.Id, "Snapshot"), snapshot,
            If(ScheduleExpr.Is(schedule.Id, "Restore"), restoreAndKeep, restore))));
        var reverse = new List<IrStmt>
        {
            new WhileStmt(null, ScheduleExpr.Next(schedule.Id), new[] { actions }.ToEquatableArray(), EquatableArray<IrStmt>.Empty, TestFirst: true),
        };

        string note = $"{where} is checkpointed: {schedulingNote}; at most s = {snapshotsText} snapshot{(snapshots == 1 ? "" : "s")} of its loop-carried state " +
            $"({StateList(variables, state)}) on the per-thread tape, and the records of one iteration at a time ({perIteration})";
        return new Result(forward, reverse, hoisted, note);
    }

    /// <summary>
    /// What a snapshot holds. A view the loop points elsewhere (double buffering, <see cref="ViewBindStmt"/>) is not saved
    /// through itself, which would put its contents back wherever it points when restored: the three integers of every
    /// view the loop points and the writable buffers they may point at are saved instead, and after a restore those
    /// views are pointed where the integers say (also one that is not in the state, which still points where the last
    /// run of iterations left it).
    /// </summary>
    private static (List<int> Saved, List<ViewBindStmt> Views) Snapshotted(IrStmt loop, IReadOnlyList<int> state, VariableTable variables)
    {
        var views = new List<ViewBindStmt>();
        foreach (ViewBindStmt bind in StatementWalker.All(new[] { loop }).OfType<ViewBindStmt>())
        {
            if (!views.Any(v => v.View == bind.View)) views.Add(bind);
        }
        var saved = new List<int>();
        void Save(int v)
        {
            if (!saved.Contains(v)) saved.Add(v);
        }
        // The lowering's temporaries are assigned where they are used: never carried from one iteration to the next.
        foreach (int v in state.Where(v => !views.Any(view => view.View == v) && !(variables[v].Element == ScalarKind.Opaque && variables[v].Role == VariableRole.Temporary))) Save(v);
        foreach (ViewBindStmt view in views)
        {
            foreach (int root in view.Roots.Where(r => r >= 0 && variables[r].Shape != SpanShape.ReadOnlySpan)) Save(root);
            Save(view.RootVar);
            Save(view.StartVar);
            Save(view.LengthVar);
        }
        return (saved, views);
    }

    /// <summary>An iteration of the forward sweep: a snapshot first when the schedule asks for one, then the original, then the count.</summary>
    private static List<IrStmt> Iteration(IrVariable schedule, IrVariable step, List<IrStmt> snapshot, IEnumerable<IrStmt> body)
    {
        var iteration = new List<IrStmt> { new IfStmt(null, ScheduleExpr.SnapshotDue(schedule.Id, Ir.Var(step)), snapshot.ToEquatableArray(), EquatableArray<IrStmt>.Empty) };
        iteration.AddRange(body);
        iteration.Add(new AssignStmt(null, step.Id, new BinaryExpr(ScalarKind.Int32, BinaryOp.Add, Ir.Var(step), Ir.Int(1))));
        return iteration;
    }

    /// <summary>The trip count of a counting loop whose bounds do not change while it runs, evaluated at its start.</summary>
    private static IrExpr TripCount(ForRangeStmt f, IrExpr first)
    {
        ScalarKind k = f.End.Type.Wider(first.Type);
        IrExpr distance = f.Compare switch
        {
            BinaryOp.Less => Sub(f.End, first, k),
            BinaryOp.LessOrEqual => new BinaryExpr(k, BinaryOp.Add, Sub(f.End, first, k), Ir.Integer(1, k)),
            BinaryOp.Greater => Sub(first, f.End, k),
            _ => new BinaryExpr(k, BinaryOp.Add, Sub(first, f.End, k), Ir.Integer(1, k)),
        };
        int stride = f.Step > 0 ? f.Step : -f.Step;
        IrExpr count = stride == 1 ? distance
            : new BinaryExpr(k, BinaryOp.Divide, new BinaryExpr(k, BinaryOp.Add, distance, Ir.Integer(stride - 1, k)), Ir.Integer(stride, k));
        IrExpr positive = new ConditionalExpr(k, Ir.Compare(BinaryOp.Greater, distance, Ir.Integer(0, k)), count, Ir.Integer(0, k));
        return Ir.Convert(positive, ScalarKind.Int32);
    }

    private static IrExpr Sub(IrExpr a, IrExpr b, ScalarKind k) =>
        b is ConstExpr { Value: 0 } ? a : new BinaryExpr(k, BinaryOp.Subtract, a, b);

    private static IrStmt If(IrExpr condition, List<IrStmt> then, IrStmt otherwise) =>
        new IfStmt(null, condition, then.ToEquatableArray(), new[] { otherwise }.ToEquatableArray());

    private static IrStmt If(IrExpr condition, List<IrStmt> then, List<IrStmt> otherwise) =>
        new IfStmt(null, condition, then.ToEquatableArray(), otherwise.ToEquatableArray());

    private static string StateList(VariableTable variables, IReadOnlyList<int> state) =>
        state.Count == 0 ? "nothing" : string.Join(", ", state.Select(v => variables[v].Name));
}
