using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// An <c>int</c> expression as <c>Σ coefficient · term + constant</c>, where a term is any expression that is not a sum,
/// difference, negation or product with a constant (<c>j * 64 + k + 1</c> is <c>64·j + 1·k + 1</c>). The vectorizer reads
/// an element index as base + counter with it, and writes slice starts and lengths back simplified
/// (<c>(n − 1) − 0 + 1</c> is <c>n</c>). Equal in C#'s wrapping <c>int</c> arithmetic, so rearranging never changes a value.
/// </summary>
internal sealed class AffineForm
{
    private readonly List<(IrExpr Term, long Coefficient)> _terms;

    private AffineForm(List<(IrExpr, long)> terms, long constant)
    {
        _terms = terms;
        Constant = constant;
    }

    public long Constant { get; }

    public IReadOnlyList<(IrExpr Term, long Coefficient)> Terms => _terms;

    public bool IsConstant => _terms.Count == 0;

    public static AffineForm Of(long constant) => new(new List<(IrExpr, long)>(), constant);

    /// <summary>The form of an <c>int</c> expression; null for other types.</summary>
    public static AffineForm? Of(IrExpr e)
    {
        if (e.Type != ScalarKind.Int32) return null;
        switch (e)
        {
            case ConstExpr c:
                return Of((long)c.Value);
            case BinaryExpr { Op: BinaryOp.Add } b when Of(b.Left) is { } l && Of(b.Right) is { } r:
                return l.Plus(r);
            case BinaryExpr { Op: BinaryOp.Subtract } b when Of(b.Left) is { } l && Of(b.Right) is { } r:
                return l.Plus(r.Times(-1));
            case UnaryExpr { Op: UnaryOp.Negate } u when Of(u.Operand) is { } operand:
                return operand.Times(-1);
            case BinaryExpr { Op: BinaryOp.Multiply } b when Of(b.Left) is { } l && Of(b.Right) is { } r && (l.IsConstant || r.IsConstant):
                return l.IsConstant ? r.Times(l.Constant) : l.Times(r.Constant);
            default:
                return new AffineForm(new List<(IrExpr, long)> { (e, 1) }, 0);
        }
    }

    /// <summary>The coefficient of the plain variable <paramref name="variable"/> (0 when it is not a term).</summary>
    public long CoefficientOf(int variable) => _terms.Where(t => t.Term is VarExpr v && v.Var == variable).Sum(t => t.Coefficient);

    /// <summary>This form without the term of <paramref name="variable"/>.</summary>
    public AffineForm Without(int variable) => new(_terms.Where(t => !(t.Term is VarExpr v && v.Var == variable)).ToList(), Constant);

    public AffineForm Plus(AffineForm other)
    {
        var terms = new List<(IrExpr Term, long Coefficient)>(_terms);
        foreach ((IrExpr term, long coefficient) in other._terms)
        {
            int at = terms.FindIndex(t => t.Term.Equals(term));
            if (at < 0) terms.Add((term, coefficient));
            else terms[at] = (term, terms[at].Coefficient + coefficient);
        }
        terms.RemoveAll(t => t.Coefficient == 0);
        return new AffineForm(terms, Constant + other.Constant);
    }

    public AffineForm Minus(AffineForm other) => Plus(other.Times(-1));

    public AffineForm Times(long factor) =>
        factor == 0 ? Of(0) : new AffineForm(_terms.Select(t => (t.Term, t.Coefficient * factor)).ToList(), Constant * factor);

    /// <summary>Back to an expression: the terms in their order (positive first, so no leading minus where avoidable), then the constant.</summary>
    public IrExpr ToExpr()
    {
        IrExpr? sum = null;
        foreach ((IrExpr term, long coefficient) in _terms.Where(t => t.Coefficient > 0).Concat(_terms.Where(t => t.Coefficient < 0)))
        {
            long magnitude = coefficient < 0 ? -coefficient : coefficient;
            IrExpr scaled = magnitude == 1 ? term : new BinaryExpr(ScalarKind.Int32, BinaryOp.Multiply, term, Ir.Integer(magnitude, ScalarKind.Int32));
            sum = sum is null
                ? (coefficient < 0 ? new UnaryExpr(ScalarKind.Int32, UnaryOp.Negate, scaled) : scaled)
                : new BinaryExpr(ScalarKind.Int32, coefficient < 0 ? BinaryOp.Subtract : BinaryOp.Add, sum, scaled);
        }
        if (sum is null) return Ir.Integer(Constant, ScalarKind.Int32);
        if (Constant == 0) return sum;
        return new BinaryExpr(ScalarKind.Int32, Constant < 0 ? BinaryOp.Subtract : BinaryOp.Add, sum, Ir.Integer(Constant < 0 ? -Constant : Constant, ScalarKind.Int32));
    }

    public bool SameAs(AffineForm other) => Constant == other.Constant && _terms.Count == other._terms.Count
        && _terms.All(t => other._terms.Any(o => o.Term.Equals(t.Term) && o.Coefficient == t.Coefficient));
}
