using System.Collections.Generic;
using System.Linq;

namespace AutoDiffGen.Generator.IR;

/// <summary>
/// Prints IR expressions as C#, with the parentheses precedence needs and nothing more. The IR printer and the emitter
/// both use it, so what a stage test reads is what the user's build compiles.
/// </summary>
internal sealed class ExpressionPrinter
{
    private const int Primary = 20;
    private const int UnaryLevel = 14;
    private const int ConditionalLevel = 2;

    private readonly IReadOnlyList<IrVariable> _variables;
    private string? _tape;

    public ExpressionPrinter(IReadOnlyList<IrVariable> variables) => _variables = variables;

    public ExpressionPrinter(VariableTable variables) : this(variables.All)
    {
    }

    /// <summary>The name of the tape local (the one variable with <see cref="VariableRole.Tape"/>).</summary>
    public string Tape => _tape ??= _variables.FirstOrDefault(v => v.Role == VariableRole.Tape)?.Name ?? "tape";

    public string Name(int variable) => _variables[variable].Name;

    public string Print(IrExpr e) => Print(e, 0);

    private string Print(IrExpr e, int context)
    {
        (string text, int level) = Render(e);
        return level < context ? "(" + text + ")" : text;
    }

    private (string Text, int Level) Render(IrExpr e)
    {
        switch (e)
        {
            case ConstExpr c:
                return (c.Text, c.Text.StartsWith("-") ? UnaryLevel : Primary);
            case VarExpr v:
                return (Name(v.Var), Primary);
            case OpaqueExpr o:
                return (o.Text, Primary);
            case ElementExpr el:
                return (Name(el.Span) + "[" + Print(el.Index) + "]", Primary);
            case LengthExpr len:
                return (Name(len.Span) + ".Length", Primary);
            case SpanRefExpr s:
            {
                string name = Name(s.Span);
                if (s.Start is null && s.Length is null) return (name, Primary);
                string slice = s.Length is null ? Print(s.Start!) : Print(s.Start ?? Ir.Int(0)) + ", " + Print(s.Length);
                string receiver = _variables[s.Span].Shape == SpanShape.Array ? "global::System.MemoryExtensions.AsSpan(" + name + ")" : name;
                return (receiver + ".Slice(" + slice + ")", Primary);
            }
            case UnaryExpr u:
            {
                string operand = Print(u.Operand, UnaryLevel);
                // Avoid "--x" (a decrement) and "- -x".
                if (u.Op == UnaryOp.Negate && operand.StartsWith("-")) operand = "(" + operand + ")";
                return (OperatorText.Of(u.Op) + operand, UnaryLevel);
            }
            case BinaryExpr b:
            {
                int level = OperatorText.Precedence(b.Op);
                // Left-associative: a right operand of equal precedence keeps its parentheses, so float
                // evaluation order is exactly the source's.
                string left = Print(b.Left, level);
                string right = Print(b.Right, level + 1);
                return (left + " " + OperatorText.Of(b.Op) + " " + right, level);
            }
            case ConvertExpr c:
                return ("(" + c.Type.Keyword() + ")" + Print(c.Operand, UnaryLevel + 1), UnaryLevel);
            case ConditionalExpr c:
                return (Print(c.Condition, ConditionalLevel + 1) + " ? " + Print(c.WhenTrue, ConditionalLevel + 1) + " : " + Print(c.WhenFalse, ConditionalLevel), ConditionalLevel);
            case IntrinsicCallExpr call:
                return (call.Receiver + "." + call.Function + "(" + Arguments(call.Args) + ")", Primary);
            case CallExpr call:
                return (Call(call.Target, call.Target.MethodText, call.Args), Primary);
            case InvokeExpr invoke:
                return (invoke.MethodName + "(" + Arguments(invoke.Args) + ")", Primary);
            case RefExpr r:
                return ("ref " + Print(r.Target), Primary);
            case OutExpr o:
                return ("out " + Print(o.Target), Primary);
            case DiscardExpr:
                return ("_", Primary);
            case DefaultExpr:
                return ("default", Primary);
            case SumExpr sum:
                return ("global::AutoDiffGen.AdjointKernels.Sum(" + Print(sum.Span) + ")", Primary);
            case ScheduleExpr q:
                return q.Query switch
                {
                    ScheduleQuery.Next => (Name(q.Schedule) + ".Next()", Primary),
                    ScheduleQuery.SnapshotDue => (Name(q.Schedule) + ".SnapshotDue(" + Print(q.Argument!) + ")", Primary),
                    ScheduleQuery.From => (Name(q.Schedule) + ".From", Primary),
                    ScheduleQuery.To => (Name(q.Schedule) + ".To", Primary),
                    _ => (Name(q.Schedule) + ".Action == global::AutoDiffGen.CheckpointAction." + q.Action, OperatorText.Precedence(BinaryOp.Equal)),
                };
            case PopExpr { Cursor: TapeCursor cursor } pop:
                string record = $"{Name(cursor.Reals)}[--{Name(cursor.Top)}]";
                // Floats travel on the tape as doubles, exactly.
                return pop.Type == ScalarKind.Single ? ("(float)" + record, UnaryLevel) : (record, Primary);
            case PopExpr pop:
                return pop.Type switch
                {
                    ScalarKind.Double => (Tape + ".PopReal()", Primary),
                    // Floats travel on the tape as doubles, exactly.
                    ScalarKind.Single => ("(float)" + Tape + ".PopReal()", UnaryLevel),
                    ScalarKind.Int64 => (Tape + ".PopLong()", Primary),
                    ScalarKind.Boolean => (Tape + ".PopBool()", Primary),
                    _ => (Tape + ".PopInt()", Primary),
                };
            default:
                throw Ir.Unreachable("unknown expression " + e.GetType().Name);
        }
    }

    private string Arguments(IEnumerable<IrExpr> args) => string.Join(", ", args.Select(a => Print(a)));

    /// <summary><c>method(args)</c>, or <c>receiver.method(rest)</c> for an instance method of a model type.</summary>
    public string Call(CallTarget target, string? method, IReadOnlyList<IrExpr> args) => target.HasReceiver
        ? Print(args[0], Primary) + "." + method + "(" + Arguments(args.Skip(1)) + ")"
        : method + "(" + Arguments(args) + ")";
}
