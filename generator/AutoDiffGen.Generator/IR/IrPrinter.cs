using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AutoDiffGen.Generator.IR;

/// <summary>
/// Prints IR statements as the C# they stand for. The emitter prints generated method bodies with it, and stage tests
/// and debugging read the same text (with <see cref="ForReading"/>, which drops the <c>global::System.</c> qualifiers).
/// </summary>
internal sealed class IrPrinter
{
    private readonly ExpressionPrinter _e;
    private readonly IReadOnlyList<IrVariable> _variables;
    private readonly CodeWriter _w;

    public IrPrinter(IReadOnlyList<IrVariable> variables, CodeWriter writer)
    {
        _variables = variables;
        _e = new ExpressionPrinter(variables);
        _w = writer;
    }

    /// <summary>The statements as text with qualifiers shortened, for tests and debugging.</summary>
    public static string ForReading(IEnumerable<IrStmt> statements, IReadOnlyList<IrVariable> variables)
    {
        var writer = new CodeWriter();
        new IrPrinter(variables, writer).Write(statements);
        return writer.ToString().Replace("global::System.", "").Replace("global::AutoDiffGen.", "").Replace("global::", "");
    }

    public static string ForReading(IEnumerable<IrStmt> statements, VariableTable variables) => ForReading(statements, variables.All);

    private string Name(int v) => _variables[v].Name;

    private string P(IrExpr e) => _e.Print(e);

    public void Write(IEnumerable<IrStmt> statements)
    {
        foreach (IrStmt s in statements) Write(s);
    }

    public void Write(IrStmt s)
    {
        switch (s)
        {
            case AssignStmt a:
                _w.Line(Assignment(Name(a.Var), a.Value, x => x is VarExpr v && v.Var == a.Var));
                break;
            case ElementAssignStmt e:
                _w.Line(Assignment(P(new ElementExpr(_variables[e.Span].Element, e.Span, e.Index)), e.Value,
                    x => x is ElementExpr el && el.Span == e.Span && el.Index.Equals(e.Index)));
                break;
            case StackAllocStmt alloc:
            {
                string element = _variables[alloc.Span].Element.Keyword();
                string declared = alloc.Declare ? TypeNames.Span(_variables[alloc.Span].Element) + " " : "";
                _w.Line(alloc.Scratch
                    ? $"{declared}{Name(alloc.Span)} = {_e.Tape}.RentScratch{Precision(_variables[alloc.Span].Element)}({P(alloc.Length)});"
                    : $"{declared}{Name(alloc.Span)} = stackalloc {element}[{P(alloc.Length)}];");
                break;
            }
            case FillStmt fill:
                _w.Line(fill.Value is null ? $"{P(fill.Target)}.Clear();" : $"{P(fill.Target)}.Fill({P(fill.Value)});");
                break;
            case CopyStmt copy:
                _w.Line($"{P(copy.Source)}.CopyTo({P(copy.Target)});");
                break;
            case CallStmt call:
                _w.Line(call.ResultVar >= 0 ? $"{Name(call.ResultVar)} = {P(call.Call)};" : P(call.Call) + ";");
                break;
            case ThrowStmt t:
                _w.Line(t.Text);
                break;
            case IfStmt branch:
                If(branch);
                break;
            case WhileStmt loop:
                While(loop);
                break;
            case GuardStmt guard:
                Block($"if ({GuardTest(guard)})", guard.Body);
                break;
            case ForRangeStmt loop:
                Block($"for ({Name(loop.Counter)} = {P(loop.Start)}; {P(ForTest(loop))}; {Step(loop.Counter, loop.Step)})", loop.Body);
                break;
            case BreakStmt:
                _w.Line("break;");
                break;
            case ContinueStmt:
                _w.Line("continue;");
                break;
            case ReturnStmt r:
                _w.Line(r.Value is null ? "return;" : $"return {P(r.Value)};");
                break;
            case DeclareStmt d:
                _w.Line(Declaration(_variables[d.Var], d.Init));
                break;
            case PushStmt { Cursor: TapeCursor cursor } push:
                _w.Line(push.Value is SpanRefExpr
                    ? $"{Name(cursor.Top)} = {TypeNames.Tape}.PushReserved({Name(cursor.Reals)}, {Name(cursor.Top)}, {P(push.Value)});"
                    : $"{Name(cursor.Reals)}[{Name(cursor.Top)}++] = {P(push.Value)};");
                break;
            case PushStmt push:
                _w.Line($"{_e.Tape}.{(push.Reserved ? "PushReserved" : "Push")}({P(push.Value)});");
                break;
            case TapeCursorStmt { Open: true } open:
                _w.Line($"double[] {Name(open.Cursor.Reals)} = {_e.Tape}.RealRecords;");
                _w.Line($"int {Name(open.Cursor.Top)} = {_e.Tape}.RealCount;");
                break;
            case TapeCursorStmt close:
                _w.Line($"{_e.Tape}.RealCount = {Name(close.Cursor.Top)};");
                break;
            case ReserveStmt reserve:
                _w.Line($"{_e.Tape}.Reserve({P(reserve.Reals)}, {P(reserve.Ints)});");
                break;
            case PopSpanStmt { Cursor: TapeCursor cursor } pop:
                _w.Line($"{Name(cursor.Top)} = {TypeNames.Tape}.Pop({Name(cursor.Reals)}, {Name(cursor.Top)}, {P(pop.Target)});");
                break;
            case PopSpanStmt pop:
                _w.Line($"{_e.Tape}.Pop({P(pop.Target)});");
                break;
            case RentScratchStmt rent:
            {
                IrVariable v = _variables[rent.Var];
                _w.Line($"{TypeNames.Span(v.Element)} {v.Name} = {_e.Tape}.RentScratch{Precision(v.Element)}({P(rent.Length)});");
                break;
            }
            case ReturnScratchStmt back:
                _w.Line($"{_e.Tape}.ReturnScratch{Precision(back.Element)}({P(back.Length)});");
                break;
            case PrepareAdjointStmt prepare:
                _w.Line($"int {Name(prepare.Rented)} = {_e.Tape}.PrepareAdjoint(ref {Name(prepare.Adjoint)}, {Name(prepare.Input)}.Length, nameof({Name(prepare.Adjoint)}), nameof({Name(prepare.Input)}));");
                break;
            case LengthCheckStmt check:
            {
                string span = Name(check.Span), of = Name(check.Of);
                string empty = check.AllowEmpty ? $"!{span}.IsEmpty && " : "";
                string message = check.AllowEmpty ? $"{span} must be empty or have the length of {of}." : $"{span} must have the length of {of}.";
                _w.Line($"if ({empty}{span}.Length != {of}.Length) throw new global::System.ArgumentException(\"{message}\", nameof({span}));");
                break;
            }
            case InvokeStmt invoke:
                _w.Line(P(invoke.Call) + ";");
                break;
            case ThrowIfStmt check:
                _w.Line($"if ({P(check.Condition)}) throw new global::System.ArgumentException(\"{check.Message}\", nameof({Name(check.Parameter)}));");
                break;
            case CopySeedStmt seed:
                _w.Line($"if (!{Name(seed.Seed)}.IsEmpty) {Name(seed.Seed)}.CopyTo({Name(seed.Work)});");
                break;
            case PullbackCallStmt pullback:
                _w.Line(_e.Call(pullback.Target, pullback.Target.BackwardText, pullback.Args) + ";");
                break;
            case PrepareTangentStmt prepare:
                _w.Line($"int {Name(prepare.Rented)} = {_e.Tape}.PrepareTangent(ref {Name(prepare.Tangent)}, {Name(prepare.Input)}.Length, nameof({Name(prepare.Tangent)}), nameof({Name(prepare.Input)}));");
                break;
            case TangentCallStmt call:
            {
                string text = _e.Call(call.Target, call.OfPullback ? call.Target.BackwardTangentText : call.Target.TangentText, call.Args);
                _w.Line(call.ResultVar >= 0 ? $"{Name(call.ResultVar)} = {text};" : text + ";");
                break;
            }
            case AddIntoStmt add:
                _w.Line($"global::AutoDiffGen.AdjointKernels.AddInto({P(add.Source)}, {P(add.Target)});");
                break;
            case SinCosStmt sinCos:
            {
                string Part(int v) => v == sinCos.Declared ? $"{_variables[v].Element.Keyword()} {Name(v)}" : Name(v);
                _w.Line($"({Part(sinCos.Sin)}, {Part(sinCos.Cos)}) = {sinCos.Receiver}.SinCos({P(sinCos.Argument)});");
                break;
            }
            case ViewBindStmt bind:
                _w.Line($"{Name(bind.RootVar)} = {P(bind.Root)};");
                _w.Line($"{Name(bind.StartVar)} = {P(bind.Start)};");
                _w.Line($"{Name(bind.LengthVar)} = {P(bind.Length)};");
                _w.Line($"{Name(bind.View)} = {Pointed(bind.RootVar, bind.StartVar, bind.LengthVar, bind.Roots)};");
                break;
            case ViewPointStmt point:
                _w.Line($"{Name(point.View)} = {Pointed(point.RootVar, point.StartVar, point.LengthVar, point.Roots)};");
                break;
            case OverlapCheckStmt overlap:
                _w.Line($"global::AutoDiffGen.AdjointKernels.ThrowIfOverlapping({P(overlap.Output)}, {P(overlap.Other)}, {Quote(overlap.OutputText)}, {Quote(overlap.OtherText)}, {Quote(overlap.Method)});");
                break;
            case BeginCheckpointsStmt begin:
            {
                string steps = begin.Steps is null ? "" : ", " + P(begin.Steps);
                _w.Line($"{Name(begin.Schedule)} = {_e.Tape}.BeginCheckpoints({begin.Snapshots.ToString(CultureInfo.InvariantCulture)}{steps});");
                break;
            }
            case EndForwardStmt end:
                _w.Line($"{Name(end.Schedule)}.EndForward({P(end.Steps)});");
                break;
            case BindStmt bind:
                _w.Line(bind.ByRef ? $"ref {bind.TypeText} {Name(bind.Var)} = ref {P(bind.Source)};" : $"{bind.TypeText} {Name(bind.Var)} = {P(bind.Source)};");
                break;
            case VectorMapStmt map:
                _w.Line(VectorStatementText.Of(map, _e));
                break;
            case VectorReduceStmt reduce:
                _w.Line(VectorStatementText.Of(reduce, _e));
                break;
            case SeededMultiplyAddStmt seeded:
                _w.Line($"{VectorStatementText.SeededKernels}.MultiplyAdd<{seeded.Element.Keyword()}>({P(seeded.Seed)}, {P(seeded.Scale)}, {P(seeded.Destination)});");
                break;
            case SeededDotStmt dot:
                _w.Line($"{P(dot.Target)} += {VectorStatementText.SeededKernels}.Dot<{dot.Element.Keyword()}>({P(dot.Seed)}, {P(dot.Other)});");
                break;
            case SectionStmt section:
                _w.Line();
                _w.Line("// " + section.Title);
                break;
            default:
                throw Ir.Unreachable("cannot print " + s.GetType().Name);
        }
    }

    /// <summary><c>(root == 0 ? a : root == 1 ? b : default).Slice(start, length)</c>.</summary>
    private string Pointed(int root, int start, int length, IReadOnlyList<int> roots)
    {
        string select = "default";
        for (int i = roots.Count - 1; i >= 0; i--)
        {
            if (roots[i] < 0) continue;
            string buffer = _variables[roots[i]].Shape == SpanShape.Array ? $"global::System.MemoryExtensions.AsSpan({Name(roots[i])})" : Name(roots[i]);
            select = select == "default" && i == roots.Count - 1 ? buffer : $"{Name(root)} == {i.ToString(CultureInfo.InvariantCulture)} ? {buffer} : {select}";
        }
        return $"({select}).Slice({Name(start)}, {Name(length)})";
    }

    /// <summary>A C# string literal.</summary>
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r") + "\"";

    private string GuardTest(GuardStmt guard) => string.Join(" || ", guard.Seeds.Select(seed => P(Ir.Compare(BinaryOp.NotEqual, seed, Ir.Int(0)))));

    private static string Precision(ScalarKind element) => element == ScalarKind.Single ? "Single" : "";

    private string Declaration(IrVariable v, IrExpr? init)
    {
        if (v.Role == VariableRole.Tape) return $"{TypeNames.Tape} {v.Name} = {TypeNames.Tape}.Current;";
        if (v.Role == VariableRole.Schedule) return $"{TypeNames.Schedule} {v.Name} = default;";
        if (v.IsSpan) return init is null ? $"scoped {TypeNames.Of(v)} {v.Name} = default;" : $"{TypeNames.Of(v)} {v.Name} = {P(init)};";
        if (init is null && v.Element == ScalarKind.Opaque) return $"{TypeNames.Of(v)} {v.Name} = default!;";
        return $"{TypeNames.Of(v)} {v.Name} = {P(init ?? Ir.Zero(v.Element))};";
    }

    /// <summary><c>x = x op e</c> as <c>x op= e</c>, and an integer's <c>x = x ± 1</c> as <c>x++</c> / <c>x--</c>.</summary>
    private string Assignment(string target, IrExpr value, System.Func<IrExpr, bool> isTarget)
    {
        if (value is BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide } b && isTarget(b.Left))
        {
            if (b.Op is BinaryOp.Add or BinaryOp.Subtract && b.Right is ConstExpr { Value: 1, Type: ScalarKind.Int32 or ScalarKind.Int64 })
            {
                return target + (b.Op == BinaryOp.Add ? "++;" : "--;");
            }
            return $"{target} {OperatorText.Of(b.Op)}= {P(b.Right)};";
        }
        return $"{target} = {P(value)};";
    }

    private static IrExpr ForTest(ForRangeStmt loop)
    {
        IrExpr test = new BinaryExpr(ScalarKind.Boolean, loop.Compare, new VarExpr(ScalarKind.Int32, loop.Counter), loop.End);
        return loop.Guard is null ? test : Ir.And(loop.Guard, test);
    }

    private string Step(int counter, int step)
    {
        string i = Name(counter);
        string amount = (step < 0 ? -step : step).ToString(CultureInfo.InvariantCulture);
        return step switch
        {
            1 => i + "++",
            -1 => i + "--",
            > 0 => $"{i} += {amount}",
            _ => $"{i} -= {amount}",
        };
    }

    private void If(IfStmt branch)
    {
        _w.Open($"if ({P(branch.Condition)})");
        Write(branch.Then);
        IfStmt current = branch;
        // An else holding only an if prints as "else if".
        while (current.Else.Count == 1 && current.Else[0] is IfStmt elseIf)
        {
            _w.Reopen($"else if ({P(elseIf.Condition)})");
            Write(elseIf.Then);
            current = elseIf;
        }
        if (current.Else.Count == 1 && current.Else[0] is GuardStmt guard)
        {
            _w.Reopen($"else if ({GuardTest(guard)})");
            Write(guard.Body);
        }
        else if (current.Else.Count > 0)
        {
            _w.Reopen("else");
            Write(current.Else);
        }
        _w.Close();
    }

    private void While(WhileStmt loop)
    {
        if (!loop.TestFirst)
        {
            _w.Open("do");
            Write(loop.Body);
            Write(loop.Increment);
            _w.Close($"}} while ({P(loop.Condition)});");
            return;
        }
        // A single assignment as the increment reads as the for loop it came from.
        if (loop.Increment.Count == 1 && loop.Increment[0] is AssignStmt increment)
        {
            string step = Assignment(Name(increment.Var), increment.Value, x => x is VarExpr v && v.Var == increment.Var).TrimEnd(';');
            Block($"for (; {P(loop.Condition)}; {step})", loop.Body);
            return;
        }
        _w.Open($"while ({P(loop.Condition)})");
        Write(loop.Body);
        Write(loop.Increment);
        _w.Close();
    }

    private void Block(string header, IEnumerable<IrStmt> body)
    {
        _w.Open(header);
        Write(body);
        _w.Close();
    }
}
