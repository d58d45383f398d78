using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using AutoDiffGen.Generator.Rules;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// Builds the adjoint statements of every leaf statement (the chain rule, statement by statement): for
/// <c>v = e</c>, each active leaf of <c>e</c> receives <c>dV · ∂e/∂leaf</c> (the rules are in <see cref="Rules"/>),
/// then <c>dV</c> is cleared. Records which primal values those statements read, for the to-be-recorded analysis.
/// </summary>
internal sealed class AdjointBuilder
{
    private readonly TransformContext _c;
    private readonly HashSet<int> _assignedOnceOutsideLoops;
    private readonly HashSet<IrStmt> _topLevel;

    private AdjointBuilder(TransformContext context, HashSet<int> assignedOnceOutsideLoops, HashSet<IrStmt> topLevel)
    {
        _c = context;
        _assignedOnceOutsideLoops = assignedOnceOutsideLoops;
        _topLevel = topLevel;
    }

    public static void Run(TransformContext context, IReadOnlyList<IrStmt> body)
    {
        var builder = new AdjointBuilder(context, AssignmentFacts.TemporariesAssignedOnceOutsideLoops(body, context.Variables),
            new HashSet<IrStmt>(body, ReferenceComparer.Instance));
        builder.Block(body);
    }

    private void Block(IReadOnlyList<IrStmt> block)
    {
        foreach (IrStmt s in block)
        {
            foreach (IReadOnlyList<IrStmt> child in StatementWalker.Children(s)) Block(child);
            if (StatementWalker.Children(s).Any()) continue;
            var adjoint = new StatementAdjoint();
            Build(s, adjoint);
            _c.Statements[s] = adjoint;
        }
    }

    private bool IsActive(int v) => _c.Activity.IsActive(v);

    private bool IsActive(IrExpr e) => _c.Activity.IsActive(e);

    private void Build(IrStmt s, StatementAdjoint plan)
    {
        switch (s)
        {
            case AssignStmt a:
                BuildAssign(a, plan);
                if (_c.Adjoints.TryGetValue(a.Var, out IrVariable? dA)) GuardZeroSeed(Ir.Var(dA), plan);
                break;
            case ElementAssignStmt e:
                BuildElementAssign(e, plan);
                if (_c.Adjoints.TryGetValue(e.Span, out IrVariable? dSpan)) GuardZeroSeed(new ElementExpr(dSpan.Element, dSpan.Id, e.Index), plan);
                break;
            case FillStmt f when IsActive(f.Target.Span):
            {
                CollectSliceReads(f.Target, plan);
                SpanRefExpr slice = AdjointSlice(f.Target);
                if (f.Value is not null && IsActive(f.Value))
                {
                    IrVariable sum = Temp("dFill", f.Target.Type);
                    plan.Statements.Add(new DeclareStmt(null, sum.Id, new SumExpr(slice)));
                    Propagate(f.Value, Ir.Var(sum), plan);
                }
                plan.Statements.Add(new FillStmt(null, slice, null));
                break;
            }
            case CopyStmt copy when IsActive(copy.Target.Span):
            {
                CollectSliceReads(copy.Target, plan);
                CollectSliceReads(copy.Source, plan);
                SpanRefExpr target = AdjointSlice(copy.Target);
                if (IsActive(copy.Source.Span)) plan.Statements.Add(new AddIntoStmt(null, target, AdjointSlice(copy.Source)));
                plan.Statements.Add(new FillStmt(null, target, null));
                break;
            }
            case CallStmt call:
                BuildCall(call, plan);
                if (!call.Call.HasOutputs() && call.ResultVar >= 0 && _c.Adjoints.TryGetValue(call.ResultVar, out IrVariable? dResult))
                {
                    plan.HasPartials = true;
                    GuardZeroSeed(Ir.Var(dResult), plan);
                }
                break;
        }
    }

    /// <summary>
    /// A zero seed contributes nothing: skipping the statement's adjoint then keeps a value that did not reach the
    /// output on this run (<c>v = Math.Sqrt(b)</c> on a branch not taken) from turning 0 into 0 · NaN = NaN, as
    /// PyTorch never visits such a node. Only adjoints that multiply by partials need it.
    /// </summary>
    private static void GuardZeroSeed(IrExpr seed, StatementAdjoint plan)
    {
        if (!plan.HasPartials || plan.Statements.Count == 0) return;
        var body = plan.Statements.ToEquatableArray();
        plan.Statements.Clear();
        plan.Statements.Add(new GuardStmt(null, new[] { seed }.ToEquatableArray(), body));
    }

    private void BuildAssign(AssignStmt a, StatementAdjoint plan)
    {
        if (!_c.Activity.IsUsefulAfter(a, a.Var)) return;
        IrVariable adjoint = _c.Adjoint(a.Var);
        IrExpr seed = Ir.Var(adjoint);
        if (!IsActive(a.Value))
        {
            plan.Statements.Add(new AssignStmt(null, adjoint.Id, Ir.Zero(adjoint.Element)));
            return;
        }
        if (Accumulation.Rest(a.Value, e => e is VarExpr v && v.Var == a.Var) is (IrExpr rest, bool negate))
        {
            // v = v ± rest: dV flows on unchanged, and rest receives ±dV.
            Propagate(rest, negate ? Ir.Neg(seed) : seed, plan);
            return;
        }
        if (ExpressionReads.Of(a.Value).Contains(a.Var))
        {
            PropagateFromPrevious(seed, adjoint.Element, a.Value, plan);
            return;
        }
        if (a.Value is IntrinsicCallExpr call)
        {
            if (SinCosCompanion(a, call) is IrVariable companion)
            {
                plan.HasPartials = true;
                ExpressionReads.Collect(call.Args[0], plan.Use.Reads);
                Propagate(call.Args[0], Ir.Mul(seed, SinCosPairing.Derivative(call, Ir.Var(companion))), plan);
            }
            else
            {
                PropagateCall(call, Ir.Var(_c.Variables[a.Var]), seed, plan);
            }
        }
        else
        {
            Propagate(a.Value, seed, plan);
        }
        // A temporary assigned once, outside any loop, is never seen again: its adjoint need not be cleared.
        if (!_assignedOnceOutsideLoops.Contains(a.Var)) plan.Statements.Add(new AssignStmt(null, adjoint.Id, Ir.Zero(adjoint.Element)));
    }

    /// <summary>
    /// A sine or cosine assigned once, at the method's top level, is computed with <c>SinCos</c> (<see cref="SinCosPairing"/>);
    /// the companion local is never overwritten, so it needs no record.
    /// </summary>
    private IrVariable? SinCosCompanion(AssignStmt a, IntrinsicCallExpr call)
    {
        if (!SinCosPairing.Applies(call)) return null;
        if (!_topLevel.Contains(a) || !_assignedOnceOutsideLoops.Contains(a.Var)) return null;
        IrVariable companion = _c.Variables.Add(_c.Variables[a.Var].Name + SinCosPairing.CompanionName(call), call.Type, SpanShape.None, VariableRole.Record);
        _c.SinCosCompanions[a] = companion;
        return companion;
    }

    private void BuildElementAssign(ElementAssignStmt e, StatementAdjoint plan)
    {
        ExpressionReads.Collect(e.Index, plan.Use.Reads);
        if (!IsActive(e.Span)) return;
        IrVariable adjoint = _c.Adjoint(e.Span);
        var seed = new ElementExpr(adjoint.Element, adjoint.Id, e.Index);
        if (!IsActive(e.Value))
        {
            plan.Statements.Add(new ElementAssignStmt(null, adjoint.Id, e.Index, Ir.Zero(adjoint.Element)));
            return;
        }
        // y[j] += rest keeps y[j]'s adjoint as it is, unless rest reads the span: y[i] may be y[j] itself at run time
        // (j == i), and then rest's derivative must be taken at the value before the write (pre-mode, below).
        if (Accumulation.Rest(e.Value, x => x is ElementExpr el && el.Span == e.Span && el.Index.Equals(e.Index)) is (IrExpr rest, bool negate)
            && !ExpressionReads.Of(rest).Contains(e.Span))
        {
            Propagate(rest, negate ? Ir.Neg(seed) : seed, plan);
            return;
        }
        if (ExpressionReads.Of(e.Value).Contains(e.Span))
        {
            PropagateFromPrevious(seed, adjoint.Element, e.Value, plan);
            return;
        }
        Propagate(e.Value, seed, plan);
        plan.Statements.Add(new ElementAssignStmt(null, adjoint.Id, e.Index, Ir.Zero(adjoint.Element)));
    }

    /// <summary>
    /// The target is read by its own value (<c>h = h * h</c>): its adjoint is taken and cleared first, and the
    /// derivative is computed from the restored previous value (pre-mode).
    /// </summary>
    private void PropagateFromPrevious(IrExpr adjoint, ScalarKind kind, IrExpr value, StatementAdjoint plan)
    {
        plan.Use.PreMode = true;
        IrVariable old = Temp("dPrevious", kind);
        plan.Statements.Add(new DeclareStmt(null, old.Id, adjoint));
        plan.Statements.Add(Store(adjoint, Ir.Zero(kind)));
        Propagate(value, Ir.Var(old), plan);
    }

    private void BuildCall(CallStmt call, StatementAdjoint plan)
    {
        CallExpr c = call.Call;
        bool resultActive = _c.Activity.IsResultActive(call);
        var outputs = c.Outputs().ToList();
        if (!_c.Activity.IsCallActive(call)) return;
        if (c.Target.BackwardText is null) throw Ir.Unreachable("active call without derivative survived the ADG0003 check");

        var before = new List<IrStmt>();
        var after = new List<IrStmt>();
        var rentals = new List<IrStmt>();
        var args = new List<IrExpr>();
        var adjointArgs = new List<IrExpr>();
        // Original arguments; the outputs are written again by the backward, to the same values. An in-out output's
        // backward recomputes from the span's contents before the call, so they are restored first (pre-mode).
        for (int i = 0; i < c.Args.Count; i++)
        {
            IrExpr arg = c.Args[i];
            args.Add(arg);
            if (c.IsOutput(i)) CollectSliceReads((SpanRefExpr)arg, plan);
            else ExpressionReads.Collect(arg, plan.Use.Reads);
            if (c.IsInOut(i))
            {
                plan.Use.Reads.Add(((SpanRefExpr)arg).Span);
                plan.Use.PreMode = true;
            }
        }
        // Seeds.
        if (c.Type.IsReal()) args.Add(resultActive ? Ir.Var(_c.Adjoint(call.ResultVar)) : Ir.Zero(c.Type));
        foreach (SpanRefExpr o in outputs)
        {
            if (IsActive(o.Span))
            {
                args.Add(AdjointSlice(o));
            }
            else
            {
                // The backward wants a seed for every output; this one gets zeros.
                IrExpr length = o.Length ?? new LengthExpr(o.Span);
                IrVariable zeros = _c.Variables.Add("zeroSeed", o.Type, SpanShape.Span, VariableRole.Record, numbered: true);
                _ = _c.Tape;
                before.Add(new RentScratchStmt(null, zeros.Id, length));
                rentals.Add(new ReturnScratchStmt(null, o.Type, length, zeros.Id));
                args.Add(Ir.Span(zeros));
            }
        }
        // Adjoints of the inputs.
        for (int i = 0; i < c.Args.Count; i++)
        {
            IrExpr arg = c.Args[i];
            switch (c.Target.Parameters[i])
            {
                case ParameterRole.ActiveScalar:
                    if (arg is VarExpr v && IsActive(v.Var))
                    {
                        adjointArgs.Add(new RefExpr(Ir.Var(_c.Adjoint(v.Var))));
                    }
                    else
                    {
                        IrVariable temp = Temp(IsActive(arg) ? "dArgument" : "dUnused", arg.Type);
                        before.Add(new DeclareStmt(null, temp.Id, Ir.Zero(temp.Element)));
                        adjointArgs.Add(new RefExpr(Ir.Var(temp)));
                        if (IsActive(arg)) after.AddRange(PropagateInto(arg, Ir.Var(temp), plan));
                    }
                    break;
                case ParameterRole.ActiveSpan:
                    adjointArgs.Add(arg is SpanRefExpr s && IsActive(s.Span) ? AdjointSlice(s) : new DefaultExpr(arg.Type));
                    break;
                case ParameterRole.Model:
                    adjointArgs.Add(ModelBindings.AdjointArgument(_c, arg));
                    break;
            }
        }
        plan.Statements.AddRange(before);
        plan.Statements.Add(new PullbackCallStmt(c.Location, c.Target, args.Concat(adjointArgs).ToEquatableArray()));
        plan.Statements.AddRange(after);
        for (int i = rentals.Count - 1; i >= 0; i--) plan.Statements.Add(rentals[i]);
        if (resultActive && !_assignedOnceOutsideLoops.Contains(call.ResultVar))
        {
            IrVariable dResult = _c.Adjoint(call.ResultVar);
            plan.Statements.Add(new AssignStmt(null, dResult.Id, Ir.Zero(dResult.Element)));
        }
        // A write-first callee overwrote its outputs, so what they held before received no derivative through them; an
        // in-out callee's backward has already replaced the seed by the adjoint of the contents before the call.
        for (int i = 0; i < c.Args.Count; i++)
        {
            if (c.IsOutput(i) && !c.IsInOut(i) && IsActive(((SpanRefExpr)c.Args[i]).Span)) plan.Statements.Add(new FillStmt(null, AdjointSlice((SpanRefExpr)c.Args[i]), null));
        }
    }

    private List<IrStmt> PropagateInto(IrExpr e, IrExpr seed, StatementAdjoint plan)
    {
        int start = plan.Statements.Count;
        Propagate(e, seed, plan);
        List<IrStmt> produced = plan.Statements.GetRange(start, plan.Statements.Count - start);
        plan.Statements.RemoveRange(start, plan.Statements.Count - start);
        return produced;
    }

    /// <summary>Adds <c>seed · ∂e/∂leaf</c> into the adjoint of every active leaf of <paramref name="e"/>.</summary>
    private void Propagate(IrExpr e, IrExpr seed, StatementAdjoint plan)
    {
        if (!IsActive(e)) return;
        seed = Ir.Convert(seed, e.Type);
        switch (e)
        {
            case VarExpr v:
            {
                IrVariable adjoint = _c.Adjoint(v.Var);
                plan.Statements.Add(Accumulate(Ir.Var(adjoint), seed));
                return;
            }
            case ElementExpr el:
            {
                ExpressionReads.Collect(el.Index, plan.Use.Reads);
                IrVariable adjoint = _c.Adjoint(el.Span);
                plan.Statements.Add(Accumulate(new ElementExpr(adjoint.Element, adjoint.Id, el.Index), seed));
                return;
            }
            case UnaryExpr { Op: UnaryOp.Negate } u:
                Apply(OperatorRules.Negate(u, seed), plan);
                return;
            case ConvertExpr conv:
                Apply(OperatorRules.Convert(conv, seed), plan);
                return;
            case BinaryExpr b:
            {
                bool left = IsActive(b.Left), right = IsActive(b.Right);
                if (left && right) seed = Bind(seed, plan);
                foreach (Contribution contribution in OperatorRules.Pullback(b, seed, left, right)) Apply(contribution, plan);
                return;
            }
            case ConditionalExpr cond:
            {
                ExpressionReads.Collect(cond.Condition, plan.Use.Reads);
                List<IrStmt> whenTrue = PropagateInto(cond.WhenTrue, seed, plan);
                List<IrStmt> whenFalse = PropagateInto(cond.WhenFalse, seed, plan);
                plan.Statements.Add(new IfStmt(null, cond.Condition, whenTrue.ToEquatableArray(), whenFalse.ToEquatableArray()));
                return;
            }
            case IntrinsicCallExpr call:
                PropagateCall(call, call, seed, plan);
                return;
            default:
                throw Ir.Unreachable("cannot propagate through " + e.GetType().Name);
        }
    }

    /// <summary>
    /// Adds one contribution of a rule into its operand, noting the partial it reads; a guarded contribution is added
    /// only where its guard holds. <paramref name="nameCompound"/>: a compound operand receives the value more than once, so it is named first.
    /// </summary>
    private void Apply(Contribution contribution, StatementAdjoint plan, bool nameCompound = false)
    {
        if (contribution.Partial is IrExpr partial)
        {
            plan.HasPartials = true;
            ExpressionReads.Collect(partial, plan.Use.Reads);
        }
        int start = plan.Statements.Count;
        IrExpr value = contribution.Value;
        if (nameCompound && !(contribution.Operand is VarExpr or ElementExpr)) value = Bind(value, plan, "dArgument");
        Propagate(contribution.Operand, value, plan);
        if (contribution.Guard is not IrExpr guard) return;
        ExpressionReads.Collect(guard, plan.Use.Reads);
        List<IrStmt> guarded = plan.Statements.GetRange(start, plan.Statements.Count - start);
        plan.Statements.RemoveRange(start, guarded.Count);
        if (guarded.Count > 0) plan.Statements.Add(new IfStmt(null, guard, guarded.ToEquatableArray(), EquatableArray<IrStmt>.Empty));
    }

    /// <summary>Propagates through <c>r = f(args)</c> with the rule of f; <paramref name="result"/> stands for r.</summary>
    private void PropagateCall(IntrinsicCallExpr call, IrExpr result, IrExpr seed, StatementAdjoint plan)
    {
        MathRules.Rule rule = MathRules.Find(call.Function, call.Args.Count) ?? throw Ir.Unreachable("no rule for " + call.Function);
        if (rule.ZeroDerivative) return;
        if (rule.IsSelection)
        {
            PropagateSelection(call, seed, plan);
            return;
        }
        plan.HasPartials = true;
        if (call.Args.Count(IsActive) > 1) seed = Bind(seed, plan);
        foreach (Contribution contribution in MathRules.Pullback(rule, call, result, seed, IsActive)) Apply(contribution, plan, nameCompound: true);
    }

    /// <summary>
    /// A selection (<see cref="SelectionRules"/>): an if / else-if chain over its cases (they exclude each other), each
    /// adding the seed into the argument it selects. Nothing multiplies the seed by 0, so an infinite seed stays out of
    /// an argument that is not selected.
    /// </summary>
    private void PropagateSelection(IntrinsicCallExpr call, IrExpr seed, StatementAdjoint plan)
    {
        seed = Bind(seed, plan);
        var branches = new List<(IrExpr Condition, List<IrStmt> Body)>();
        foreach (SelectionRules.Case c in SelectionRules.Cases(call))
        {
            var body = new List<IrStmt>();
            foreach ((int argument, double weight) in c.Routes)
            {
                IrExpr operand = call.Args[argument];
                if (!IsActive(operand)) continue;
                IrExpr value = weight switch { 1 => seed, -1 => Ir.Neg(seed), _ => Ir.Mul(Ir.Const(weight, call.Type), seed) };
                body.AddRange(PropagateInto(operand, value, plan));
            }
            if (body.Count == 0) continue;
            ExpressionReads.Collect(c.Condition, plan.Use.Reads);
            branches.Add((c.Condition, body));
        }
        List<IrStmt> chain = new();
        for (int i = branches.Count - 1; i >= 0; i--)
        {
            chain = new List<IrStmt> { new IfStmt(null, branches[i].Condition, branches[i].Body.ToEquatableArray(), chain.ToEquatableArray()) };
        }
        plan.Statements.AddRange(chain);
    }

    /// <summary>Names <paramref name="seed"/> in a local when it is more than a variable, so it is computed once.</summary>
    private IrExpr Bind(IrExpr seed, StatementAdjoint plan, string stem = "dTerm")
    {
        if (seed is VarExpr or ConstExpr) return seed;
        IrVariable temp = Temp(stem, seed.Type);
        plan.Statements.Add(new DeclareStmt(null, temp.Id, seed));
        return Ir.Var(temp);
    }

    /// <summary><c>adjoint += value</c>, in the adjoint's precision.</summary>
    private static IrStmt Accumulate(IrExpr adjoint, IrExpr value) =>
        Store(adjoint, new BinaryExpr(adjoint.Type, BinaryOp.Add, adjoint, Ir.Convert(value, adjoint.Type)));

    /// <summary>An assignment to a scalar variable or a span element.</summary>
    private static IrStmt Store(IrExpr target, IrExpr value) => target switch
    {
        VarExpr v => new AssignStmt(null, v.Var, value),
        ElementExpr e => new ElementAssignStmt(null, e.Span, e.Index, value),
        _ => throw Ir.Unreachable("cannot store into " + target.GetType().Name),
    };

    private IrVariable Temp(string stem, ScalarKind kind) =>
        _c.Variables.Add(stem, kind, SpanShape.None, VariableRole.Adjoint, numbered: true);

    private SpanRefExpr AdjointSlice(SpanRefExpr s)
    {
        IrVariable adjoint = _c.Adjoint(s.Span);
        return new SpanRefExpr(adjoint.Element, adjoint.Id, s.Start, s.Length);
    }

    private static void CollectSliceReads(SpanRefExpr s, StatementAdjoint plan)
    {
        ExpressionReads.Collect(s.Start, plan.Use.Reads);
        ExpressionReads.Collect(s.Length, plan.Use.Reads);
    }
}
