using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Transform.Forward;

/// <summary>
/// A view (a reassigned span local, <see cref="ViewBindStmt"/>) and every buffer it may point at are active together, so
/// in forward mode the view's tangent points into the buffers' tangents where the view points. Local buffers get their
/// tangents where they are allocated and active inputs and outputs have theirs as parameters; a constant span
/// parameter (<c>[NoDerivative]</c>) has none, so it gets zeroed scratch space of its length: a view pointing at it reads
/// zero tangents.
/// </summary>
internal static class ViewRootTangents
{
    /// <param name="name">The tangent's name for a variable.</param>
    /// <param name="tape">The tape variable, made on first use.</param>
    /// <param name="prologue">Receives the rentals, before the body.</param>
    /// <param name="rentals">Receives what gives them back, in the order they were rented.</param>
    public static void Prepare(IEnumerable<IrStmt> body, VariableTable variables, Dictionary<int, IrVariable> tangents,
        Func<IrVariable, string> name, Func<IrVariable> tape, List<IrStmt> prologue, List<IrStmt> rentals)
    {
        var roots = StatementWalker.All(body)
            .SelectMany(s => s switch { ViewBindStmt b => b.Roots, ViewPointStmt p => p.Roots, _ => Enumerable.Empty<int>() })
            .Where(r => r >= 0)
            .Distinct()
            .OrderBy(r => r);
        foreach (int root in roots)
        {
            IrVariable v = variables[root];
            if (tangents.ContainsKey(root) || v.Role != VariableRole.Parameter || !v.IsSpan || !v.Element.IsReal()) continue;
            IrVariable t = variables.Add(name(v), v.Element, SpanShape.Span, VariableRole.Record);
            tangents[root] = t;
            _ = tape();
            prologue.Add(new RentScratchStmt(null, t.Id, new LengthExpr(root)));
            rentals.Add(new ReturnScratchStmt(null, v.Element, new LengthExpr(root), t.Id));
        }
    }
}
