using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// Declares a scalar adjoint local at the top of the loop body it lives in, instead of at the top of the method. The
/// reverse sweep sets an adjoint back to 0 once it has used it, so an adjoint that is 0 wherever the body begins
/// (<see cref="KnownZeros"/>) and that nothing outside the body touches carries nothing from one iteration to the next.
/// Declared at the top of the method it is still live across the whole loop, and across every call there; on x64 Unix no
/// XMM register survives a call, so the JIT keeps it in a stack slot and reloads it in the innermost loops. Declared in
/// the body it lives only within an iteration, and its first contribution there becomes an assignment
/// (<see cref="FirstAdjointWrites"/>). What is computed does not change, except possibly the sign of a zero adjoint.
/// </summary>
internal static class LoopScopedAdjoints
{
    public static DerivativeMethod Apply(DerivativeMethod method)
    {
        IReadOnlyList<IrStmt> body = method.Body;
        var candidates = body.OfType<DeclareStmt>()
            .Where(d => d.Init is null && method.Variables[d.Var] is { Role: VariableRole.Adjoint, IsSpan: false })
            .Select(d => d.Var).ToList();
        if (candidates.Count == 0) return method;
        Dictionary<IrStmt, HashSet<int>> zeroAtBody = KnownZeros.AtLoopBodies(body, candidates);
        var homes = new Homes(candidates);
        homes.Visit(body, new List<IrStmt>());

        var moved = new Dictionary<IrStmt, List<int>>(ReferenceComparer.Instance);
        foreach (int v in candidates)
        {
            if (homes.Innermost(v) is not IrStmt loop || homes.Occurrences[loop] > 1) continue;
            if (!zeroAtBody.TryGetValue(loop, out HashSet<int>? zero) || !zero.Contains(v)) continue;
            if (!moved.TryGetValue(loop, out List<int>? list)) moved[loop] = list = new List<int>();
            list.Add(v);
        }
        if (moved.Count == 0) return method;
        var movedVariables = new HashSet<int>(moved.Values.SelectMany(v => v));
        var top = body.Where(s => !(s is DeclareStmt { Init: null } d && movedVariables.Contains(d.Var))).ToList();
        var adjoints = new HashSet<int>(method.Variables.Where(v => v is { Role: VariableRole.Adjoint, IsSpan: false }).Select(v => v.Id));
        return method with { Body = Rewrite(top, moved, adjoints).ToEquatableArray() };
    }

    private static List<IrStmt> Rewrite(IReadOnlyList<IrStmt> block, Dictionary<IrStmt, List<int>> moved, HashSet<int> adjoints) => block.Select(s => s switch
    {
        ForRangeStmt f => f with { Body = Scoped(f, Rewrite(f.Body, moved, adjoints), moved, adjoints) },
        WhileStmt w => w with
        {
            Body = Scoped(w, Rewrite(w.Body, moved, adjoints), moved, adjoints),
            Increment = Rewrite(w.Increment, moved, adjoints).ToEquatableArray(),
        },
        IfStmt b => b with { Then = Rewrite(b.Then, moved, adjoints).ToEquatableArray(), Else = Rewrite(b.Else, moved, adjoints).ToEquatableArray() },
        GuardStmt g => g with { Body = Rewrite(g.Body, moved, adjoints).ToEquatableArray() },
        _ => s,
    }).ToList();

    private static EquatableArray<IrStmt> Scoped(IrStmt loop, List<IrStmt> body, Dictionary<IrStmt, List<int>> moved, HashSet<int> adjoints)
    {
        if (!moved.TryGetValue(loop, out List<int>? variables)) return body.ToEquatableArray();
        List<IrStmt> scoped = FirstAdjointWrites.Apply(body, variables, adjoints);
        var declarations = new List<IrStmt>();
        foreach (int v in variables)
        {
            // Declared by its first write when that is a plain assignment in the body itself: `double dT = dMainTerm[k];`.
            int first = scoped.FindIndex(s => StatementWalker.Referenced(new[] { s }).Contains(v) || StatementWalker.MayWrite(s).Contains(v));
            if (first >= 0 && scoped[first] is AssignStmt a && a.Var == v && !ExpressionReads.Of(a.Value).Contains(v) && StatementWalker.MayWrite(a).Count == 1)
            {
                scoped[first] = new DeclareStmt(a.Location, v, a.Value);
            }
            else
            {
                declarations.Add(new DeclareStmt(null, v, null));
            }
        }
        return declarations.Concat(scoped).ToEquatableArray();
    }

    /// <summary>Where each candidate is referenced: the loops, by identity, whose bodies hold every reference.</summary>
    private sealed class Homes
    {
        private readonly HashSet<int> _candidates;
        private readonly Dictionary<int, List<IrStmt>> _common = new();

        public Homes(IEnumerable<int> candidates) => _candidates = new HashSet<int>(candidates);

        /// <summary>How many times each loop object appears in the tree (a shared one is not scoped into).</summary>
        public Dictionary<IrStmt, int> Occurrences { get; } = new(ReferenceComparer.Instance);

        /// <summary>The innermost loop whose body holds every reference of <paramref name="v"/>; null when there is none.</summary>
        public IrStmt? Innermost(int v) => _common.TryGetValue(v, out List<IrStmt>? path) && path.Count > 0 ? path[path.Count - 1] : null;

        public void Visit(IReadOnlyList<IrStmt> block, List<IrStmt> loops)
        {
            foreach (IrStmt s in block)
            {
                // The declarations being moved are not references.
                if (loops.Count == 0 && s is DeclareStmt { Init: null } d && _candidates.Contains(d.Var)) continue;
                var own = new HashSet<int>();
                StatementWalker.CollectReads(s, own);
                if (StatementWalker.Children(s).Any()) { if (s is ForRangeStmt f) own.Add(f.Counter); }
                else own.UnionWith(StatementWalker.MayWrite(s));
                foreach (int v in own.Where(_candidates.Contains)) Reference(v, loops);
                switch (s)
                {
                    case ForRangeStmt f:
                        Occurrences[f] = Occurrences.TryGetValue(f, out int n) ? n + 1 : 1;
                        Visit(f.Body, loops.Append(f).ToList());
                        break;
                    case WhileStmt w:
                        Occurrences[w] = Occurrences.TryGetValue(w, out int m) ? m + 1 : 1;
                        Visit(w.Body, loops.Append(w).ToList());
                        Visit(w.Increment, loops);
                        break;
                    default:
                        foreach (IReadOnlyList<IrStmt> child in StatementWalker.Children(s)) Visit(child, loops);
                        break;
                }
            }
        }

        private void Reference(int v, List<IrStmt> loops)
        {
            if (!_common.TryGetValue(v, out List<IrStmt>? path))
            {
                _common[v] = loops.ToList();
                return;
            }
            int same = 0;
            while (same < path.Count && same < loops.Count && ReferenceEquals(path[same], loops[same])) same++;
            path.RemoveRange(same, path.Count - same);
        }
    }
}
