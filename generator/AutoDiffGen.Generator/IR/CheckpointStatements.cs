using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.IR;

// The IR of checkpointed loops ([Differentiable(Checkpoints = s)]): a schedule local of the runtime's
// CheckpointSchedule, started, asked and told by these statements and expressions. Snapshots themselves are ordinary
// pushes and pops of the loop-carried state, so forward over reverse adds the state's tangents to them by itself.

/// <summary>What a <see cref="ScheduleExpr"/> asks the schedule.</summary>
internal enum ScheduleQuery
{
    /// <summary><c>schedule.Next()</c>: chooses the reverse sweep's next action; false when the loop is reversed.</summary>
    Next,
    /// <summary><c>schedule.SnapshotDue(step)</c>: whether the forward sweep snapshots the state before iteration <c>step</c>.</summary>
    SnapshotDue,
    /// <summary><c>schedule.From</c>: the first iteration of the action.</summary>
    From,
    /// <summary><c>schedule.To</c>: the iteration after the last one an advance runs.</summary>
    To,
    /// <summary><c>schedule.Action == CheckpointAction.{Action}</c>.</summary>
    Is,
}

/// <summary>
/// A question to the schedule of a checkpointed loop. <see cref="ScheduleQuery.Next"/> and
/// <see cref="ScheduleQuery.SnapshotDue"/> move the schedule on, so each is evaluated exactly where it stands (a loop or
/// branch condition), like <see cref="PopExpr"/>.
/// </summary>
internal sealed record ScheduleExpr(ScalarKind Type, int Schedule, ScheduleQuery Query, IrExpr? Argument = null, string? Action = null) : IrExpr(Type)
{
    public static ScheduleExpr Next(int schedule) => new(ScalarKind.Boolean, schedule, ScheduleQuery.Next);

    public static ScheduleExpr SnapshotDue(int schedule, IrExpr step) => new(ScalarKind.Boolean, schedule, ScheduleQuery.SnapshotDue, step);

    public static ScheduleExpr From(int schedule) => new(ScalarKind.Int32, schedule, ScheduleQuery.From);

    public static ScheduleExpr To(int schedule) => new(ScalarKind.Int32, schedule, ScheduleQuery.To);

    public static ScheduleExpr Is(int schedule, string action) => new(ScalarKind.Boolean, schedule, ScheduleQuery.Is, null, action);
}

/// <summary>
/// <c>schedule = tape.BeginCheckpoints(snapshots[, steps])</c>: starts the schedule of one execution of a checkpointed
/// loop; binomial (Revolve) when <see cref="Steps"/>, the trip count known at the loop's start, is given, online otherwise.
/// </summary>
internal sealed record BeginCheckpointsStmt(LocationInfo? Location, int Schedule, int Snapshots, IrExpr? Steps) : IrStmt(Location);

/// <summary><c>schedule.EndForward(steps)</c>: the forward sweep ran the loop's <see cref="Steps"/> iterations.</summary>
internal sealed record EndForwardStmt(LocationInfo? Location, int Schedule, IrExpr Steps) : IrStmt(Location);
