using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.Emit;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Transform.Rules;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// Builds the adjoint statements of every leaf statement (the chain rule, statement by statement): for
/// <c>v = e</c>, each active leaf of <c>e</c> receives <c>dV · ∂e/∂leaf</c>, then <c>dV</c> is cleared.
/// Records which primal values those statements read, for the to-be-recorded analysis.
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
        var builder = new AdjointBuilder(context, AssignedOnceOutsideLoops(body, context.Variables), new HashSet<IrStmt>(body, ReferenceComparer.Instance));
        builder.Block(body);
    }

    private void Block(IReadOnlyList<IrStmt> block)
    {
        foreach (IrStmt s in block)
        {
            foreach (IReadOnlyList<IrStmt> child in StatementWalker.Children(s)) Block(child);
            if (StatementWalker.Children(s).Any()) continue;
            var plan = new StatementPlan();
            Build(s, plan);
            _c.Plans[s] = plan;
        }
    }

    private bool IsActive(int v) => _c.Activity.IsActive(v);

    private bool IsActive(IrExpr e) => _c.Activity.IsActive(e);

    private void Build(IrStmt s, StatementPlan plan)
    {
        switch (s)
        {
            case AssignStmt a:
                BuildAssign(a, plan);
                if (_c.Adjoints.TryGetValue(a.Var, out IrVariable? dA)) GuardZeroSeed(dA.Name, plan);
                break;
            case ElementAssignStmt e:
                BuildElementAssign(e, plan);
                if (_c.Adjoints.TryGetValue(e.Span, out IrVariable? dSpan))
                {
                    GuardZeroSeed(_c.Print(new ElementExpr(dSpan.Element, dSpan.Id, e.Index)), plan);
                }
                break;
            case FillStmt f when IsActive(f.Target.Span):
            {
                CollectSliceReads(f.Target, plan.Reads);
                IrExpr slice = AdjointSlice(f.Target);
                if (f.Value is not null && IsActive(f.Value))
                {
                    IrVariable sum = Temp("dFill", f.Target.Type);
                    plan.Adjoint.Add(Line($"{sum.Element.Keyword()} {sum.Name} = global::AutoDiffGen.AdjointKernels.Sum({_c.Print(slice)});"));
                    Propagate(f.Value, Ir.Var(sum), plan);
                }
                plan.Adjoint.Add(Line($"{_c.Print(slice)}.Clear();"));
                break;
            }
            case CopyStmt copy when IsActive(copy.Target.Span):
            {
                CollectSliceReads(copy.Target, plan.Reads);
                CollectSliceReads(copy.Source, plan.Reads);
                IrExpr target = AdjointSlice(copy.Target);
                if (IsActive(copy.Source.Span))
                {
                    plan.Adjoint.Add(Line($"global::AutoDiffGen.AdjointKernels.AddInto({_c.Print(target)}, {_c.Print(AdjointSlice(copy.Source))});"));
                }
                plan.Adjoint.Add(Line($"{_c.Print(target)}.Clear();"));
                break;
            }
            case CallStmt call:
                BuildCall(call, plan);
                bool scalarOnly = !call.Call.Args.Where((arg, i) => call.Call.Target.Parameters[i] == ParameterRole.Output).Any();
                if (scalarOnly && call.ResultVar >= 0 && _c.Adjoints.TryGetValue(call.ResultVar, out IrVariable? dResult))
                {
                    plan.HasPartials = true;
                    GuardZeroSeed(dResult.Name, plan);
                }
                break;
        }
    }

    /// <summary>
    /// A zero seed contributes nothing: skipping the statement's adjoint then keeps a value that did not reach the
    /// output on this run (<c>v = Math.Sqrt(b)</c> on a branch not taken) from turning 0 into 0 · NaN = NaN, as
    /// PyTorch never visits such a node. Only adjoints that multiply by partials need it.
    /// </summary>
    private static void GuardZeroSeed(string seed, StatementPlan plan)
    {
        if (!plan.HasPartials || plan.Adjoint.Count == 0) return;
        var body = new List<Code>(plan.Adjoint);
        plan.Adjoint.Clear();
        plan.Adjoint.Add(new CodeIf(seed + " != 0", body, new List<Code>()));
    }

    private void BuildAssign(AssignStmt a, StatementPlan plan)
    {
        if (!_c.Activity.IsUsefulAfter(a, a.Var)) return;
        IrVariable adjoint = _c.Adjoint(a.Var);
        IrExpr seed = Ir.Var(adjoint);
        var valueReads = ExpressionReads.Of(a.Value);
        if (!IsActive(a.Value))
        {
            plan.Adjoint.Add(Line($"{adjoint.Name} = {Zero(adjoint.Element)};"));
            return;
        }
        if (AccumulatedRest(a.Value, e => e is VarExpr v && v.Var == a.Var) is (IrExpr rest, bool negate))
        {
            // v = v ± rest: dV flows on unchanged, and rest receives ±dV.
            Propagate(rest, negate ? Ir.Neg(seed) : seed, plan);
            return;
        }
        if (valueReads.Contains(a.Var))
        {
            PropagateFromPrevious(adjoint.Name, adjoint.Element, a.Value, plan);
            return;
        }
        if (a.Value is IntrinsicCallExpr call)
        {
            if (SinCosCompanion(a, call) is IrExpr companion)
            {
                // d sin = cos, d cos = −sin, both from the companion the forward sweep already computed.
                plan.HasPartials = true;
                ExpressionReads.Collect(call.Args[0], plan.Reads);
                Propagate(call.Args[0], Ir.Mul(seed, call.Function == "Sin" ? companion : Ir.Neg(companion)), plan);
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
        if (!_assignedOnceOutsideLoops.Contains(a.Var)) plan.Adjoint.Add(Line($"{adjoint.Name} = {Zero(adjoint.Element)};"));
    }

    /// <summary>
    /// A sine or cosine assigned once, at the method's top level, is computed with <c>SinCos</c> so its derivative
    /// needs no second trigonometric call; the companion local is never overwritten, so it needs no record.
    /// </summary>
    private IrExpr? SinCosCompanion(AssignStmt a, IntrinsicCallExpr call)
    {
        if (call.Function is not ("Sin" or "Cos") || call.Args.Count != 1 || !call.Type.IsReal()) return null;
        if (!_topLevel.Contains(a) || !_assignedOnceOutsideLoops.Contains(a.Var)) return null;
        string companion = _c.Variables.Fresh(_c.Variables[a.Var].Name + (call.Function == "Sin" ? "Cos" : "Sin"));
        _c.SinCosCompanions[a] = companion;
        return new OpaqueExpr(call.Type, companion);
    }

    private void BuildElementAssign(ElementAssignStmt e, StatementPlan plan)
    {
        ExpressionReads.Collect(e.Index, plan.Reads);
        if (!IsActive(e.Span)) return;
        IrVariable adjoint = _c.Adjoint(e.Span);
        var seed = new ElementExpr(adjoint.Element, adjoint.Id, e.Index);
        string seedText = _c.Print(seed);
        if (!IsActive(e.Value))
        {
            plan.Adjoint.Add(Line($"{seedText} = {Zero(adjoint.Element)};"));
            return;
        }
        if (AccumulatedRest(e.Value, x => x is ElementExpr el && el.Span == e.Span && el.Index.Equals(e.Index)) is (IrExpr rest, bool negate))
        {
            Propagate(rest, negate ? Ir.Neg(seed) : seed, plan);
            return;
        }
        if (ExpressionReads.Of(e.Value).Contains(e.Span))
        {
            PropagateFromPrevious(seedText, adjoint.Element, e.Value, plan);
            return;
        }
        Propagate(e.Value, seed, plan);
        plan.Adjoint.Add(Line($"{seedText} = {Zero(adjoint.Element)};"));
    }

    /// <summary>
    /// The target is read by its own value (<c>h = h * h</c>): its adjoint is taken and cleared first, and the
    /// derivative is computed from the restored previous value (pre-mode).
    /// </summary>
    private void PropagateFromPrevious(string adjointText, ScalarKind kind, IrExpr value, StatementPlan plan)
    {
        plan.PreMode = true;
        IrVariable old = Temp("dPrevious", kind);
        plan.Adjoint.Add(Line($"{old.Element.Keyword()} {old.Name} = {adjointText};"));
        plan.Adjoint.Add(Line($"{adjointText} = {Zero(kind)};"));
        Propagate(value, Ir.Var(old), plan);
    }

    private void BuildCall(CallStmt call, StatementPlan plan)
    {
        CallExpr c = call.Call;
        bool resultActive = call.ResultVar >= 0 && _c.Activity.IsUsefulAfter(call, call.ResultVar);
        var outputs = new List<SpanRefExpr>();
        for (int i = 0; i < c.Args.Count; i++)
        {
            if (c.Target.Parameters[i] == ParameterRole.Output && c.Args[i] is SpanRefExpr o) outputs.Add(o);
        }
        bool outputsActive = outputs.Any(o => IsActive(o.Span));
        if (!resultActive && !outputsActive) return;
        if (c.Target.BackwardText is null) throw Ir.Unreachable("active call without derivative survived the ADG0003 check");

        var before = new List<Code>();
        var after = new List<Code>();
        var rentals = new List<string>();
        var args = new List<string>();
        var adjointArgs = new List<string>();
        // Original arguments; the outputs are written again by the backward, to the same values.
        for (int i = 0; i < c.Args.Count; i++)
        {
            IrExpr arg = c.Args[i];
            args.Add(_c.Print(arg));
            if (arg is SpanRefExpr span && c.Target.Parameters[i] == ParameterRole.Output) CollectSliceReads(span, plan.Reads);
            else ExpressionReads.Collect(arg, plan.Reads);
        }
        // Seeds.
        if (c.Type.IsReal())
        {
            args.Add(resultActive ? _c.Adjoint(call.ResultVar).Name : Zero(c.Type));
        }
        foreach (SpanRefExpr o in outputs)
        {
            if (IsActive(o.Span))
            {
                args.Add(_c.Print(AdjointSlice(o)));
            }
            else
            {
                // The backward wants a seed for every output; this one gets zeros.
                string length = _c.Print(o.Length ?? new LengthExpr(o.Span));
                string zeros = _c.Variables.Fresh("zeroSeed", numbered: true);
                before.Add(Line($"global::System.Span<{o.Type.Keyword()}> {zeros} = {Rent(o.Type, length)};"));
                rentals.Add(Return(o.Type, length));
                args.Add(zeros);
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
                        adjointArgs.Add("ref " + _c.Adjoint(v.Var).Name);
                    }
                    else
                    {
                        IrVariable temp = Temp(IsActive(arg) ? "dArgument" : "dUnused", arg.Type);
                        before.Add(Line($"{temp.Element.Keyword()} {temp.Name} = {Zero(temp.Element)};"));
                        adjointArgs.Add("ref " + temp.Name);
                        if (IsActive(arg)) after.AddRange(PropagateInto(arg, Ir.Var(temp), plan));
                    }
                    break;
                case ParameterRole.ActiveSpan:
                    adjointArgs.Add(arg is SpanRefExpr s && IsActive(s.Span) ? _c.Print(AdjointSlice(s)) : "default");
                    break;
            }
        }
        plan.Adjoint.AddRange(before);
        plan.Adjoint.Add(Line($"{c.Target.BackwardText}({string.Join(", ", args.Concat(adjointArgs))});"));
        plan.Adjoint.AddRange(after);
        for (int i = rentals.Count - 1; i >= 0; i--) plan.Adjoint.Add(Line(rentals[i]));
        if (resultActive && !_assignedOnceOutsideLoops.Contains(call.ResultVar))
        {
            IrVariable dResult = _c.Adjoint(call.ResultVar);
            plan.Adjoint.Add(Line($"{dResult.Name} = {Zero(dResult.Element)};"));
        }
        // The call overwrote its outputs, so what they held before received no derivative through them.
        foreach (SpanRefExpr o in outputs.Where(o => IsActive(o.Span))) plan.Adjoint.Add(Line($"{_c.Print(AdjointSlice(o))}.Clear();"));
    }

    private string Rent(ScalarKind t, string length) =>
        t == ScalarKind.Single ? $"{_c.Tape}.RentScratchSingle({length})" : $"{_c.Tape}.RentScratch({length})";

    private string Return(ScalarKind t, string length) =>
        t == ScalarKind.Single ? $"{_c.Tape}.ReturnScratchSingle({length});" : $"{_c.Tape}.ReturnScratch({length});";

    private List<Code> PropagateInto(IrExpr e, IrExpr seed, StatementPlan plan)
    {
        int start = plan.Adjoint.Count;
        Propagate(e, seed, plan);
        List<Code> produced = plan.Adjoint.GetRange(start, plan.Adjoint.Count - start);
        plan.Adjoint.RemoveRange(start, plan.Adjoint.Count - start);
        return produced;
    }

    /// <summary>For <c>v = v + rest</c> (or <c>- rest</c>) where v appears nowhere else, the rest and its sign.</summary>
    private static (IrExpr Remainder, bool Negate)? AccumulatedRest(IrExpr value, System.Func<IrExpr, bool> isSelf)
    {
        if (value is not BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } b) return null;
        if (isSelf(b.Left) && !Mentions(b.Right, isSelf)) return (b.Right, b.Op == BinaryOp.Subtract);
        if (b.Op == BinaryOp.Add && isSelf(b.Right) && !Mentions(b.Left, isSelf)) return (b.Left, false);
        return null;
    }

    private static bool Mentions(IrExpr e, System.Func<IrExpr, bool> isSelf) =>
        isSelf(e) || ExpressionReads.Children(e).Any(child => Mentions(child, isSelf));

    /// <summary>Adds <c>seed · ∂e/∂leaf</c> into the adjoint of every active leaf of <paramref name="e"/>.</summary>
    private void Propagate(IrExpr e, IrExpr seed, StatementPlan plan)
    {
        if (!IsActive(e)) return;
        seed = Ir.Convert(seed, e.Type);
        switch (e)
        {
            case VarExpr v:
            {
                IrVariable adjoint = _c.Adjoint(v.Var);
                plan.Adjoint.Add(Line($"{adjoint.Name} += {_c.Print(Ir.Convert(seed, adjoint.Element))};"));
                return;
            }
            case ElementExpr el:
            {
                ExpressionReads.Collect(el.Index, plan.Reads);
                IrVariable adjoint = _c.Adjoint(el.Span);
                plan.Adjoint.Add(Line($"{_c.Print(new ElementExpr(adjoint.Element, adjoint.Id, el.Index))} += {_c.Print(Ir.Convert(seed, adjoint.Element))};"));
                return;
            }
            case UnaryExpr { Op: UnaryOp.Negate } u:
                Propagate(u.Operand, Ir.Neg(seed), plan);
                return;
            case ConvertExpr conv:
                Propagate(conv.Operand, Ir.Convert(seed, conv.Operand.Type), plan);
                return;
            case BinaryExpr b:
                PropagateBinary(b, seed, plan);
                return;
            case ConditionalExpr cond:
            {
                ExpressionReads.Collect(cond.Condition, plan.Reads);
                List<Code> whenTrue = PropagateInto(cond.WhenTrue, seed, plan);
                List<Code> whenFalse = PropagateInto(cond.WhenFalse, seed, plan);
                plan.Adjoint.Add(new CodeIf(_c.Print(cond.Condition), whenTrue, whenFalse));
                return;
            }
            case IntrinsicCallExpr call:
                PropagateCall(call, call, seed, plan);
                return;
            default:
                throw Ir.Unreachable("cannot propagate through " + e.GetType().Name);
        }
    }

    private void PropagateBinary(BinaryExpr b, IrExpr seed, StatementPlan plan)
    {
        bool left = IsActive(b.Left), right = IsActive(b.Right);
        if (left && right) seed = Bind(seed, plan);
        switch (b.Op)
        {
            case BinaryOp.Add:
                Propagate(b.Left, seed, plan);
                Propagate(b.Right, seed, plan);
                return;
            case BinaryOp.Subtract:
                Propagate(b.Left, seed, plan);
                Propagate(b.Right, Ir.Neg(seed), plan);
                return;
            case BinaryOp.Multiply when left && b.Left.Equals(b.Right):
                // s * s: one contribution 2·seed·s (exact in IEEE: scaling by 2 loses nothing) instead of two.
                PropagateWith(b.Left, Ir.Mul(Ir.Mul(Ir.Const(2, b.Type), seed), b.Right), b.Right, plan);
                return;
            case BinaryOp.Multiply:
                if (left) PropagateWith(b.Left, Ir.Mul(seed, b.Right), b.Right, plan);
                if (right) PropagateWith(b.Right, Ir.Mul(seed, b.Left), b.Left, plan);
                return;
            case BinaryOp.Divide:
                if (left) PropagateWith(b.Left, Ir.Div(seed, b.Right), b.Right, plan);
                // ∂(a/b)/∂b = −(a/b)/b
                if (right) PropagateWith(b.Right, Ir.Neg(Ir.Div(Ir.Mul(seed, Ir.Div(b.Left, b.Right)), b.Right)), b, plan);
                return;
            case BinaryOp.Remainder:
                // a % b = a − trunc(a/b)·b
                Propagate(b.Left, seed, plan);
                if (right) PropagateWith(b.Right, Ir.Neg(Ir.Mul(seed, Ir.Call(b.Type, "Truncate", Ir.Div(b.Left, b.Right)))), b, plan);
                return;
            default:
                throw Ir.Unreachable("no derivative for operator " + b.Op);
        }
    }

    private void PropagateWith(IrExpr target, IrExpr seed, IrExpr partialSource, StatementPlan plan)
    {
        plan.HasPartials = true;
        ExpressionReads.Collect(partialSource, plan.Reads);
        Propagate(target, seed, plan);
    }

    /// <summary>Propagates through <c>r = f(args)</c> with the rule of f; <paramref name="result"/> stands for r.</summary>
    private void PropagateCall(IntrinsicCallExpr call, IrExpr result, IrExpr seed, StatementPlan plan)
    {
        MathRules.Rule rule = MathRules.Find(call.Function, call.Args.Count) ?? throw Ir.Unreachable("no rule for " + call.Function);
        if (rule.ZeroDerivative) return;
        IrExpr[] args = call.Args.ToArray();
        IrExpr?[] partials = rule.Derivative(call.Type, args, result);
        plan.HasPartials = true;
        int activeArgs = args.Count(IsActive);
        if (activeArgs > 1) seed = Bind(seed, plan);
        for (int i = 0; i < args.Length; i++)
        {
            if (partials[i] is not IrExpr partial || !IsActive(args[i])) continue;
            ExpressionReads.Collect(partial, plan.Reads);
            IrExpr contribution = Ir.Mul(seed, partial);
            // A compound argument receives the product more than once: name it.
            if (!(args[i] is VarExpr or ElementExpr)) contribution = Bind(contribution, plan, "dArgument");
            Propagate(args[i], contribution, plan);
        }
    }

    /// <summary>Names <paramref name="seed"/> in a local when it is more than a variable, so it is computed once.</summary>
    private IrExpr Bind(IrExpr seed, StatementPlan plan, string stem = "dTerm")
    {
        if (seed is VarExpr or ConstExpr) return seed;
        IrVariable temp = Temp(stem, seed.Type);
        plan.Adjoint.Add(Line($"{temp.Element.Keyword()} {temp.Name} = {_c.Print(seed)};"));
        return Ir.Var(temp);
    }

    private IrVariable Temp(string stem, ScalarKind kind) =>
        _c.Variables.Add(stem, kind, SpanShape.None, VariableRole.Adjoint, numbered: true);

    private IrExpr AdjointSlice(SpanRefExpr s)
    {
        IrVariable adjoint = _c.Adjoint(s.Span);
        return new SpanRefExpr(adjoint.Element, adjoint.Id, s.Start, s.Length);
    }

    private static void CollectSliceReads(SpanRefExpr s, HashSet<int> into)
    {
        ExpressionReads.Collect(s.Start, into);
        ExpressionReads.Collect(s.Length, into);
    }

    public static string Zero(ScalarKind kind) => kind switch
    {
        ScalarKind.Single => "0f",
        ScalarKind.Double => "0.0",
        ScalarKind.Boolean => "false",
        ScalarKind.Int64 => "0L",
        _ => "0",
    };

    private static CodeLine Line(string text) => new(text);

    /// <summary>Temporaries (hoisted call results, choices) assigned exactly once and outside every loop.</summary>
    private static HashSet<int> AssignedOnceOutsideLoops(IReadOnlyList<IrStmt> body, VariableTable variables)
    {
        var counts = new Dictionary<int, int>();
        var inLoops = new HashSet<int>();
        void Visit(IReadOnlyList<IrStmt> block, bool inLoop)
        {
            foreach (IrStmt s in block)
            {
                int target = s switch { AssignStmt a => a.Var, CallStmt c => c.ResultVar, _ => -1 };
                if (target >= 0)
                {
                    counts[target] = counts.TryGetValue(target, out int n) ? n + 1 : 1;
                    if (inLoop) inLoops.Add(target);
                }
                bool loop = inLoop || s is WhileStmt or ForRangeStmt;
                foreach (IReadOnlyList<IrStmt> child in StatementWalker.Children(s)) Visit(child, loop);
            }
        }
        Visit(body, false);
        return new HashSet<int>(counts.Where(kv => kv.Value == 1 && !inLoops.Contains(kv.Key)
            && variables[kv.Key].Role == VariableRole.Temporary).Select(kv => kv.Key));
    }
}
