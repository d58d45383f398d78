using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>What decides whether one span output is in-out: unconditionally, or if any listed callee output is.</summary>
/// <param name="Index">The output's parameter position.</param>
/// <param name="Unconditional">The method itself may read the incoming contents, or leave part of them in place.</param>
/// <param name="Dependencies">Callee outputs (<c>key#position</c>) the span is passed to before it is written in full:
/// if one of them is in-out, so is this output.</param>
internal sealed record OutputSummary(int Index, bool Unconditional, EquatableArray<string> Dependencies);

/// <summary>A method's outputs as the in-out analysis of the whole compilation needs them.</summary>
/// <param name="Allocates">The method's body allocates (local arrays): its callers call its allocation-free <c>{Name}Primal</c>.</param>
/// <param name="Callees">The methods of this compilation it calls whose backward is generated (a callee that allocates
/// makes its caller allocate too).</param>
internal sealed record InOutSummary(string? Key, EquatableArray<OutputSummary> Outputs, bool Allocates = false, EquatableArray<string> Callees = default);

/// <summary>
/// Which span outputs are in-out (API.md, "in-out spans"): an output is write-first only where the generator proves
/// that its incoming contents cannot matter, that is every element is written before it is read, on every path to
/// every exit: a whole-span write (<c>Fill</c>, <c>CopyTo</c>, a call that writes it), a loop
/// <c>for (i = 0; i &lt; y.Length; i++) { y[i] = …; }</c> (or up to an int local holding <c>y.Length</c>), and reads of an
/// element written earlier in the same block. Anything else, a conditional write with no else included, makes the
/// output in-out: its incoming contents are an input whose adjoint the backward hands back. A span passed to an
/// in-out output of a callee before it is written in full is read there, so in-out-ness flows up the call graph; the
/// compilation's table (<see cref="Solve"/>) is a fixed point over every method's <see cref="InOutSummary"/>.
/// </summary>
internal sealed class InOutAnalysis
{
    private sealed class State
    {
        public HashSet<int> Full = new();
        public List<(int Span, IrExpr Index)> Elements = new();

        public State Copy() => new() { Full = new HashSet<int>(Full), Elements = new List<(int, IrExpr)>(Elements) };

        public void Invalidate(ICollection<int> assigned) =>
            Elements.RemoveAll(e => ExpressionReads.Of(e.Index).Overlaps(assigned));
    }

    private readonly MethodModel _model;
    private readonly HashSet<int> _outputs;
    private readonly Dictionary<int, int> _lengthOf = new();
    private readonly HashSet<int> _unconditional = new();
    private readonly Dictionary<int, SortedSet<string>> _dependencies = new();

    private InOutAnalysis(MethodModel model)
    {
        _model = model;
        _outputs = new HashSet<int>(model.Parameters.Where(p => p.Role == ParameterRole.Output).Select(p => p.Var));
        // int n = y.Length, assigned nowhere else: a loop up to n covers y.
        var assignments = StatementWalker.All(model.Body).OfType<AssignStmt>().GroupBy(a => a.Var).Where(g => g.Count() == 1).Select(g => g.Single());
        foreach (AssignStmt a in assignments)
        {
            if (a.Value is LengthExpr { Span: var span } && _outputs.Contains(span)) _lengthOf[a.Var] = span;
        }
    }

    /// <summary>The summary of one lowered method (empty when it has no model).</summary>
    public static InOutSummary Summarize(LoweringResult lowered)
    {
        if (lowered.Model is not MethodModel model) return new InOutSummary(lowered.Key, EquatableArray<OutputSummary>.Empty);
        var analysis = new InOutAnalysis(model);
        State exit = analysis.Block(model.Body, new State());
        analysis.Exit(exit);
        var outputs = new List<OutputSummary>();
        for (int i = 0; i < model.Parameters.Count; i++)
        {
            ParameterModel p = model.Parameters[i];
            if (p.Role != ParameterRole.Output) continue;
            var dependencies = analysis._dependencies.TryGetValue(p.Var, out SortedSet<string>? d) ? d.ToEquatableArray() : EquatableArray<string>.Empty;
            outputs.Add(new OutputSummary(i, analysis._unconditional.Contains(p.Var), dependencies));
        }
        // What allocates is the original: a method's body and the local functions it calls. Generated code calls a local
        // function's generated copy, which allocates nothing, so a local function has no allocation facts of its own.
        if (model.IsLocalFunction) return new InOutSummary(model.Key, outputs.ToEquatableArray());
        var bodies = new[] { model.Body }.Concat(model.LocalFunctions.Select(l => l.Body)).SelectMany(b => b).ToList();
        bool allocates = StatementWalker.All(bodies).Any(st => st is StackAllocStmt { Scratch: true });
        var callees = new SortedSet<string>(System.StringComparer.Ordinal);
        ExpressionRewriter.Rewrite(bodies, e =>
        {
            if (e is CallExpr { Target: { Derivative: CallDerivative.Generated, CallsGeneratedCopy: false, DependencyKey: string key } }) callees.Add(key);
            return null;
        });
        return new InOutSummary(model.Key, outputs.ToEquatableArray(), allocates, callees.ToEquatableArray());
    }

    /// <summary>The table entry of a method whose callers call its allocation-free primal copy.</summary>
    public static string PrimalEntry(string key) => key + "#primal";

    /// <summary>The in-out outputs of the compilation, as sorted <c>key#position</c> entries: the least fixed point.</summary>
    public static EquatableArray<string> Solve(ImmutableArray<InOutSummary> summaries)
    {
        var inOut = new HashSet<string>();
        foreach (InOutSummary s in summaries)
        {
            if (s.Key is not null && s.Allocates) inOut.Add(PrimalEntry(s.Key));
            if (s.Key is null || s.Outputs.IsDefaultOrEmpty()) continue;
            foreach (OutputSummary o in s.Outputs.Where(o => o.Unconditional)) inOut.Add(Entry(s.Key, o.Index));
        }
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (InOutSummary s in summaries)
            {
                // A method that calls one that allocates allocates too.
                if (s.Key is not null && !s.Callees.IsDefaultOrEmpty() && s.Callees.Any(k => inOut.Contains(PrimalEntry(k)))) changed |= inOut.Add(PrimalEntry(s.Key));
                if (s.Key is null || s.Outputs.IsDefaultOrEmpty()) continue;
                foreach (OutputSummary o in s.Outputs)
                {
                    if (!o.Dependencies.IsDefaultOrEmpty() && o.Dependencies.Any(inOut.Contains)) changed |= inOut.Add(Entry(s.Key, o.Index));
                }
            }
        }
        return inOut.OrderBy(e => e, System.StringComparer.Ordinal).ToEquatableArray();
    }

    public static string Entry(string key, int index) => key + "#" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The variables of the method's own in-out outputs, from the compilation's table.</summary>
    public static HashSet<int> OwnInOut(MethodModel model, EquatableArray<string> table)
    {
        var set = new HashSet<int>();
        var entries = new HashSet<string>(table.IsDefaultOrEmpty() ? Enumerable.Empty<string>() : table);
        for (int i = 0; i < model.Parameters.Count; i++)
        {
            if (model.Parameters[i].Role == ParameterRole.Output && entries.Contains(Entry(model.Key, i))) set.Add(model.Parameters[i].Var);
        }
        return set;
    }

    /// <summary>
    /// The body with every call of a generated backward of this compilation marked with its callee's in-out outputs
    /// (calls of custom derivatives and of other assemblies carry theirs from lowering).
    /// </summary>
    public static List<IrStmt> Resolve(IEnumerable<IrStmt> body, EquatableArray<string> table)
    {
        var entries = new HashSet<string>(table.IsDefaultOrEmpty() ? Enumerable.Empty<string>() : table);
        return ExpressionRewriter.Rewrite(body, e =>
        {
            if (e is not CallExpr { Target: { Derivative: CallDerivative.Generated, DependencyKey: string key } target } call) return null;
            // An instance method of a model type takes its model first: the callee's parameter i is argument i + 1.
            int first = target.HasReceiver ? 1 : 0;
            var flags = Enumerable.Range(0, target.Parameters.Count).Select(i => i >= first && entries.Contains(Entry(key, i - first))).ToEquatableArray();
            // A callee that allocates is called through its allocation-free copy.
            if (!entries.Contains(PrimalEntry(key))) return call with { Target = target with { InOut = flags } };
            return call with { Target = target with { InOut = flags, MethodText = Lowering.KnownNames.PrimalText(target.MethodText), CallsGeneratedCopy = true } };
        });
    }

    private State Block(IReadOnlyList<IrStmt> block, State state)
    {
        foreach (IrStmt s in block) state = Statement(s, state);
        return state;
    }

    private State Statement(IrStmt s, State state)
    {
        switch (s)
        {
            case IfStmt branch:
            {
                Reads(branch.Condition, state);
                State afterThen = Block(branch.Then, state.Copy());
                State afterElse = Block(branch.Else, state.Copy());
                state.Invalidate(StatementWalker.Assigned(branch.Then.Concat(branch.Else)));
                state.Full.UnionWith(afterThen.Full.Intersect(afterElse.Full));
                return state;
            }
            case WhileStmt loop:
            {
                state.Invalidate(StatementWalker.Assigned(loop.Body.Concat(loop.Increment)));
                Reads(loop.Condition, state);
                State inner = Block(loop.Body.Concat(loop.Increment).ToList(), state.Copy());
                if (!loop.TestFirst) state.Full.UnionWith(inner.Full);
                return state;
            }
            case ForRangeStmt loop:
            {
                HashSet<int> assigned = StatementWalker.Assigned(loop.Body);
                assigned.Add(loop.Counter);
                state.Invalidate(assigned);
                foreach (IrExpr e in StatementWalker.OwnExpressions(s)) Reads(e, state);
                Block(loop.Body, state.Copy());
                if (WritesWholeOutput(loop) is int output) state.Full.Add(output);
                return state;
            }
            case ElementAssignStmt e:
                Reads(e.Index, state);
                Reads(e.Value, state);
                if (_outputs.Contains(e.Span)) state.Elements.Add((e.Span, e.Index));
                return state;
            case AssignStmt a:
                Reads(a.Value, state);
                state.Invalidate(new[] { a.Var });
                return state;
            case FillStmt f:
                Reads(f.Value, state);
                Reads(f.Target.Start, state);
                Reads(f.Target.Length, state);
                if (f.Target.Start is null && _outputs.Contains(f.Target.Span)) state.Full.Add(f.Target.Span);
                return state;
            case CopyStmt c:
                Reads(c.Source, state);
                Reads(c.Target.Start, state);
                Reads(c.Target.Length, state);
                if (c.Target.Start is null && _outputs.Contains(c.Target.Span)) state.Full.Add(c.Target.Span);
                return state;
            case CallStmt call:
                Call(call.Call, state);
                if (call.ResultVar >= 0) state.Invalidate(new[] { call.ResultVar });
                return state;
            case ReturnStmt r:
                Reads(r.Value, state);
                Exit(state);
                return state;
            case ThrowStmt:
                return state;
            case ViewBindStmt bind:
                // An output a view may point at is read and written where the view is: it is taken as in-out.
                foreach (int root in bind.Roots.Where(_outputs.Contains)) _unconditional.Add(root);
                Reads(bind.Root, state);
                Reads(bind.Start, state);
                Reads(bind.Length, state);
                return state;
            case OverlapCheckStmt check:
                // Compares where the spans lie, not what they hold.
                foreach (SpanRefExpr span in new[] { check.Output, check.Other })
                {
                    Reads(span.Start, state);
                    Reads(span.Length, state);
                }
                return state;
            default:
                foreach (IrExpr e in StatementWalker.OwnExpressions(s)) Reads(e, state);
                return state;
        }
    }

    /// <summary>A call reads its inputs, and the incoming contents of what it passes to an in-out output.</summary>
    private void Call(CallExpr call, State state)
    {
        for (int i = 0; i < call.Args.Count; i++)
        {
            IrExpr arg = call.Args[i];
            if (!call.IsOutput(i))
            {
                Reads(arg, state);
                continue;
            }
            var written = (SpanRefExpr)arg;
            Reads(written.Start, state);
            Reads(written.Length, state);
            if (!_outputs.Contains(written.Span) || state.Full.Contains(written.Span)) continue;
            if (call.Target is { Derivative: CallDerivative.Generated, DependencyKey: string key } && call.Target.InOut.IsDefaultOrEmpty())
            {
                Depend(written.Span, Entry(key, i - (call.Target.HasReceiver ? 1 : 0)));
            }
            else if (call.IsInOut(i))
            {
                _unconditional.Add(written.Span);
            }
        }
        foreach (SpanRefExpr o in call.Outputs())
        {
            if (o.Start is null && _outputs.Contains(o.Span)) state.Full.Add(o.Span);
        }
    }

    private void Depend(int span, string entry)
    {
        if (!_dependencies.TryGetValue(span, out SortedSet<string>? set)) _dependencies[span] = set = new SortedSet<string>(System.StringComparer.Ordinal);
        set.Add(entry);
    }

    /// <summary>At an exit, an output not written in full may still hold some of its incoming contents.</summary>
    private void Exit(State state)
    {
        foreach (int output in _outputs)
        {
            if (!state.Full.Contains(output)) _unconditional.Add(output);
        }
    }

    /// <summary><c>for (i = 0; i &lt; y.Length; i++) { …; y[i] = …; … }</c> with the write outside any branch and no jump.</summary>
    private int? WritesWholeOutput(ForRangeStmt loop)
    {
        if (loop.Start is not ConstExpr { Value: 0 } || loop.Step != 1 || loop.Compare != BinaryOp.Less || loop.Guard is not null) return null;
        int span;
        switch (loop.End)
        {
            case LengthExpr { Span: var s } when _outputs.Contains(s):
                span = s;
                break;
            case VarExpr v when _lengthOf.TryGetValue(v.Var, out int s2):
                span = s2;
                break;
            default:
                return null;
        }
        bool writes = loop.Body.Any(b => b is ElementAssignStmt { Index: VarExpr v } e && e.Span == span && v.Var == loop.Counter);
        bool jumps = StatementWalker.All(loop.Body).Any(b => b is BreakStmt or ContinueStmt or ReturnStmt or ThrowStmt);
        return writes && !jumps ? span : null;
    }

    private void Reads(IrExpr? e, State state)
    {
        switch (e)
        {
            case null:
                return;
            case ElementExpr el when _outputs.Contains(el.Span) && !state.Full.Contains(el.Span)
                && !state.Elements.Any(w => w.Span == el.Span && w.Index.Equals(el.Index)):
                _unconditional.Add(el.Span);
                break;
            case SpanRefExpr s when _outputs.Contains(s.Span) && !state.Full.Contains(s.Span):
                _unconditional.Add(s.Span);
                break;
        }
        foreach (IrExpr child in ExpressionReads.Children(e)) Reads(child, state);
    }
}
