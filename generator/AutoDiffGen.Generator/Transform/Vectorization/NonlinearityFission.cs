using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform.Vectorization;

/// <summary>
/// Opt-in (<c>&lt;AutoDiffGenVectorMath&gt;true&lt;/AutoDiffGenVectorMath&gt;</c>), before any derivative is built: splits a counting
/// loop whose body ends "reduce into a scalar <c>a</c>, then store an activation of it, <c>dest[base + j] = f(a)</c>" into
/// the loop storing <c>a</c> into a fresh buffer of the destination's size, and one call of the runtime's span activation
/// over the slice the loop wrote (<c>Activations.Tanh(preActivation, dest)</c>). The call's derivatives are the runtime's
/// vectorized pullbacks, so the nonlinearity and its reverse run as one kernel per loop instead of a scalar call and a tape
/// record per element. f is <c>Math.Tanh(a)</c> → <c>Activations.Tanh</c>, <c>Math.Max(a, 0)</c> → <c>Activations.Relu</c>, or
/// <c>c ? f₁(a) : f₂(a)</c> with a loop-invariant <c>c</c> (each side one of those or <c>a</c> itself, a copy).
/// <para>
/// Why opt-in: the vector tanh differs from <c>Math.Tanh</c> in the last bits, and ReLU's derivative at exactly 0 is the
/// runtime's 0 where <c>Math.Max</c>'s rule splits the adjoint ½/½; without the property the generated code computes the
/// user's method bit for bit. Only a destination that is a buffer of the method's own (one <c>stackalloc</c> of constant
/// length, never a view) qualifies, and the rest of the loop must not touch it: then it overlaps nothing, and storing the
/// reduction's value instead of f's changes no value the loop reads.
/// </para>
/// </summary>
internal sealed class NonlinearityFission
{
    /// <summary>The MSBuild property (made visible to the compiler by <c>CompilerVisibleProperty</c>) that turns the pass on.</summary>
    public const string Property = "build_property.AutoDiffGenVectorMath";

    private const string Activations = "global::AutoDiffGen.Activations";

    private readonly VariableTable _variables;
    private readonly IReadOnlyList<IrStmt> _method;
    private readonly Dictionary<int, StackAllocStmt> _ownBuffers;
    private readonly Dictionary<int, int> _scratchOf = new();

    private NonlinearityFission(IReadOnlyList<IrStmt> method, VariableTable variables)
    {
        _method = method;
        _variables = variables;
        _ownBuffers = OwnBuffers(method, variables);
    }

    /// <summary>Whether the property's value turns the pass on (<c>true</c>, any case).</summary>
    public static bool Enabled(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The method with its activation loops split, or the method itself when none qualifies.</summary>
    public static MethodModel Apply(MethodModel model)
    {
        var variables = new VariableTable(model.Variables, model.Parameters.Select(p => p.Name));
        var pass = new NonlinearityFission(model.Body, variables);
        List<IrStmt> body = StatementWalker.RewriteBottomUp(model.Body, s =>
            s is ForRangeStmt loop && pass.Split(loop) is List<IrStmt> split ? split : new[] { s });
        if (pass._scratchOf.Count == 0) return model;
        return model with { Body = pass.WithScratch(body).ToEquatableArray(), Variables = variables.All.ToEquatableArray() };
    }

    /// <summary>The loop storing its reduction, then the activation call; null when the loop does not qualify.</summary>
    private List<IrStmt>? Split(ForRangeStmt loop)
    {
        if (loop.Guard is not null || loop.Step != 1 || loop.Compare != BinaryOp.Less || loop.Body.Count < 2) return null;
        if (loop.Body[loop.Body.Count - 1] is not ElementAssignStmt store || !_ownBuffers.TryGetValue(store.Span, out StackAllocStmt? allocation)) return null;
        ScalarKind element = _variables[store.Span].Element;
        if (!element.IsReal()) return null;

        // The tail: assignments of the lowering's temporaries (and choices between them) that compute the stored value.
        int tailStart = loop.Body.Count - 1;
        while (tailStart > 0 && IsTailStatement(loop.Body[tailStart - 1])) tailStart--;
        var tail = loop.Body.Skip(tailStart).Take(loop.Body.Count - 1 - tailStart).ToList();
        var prefix = loop.Body.Take(tailStart).ToList();
        if (prefix.Count == 0) return null;

        HashSet<int> assigned = StatementWalker.Assigned(loop.Body);
        assigned.Add(loop.Counter);
        bool Invariant(IrExpr e) => PureExpressions.IsPure(e) && !ExpressionReads.Of(e).Overlaps(assigned) && !ExpressionReads.Of(e).Contains(store.Span);
        if (!Invariant(loop.Start) || !Invariant(loop.End)) return null;
        if (AffineForm.Of(store.Index) is not AffineForm index || index.CoefficientOf(loop.Counter) != 1) return null;
        AffineForm bases = index.Without(loop.Counter);
        if (!bases.Terms.All(t => Invariant(t.Term))) return null;

        if (Evaluate(tail, store.Value, Invariant) is not IrExpr value || Activation(value, Invariant) is not Applied applied) return null;
        if (!applied.UsesActivation || _variables[applied.Source] is not { Role: VariableRole.Local, IsSpan: false } source || source.Element != element) return null;
        // The rest of the loop must not touch the destination: it now holds the old contents until the call.
        if (StatementWalker.Referenced(prefix).Contains(store.Span) || prefix.Any(HasJump)) return null;
        if (!TailTemporariesAreLocal(tail, store)) return null;

        if (AffineForm.Of(loop.Start) is not AffineForm start || AffineForm.Of(loop.End) is not AffineForm end) return null;
        AffineForm count = end.Minus(start), first = bases.Plus(start);
        if (count.IsConstant && count.Constant <= 0) return null;
        if (allocation.Length is not ConstExpr { Type: ScalarKind.Int32 } length) return null;
        if (count.IsConstant && first.IsConstant && (first.Constant < 0 || first.Constant + count.Constant > (long)length.Value)) return null;

        int scratch = Scratch(store.Span, element);
        bool whole = first.IsConstant && first.Constant == 0 && count.IsConstant && count.Constant == (long)length.Value;
        SpanRefExpr Slice(int span) => whole ? new SpanRefExpr(element, span, null, null) : new SpanRefExpr(element, span, first.ToExpr(), count.ToExpr());
        var stored = new ElementAssignStmt(store.Location, scratch, store.Index, new VarExpr(element, applied.Source));
        var statements = new List<IrStmt> { loop with { Body = prefix.Append(stored).ToEquatableArray() } };
        List<IrStmt> calls = applied.Statements(store.Location, Slice(scratch), Slice(store.Span));
        // A loop that may run no iteration must not slice: its bounds may not be valid slice bounds then.
        statements.AddRange(count.IsConstant ? calls : new List<IrStmt>
        {
            new IfStmt(null, Ir.Compare(BinaryOp.Greater, count.ToExpr(), Ir.Int(0)), calls.ToEquatableArray(), EquatableArray<IrStmt>.Empty),
        });
        return statements;
    }

    private bool IsTailStatement(IrStmt s) => s switch
    {
        AssignStmt a => _variables[a.Var].Role == VariableRole.Temporary,
        IfStmt b => b.Then.Concat(b.Else).All(IsTailStatement),
        _ => false,
    };

    private static bool HasJump(IrStmt s) =>
        StatementWalker.All(new[] { s }).Any(x => x is BreakStmt or ContinueStmt or ReturnStmt or ThrowStmt);

    /// <summary>
    /// The stored value as one expression of the scalars before the tail: the tail's temporaries replaced by their values, a
    /// branch on a loop-invariant condition as a choice. Null when the tail assigns anything else.
    /// </summary>
    private IrExpr? Evaluate(IReadOnlyList<IrStmt> tail, IrExpr stored, Func<IrExpr, bool> invariant)
    {
        var values = new Dictionary<int, IrExpr>();
        return Run(tail, values) ? Substitute(stored, values) : null;

        bool Run(IReadOnlyList<IrStmt> block, Dictionary<int, IrExpr> env)
        {
            foreach (IrStmt s in block)
            {
                switch (s)
                {
                    case AssignStmt a when _variables[a.Var] is { Role: VariableRole.Temporary, IsSpan: false }:
                        env[a.Var] = Substitute(a.Value, env);
                        break;
                    case IfStmt b when invariant(b.Condition):
                        var whenTrue = new Dictionary<int, IrExpr>(env);
                        var whenFalse = new Dictionary<int, IrExpr>(env);
                        if (!Run(b.Then, whenTrue) || !Run(b.Else, whenFalse)) return false;
                        foreach (int v in whenTrue.Keys.Union(whenFalse.Keys).ToList())
                        {
                            // Assigned on one path only: no value after the branch (a later read stays unresolved and fails the match).
                            if (!whenTrue.TryGetValue(v, out IrExpr? t) || !whenFalse.TryGetValue(v, out IrExpr? f)) env.Remove(v);
                            else env[v] = ReferenceEquals(t, f) ? t : Ir.Cond(b.Condition, t, f);
                        }
                        break;
                    default:
                        return false;
                }
            }
            return true;
        }
    }

    private static IrExpr Substitute(IrExpr e, Dictionary<int, IrExpr> values) =>
        ExpressionRewriter.Map(e, x => x is VarExpr v && values.TryGetValue(v.Var, out IrExpr? value) ? value : null);

    /// <summary>The tail's temporaries are read and written nowhere else in the method (but by the store): dropping them changes nothing.</summary>
    private bool TailTemporariesAreLocal(IReadOnlyList<IrStmt> tail, ElementAssignStmt store)
    {
        HashSet<int> temporaries = StatementWalker.Assigned(tail);
        var inTail = new HashSet<IrStmt>(StatementWalker.All(tail.Append(store)), ReferenceComparer.Instance);
        foreach (IrStmt s in StatementWalker.All(_method))
        {
            if (inTail.Contains(s)) continue;
            var touched = new HashSet<int>();
            StatementWalker.CollectReads(s, touched);
            if (s is AssignStmt a) touched.Add(a.Var);
            if (touched.Overlaps(temporaries)) return false;
        }
        return true;
    }

    /// <summary>What the stored value is: an activation of one scalar, possibly chosen by a loop-invariant condition.</summary>
    private abstract record Applied(int Source)
    {
        public abstract bool UsesActivation { get; }

        public abstract List<IrStmt> Statements(LocationInfo? location, SpanRefExpr x, SpanRefExpr y);
    }

    /// <summary><c>y = f(x)</c> by the runtime's span activation, or a copy for the identity.</summary>
    private sealed record Single(int Source, string? Function) : Applied(Source)
    {
        public override bool UsesActivation => Function is not null;

        public override List<IrStmt> Statements(LocationInfo? location, SpanRefExpr x, SpanRefExpr y) => new()
        {
            Function is null ? new CopyStmt(location, x, y) : new CallStmt(location, new CallExpr(ScalarKind.Opaque, Target(Function), new IrExpr[] { x, y }.ToEquatableArray(), location), -1),
        };
    }

    private sealed record Choice(IrExpr Condition, Applied WhenTrue, Applied WhenFalse) : Applied(WhenTrue.Source)
    {
        public override bool UsesActivation => WhenTrue.UsesActivation || WhenFalse.UsesActivation;

        public override List<IrStmt> Statements(LocationInfo? location, SpanRefExpr x, SpanRefExpr y) => new()
        {
            new IfStmt(location, Condition, WhenTrue.Statements(location, x, y).ToEquatableArray(), WhenFalse.Statements(location, x, y).ToEquatableArray()),
        };
    }

    private static Applied? Activation(IrExpr value, Func<IrExpr, bool> invariant)
    {
        switch (value)
        {
            case VarExpr v:
                return new Single(v.Var, null);
            case IntrinsicCallExpr { Function: "Tanh", Args.Count: 1 } call when call.Args[0] is VarExpr a:
                return new Single(a.Var, "Tanh");
            case IntrinsicCallExpr { Function: "Max", Args.Count: 2 } call when call.Args[0] is VarExpr a && IsPositiveZero(call.Args[1]):
                return new Single(a.Var, "Relu");
            case IntrinsicCallExpr { Function: "Max", Args.Count: 2 } call when call.Args[1] is VarExpr a && IsPositiveZero(call.Args[0]):
                return new Single(a.Var, "Relu");
            case ConditionalExpr c when invariant(c.Condition):
                if (Activation(c.WhenTrue, invariant) is not Applied t || Activation(c.WhenFalse, invariant) is not Applied f || t.Source != f.Source) return null;
                return new Choice(c.Condition, t, f);
            default:
                return null;
        }
    }

    private static bool IsPositiveZero(IrExpr e) => e is ConstExpr c && c.Type.IsReal() && BitConverter.DoubleToInt64Bits(c.Value) == 0;

    /// <summary>The call of <c>Activations.{function}(ReadOnlySpan&lt;T&gt; x, Span&lt;T&gt; y)</c>, as lowering resolves it.</summary>
    internal static CallTarget Target(string function) => new(
        Activations + "." + function, Activations + "." + function + "Backward", CallDerivative.Custom, "Activations." + function, function,
        new[] { ParameterRole.ActiveSpan, ParameterRole.Output }.ToEquatableArray(), true, new[] { "x", "y" }.ToEquatableArray(),
        TangentText: Activations + "." + function + "Tangent", BackwardTangentText: Activations + "." + function + "BackwardTangent");

    /// <summary>Spans allocated exactly once, by a <c>stackalloc</c> of constant length, never pointed elsewhere nor viewed.</summary>
    private static Dictionary<int, StackAllocStmt> OwnBuffers(IReadOnlyList<IrStmt> method, VariableTable variables)
    {
        var allocations = StatementWalker.All(method).OfType<StackAllocStmt>().GroupBy(s => s.Span).ToList();
        // A view that may point into a buffer writes it without naming it: such a buffer is no destination.
        var rebound = new HashSet<int>(StatementWalker.All(method).OfType<ViewBindStmt>().SelectMany(v => v.Roots.Append(v.View)));
        rebound.UnionWith(StatementWalker.All(method).OfType<AssignStmt>().Select(a => a.Var));
        return allocations
            .Where(g => g.Count() == 1 && !rebound.Contains(g.Key) && variables[g.Key].Role == VariableRole.Local)
            .Select(g => g.Single())
            .Where(s => !s.Scratch && s.Length is ConstExpr { Type: ScalarKind.Int32 })
            .ToDictionary(s => s.Span, s => s);
    }

    /// <summary>The buffer receiving a destination's reductions (one per destination, shared by its loops).</summary>
    private int Scratch(int destination, ScalarKind element)
    {
        if (_scratchOf.TryGetValue(destination, out int scratch)) return scratch;
        scratch = _variables.Add(_variables[destination].Name + "PreActivation", element, SpanShape.Span, VariableRole.Local).Id;
        _scratchOf[destination] = scratch;
        return scratch;
    }

    /// <summary>Each scratch buffer allocated right after its destination, with the same length.</summary>
    private List<IrStmt> WithScratch(IReadOnlyList<IrStmt> block) => StatementWalker.RewriteBottomUp(block, s =>
        // Declared like the destination (the lowering decides where a buffer's declaration goes).
        s is StackAllocStmt a && _scratchOf.TryGetValue(a.Span, out int scratch) ? new IrStmt[] { a, a with { Span = scratch } } : new[] { s });
}
