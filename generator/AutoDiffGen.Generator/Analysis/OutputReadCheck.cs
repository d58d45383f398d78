using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// Span outputs are write-first: the caller's reverse sweep treats a call as overwriting its outputs, so a method
/// may read an output element only where it has provably written it already: after a whole-span write
/// (<c>Fill</c>, <c>CopyTo</c>, a call that outputs into it, or a loop <c>for (i = 0; i &lt; y.Length; i++) { y[i] = …; }</c>),
/// or after writing the same element earlier in the same block. Anything else is ADG0011.
/// </summary>
internal sealed class OutputReadCheck
{
    private sealed class State
    {
        public HashSet<int> Full = new();
        public List<(int Span, IrExpr Index)> Elements = new();

        public State Copy() => new() { Full = new HashSet<int>(Full), Elements = new List<(int, IrExpr)>(Elements) };

        public void Invalidate(ICollection<int> assigned) =>
            Elements.RemoveAll(e => ExpressionReads.Of(e.Index).Overlaps(assigned));
    }

    private readonly VariableTable _variables;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly HashSet<int> _reported = new();

    private OutputReadCheck(VariableTable variables) => _variables = variables;

    public static List<DiagnosticInfo> Run(IReadOnlyList<IrStmt> body, VariableTable variables)
    {
        var check = new OutputReadCheck(variables);
        check.Block(body, new State());
        return check._diagnostics;
    }

    private bool IsOutput(int span) => _variables[span] is { Role: VariableRole.Parameter, ParameterRole: ParameterRole.Output };

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
                CheckReads(branch.Condition, s, state);
                State afterThen = Block(branch.Then, state.Copy());
                State afterElse = Block(branch.Else, state.Copy());
                state.Invalidate(StatementWalker.Assigned(branch.Then.Concat(branch.Else)));
                state.Full.UnionWith(afterThen.Full.Intersect(afterElse.Full));
                return state;
            }
            case WhileStmt loop:
            {
                HashSet<int> assigned = StatementWalker.Assigned(loop.Body.Concat(loop.Increment));
                state.Invalidate(assigned);
                CheckReads(loop.Condition, s, state);
                State inner = state.Copy();
                Block(loop.Body.Concat(loop.Increment).ToList(), inner);
                if (!loop.TestFirst) state.Full.UnionWith(inner.Full);
                return state;
            }
            case ForRangeStmt loop:
            {
                HashSet<int> assigned = StatementWalker.Assigned(loop.Body);
                assigned.Add(loop.Counter);
                state.Invalidate(assigned);
                foreach (IrExpr e in StatementWalker.OwnExpressions(s)) CheckReads(e, s, state);
                Block(loop.Body, state.Copy());
                if (WritesWholeOutput(loop) is int output) state.Full.Add(output);
                return state;
            }
            case ElementAssignStmt e:
                CheckReads(e.Index, s, state);
                CheckReads(e.Value, s, state);
                if (IsOutput(e.Span)) state.Elements.Add((e.Span, e.Index));
                return state;
            case AssignStmt a:
                CheckReads(a.Value, s, state);
                state.Invalidate(new[] { a.Var });
                return state;
            case FillStmt f:
                if (f.Value is not null) CheckReads(f.Value, s, state);
                if (f.Target.Start is null && IsOutput(f.Target.Span)) state.Full.Add(f.Target.Span);
                return state;
            case CopyStmt c:
                CheckReads(c.Source, s, state);
                if (c.Target.Start is null && IsOutput(c.Target.Span)) state.Full.Add(c.Target.Span);
                return state;
            case CallStmt call:
                for (int i = 0; i < call.Call.Args.Count; i++)
                {
                    IrExpr arg = call.Call.Args[i];
                    if (call.Call.IsOutput(i))
                    {
                        var written = (SpanRefExpr)arg;
                        CheckReads(written.Start, s, state);
                        CheckReads(written.Length, s, state);
                    }
                    else
                    {
                        CheckReads(arg, s, state);
                    }
                }
                foreach (SpanRefExpr o in call.Call.Outputs())
                {
                    if (o.Start is null && IsOutput(o.Span)) state.Full.Add(o.Span);
                }
                if (call.ResultVar >= 0) state.Invalidate(new[] { call.ResultVar });
                return state;
            case ReturnStmt r:
                if (r.Value is not null) CheckReads(r.Value, s, state);
                return state;
            default:
                foreach (IrExpr e in StatementWalker.OwnExpressions(s)) CheckReads(e, s, state);
                return state;
        }
    }

    /// <summary><c>for (i = 0; i &lt; y.Length; i++) { …; y[i] = …; … }</c> with the write outside any branch.</summary>
    private int? WritesWholeOutput(ForRangeStmt loop)
    {
        if (loop.Start is not ConstExpr { Value: 0 } || loop.Step != 1 || loop.Compare != BinaryOp.Less || loop.Guard is not null) return null;
        if (loop.End is not LengthExpr { Span: var span } || !IsOutput(span)) return null;
        bool writes = loop.Body.Any(b => b is ElementAssignStmt { Index: VarExpr v } e && e.Span == span && v.Var == loop.Counter);
        bool jumps = StatementWalker.All(loop.Body).Any(b => b is BreakStmt or ContinueStmt or ReturnStmt);
        return writes && !jumps ? span : null;
    }

    private void CheckReads(IrExpr? e, IrStmt where, State state)
    {
        switch (e)
        {
            case null:
                return;
            case ElementExpr el when IsOutput(el.Span) && !state.Full.Contains(el.Span)
                && !state.Elements.Any(w => w.Span == el.Span && w.Index.Equals(el.Index)):
                Report(el.Span, where);
                break;
            case SpanRefExpr s when IsOutput(s.Span) && !state.Full.Contains(s.Span):
                Report(s.Span, where);
                break;
        }
        foreach (IrExpr child in ExpressionReads.Children(e)) CheckReads(child, where, state);
    }

    private void Report(int span, IrStmt where)
    {
        if (!_reported.Add(span)) return;
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SpanMisuse, where.Location, _variables[span].Name,
            "is an output and is read before it is known to be written",
            "outputs are write-first: write the element (or the whole span, e.g. in a loop over its Length) before reading it, or compute into a stackalloc scratch span and copy it to the output"));
    }

}
