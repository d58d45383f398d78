using System;
using System.Globalization;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.IR;

/// <summary>
/// Factory for IR expressions with the simplifications that are exact in IEEE arithmetic
/// (<c>x + 0</c>, <c>x * 1</c>, <c>-(-x)</c>); never <c>x * 0 → 0</c>, which would hide a NaN or ∞.
/// </summary>
internal static class Ir
{
    public static ConstExpr Const(double value, ScalarKind kind) => new(kind, value, Literal(value, kind));

    public static ConstExpr Int(int value) => new(ScalarKind.Int32, value, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>An integer constant of an integer kind (<c>1</c>, or <c>1L</c> for a long).</summary>
    public static ConstExpr Integer(long value, ScalarKind kind) => kind == ScalarKind.Int64
        ? new ConstExpr(kind, value, value.ToString(CultureInfo.InvariantCulture) + "L")
        : new ConstExpr(ScalarKind.Int32, value, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The zero of a kind: <c>0.0</c>, <c>0f</c>, <c>0</c>, <c>0L</c> or <c>false</c>.</summary>
    public static ConstExpr Zero(ScalarKind kind) => kind switch
    {
        ScalarKind.Double or ScalarKind.Single => Const(0, kind),
        ScalarKind.Boolean => Bool(false),
        ScalarKind.Int64 => Integer(0, kind),
        _ => Int(0),
    };

    public static ConstExpr Bool(bool value) => new(ScalarKind.Boolean, value ? 1 : 0, value ? "true" : "false");

    public static VarExpr Var(IrVariable v) => new(v.Element, v.Id);

    /// <summary>A whole span variable as an argument.</summary>
    public static SpanRefExpr Span(IrVariable v) => new(v.Element, v.Id, null, null);

    public static bool IsConst(IrExpr e, double value) => e is ConstExpr c && c.Value == value && c.Type.IsReal();

    public static IrExpr Add(IrExpr a, IrExpr b)
    {
        if (IsConst(b, 0)) return a;
        if (IsConst(a, 0)) return b;
        if (b is UnaryExpr { Op: UnaryOp.Negate } nb) return Sub(a, nb.Operand);
        return new BinaryExpr(a.Type.Wider(b.Type), BinaryOp.Add, a, b);
    }

    public static IrExpr Sub(IrExpr a, IrExpr b)
    {
        if (IsConst(b, 0)) return a;
        if (IsConst(a, 0)) return Neg(b);
        return new BinaryExpr(a.Type.Wider(b.Type), BinaryOp.Subtract, a, b);
    }

    public static IrExpr Mul(IrExpr a, IrExpr b)
    {
        if (IsConst(a, 1)) return b;
        if (IsConst(b, 1)) return a;
        if (IsConst(a, -1)) return Neg(b);
        if (IsConst(b, -1)) return Neg(a);
        if (a is UnaryExpr { Op: UnaryOp.Negate } na && b is UnaryExpr { Op: UnaryOp.Negate } nb) return Mul(na.Operand, nb.Operand);
        if (a is UnaryExpr { Op: UnaryOp.Negate } na2) return Neg(Mul(na2.Operand, b));
        if (b is UnaryExpr { Op: UnaryOp.Negate } nb2) return Neg(Mul(a, nb2.Operand));
        return new BinaryExpr(a.Type.Wider(b.Type), BinaryOp.Multiply, a, b);
    }

    public static IrExpr Div(IrExpr a, IrExpr b)
    {
        if (IsConst(b, 1)) return a;
        if (a is UnaryExpr { Op: UnaryOp.Negate } na) return Neg(Div(na.Operand, b));
        return new BinaryExpr(a.Type.Wider(b.Type), BinaryOp.Divide, a, b);
    }

    public static IrExpr Neg(IrExpr a)
    {
        if (a is UnaryExpr { Op: UnaryOp.Negate } n) return n.Operand;
        if (a is ConstExpr c && c.Type.IsReal()) return Const(-c.Value, c.Type);
        return new UnaryExpr(a.Type, UnaryOp.Negate, a);
    }

    public static IrExpr Compare(BinaryOp op, IrExpr a, IrExpr b) => new BinaryExpr(ScalarKind.Boolean, op, a, b);

    public static IrExpr And(IrExpr a, IrExpr b) => new BinaryExpr(ScalarKind.Boolean, BinaryOp.ConditionalAnd, a, b);

    public static IrExpr Not(IrExpr a) => a is UnaryExpr { Op: UnaryOp.Not } n ? n.Operand : new UnaryExpr(ScalarKind.Boolean, UnaryOp.Not, a);

    public static IrExpr Cond(IrExpr c, IrExpr a, IrExpr b) => new ConditionalExpr(a.Type.Wider(b.Type), c, a, b);

    /// <summary>A call of an elementary function of the precision <paramref name="kind"/> (Math or MathF).</summary>
    public static IrExpr Call(ScalarKind kind, string function, params IrExpr[] args) =>
        new IntrinsicCallExpr(kind, function, kind.MathClass(), args.ToEquatableArray());

    /// <summary>Converts to <paramref name="kind"/> when needed.</summary>
    public static IrExpr Convert(IrExpr e, ScalarKind kind)
    {
        if (e.Type == kind) return e;
        if (e is ConstExpr c && c.Type.IsReal() && kind.IsReal()) return Const(kind == ScalarKind.Single ? (float)c.Value : c.Value, kind);
        return new ConvertExpr(kind, e);
    }

    /// <summary>A C# literal that round-trips <paramref name="value"/> exactly in the given precision.</summary>
    public static string Literal(double value, ScalarKind kind)
    {
        if (kind == ScalarKind.Single)
        {
            float f = (float)value;
            if (float.IsNaN(f)) return "float.NaN";
            if (float.IsPositiveInfinity(f)) return "float.PositiveInfinity";
            if (float.IsNegativeInfinity(f)) return "float.NegativeInfinity";
            return f.ToString("R", CultureInfo.InvariantCulture) + "f";
        }
        if (kind == ScalarKind.Double)
        {
            if (double.IsNaN(value)) return "double.NaN";
            if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
            if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            if (text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0) text += ".0";
            return text;
        }
        if (kind == ScalarKind.Boolean) return value != 0 ? "true" : "false";
        if (kind == ScalarKind.Int64) return ((long)value).ToString(CultureInfo.InvariantCulture) + "L";
        return ((long)value).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Throws for a case the transform was promised never to meet (lowering rejects it with a diagnostic).</summary>
    public static Exception Unreachable(string what) => new InvalidOperationException("AutoDiffGen internal error: " + what);
}
