using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Transform;

namespace AutoDiffGen.Generator.Emit;

/// <summary>Prints IR expressions as C#, with the parentheses precedence needs and nothing more.</summary>
internal sealed class ExpressionPrinter
{
    private const int Primary = 20;
    private const int UnaryLevel = 14;
    private const int ConditionalLevel = 2;

    private readonly VariableTable _variables;

    public ExpressionPrinter(VariableTable variables) => _variables = variables;

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
                return (_variables[v.Var].Name, Primary);
            case OpaqueExpr o:
                return (o.Text, Primary);
            case ElementExpr el:
                return (_variables[el.Span].Name + "[" + Print(el.Index) + "]", Primary);
            case LengthExpr len:
                return (_variables[len.Span].Name + ".Length", Primary);
            case SpanRefExpr s:
            {
                string name = _variables[s.Span].Name;
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
                return (call.Receiver + "." + call.Function + "(" + string.Join(", ", call.Args.Select(a => Print(a))) + ")", Primary);
            case CallExpr call:
                return (call.Target.MethodText + "(" + string.Join(", ", call.Args.Select(a => Print(a))) + ")", Primary);
            default:
                throw Ir.Unreachable("unknown expression " + e.GetType().Name);
        }
    }
}
