using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.Emit;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// Assembles the forward sweep (the original statements plus records of overwritten values and control decisions)
/// and the reverse sweep (the adjoint statements in reverse order, restoring recorded values). Outside loops a record
/// is a local; inside loops it goes to the per-thread tape, so a warm call allocates nothing.
/// </summary>
internal sealed class SweepAssembler
{
    private readonly TransformContext _c;

    private SweepAssembler(TransformContext context) => _c = context;

    /// <summary>Locals the sweeps need, declared at the top of the method: (type, name, initial value).</summary>
    public List<(string Type, string Name, string Init)> Hoisted { get; } = new();

    /// <summary>Span locals allocated where they stand at the top level (so not hoisted).</summary>
    public HashSet<int> InlineStackAllocs { get; } = new();

    /// <summary>What the reverse sweep records, for the generated XML documentation.</summary>
    public List<string> RecordNotes { get; } = new();

    public List<Code> Forward { get; private set; } = new();

    public List<Code> Reverse { get; private set; } = new();

    public static SweepAssembler Run(TransformContext context, IReadOnlyList<IrStmt> body)
    {
        var a = new SweepAssembler(context);
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

    private (List<Code> Forward, List<Code> Reverse) Block(IReadOnlyList<IrStmt> block, LoopScope? loop, bool topLevel)
    {
        var forward = new List<Code>();
        var reverseParts = new List<List<Code>>();
        foreach (IrStmt s in block)
        {
            (List<Code> f, List<Code> r) = Statement(s, loop, topLevel);
            forward.AddRange(f);
            reverseParts.Add(r);
        }
        var reverse = new List<Code>();
        for (int i = reverseParts.Count - 1; i >= 0; i--) reverse.AddRange(reverseParts[i]);
        return (forward, reverse);
    }

    private (List<Code>, List<Code>) Statement(IrStmt s, LoopScope? loop, bool topLevel)
    {
        switch (s)
        {
            case IfStmt branch:
                return If(branch, loop);
            case WhileStmt w:
                return While(w, loop);
            case ForRangeStmt f:
                return ForRange(f, loop);
            default:
                return Leaf(s, loop, topLevel);
        }
    }

    private (List<Code>, List<Code>) Leaf(IrStmt s, LoopScope? loop, bool topLevel)
    {
        var forward = new List<Code>();
        var reverse = new List<Code>();
        _c.Plans.TryGetValue(s, out StatementPlan? plan);
        var restore = new List<Code>();
        switch (s)
        {
            case AssignStmt a when _c.SinCosCompanions.TryGetValue(a, out string? companion) && a.Value is IntrinsicCallExpr trig:
            {
                // One SinCos gives the value and, for the reverse sweep, its derivative's trigonometric factor. Its values
                // equal Math.Sin/Math.Cos bit for bit (SinCosTests pins that), so the forward value stays the original's.
                string name = _c.Variables[a.Var].Name;
                string type = trig.Type.Keyword();
                string pair = trig.Function == "Sin" ? $"({name}, {type} {companion})" : $"({type} {companion}, {name})";
                forward.Add(Line($"{pair} = {trig.Receiver}.SinCos({_c.Print(trig.Args[0])});"));
                break;
            }
            case AssignStmt a:
                if (plan?.Record == true) RecordScalar(Ir.Var(_c.Variables[a.Var]), loop, forward, restore);
                forward.Add(Line(Assignment(_c.Print(Ir.Var(_c.Variables[a.Var])), a.Var, a.Value)));
                break;
            case ElementAssignStmt e:
            {
                var element = new ElementExpr(_c.Variables[e.Span].Element, e.Span, e.Index);
                if (plan?.Record == true) RecordScalar(element, loop, forward, restore);
                forward.Add(Line(ElementAssignment(_c.Print(element), e.Span, e.Index, e.Value)));
                break;
            }
            case StackAllocStmt alloc:
                StackAlloc(alloc, loop is null && topLevel, forward);
                break;
            case FillStmt fill:
                RecordSpans(plan, new[] { fill.Target }, loop, forward, restore);
                forward.Add(Line(fill.Value is null ? $"{_c.Print(fill.Target)}.Clear();" : $"{_c.Print(fill.Target)}.Fill({_c.Print(fill.Value)});"));
                break;
            case CopyStmt copy:
                RecordSpans(plan, new[] { copy.Target }, loop, forward, restore);
                forward.Add(Line($"{_c.Print(copy.Source)}.CopyTo({_c.Print(copy.Target)});"));
                break;
            case CallStmt call:
            {
                if (plan?.Record == true) RecordScalar(Ir.Var(_c.Variables[call.ResultVar]), loop, forward, restore);
                var outputs = call.Call.Args.Where((arg, i) => call.Call.Target.Parameters[i] == ParameterRole.Output).OfType<SpanRefExpr>();
                RecordSpans(plan, outputs, loop, forward, restore);
                string text = _c.Print(call.Call);
                forward.Add(Line(call.ResultVar >= 0 ? $"{_c.Variables[call.ResultVar].Name} = {text};" : text + ";"));
                break;
            }
            case ThrowStmt t:
                forward.Add(Line(t.Text));
                break;
        }
        if (plan is not null)
        {
            if (plan.PreMode)
            {
                reverse.AddRange(restore);
                reverse.AddRange(plan.Adjoint);
            }
            else
            {
                reverse.AddRange(plan.Adjoint);
                reverse.AddRange(restore);
            }
        }
        else
        {
            reverse.AddRange(restore);
        }
        return (forward, reverse);
    }

    private string Assignment(string target, int variable, IrExpr value)
    {
        if (value is BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide } b
            && b.Left is VarExpr v && v.Var == variable)
        {
            return $"{target} {OperatorText.Of(b.Op)}= {_c.Print(b.Right)};";
        }
        return $"{target} = {_c.Print(value)};";
    }

    private string ElementAssignment(string target, int span, IrExpr index, IrExpr value)
    {
        if (value is BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide } b
            && b.Left is ElementExpr el && el.Span == span && el.Index.Equals(index))
        {
            return $"{target} {OperatorText.Of(b.Op)}= {_c.Print(b.Right)};";
        }
        return $"{target} = {_c.Print(value)};";
    }

    private void StackAlloc(StackAllocStmt alloc, bool inline, List<Code> forward)
    {
        IrVariable span = _c.Variables[alloc.Span];
        string type = $"global::System.Span<{span.Element.Keyword()}>";
        string length = _c.Print(alloc.Length);
        string element = span.Element.Keyword();
        if (inline)
        {
            InlineStackAllocs.Add(alloc.Span);
            forward.Add(Line($"{type} {span.Name} = stackalloc {element}[{length}];"));
        }
        else
        {
            forward.Add(Line($"{span.Name} = stackalloc {element}[{length}];"));
        }
        if (_c.Adjoints.TryGetValue(alloc.Span, out IrVariable? adjoint))
        {
            // The length is evaluated again: the span already holds it, and its expression may read changed values.
            string adjointLength = span.Name + ".Length";
            forward.Add(Line(inline ? $"{type} {adjoint.Name} = stackalloc {element}[{adjointLength}];" : $"{adjoint.Name} = stackalloc {element}[{adjointLength}];"));
            // stackalloc is zeroed unless the module skips locals init; clear explicitly so adjoints start at 0.
            forward.Add(Line($"{adjoint.Name}.Clear();"));
        }
    }

    private void RecordScalar(IrExpr target, LoopScope? loop, List<Code> forward, List<Code> restore)
    {
        ScalarKind kind = target.Type;
        string text = _c.Print(target);
        if (loop is null)
        {
            string saved = _c.Variables.Fresh(SavedStem(target), numbered: true);
            Hoisted.Add((kind.Keyword(), saved, AdjointBuilder.Zero(kind)));
            forward.Add(Line($"{saved} = {text};"));
            restore.Add(Line($"{text} = {saved};"));
            return;
        }
        forward.Add(Line($"{_c.Tape}.Push({text});"));
        restore.Add(Line($"{text} = {Pop(kind)};"));
        if (kind.IsReal()) loop.Reals++;
        else loop.Ints += kind == ScalarKind.Int64 ? 2 : 1;
    }

    private string SavedStem(IrExpr target) => target switch
    {
        VarExpr v => _c.Variables[v.Var].Name + "Saved",
        ElementExpr e => _c.Variables[e.Span].Name + "Saved",
        _ => "saved",
    };

    private string Pop(ScalarKind kind) => kind switch
    {
        ScalarKind.Double => $"{_c.Tape}.PopReal()",
        ScalarKind.Single => $"(float){_c.Tape}.PopReal()",
        ScalarKind.Int64 => $"{_c.Tape}.PopLong()",
        ScalarKind.Boolean => $"{_c.Tape}.PopBool()",
        _ => $"{_c.Tape}.PopInt()",
    };

    private void RecordSpans(StatementPlan? plan, IEnumerable<SpanRefExpr> targets, LoopScope? loop, List<Code> forward, List<Code> restore)
    {
        if (plan is null) return;
        foreach (SpanRefExpr target in targets.Where(t => plan.RecordSpans.Contains(t.Span)))
        {
            string text = _c.Print(target);
            forward.Add(Line($"{_c.Tape}.Push({text});"));
            restore.Insert(0, Line($"{_c.Tape}.Pop({text});"));
            if (loop is not null) loop.Spans++;
            else RecordNotes.Add($"a copy of <c>{_c.Variables[target.Span].Name}</c> before it is overwritten");
        }
    }

    private (List<Code>, List<Code>) If(IfStmt branch, LoopScope? loop)
    {
        (List<Code> thenForward, List<Code> thenReverse) = Block(branch.Then, loop, topLevel: false);
        (List<Code> elseForward, List<Code> elseReverse) = Block(branch.Else, loop, topLevel: false);
        string condition = _c.Print(branch.Condition);
        if (thenReverse.Count == 0 && elseReverse.Count == 0)
        {
            return (new List<Code> { new CodeIf(condition, thenForward, elseForward) }, new List<Code>());
        }
        if (loop is null)
        {
            string taken = _c.Variables.Fresh("branch", numbered: true);
            Hoisted.Add(("bool", taken, "false"));
            return (new List<Code> { Line($"{taken} = {condition};"), new CodeIf(taken, thenForward, elseForward) },
                new List<Code> { new CodeIf(taken, thenReverse, elseReverse) });
        }
        // Pushed after the branch, so its own records lie below and are popped after the decision.
        thenForward.Add(Line($"{_c.Tape}.Push(true);"));
        elseForward.Add(Line($"{_c.Tape}.Push(false);"));
        loop.Ints++;
        return (new List<Code> { new CodeIf(condition, thenForward, elseForward) },
            new List<Code> { new CodeIf($"{_c.Tape}.PopBool()", thenReverse, elseReverse) });
    }

    private (List<Code>, List<Code>) While(WhileStmt w, LoopScope? outer)
    {
        var scope = new LoopScope(w.Location);
        (List<Code> bodyForward, List<Code> bodyReverse) = Block(w.Body, scope, topLevel: false);
        (List<Code> incrementForward, List<Code> incrementReverse) = Block(w.Increment, scope, topLevel: false);
        string condition = _c.Print(w.Condition);
        bodyForward.AddRange(incrementForward);
        if (bodyReverse.Count == 0 && incrementReverse.Count == 0)
        {
            return (new List<Code> { LoopCode(w.TestFirst, condition, bodyForward) }, new List<Code>());
        }
        string count = _c.Variables.Fresh("iterations", numbered: true);
        Hoisted.Add(("int", count, "0"));
        bodyForward.Add(Line($"{count}++;"));
        var forward = new List<Code> { Line($"{count} = 0;"), LoopCode(w.TestFirst, condition, bodyForward) };
        var reverseBody = new List<Code>(incrementReverse);
        reverseBody.AddRange(bodyReverse);
        var reverse = new List<Code>();
        if (outer is not null)
        {
            forward.Add(Line($"{_c.Tape}.Push({count});"));
            reverse.Add(Line($"{count} = {_c.Tape}.PopInt();"));
            outer.Ints++;
        }
        reverse.Add(new CodeBlock($"for (; {count} > 0; {count}--)", reverseBody));
        Note(scope, outer is null ? "its iteration count is kept in a local" : "1 int per execution records its iteration count");
        return (forward, reverse);
    }

    private static Code LoopCode(bool testFirst, string condition, List<Code> body) =>
        testFirst ? new CodeBlock($"while ({condition})", body) : new CodeBlock("do", body, $"while ({condition});");

    private (List<Code>, List<Code>) ForRange(ForRangeStmt f, LoopScope? outer)
    {
        var scope = new LoopScope(f.Location);
        (List<Code> bodyForward, List<Code> bodyReverse) = Block(f.Body, scope, topLevel: false);
        IrVariable counter = _c.Variables[f.Counter];
        string i = counter.Name;
        string step = f.Step.ToString(CultureInfo.InvariantCulture);
        string stepText = f.Step == 1 ? $"{i}++" : f.Step == -1 ? $"{i}--" : f.Step > 0 ? $"{i} += {step}" : $"{i} -= {(-f.Step).ToString(CultureInfo.InvariantCulture)}";
        string test = $"{i} {OperatorText.Of(f.Compare)} {_c.Print(f.End)}";
        if (f.Guard is not null) test = $"{_c.Print(f.Guard)} && {test}";
        if (bodyReverse.Count == 0)
        {
            return (new List<Code> { new CodeBlock($"for ({i} = {_c.Print(f.Start)}; {test}; {stepText})", bodyForward) }, new List<Code>());
        }
        string back = f.Step == 1 ? $"{i}--" : f.Step == -1 ? $"{i}++" : f.Step > 0 ? $"{i} -= {step}" : $"{i} += {(-f.Step).ToString(CultureInfo.InvariantCulture)}";
        string stop = f.Step > 0 ? ">=" : "<=";
        if (StaticTripCount(f) is long trips)
        {
            var forwardStatic = new List<Code> { new CodeBlock($"for ({i} = {_c.Print(f.Start)}; {test}; {stepText})", bodyForward) };
            Note(scope, "its trip count is known at compile time, so nothing records it");
            if (trips <= 0) return (forwardStatic, new List<Code>());
            long last = (long)((ConstExpr)f.Start).Value + (trips - 1) * f.Step;
            string lastText = last.ToString(CultureInfo.InvariantCulture) + (counter.Element == ScalarKind.Int64 ? "L" : "");
            return (forwardStatic, new List<Code> { new CodeBlock($"for ({i} = {lastText}; {i} {stop} {_c.Print(f.Start)}; {back})", bodyReverse) });
        }
        if (LoopFacts.HasRecomputableBounds(f))
        {
            // Run the loop backwards from its own bounds: last = end − 1 for <, end for <= (mirrored for a step of −1).
            ScalarKind k = counter.Element;
            IrExpr one = k == ScalarKind.Int64 ? new ConstExpr(k, 1, "1L") : Ir.Int(1);
            IrExpr last = f.Compare switch
            {
                BinaryOp.Less => new BinaryExpr(k, BinaryOp.Subtract, f.End, one),
                BinaryOp.Greater => new BinaryExpr(k, BinaryOp.Add, f.End, one),
                _ => f.End,
            };
            var forwardLoop = new List<Code> { new CodeBlock($"for ({i} = {_c.Print(f.Start)}; {test}; {stepText})", bodyForward) };
            Note(scope, "its bounds are evaluated again in the reverse sweep, so nothing records its trip count");
            return (forwardLoop, new List<Code> { new CodeBlock($"for ({i} = {_c.Print(last)}; {i} {stop} {_c.Print(f.Start)}; {back})", bodyReverse) });
        }
        // The start is kept (a constant needs nothing); the trip count follows from where the counter stopped.
        string kind = counter.Element.Keyword();
        string start;
        var forward = new List<Code>();
        var reverse = new List<Code>();
        bool constantStart = f.Start is ConstExpr;
        if (constantStart)
        {
            start = _c.Print(f.Start);
        }
        else
        {
            start = _c.Variables.Fresh(i + "Start");
            Hoisted.Add((kind, start, "0"));
            forward.Add(Line($"{start} = {_c.Print(f.Start)};"));
        }
        string trips2 = _c.Variables.Fresh(i + "Trips");
        Hoisted.Add((kind, trips2, "0"));
        forward.Add(new CodeBlock($"for ({i} = {start}; {test}; {stepText})", bodyForward));
        string distance = start == "0" ? i : $"{i} - {start}";
        forward.Add(Line(f.Step == 1 ? $"{trips2} = {distance};" : $"{trips2} = ({distance}) / {step};"));
        if (outer is not null)
        {
            forward.Add(Line($"{_c.Tape}.Push({trips2});"));
            reverse.Add(Line($"{trips2} = {Pop(counter.Element)};"));
            outer.Ints += counter.Element == ScalarKind.Int64 ? 2 : 1;
            if (!constantStart)
            {
                forward.Add(Line($"{_c.Tape}.Push({start});"));
                reverse.Insert(0, Line($"{start} = {Pop(counter.Element)};"));
                outer.Ints += counter.Element == ScalarKind.Int64 ? 2 : 1;
            }
        }
        string offset = start == "0" ? "" : start + " + ";
        string first = f.Step == 1 ? $"{offset}{trips2} - 1" : $"{offset}({trips2} - 1) * {step}";
        reverse.Add(new CodeBlock($"for ({i} = {first}; {i} {stop} {start}; {back})", bodyReverse));
        Note(scope, outer is null ? "its start and trip count are kept in locals" : "its start and trip count are recorded per execution");
        return (forward, reverse);
    }

    private static long? StaticTripCount(ForRangeStmt f)
    {
        if (f.Guard is not null || f.Start is not ConstExpr start || f.End is not ConstExpr end) return null;
        long s = (long)start.Value, e = (long)end.Value, step = f.Step;
        long span = f.Compare switch
        {
            BinaryOp.Less => e - s,
            BinaryOp.LessOrEqual => e - s + 1,
            BinaryOp.Greater => s - e,
            _ => s - e + 1,
        };
        long stride = step > 0 ? step : -step;
        return span <= 0 ? 0 : (span + stride - 1) / stride;
    }

    private void Note(LoopScope scope, string counterNote)
    {
        string where = scope.Location is null ? "a loop" : $"the loop at line {scope.Location.Line}";
        var parts = new List<string>();
        if (scope.Reals > 0) parts.Add($"{scope.Reals} floating-point value{(scope.Reals == 1 ? "" : "s")}");
        if (scope.Ints > 0) parts.Add($"{scope.Ints} integer{(scope.Ints == 1 ? "" : "s")}");
        if (scope.Spans > 0) parts.Add($"{scope.Spans} span cop{(scope.Spans == 1 ? "y" : "ies")}");
        string perIteration = parts.Count == 0 ? "nothing" : string.Join(" and ", parts);
        RecordNotes.Add($"{where}: records {perIteration} per iteration on the per-thread tape; {counterNote}");
    }

    private static CodeLine Line(string text) => new(text);
}
