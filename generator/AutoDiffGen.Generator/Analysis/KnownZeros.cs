using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// Which of a set of scalar locals hold 0 where each loop's body begins, on the first iteration and on every later one
/// (a forward data-flow over the structured statements, iterated to a fixed point at each loop). A local is 0 after a
/// declaration without a value, after <c>v = 0</c>, and on the path where a guard <c>if (v != 0)</c> is not taken; any
/// other write makes it unknown. "0" means equal to 0: the sign of a zero is not tracked (a guard skipped on −0.0 leaves
/// −0.0 behind).
/// </summary>
internal sealed class KnownZeros
{
    private readonly HashSet<int> _candidates;
    private readonly Dictionary<IrStmt, HashSet<int>> _atBody = new(ReferenceComparer.Instance);
    private readonly Stack<List<HashSet<int>?>> _continues = new();
    private readonly Stack<List<HashSet<int>?>> _breaks = new();

    private KnownZeros(HashSet<int> candidates) => _candidates = candidates;

    /// <summary>
    /// For each loop (<see cref="ForRangeStmt"/>, <see cref="WhileStmt"/>) of <paramref name="block"/>, by identity, the
    /// <paramref name="candidates"/> known to be 0 where its body begins. A loop in unreachable code has no entry.
    /// </summary>
    public static Dictionary<IrStmt, HashSet<int>> AtLoopBodies(IReadOnlyList<IrStmt> block, IEnumerable<int> candidates)
    {
        var analysis = new KnownZeros(new HashSet<int>(candidates));
        analysis.Block(block, new HashSet<int>());
        return analysis._atBody;
    }

    // null: the point is unreachable (after break, continue, return or throw), which every fact holds at.
    private HashSet<int>? Block(IReadOnlyList<IrStmt> block, HashSet<int>? zero)
    {
        foreach (IrStmt s in block) zero = Statement(s, zero);
        return zero;
    }

    private HashSet<int>? Statement(IrStmt s, HashSet<int>? zero)
    {
        if (zero is null) return null;
        switch (s)
        {
            case DeclareStmt d:
                return Set(zero, d.Var, d.Init is null || IsPositiveZero(d.Init));
            case AssignStmt a when StatementWalker.MayWrite(a).Count == 1:
                return Set(zero, a.Var, IsPositiveZero(a.Value));
            case IfStmt b:
                return Meet(Block(b.Then, new HashSet<int>(zero)), Block(b.Else, With(zero, ZeroWhenFalse(b.Condition))));
            case GuardStmt g:
                // Not taken: every seed is 0.
                return Meet(Block(g.Body, new HashSet<int>(zero)), With(zero, g.Seeds.OfType<VarExpr>().Select(v => v.Var)));
            case ForRangeStmt f:
                return Loop(f, f.Body, System.Array.Empty<IrStmt>(), zero);
            case WhileStmt w:
                return Loop(w, w.Body, w.Increment, zero);
            case BreakStmt:
                _breaks.Peek().Add(zero);
                return null;
            case ContinueStmt:
                _continues.Peek().Add(zero);
                return null;
            case ReturnStmt or ThrowStmt:
                return null;
            default:
                var after = new HashSet<int>(zero);
                after.ExceptWith(StatementWalker.MayWrite(s));
                return after;
        }
    }

    /// <summary>Facts at the body's start: those on entry that the body (and its increment) keep to the back edge.</summary>
    private HashSet<int>? Loop(IrStmt loop, IReadOnlyList<IrStmt> body, IReadOnlyList<IrStmt> increment, HashSet<int> entry)
    {
        // A loop's own header writes (its counter) are not candidates, so they need no care here.
        HashSet<int> head = new(entry);
        while (true)
        {
            _continues.Push(new List<HashSet<int>?>());
            _breaks.Push(new List<HashSet<int>?>());
            HashSet<int>? end = Block(body, new HashSet<int>(head));
            foreach (HashSet<int>? atContinue in _continues.Pop()) end = Meet(end, atContinue);
            end = Block(increment, end);
            List<HashSet<int>?> breaks = _breaks.Pop();
            HashSet<int> next = Meet(head, end)!;
            if (next.SetEquals(head))
            {
                _atBody[loop] = head;
                // The loop ends at its test (facts at the head), after a body that does not come back, or at a break.
                HashSet<int>? exit = Meet(head, end);
                foreach (HashSet<int>? atBreak in breaks) exit = Meet(exit, atBreak);
                return exit;
            }
            head = next;
        }
    }

    private HashSet<int> Set(HashSet<int> zero, int variable, bool isZero)
    {
        var after = new HashSet<int>(zero);
        if (isZero && _candidates.Contains(variable)) after.Add(variable);
        else after.Remove(variable);
        return after;
    }

    private HashSet<int> With(HashSet<int> zero, IEnumerable<int> variables)
    {
        var after = new HashSet<int>(zero);
        after.UnionWith(variables.Where(_candidates.Contains));
        return after;
    }

    /// <summary>The variable <c>v</c> of a condition <c>v != 0</c>, which is 0 where the condition is false.</summary>
    private static IEnumerable<int> ZeroWhenFalse(IrExpr condition)
    {
        if (condition is BinaryExpr { Op: BinaryOp.NotEqual } compare)
        {
            if (compare.Left is VarExpr left && IsZero(compare.Right)) return new[] { left.Var };
            if (compare.Right is VarExpr right && IsZero(compare.Left)) return new[] { right.Var };
        }
        return Enumerable.Empty<int>();
    }

    private static bool IsZero(IrExpr e) => e is ConstExpr { Value: 0 };

    private static bool IsPositiveZero(IrExpr e) =>
        e is ConstExpr c && c.Value == 0 && System.BitConverter.DoubleToInt64Bits(c.Value) == 0 && !c.Text.StartsWith("-") || e is DefaultExpr;

    private static HashSet<int>? Meet(HashSet<int>? a, HashSet<int>? b)
    {
        if (a is null) return b is null ? null : new HashSet<int>(b);
        if (b is null) return new HashSet<int>(a);
        var both = new HashSet<int>(a);
        both.IntersectWith(b);
        return both;
    }
}
