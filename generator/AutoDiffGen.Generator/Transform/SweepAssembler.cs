using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using AutoDiffGen.Generator.Transform.Checkpointing;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// Assembles the forward sweep (the original statements plus records of overwritten values and control decisions)
/// and the reverse sweep (the adjoint statements in reverse order, restoring recorded values). Outside loops a record
/// is a local; inside loops it goes to the per-thread tape, so a warm call allocates nothing.
/// </summary>
internal sealed class SweepAssembler
{
    private readonly TransformContext _c;
    private readonly RecordPlan _records;
    private readonly HashSet<int> _viewRoots = new();
    private readonly CheckpointPlan _checkpoints;

    private SweepAssembler(TransformContext context, RecordPlan records, CheckpointPlan checkpoints)
    {
        _c = context;
        _records = records;
        _checkpoints = checkpoints;
    }

    /// <summary>Locals the sweeps need, declared (zeroed) at the top of the method.</summary>
    public List<IrVariable> Hoisted { get; } = new();

    /// <summary>Span locals allocated where they stand at the top level (so not declared at the top).</summary>
    public HashSet<int> InlineStackAllocs { get; } = new();

    /// <summary>Buffers rented from the tape's scratch space by the forward sweep (local arrays), in renting order.</summary>
    public List<IrVariable> ScratchBuffers { get; } = new();

    /// <summary>What the reverse sweep records, for the generated XML documentation.</summary>
    public List<string> RecordNotes { get; } = new();

    public List<IrStmt> Forward { get; private set; } = new();

    public List<IrStmt> Reverse { get; private set; } = new();

    public static SweepAssembler Run(TransformContext context, RecordPlan records, IReadOnlyList<IrStmt> body, CheckpointPlan? checkpoints = null)
    {
        var a = new SweepAssembler(context, records, checkpoints ?? CheckpointPlan.None);
        // Buffers views point at are declared at the top: a view's pointing names them all.
        foreach (ViewBindStmt bind in StatementWalker.All(body).OfType<ViewBindStmt>()) a._viewRoots.UnionWith(bind.Roots);
        (a.Forward, a.Reverse) = a.Block(body, null, topLevel: true);
        return a;
    }

    /// <summary>The innermost loop around a statement: where tape records go, and the line the docs name.</summary>
    private sealed class LoopScope
    {
        public LoopScope(LocationInfo? location) => Location = location;

        public LocationInfo? Location { get; }

        public int Reals;
        public int Ints;
        public int Spans;
    }

    private (List<IrStmt> Forward, List<IrStmt> Reverse) Block(IReadOnlyList<IrStmt> block, LoopScope? loop, bool topLevel)
    {
        var forward = new List<IrStmt>();
        var reverseParts = new List<List<IrStmt>>();
        foreach (IrStmt s in block)
        {
            (List<IrStmt> f, List<IrStmt> r) = Statement(s, loop, topLevel);
            forward.AddRange(f);
            reverseParts.Add(r);
        }
        var reverse = new List<IrStmt>();
        for (int i = reverseParts.Count - 1; i >= 0; i--) reverse.AddRange(reverseParts[i]);
        return (forward, reverse);
    }

    private (List<IrStmt>, List<IrStmt>) Statement(IrStmt s, LoopScope? loop, bool topLevel) => s switch
    {
        IfStmt branch => If(branch, loop),
        WhileStmt or ForRangeStmt when loop is null && _checkpoints.Loops.Contains(s) => Checkpointed(s),
        WhileStmt w => While(w, loop),
        ForRangeStmt f => ForRange(f, loop),
        _ => Leaf(s, loop, topLevel),
    };

    private (List<IrStmt>, List<IrStmt>) Leaf(IrStmt s, LoopScope? loop, bool topLevel)
    {
        var forward = new List<IrStmt>();
        var reverse = new List<IrStmt>();
        _c.Statements.TryGetValue(s, out StatementAdjoint? plan);
        bool records = _records.RecordsValue(s);
        var restore = new List<IrStmt>();
        switch (s)
        {
            case AssignStmt a when _c.SinCosCompanions.TryGetValue(a, out IrVariable? companion) && a.Value is IntrinsicCallExpr trig:
            {
                // One SinCos gives the value and, for the reverse sweep, its derivative's trigonometric factor. Its values
                // equal Math.Sin/Math.Cos bit for bit (SinCosTests pins that), so the forward value stays the original's.
                (int sin, int cos) = trig.Function == "Sin" ? (a.Var, companion.Id) : (companion.Id, a.Var);
                forward.Add(new SinCosStmt(a.Location, trig.Receiver, sin, cos, companion.Id, trig.Args[0]));
                break;
            }
            case AssignStmt a:
                if (records) RecordScalar(Ir.Var(_c.Variables[a.Var]), loop, forward, restore);
                // The overwritten value is another variable's, which the reverse sweep has back here: nothing recorded.
                else if (_records.CopySource(s) is int source) restore.Add(new AssignStmt(null, a.Var, Ir.Var(_c.Variables[source])));
                forward.Add(a);
                break;
            case ElementAssignStmt e:
                if (records) RecordScalar(new ElementExpr(_c.Variables[e.Span].Element, e.Span, e.Index), loop, forward, restore);
                forward.Add(e);
                break;
            case StackAllocStmt alloc:
                StackAlloc(alloc, loop is null && topLevel, forward);
                break;
            case FillStmt fill:
                RecordSpans(s, new[] { fill.Target }, loop, forward, restore);
                forward.Add(fill);
                break;
            case CopyStmt copy:
                RecordSpans(s, new[] { copy.Target }, loop, forward, restore);
                forward.Add(copy);
                break;
            case CallStmt call:
                if (records) RecordScalar(Ir.Var(_c.Variables[call.ResultVar]), loop, forward, restore);
                RecordSpans(s, call.Call.Outputs(), loop, forward, restore);
                forward.Add(call);
                break;
            case ThrowStmt or OverlapCheckStmt:
                forward.Add(s);
                break;
            case ViewBindStmt bind:
                ViewBind(bind, loop, forward, restore);
                break;
        }
        if (plan is not null && s is CallStmt { Call: var inOutCall } && InOutSpans(inOutCall) is { Count: > 0 } inOut)
        {
            // An in-out callee's backward recomputes from the contents before the call and leaves the contents after it,
            // so the contents before are put back (and kept in scratch space) for the call, and again after it for
            // the statements before the call.
            var saves = new List<(SpanRefExpr Target, IrVariable Copy)>();
            foreach (IrStmt r in restore.Where(r => r is PopSpanStmt pop && inOut.Contains(pop.Target.Span)))
            {
                reverse.Add(r);
                SpanRefExpr target = ((PopSpanStmt)r).Target;
                IrVariable copy = _c.Variables.Add(_c.Variables[target.Span].Name.TrimStart('@') + "Before", target.Type, SpanShape.Span, VariableRole.Record, numbered: true);
                reverse.Add(new RentScratchStmt(null, copy.Id, target.Length ?? new LengthExpr(target.Span)));
                reverse.Add(new CopyStmt(null, target, Ir.Span(copy)));
                saves.Add((target, copy));
            }
            reverse.AddRange(plan.Statements);
            for (int i = saves.Count - 1; i >= 0; i--)
            {
                reverse.Add(new CopyStmt(null, Ir.Span(saves[i].Copy), saves[i].Target));
                reverse.Add(new ReturnScratchStmt(null, saves[i].Target.Type, new LengthExpr(saves[i].Copy.Id), saves[i].Copy.Id));
            }
            reverse.AddRange(restore.Where(r => !(r is PopSpanStmt pop && inOut.Contains(pop.Target.Span))));
        }
        else if (plan is not null && plan.Use.PreMode)
        {
            reverse.AddRange(restore);
            reverse.AddRange(plan.Statements);
        }
        else
        {
            if (plan is not null) reverse.AddRange(plan.Statements);
            reverse.AddRange(restore);
        }
        return (forward, reverse);
    }

    /// <summary>Adjoint roots of the views, per root (missing ones get scratch space in the backward).</summary>
    public Dictionary<int, IrVariable> ViewAdjointRoots { get; } = new();

    /// <summary>Views that have adjoints, with their adjoint: pointed where they point at the start of the reverse sweep.</summary>
    public List<(ViewBindStmt Bind, IrVariable Adjoint)> ViewAdjoints { get; } = new();

    /// <summary>
    /// A view moves: the forward sweep keeps where it pointed before (three integers), the reverse sweep puts them back
    /// and points the view, and its adjoint over the buffers' adjoints, there again.
    /// </summary>
    private void ViewBind(ViewBindStmt bind, LoopScope? loop, List<IrStmt> forward, List<IrStmt> restore)
    {
        var parts = new[] { bind.RootVar, bind.StartVar, bind.LengthVar };
        var pops = new List<IrStmt>();
        foreach (int part in parts) RecordScalar(Ir.Var(_c.Variables[part]), loop, forward, pops);
        forward.Add(bind);
        pops.Reverse();
        restore.AddRange(pops);
        restore.Add(new ViewPointStmt(null, bind.View, bind.RootVar, bind.StartVar, bind.LengthVar, bind.Roots));
        if (_c.Adjoints.TryGetValue(bind.View, out IrVariable? adjoint))
        {
            restore.Add(new ViewPointStmt(null, adjoint.Id, bind.RootVar, bind.StartVar, bind.LengthVar, AdjointRoots(bind.Roots)));
            if (!ViewAdjoints.Any(v => v.Adjoint.Id == adjoint.Id)) ViewAdjoints.Add((bind, adjoint));
        }
    }

    /// <summary>The adjoints of a view's buffers (a buffer without one gets scratch space, zeroed, in the backward).</summary>
    public EquatableArray<int> AdjointRoots(EquatableArray<int> roots) => roots.Select(r =>
    {
        if (_c.Adjoints.TryGetValue(r, out IrVariable? a)) return a.Id;
        if (!ViewAdjointRoots.TryGetValue(r, out IrVariable? scratch))
        {
            IrVariable root = _c.Variables[r];
            scratch = _c.Variables.Add(Signature.AdjointName(root.Name), root.Element, SpanShape.Span, VariableRole.Record, numbered: true);
            ViewAdjointRoots[r] = scratch;
        }
        return scratch.Id;
    }).ToEquatableArray();

    /// <summary>The spans a call passes to in-out outputs of its callee.</summary>
    private static HashSet<int> InOutSpans(CallExpr call)
    {
        var spans = new HashSet<int>();
        for (int i = 0; i < call.Args.Count; i++)
        {
            if (call.IsInOut(i)) spans.Add(((SpanRefExpr)call.Args[i]).Span);
        }
        return spans;
    }

    private void StackAlloc(StackAllocStmt alloc, bool inline, List<IrStmt> forward)
    {
        inline = inline && !_viewRoots.Contains(alloc.Span);
        if (inline) InlineStackAllocs.Add(alloc.Span);
        if (alloc.Scratch)
        {
            _ = _c.Tape;
            ScratchBuffers.Add(_c.Variables[alloc.Span]);
        }
        forward.Add(alloc with { Declare = inline });
        if (_c.Adjoints.TryGetValue(alloc.Span, out IrVariable? adjoint))
        {
            // The length is evaluated again: the span already holds it, and its expression may read changed values.
            forward.Add(new StackAllocStmt(alloc.Location, adjoint.Id, new LengthExpr(alloc.Span), inline, alloc.Scratch));
            if (alloc.Scratch) ScratchBuffers.Add(adjoint);
            // stackalloc is zeroed unless the module skips locals init; clear explicitly so adjoints start at 0.
            else forward.Add(new FillStmt(null, Ir.Span(adjoint), null));
        }
    }

    private void RecordScalar(IrExpr target, LoopScope? loop, List<IrStmt> forward, List<IrStmt> restore)
    {
        ScalarKind kind = target.Type;
        if (loop is null)
        {
            IrVariable saved = _c.Variables.Add(SavedStem(target), kind, SpanShape.None, VariableRole.Record, numbered: true);
            Hoisted.Add(saved);
            forward.Add(new AssignStmt(null, saved.Id, target));
            restore.Add(Store(target, Ir.Var(saved)));
            return;
        }
        forward.Add(Push(target));
        restore.Add(Store(target, Pop(kind)));
        if (kind.IsReal()) loop.Reals++;
        else loop.Ints += kind == ScalarKind.Int64 ? 2 : 1;
    }

    /// <summary>Pushes a value on the tape (the method then declares the tape).</summary>
    private PushStmt Push(IrExpr value)
    {
        _ = _c.Tape;
        return new PushStmt(null, value);
    }

    private PopExpr Pop(ScalarKind kind)
    {
        _ = _c.Tape;
        return new PopExpr(kind);
    }

    private static IrStmt Store(IrExpr target, IrExpr value) => target switch
    {
        VarExpr v => new AssignStmt(null, v.Var, value),
        ElementExpr e => new ElementAssignStmt(null, e.Span, e.Index, value),
        _ => throw Ir.Unreachable("cannot restore " + target.GetType().Name),
    };

    private string SavedStem(IrExpr target) => target switch
    {
        VarExpr v => _c.Variables[v.Var].Name + "Saved",
        ElementExpr e => _c.Variables[e.Span].Name + "Saved",
        _ => "saved",
    };

    private void RecordSpans(IrStmt s, IEnumerable<SpanRefExpr> targets, LoopScope? loop, List<IrStmt> forward, List<IrStmt> restore)
    {
        if (!_c.Statements.ContainsKey(s)) return;
        foreach (SpanRefExpr target in targets.Where(t => _records.RecordsSpan(s, t.Span)))
        {
            forward.Add(Push(target));
            restore.Insert(0, new PopSpanStmt(null, target));
            if (loop is not null) loop.Spans++;
            else RecordNotes.Add($"a copy of <c>{_c.Variables[target.Span].Name}</c> before it is overwritten");
        }
    }

    private (List<IrStmt>, List<IrStmt>) If(IfStmt branch, LoopScope? loop)
    {
        (List<IrStmt> thenForward, List<IrStmt> thenReverse) = Block(branch.Then, loop, topLevel: false);
        (List<IrStmt> elseForward, List<IrStmt> elseReverse) = Block(branch.Else, loop, topLevel: false);
        if (thenReverse.Count == 0 && elseReverse.Count == 0)
        {
            return (new List<IrStmt> { If(branch.Condition, thenForward, elseForward) }, new List<IrStmt>());
        }
        if (loop is null)
        {
            IrVariable taken = _c.Variables.Add("branch", ScalarKind.Boolean, SpanShape.None, VariableRole.Record, numbered: true);
            Hoisted.Add(taken);
            return (new List<IrStmt> { new AssignStmt(null, taken.Id, branch.Condition), If(Ir.Var(taken), thenForward, elseForward) },
                new List<IrStmt> { If(Ir.Var(taken), thenReverse, elseReverse) });
        }
        // Pushed after the branch, so its own records lie below and are popped after the decision.
        thenForward.Add(Push(Ir.Bool(true)));
        elseForward.Add(Push(Ir.Bool(false)));
        loop.Ints++;
        return (new List<IrStmt> { If(branch.Condition, thenForward, elseForward) },
            new List<IrStmt> { If(Pop(ScalarKind.Boolean), thenReverse, elseReverse) });
    }

    private static IfStmt If(IrExpr condition, List<IrStmt> then, List<IrStmt> otherwise) =>
        new(null, condition, then.ToEquatableArray(), otherwise.ToEquatableArray());

    private (List<IrStmt>, List<IrStmt>) While(WhileStmt w, LoopScope? outer)
    {
        var scope = new LoopScope(w.Location);
        (List<IrStmt> bodyForward, List<IrStmt> bodyReverse) = Block(w.Body, scope, topLevel: false);
        (List<IrStmt> incrementForward, List<IrStmt> incrementReverse) = Block(w.Increment, scope, topLevel: false);
        // No continue is left after structurizing, so the increment can close the body.
        bodyForward.AddRange(incrementForward);
        if (bodyReverse.Count == 0 && incrementReverse.Count == 0)
        {
            return (new List<IrStmt> { Loop(w, bodyForward) }, new List<IrStmt>());
        }
        IrVariable count = _c.Variables.Add("iterations", ScalarKind.Int32, SpanShape.None, VariableRole.Record, numbered: true);
        Hoisted.Add(count);
        bodyForward.Add(new AssignStmt(null, count.Id, new BinaryExpr(ScalarKind.Int32, BinaryOp.Add, Ir.Var(count), Ir.Int(1))));
        var forward = new List<IrStmt> { new AssignStmt(null, count.Id, Ir.Int(0)), Loop(w, bodyForward) };
        var reverseBody = new List<IrStmt>(incrementReverse);
        reverseBody.AddRange(bodyReverse);
        var reverse = new List<IrStmt>();
        if (outer is not null)
        {
            forward.Add(Push(Ir.Var(count)));
            reverse.Add(new AssignStmt(null, count.Id, Pop(ScalarKind.Int32)));
            outer.Ints++;
        }
        var countDown = new AssignStmt(null, count.Id, new BinaryExpr(ScalarKind.Int32, BinaryOp.Subtract, Ir.Var(count), Ir.Int(1)));
        reverse.Add(new WhileStmt(null, Ir.Compare(BinaryOp.Greater, Ir.Var(count), Ir.Int(0)), reverseBody.ToEquatableArray(),
            new IrStmt[] { countDown }.ToEquatableArray(), TestFirst: true));
        Note(scope, outer is null ? "its iteration count is kept in a local" : "1 int per execution records its iteration count");
        return (forward, reverse);
    }

    private static WhileStmt Loop(WhileStmt w, List<IrStmt> body) =>
        new(w.Location, w.Condition, body.ToEquatableArray(), EquatableArray<IrStmt>.Empty, w.TestFirst);

    private (List<IrStmt>, List<IrStmt>) ForRange(ForRangeStmt f, LoopScope? outer)
    {
        var scope = new LoopScope(f.Location);
        (List<IrStmt> bodyForward, List<IrStmt> bodyReverse) = Block(f.Body, scope, topLevel: false);
        IrVariable counter = _c.Variables[f.Counter];
        ScalarKind k = counter.Element;
        ForRangeStmt forwardLoop = f with { Body = bodyForward.ToEquatableArray() };
        if (bodyReverse.Count == 0) return (new List<IrStmt> { forwardLoop }, new List<IrStmt>());
        BinaryOp stop = f.Step > 0 ? BinaryOp.GreaterOrEqual : BinaryOp.LessOrEqual;
        ForRangeStmt Backwards(IrExpr first, IrExpr last) => new(null, f.Counter, first, last, stop, -f.Step, null, bodyReverse.ToEquatableArray());
        if (LoopFacts.StaticTripCount(f) is long trips)
        {
            Note(scope, "its trip count is known at compile time, so nothing records it");
            if (trips <= 0) return (new List<IrStmt> { forwardLoop }, new List<IrStmt>());
            long last = (long)((ConstExpr)f.Start).Value + (trips - 1) * f.Step;
            return (new List<IrStmt> { forwardLoop }, new List<IrStmt> { Backwards(Ir.Integer(last, k), f.Start) });
        }
        if (LoopFacts.HasRecomputableBounds(f))
        {
            // Run the loop backwards from its own bounds: last = end − 1 for <, end for <= (mirrored for a step of −1).
            IrExpr one = Ir.Integer(1, k);
            IrExpr lastIndex = f.Compare switch
            {
                BinaryOp.Less => new BinaryExpr(k, BinaryOp.Subtract, f.End, one),
                BinaryOp.Greater => new BinaryExpr(k, BinaryOp.Add, f.End, one),
                _ => f.End,
            };
            Note(scope, "its bounds are evaluated again in the reverse sweep, so nothing records its trip count");
            return (new List<IrStmt> { forwardLoop }, new List<IrStmt> { Backwards(lastIndex, f.Start) });
        }
        // The start is kept (a constant needs nothing); the trip count follows from where the counter stopped.
        var forward = new List<IrStmt>();
        var reverse = new List<IrStmt>();
        IrExpr start = f.Start;
        IrVariable? startVar = null;
        if (f.Start is not ConstExpr)
        {
            startVar = _c.Variables.Add(counter.Name + "Start", k, SpanShape.None, VariableRole.Record);
            Hoisted.Add(startVar);
            forward.Add(new AssignStmt(null, startVar.Id, f.Start));
            start = Ir.Var(startVar);
        }
        IrVariable tripCount = _c.Variables.Add(counter.Name + "Trips", k, SpanShape.None, VariableRole.Record);
        Hoisted.Add(tripCount);
        forward.Add(forwardLoop);
        bool startsAtZero = start is ConstExpr { Value: 0 };
        IrExpr i = Ir.Var(counter);
        IrExpr distance = startsAtZero ? i : new BinaryExpr(k, BinaryOp.Subtract, i, start);
        IrExpr step = Ir.Integer(f.Step, k);
        forward.Add(new AssignStmt(null, tripCount.Id, f.Step == 1 ? distance : new BinaryExpr(k, BinaryOp.Divide, distance, step)));
        if (outer is not null)
        {
            forward.Add(Push(Ir.Var(tripCount)));
            reverse.Add(new AssignStmt(null, tripCount.Id, Pop(k)));
            outer.Ints += k == ScalarKind.Int64 ? 2 : 1;
            if (startVar is not null)
            {
                forward.Add(Push(Ir.Var(startVar)));
                reverse.Insert(0, new AssignStmt(null, startVar.Id, Pop(k)));
                outer.Ints += k == ScalarKind.Int64 ? 2 : 1;
            }
        }
        IrExpr lastOffset = f.Step == 1
            ? new BinaryExpr(k, BinaryOp.Subtract, Ir.Var(tripCount), Ir.Integer(1, k))
            : new BinaryExpr(k, BinaryOp.Multiply, new BinaryExpr(k, BinaryOp.Subtract, Ir.Var(tripCount), Ir.Integer(1, k)), step);
        IrExpr first = startsAtZero ? lastOffset
            : f.Step == 1 ? new BinaryExpr(k, BinaryOp.Subtract, new BinaryExpr(k, BinaryOp.Add, start, Ir.Var(tripCount)), Ir.Integer(1, k))
            : new BinaryExpr(k, BinaryOp.Add, start, lastOffset);
        reverse.Add(Backwards(first, start));
        Note(scope, outer is null ? "its start and trip count are kept in locals" : "its start and trip count are recorded per execution");
        return (forward, reverse);
    }

    /// <summary>
    /// An outermost loop whose reverse sweep is checkpointed (<see cref="CheckpointedLoop"/>): one iteration's recording
    /// and reverse code as in any loop, run one iteration at a time from the schedule's snapshots.
    /// </summary>
    private (List<IrStmt>, List<IrStmt>) Checkpointed(IrStmt loop)
    {
        var scope = new LoopScope(loop.Location);
        IReadOnlyList<IrStmt> iteration = loop is WhileStmt w ? w.Body.Concat(w.Increment).ToList() : ((ForRangeStmt)loop).Body;
        (List<IrStmt> recorded, List<IrStmt> reversed) = Block(iteration, scope, topLevel: false);
        CheckpointedLoop.Result built = CheckpointedLoop.Build(_c, loop, _checkpoints.State(loop), _checkpoints.Snapshots, recorded, reversed, PerIteration(scope));
        Hoisted.AddRange(built.Hoisted);
        RecordNotes.Add(built.Note);
        return (built.Forward, built.Reverse);
    }

    private void Note(LoopScope scope, string counterNote)
    {
        string where = scope.Location is null ? "a loop" : $"the loop at line {scope.Location.Line}";
        RecordNotes.Add($"{where}: records {PerIteration(scope)} per iteration on the per-thread tape; {counterNote}");
    }

    private static string PerIteration(LoopScope scope)
    {
        var parts = new List<string>();
        if (scope.Reals > 0) parts.Add($"{scope.Reals} floating-point value{(scope.Reals == 1 ? "" : "s")}");
        if (scope.Ints > 0) parts.Add($"{scope.Ints} integer{(scope.Ints == 1 ? "" : "s")}");
        if (scope.Spans > 0) parts.Add($"{scope.Spans} span cop{(scope.Spans == 1 ? "y" : "ies")}");
        return parts.Count == 0 ? "nothing" : string.Join(" and ", parts);
    }
}
