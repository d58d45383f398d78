using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using AutoDiffGen.Generator.Rules;

namespace AutoDiffGen.Generator.Transform.Forward;

/// <summary>
/// Forward mode: beside every statement that writes a variable with a tangent, a statement that writes the tangent
/// (<c>dV = Σ ∂e/∂leaf · dLeaf</c>, the rules are in <see cref="Rules"/>). It reads every statement of the IR, the reverse
/// sweep's included, so applied to a generated <c>Backward</c> it gives forward over reverse: a value pushed on the tape
/// is followed by its tangent (and popped after it), scratch rentals are mirrored, and a callee's pullback is replaced by
/// the forward derivative of that pullback. No tape of its own: forward mode records nothing.
/// </summary>
internal sealed class ForwardModeTransform
{
    private readonly VariableTable _variables;
    private readonly HashSet<int> _active;
    private readonly Dictionary<int, IrVariable> _tangents;
    private readonly Func<IrVariable, string> _name;
    private readonly Func<IrVariable> _tape;
    private readonly Dictionary<int, IrVariable> _rentedTangents = new();
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly IrVariable? _returnTangent;
    private readonly IReadOnlyDictionary<int, List<IrStmt>> _afterBind;

    /// <param name="active">The variables that need a tangent.</param>
    /// <param name="tangents">Tangent variables already made (parameters); the others are made on first use.</param>
    /// <param name="name">The name stem of a new tangent variable.</param>
    /// <param name="tape">The tape variable (scratch for tangents of rented buffers and prepared adjoints).</param>
    /// <param name="returnTangent">Receives the tangent of the value a <c>return</c> returns, when the body returns one.</param>
    /// <param name="afterBind">What binds the tangent of a model's field, after the statement that binds the field
    /// (<see cref="BindStmt"/>, <see cref="ModelTangents"/>).</param>
    public ForwardModeTransform(VariableTable variables, HashSet<int> active, Dictionary<int, IrVariable> tangents,
        Func<IrVariable, string> name, Func<IrVariable> tape, IrVariable? returnTangent, IReadOnlyDictionary<int, List<IrStmt>>? afterBind = null)
    {
        _afterBind = afterBind ?? new Dictionary<int, List<IrStmt>>();
        _variables = variables;
        _active = active;
        _tangents = tangents;
        _name = name;
        _tape = tape;
        _returnTangent = returnTangent;
    }

    /// <summary>Calls whose callee has no derivative of the kind needed (ADG0015).</summary>
    public IReadOnlyList<DiagnosticInfo> Diagnostics => _diagnostics;

    /// <summary>Callees of this compilation whose generated derivatives the tangent code calls.</summary>
    public List<BackwardDependency> Dependencies { get; } = new();

    /// <summary>The tangent variable of <paramref name="v"/>, made on first use; null when it needs none.</summary>
    public IrVariable? TangentOf(int v)
    {
        if (_tangents.TryGetValue(v, out IrVariable? t)) return t;
        if (!_active.Contains(v)) return null;
        IrVariable primal = _variables[v];
        // A read-only span is never written, nor is its tangent; it may point into read-only tangents (a view of an input).
        SpanShape shape = primal.Shape == SpanShape.ReadOnlySpan ? SpanShape.ReadOnlySpan : primal.IsSpan ? SpanShape.Span : SpanShape.None;
        t = _variables.Add(_name(primal), primal.Element, shape, VariableRole.Adjoint);
        _tangents[v] = t;
        return t;
    }

    public List<IrStmt> Block(IEnumerable<IrStmt> block)
    {
        var output = new List<IrStmt>();
        foreach (IrStmt s in block) output.AddRange(Statement(s));
        return output;
    }

    private IEnumerable<IrStmt> Statement(IrStmt s)
    {
        switch (s)
        {
            case AssignStmt a:
            {
                return Assign(a, a.Var, Ir.Var(_variables[a.Var]), a.Value, ExpressionReads.Of(a.Value).Contains(a.Var));
            }
            case ElementAssignStmt e:
            {
                return Assign(e, e.Span, new ElementExpr(_variables[e.Span].Element, e.Span, e.Index), e.Value, ExpressionReads.Of(e.Value).Contains(e.Span));
            }
            case DeclareStmt d:
            {
                IrVariable? t = _variables[d.Var].Role == VariableRole.Tape ? null : TangentOf(d.Var);
                if (t is null) return new[] { s };
                IrExpr? init = d.Init is null ? null : Tangent(d.Init, Ir.Var(_variables[d.Var])) ?? Ir.Zero(t.Element);
                // A tangent that is a parameter of the generated method (the tangent of the result) is set, not declared.
                if (t.Role == VariableRole.GeneratedParameter) return t.IsSpan ? new[] { s } : new[] { s, new AssignStmt(null, t.Id, init ?? Ir.Zero(t.Element)) };
                return new[] { s, new DeclareStmt(null, t.Id, init) };
            }
            case FillStmt fill:
            {
                if (TangentSlice(fill.Target) is not SpanRefExpr target) return new[] { s };
                return new[] { s, new FillStmt(null, target, fill.Value is null ? null : Tangent(fill.Value)) };
            }
            case CopyStmt copy:
            {
                if (TangentSlice(copy.Target) is not SpanRefExpr target) return new[] { s };
                IrStmt tangent = TangentSlice(copy.Source) is SpanRefExpr source ? new CopyStmt(null, source, target) : new FillStmt(null, target, null);
                return new[] { s, tangent };
            }
            case StackAllocStmt alloc:
            {
                if (TangentOf(alloc.Span) is not IrVariable t) return new[] { s };
                // A local array's tangent is scratch space of the tape like the array (given back with it), and zeroed like it.
                return new IrStmt[] { s, alloc with { Location = null, Span = t.Id, Length = new LengthExpr(alloc.Span) }, new FillStmt(null, Ir.Span(t), null) };
            }
            case ViewBindStmt bind:
            {
                // A view's tangent points into the tangents of the buffers it may point at, where the view points.
                if (TangentOf(bind.View) is not IrVariable t) return new[] { s };
                return new IrStmt[] { s, new ViewPointStmt(null, t.Id, bind.RootVar, bind.StartVar, bind.LengthVar, RootTangents(bind.Roots)) };
            }
            case BindStmt bind:
            {
                // A model's field (or its adjoint) bound at the top: its tangent is bound to the same field of the owner's tangent.
                return _afterBind.TryGetValue(bind.Var, out List<IrStmt>? tangent) ? new[] { s }.Concat(tangent) : new[] { s };
            }
            case ViewPointStmt point:
            {
                if (TangentOf(point.View) is not IrVariable t) return new[] { s };
                return new IrStmt[] { s, point with { View = t.Id, Roots = RootTangents(point.Roots) } };
            }
            case CallStmt call:
            {
                return Call(call);
            }
            case PullbackCallStmt pullback:
            {
                return Pullback(pullback);
            }
            case IfStmt branch:
            {
                return new[] { branch with { Then = Block(branch.Then).ToEquatableArray(), Else = Block(branch.Else).ToEquatableArray() } };
            }
            case GuardStmt guard:
            {
                // A zero seed skips the adjoint, but not its tangent: both are zero only when the seed's tangent is too.
                var seeds = guard.Seeds.Concat(guard.Seeds.Select(seed => Tangent(seed)).OfType<IrExpr>()).ToEquatableArray();
                return new[] { new GuardStmt(guard.Location, seeds, Block(guard.Body).ToEquatableArray()) };
            }
            case WhileStmt loop:
            {
                return new[] { loop with { Body = Block(loop.Body).ToEquatableArray(), Increment = Block(loop.Increment).ToEquatableArray() } };
            }
            case ForRangeStmt loop:
            {
                return new[] { loop with { Body = Block(loop.Body).ToEquatableArray() } };
            }
            case ReturnStmt { Value: not null } ret when _returnTangent is not null:
            {
                IrExpr tangent = Tangent(ret.Value) ?? Ir.Zero(_returnTangent.Element);
                bool already = tangent is VarExpr v && v.Var == _returnTangent.Id;
                return already ? new[] { s } : new IrStmt[] { new AssignStmt(null, _returnTangent.Id, tangent), s };
            }
            case PushStmt push:
            {
                // The tangent of a recorded value is recorded right after it, so it is popped right before it.
                IrExpr? t = push.Value switch
                {
                    SpanRefExpr span => TangentSlice(span),
                    VarExpr or ElementExpr when push.Value.Type.IsReal() => Tangent(push.Value),
                    _ => null,
                };
                return t is null ? new[] { s } : new IrStmt[] { s, new PushStmt(null, t) };
            }
            case PopSpanStmt pop:
            {
                return TangentSlice(pop.Target) is SpanRefExpr t ? new IrStmt[] { new PopSpanStmt(null, t), s } : new[] { s };
            }
            case RentScratchStmt rent:
            {
                return TangentOf(rent.Var) is IrVariable rented ? new IrStmt[] { s, new RentScratchStmt(null, rented.Id, rent.Length) } : new[] { s };
            }
            case ReturnScratchStmt back:
            {
                if (TangentOf(back.Scratch) is not IrVariable t) return new[] { s };
                IrExpr length = back.Length is VarExpr v && _rentedTangents.TryGetValue(v.Var, out IrVariable? rented) ? Ir.Var(rented) : back.Length;
                return new IrStmt[] { new ReturnScratchStmt(null, t.Element, length, t.Id), s };
            }
            case PrepareAdjointStmt prepare:
            {
                if (TangentOf(prepare.Adjoint) is not IrVariable t) return new[] { s };
                IrVariable rented = _variables.Add(t.Name + "Rented", ScalarKind.Int32, SpanShape.None, VariableRole.Record);
                _rentedTangents[prepare.Rented] = rented;
                return new IrStmt[] { s, new PrepareAdjointStmt(null, rented.Id, t.Id, prepare.Input) };
            }
            case CopySeedStmt seed:
            {
                return TangentOf(seed.Seed) is IrVariable ts && TangentOf(seed.Work) is IrVariable tw
                        ? new IrStmt[] { s, new CopySeedStmt(null, ts.Id, tw.Id) } : new[] { s };
            }
            case AddIntoStmt add:
            {
                return TangentSlice(add.Source) is SpanRefExpr source && TangentSlice(add.Target) is SpanRefExpr target
                        ? new IrStmt[] { s, new AddIntoStmt(null, source, target) } : new[] { s };
            }
            case SinCosStmt sinCos:
            {
                return SinCos(sinCos);
            }
            case LengthCheckStmt check when TangentOf(check.Span) is IrVariable t:
            {
                return new IrStmt[] { s, check with { Span = t.Id } };
            }
            case BeginCheckpointsStmt or EndForwardStmt:
            {
                // A checkpointed loop's schedule: its snapshots are pushes and pops, which carry their tangents above.
                return new[] { s };
            }
            case ThrowStmt or BreakStmt or ContinueStmt or ReturnStmt or LengthCheckStmt or SectionStmt or PrepareTangentStmt or ThrowIfStmt or OverlapCheckStmt:
            {
                return new[] { s };
            }
            default:
                throw Ir.Unreachable("forward mode cannot transform " + s.GetType().Name);
        }
    }

    /// <summary>
    /// <c>v = e</c>: the tangent follows the statement, and may read its result (<c>d tanh = (1 − r²) · da</c>); when e
    /// reads v itself (<c>h = h * w</c>), it goes first, while v still holds the value e reads.
    /// </summary>
    private IEnumerable<IrStmt> Assign(IrStmt s, int target, IrExpr targetExpr, IrExpr value, bool readsItself)
    {
        IrVariable? t = TangentOf(target);
        if (t is null) return new[] { s };
        IrExpr tangentTarget = targetExpr is ElementExpr el ? new ElementExpr(t.Element, t.Id, el.Index) : Ir.Var(t);
        if (value is PopExpr) return new[] { Store(tangentTarget, new PopExpr(t.Element)), s };
        IrExpr tangent = Tangent(value, readsItself ? null : targetExpr) ?? Ir.Zero(t.Element);
        IrStmt assign = Store(tangentTarget, Ir.Convert(tangent, t.Element));
        return readsItself ? new[] { assign, s } : new[] { s, assign };
    }

    private IEnumerable<IrStmt> SinCos(SinCosStmt s)
    {
        IrExpr? argument = Tangent(s.Argument);
        var output = new List<IrStmt> { s };
        if (argument is null) return output;
        IrExpr sin = Ir.Var(_variables[s.Sin]), cos = Ir.Var(_variables[s.Cos]);
        foreach ((int v, IrExpr derivative) in new[] { (s.Sin, cos), (s.Cos, Ir.Neg(sin)) })
        {
            if (TangentOf(v) is not IrVariable t) continue;
            IrExpr value = Ir.Mul(derivative, argument);
            output.Add(v == s.Declared ? new DeclareStmt(null, t.Id, value) : new AssignStmt(null, t.Id, value));
        }
        return output;
    }

    /// <summary>
    /// A call of a user method becomes a call of its forward derivative (<c>r = GTangent(args, dArgs, dOutputs, out dR)</c>).
    /// An empty tangent span stands for zero, an empty output tangent for "not needed".
    /// </summary>
    private IEnumerable<IrStmt> Call(CallStmt call)
    {
        CallExpr c = call.Call;
        IrVariable? resultTangent = call.ResultVar >= 0 ? TangentOf(call.ResultVar) : null;
        bool active = resultTangent is not null || c.Outputs().Any(o => TangentOf(o.Span) is not null);
        if (!active) return new[] { call };
        if (c.Target.TangentText is null)
        {
            Missing(c.Location, c.Target, "forward-mode", "Forward");
            return new[] { call };
        }
        var args = new List<IrExpr>(c.Args);
        args.AddRange(InputTangents(c.Target, c.Args));
        args.AddRange(c.Outputs().Select(o => TangentSlice(o) ?? (IrExpr)new DefaultExpr(o.Type)));
        if (c.Type.IsReal()) args.Add(new OutExpr(resultTangent is null ? new DiscardExpr(c.Type) : Ir.Var(resultTangent)));
        Depend(c.Target, c.Location);
        return new[] { new TangentCallStmt(call.Location, c.Target, OfPullback: false, args.ToEquatableArray(), call.ResultVar) };
    }

    /// <summary>
    /// A call of a callee's pullback becomes a call of the pullback's forward derivative (<c>GBackwardTangent</c>): its
    /// arguments, then the tangents of the callee's inputs, of its seeds, of its adjoints and of its span outputs, then
    /// <c>out</c> the tangent of its value.
    /// </summary>
    private IEnumerable<IrStmt> Pullback(PullbackCallStmt call)
    {
        CallTarget target = call.Target;
        if (target.BackwardTangentText is null)
        {
            Missing(call.Location, target, "second-order", "Hessian");
            return new[] { call };
        }
        int count = target.Parameters.Count;
        var original = call.Args.Take(count).ToList();
        var rest = call.Args.Skip(count).ToList();
        bool returnsValue = target.ReturnKind.IsReal();
        int seeds = (returnsValue ? 1 : 0) + target.Parameters.Count(p => p == ParameterRole.Output);
        var seedArgs = rest.Take(seeds).ToList();
        var adjointArgs = rest.Skip(seeds).ToList();
        var before = new List<IrStmt>();
        var args = new List<IrExpr>(call.Args);
        args.AddRange(InputTangents(target, original));
        foreach (IrExpr seed in seedArgs)
        {
            args.Add(seed switch
            {
                SpanRefExpr span => TangentSlice(span) ?? (IrExpr)new DefaultExpr(span.Type),
                _ => Tangent(seed) ?? Ir.Zero(seed.Type),
            });
        }
        foreach (IrExpr adjoint in adjointArgs)
        {
            switch (adjoint)
            {
                case VarExpr or ElementExpr or RefExpr { Target: ElementExpr } when adjoint.Type == ScalarKind.Opaque:
                    // A model's Gradient (of an element of an array of models; by reference for a struct): its tangent is one too.
                    args.Add(ModelTangent(adjoint));
                    break;
                case RefExpr { Target: VarExpr v } when v.Type == ScalarKind.Opaque:
                    args.Add(ModelTangent(adjoint));
                    break;
                case RefExpr { Target: VarExpr v }:
                {
                    IrVariable? t = TangentOf(v.Var);
                    if (t is null)
                    {
                        t = _variables.Add("hvUnused", v.Type, SpanShape.None, VariableRole.Adjoint, numbered: true);
                        before.Add(new DeclareStmt(null, t.Id, Ir.Zero(v.Type)));
                    }
                    args.Add(new RefExpr(Ir.Var(t)));
                    break;
                }
                case SpanRefExpr span:
                    args.Add(TangentSlice(span) ?? (IrExpr)new DefaultExpr(span.Type));
                    break;
                default:
                    args.Add(new DefaultExpr(adjoint.Type));
                    break;
            }
        }
        for (int i = 0; i < count; i++)
        {
            if (target.Parameters[i] == ParameterRole.Output && original[i] is SpanRefExpr output) args.Add(TangentSlice(output) ?? (IrExpr)new DefaultExpr(output.Type));
        }
        if (returnsValue) args.Add(new OutExpr(new DiscardExpr(seedArgs[0].Type)));
        Depend(target, call.Location);
        before.Add(new TangentCallStmt(call.Location, target, OfPullback: true, args.ToEquatableArray(), -1));
        return before;
    }

    /// <summary>The tangent of each active input argument of a call: a value, a span slice, or zero / empty.</summary>
    private IEnumerable<IrExpr> InputTangents(CallTarget target, IReadOnlyList<IrExpr> args)
    {
        for (int i = 0; i < target.Parameters.Count; i++)
        {
            switch (target.Parameters[i])
            {
                case ParameterRole.ActiveScalar:
                    yield return Tangent(args[i]) ?? Ir.Zero(args[i].Type);
                    break;
                case ParameterRole.ActiveSpan:
                    yield return args[i] is SpanRefExpr s && TangentSlice(s) is SpanRefExpr t ? t : new DefaultExpr(args[i].Type);
                    break;
                case ParameterRole.Model:
                    yield return ModelTangent(args[i]);
                    break;
            }
        }
    }

    /// <summary>
    /// The tangent of a model argument (a receiver too): the tangent of the model variable, or the same element of the
    /// tangent of an array of models; by reference where the model's is (a struct's adjoint).
    /// </summary>
    private IrExpr ModelTangent(IrExpr model)
    {
        switch (model)
        {
            case RefExpr r:
                return new RefExpr(ModelTangent(r.Target));
            case VarExpr v when TangentOf(v.Var) is IrVariable t:
                return Ir.Var(t);
            case ElementExpr el when TangentOf(el.Span) is IrVariable t:
                return new ElementExpr(ScalarKind.Opaque, t.Id, el.Index);
            default:
                throw Ir.Unreachable("a model argument has a tangent: every model and view of a model gets one (ModelTangents)");
        }
    }

    private void Depend(CallTarget target, LocationInfo? at)
    {
        if (target.DependencyKey is not null) Dependencies.Add(new BackwardDependency(target.DependencyKey, target.DisplayName, at));
    }

    private void Missing(LocationInfo? at, CallTarget target, string kind, string flag) =>
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingDerivativeKind, at, target.DisplayName, kind, target.ShortName, flag));

    /// <summary>
    /// The tangents of the buffers a view may point at (−1 for none, the empty span). Every buffer of an active view has
    /// one: the view makes them all active, and a constant span parameter gets zeroed scratch (<see cref="ViewRootTangents"/>).
    /// </summary>
    private EquatableArray<int> RootTangents(IEnumerable<int> roots) =>
        roots.Select(r => r >= 0 && TangentOf(r) is IrVariable t ? t.Id : -1).ToEquatableArray();

    /// <summary>The slice of the tangent span that mirrors a slice of a span; null when the span has no tangent.</summary>
    private SpanRefExpr? TangentSlice(SpanRefExpr s) =>
        TangentOf(s.Span) is IrVariable t ? new SpanRefExpr(t.Element, t.Id, s.Start, s.Length) : null;

    /// <summary>
    /// The tangent of <paramref name="e"/> (null: zero). <paramref name="result"/> stands for e's value where the
    /// statement has already stored it, so a function's rule can read its result instead of calling it again.
    /// </summary>
    public IrExpr? Tangent(IrExpr e, IrExpr? result = null)
    {
        if (!e.Type.IsReal() && e is not SpanRefExpr) return null;
        switch (e)
        {
            case ConstExpr or OpaqueExpr or DefaultExpr:
                return null;
            case VarExpr v:
                return TangentOf(v.Var) is IrVariable t ? Ir.Convert(Ir.Var(t), e.Type) : null;
            case ElementExpr el:
                return TangentOf(el.Span) is IrVariable ts ? Ir.Convert(new ElementExpr(ts.Element, ts.Id, el.Index), e.Type) : null;
            case UnaryExpr { Op: UnaryOp.Negate } u:
                return Tangent(u.Operand) is IrExpr operand ? Ir.Neg(operand) : null;
            case ConvertExpr conv:
                return conv.Operand.Type.IsReal() && Tangent(conv.Operand) is IrExpr inner ? Ir.Convert(inner, conv.Type) : null;
            case BinaryExpr b when b.Op is BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Remainder:
                return OperatorRules.Tangent(b, Tangent(b.Left), Tangent(b.Right));
            case ConditionalExpr cond:
            {
                IrExpr? a = Tangent(cond.WhenTrue), b = Tangent(cond.WhenFalse);
                return a is null && b is null ? null : Ir.Cond(cond.Condition, a ?? Ir.Zero(e.Type), b ?? Ir.Zero(e.Type));
            }
            case IntrinsicCallExpr call:
            {
                MathRules.Rule? rule = MathRules.Find(call.Function, call.Args.Count);
                if (rule is null || rule.ZeroDerivative) return null;
                var tangents = call.Args.Select(a => a.Type.IsReal() ? Tangent(a) : null).ToList();
                return tangents.All(t => t is null) ? null : MathRules.Tangent(rule, call, result ?? call, tangents);
            }
            case SumExpr sum:
                return TangentSlice(sum.Span) is SpanRefExpr slice ? new SumExpr(slice) : null;
            case SpanRefExpr span:
                return TangentSlice(span);
            default:
                // Comparisons, integer arithmetic, calls in conditions: no derivative flows through them.
                return null;
        }
    }

    private static IrStmt Store(IrExpr target, IrExpr value) => target switch
    {
        VarExpr v => new AssignStmt(null, v.Var, value),
        ElementExpr e => new ElementAssignStmt(null, e.Span, e.Index, value),
        _ => throw Ir.Unreachable("cannot store into " + target.GetType().Name),
    };
}
