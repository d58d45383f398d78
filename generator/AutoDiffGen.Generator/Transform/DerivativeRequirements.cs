using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform;

/// <summary>A method as the requirement closure sees it: what its attribute asks for and which generated callees it calls.</summary>
internal sealed record RequirementNode(string? Key, DerivativeKinds Requested, EquatableArray<string> Callees)
{
    public static RequirementNode Of(LoweringResult lowered)
    {
        if (lowered.Model is null) return new RequirementNode(lowered.Key, DerivativeKinds.None, EquatableArray<string>.Empty);
        var callees = new SortedSet<string>(System.StringComparer.Ordinal);
        // A generic method's float specialization calls its own copies of its local functions.
        IEnumerable<IrStmt> bodies = lowered.Model.Single is MethodModel single ? lowered.Model.Body.Concat(single.Body) : lowered.Model.Body;
        foreach (IrStmt s in StatementWalker.All(bodies))
        {
            foreach (IrExpr e in StatementWalker.OwnExpressions(s)) Collect(e, callees);
        }
        return new RequirementNode(lowered.Key, lowered.Model.Requested, callees.ToEquatableArray());
    }

    private static void Collect(IrExpr e, SortedSet<string> into)
    {
        if (e is CallExpr { Target.DependencyKey: string key }) into.Add(key);
        foreach (IrExpr child in ExpressionReads.Children(e)) Collect(child, into);
    }
}

/// <summary>The derivatives each method generates: what it asks for, and what its callers need of it.</summary>
internal sealed record MethodKinds(string Key, DerivativeKinds Kinds);

/// <summary>
/// Callees get whatever their callers need without being asked (API.md): a method whose Tangent calls a callee needs
/// the callee's Tangent, one whose Hessian-vector product differentiates its backward needs the callee's Tangent and
/// the forward derivative of its backward. A fixed point over the call graph.
/// </summary>
internal static class DerivativeRequirements
{
    public static EquatableArray<MethodKinds> Solve(ImmutableArray<RequirementNode> nodes)
    {
        var kinds = new Dictionary<string, DerivativeKinds>();
        foreach (RequirementNode n in nodes.Where(n => n.Key is not null)) kinds[n.Key!] = kinds.TryGetValue(n.Key!, out var k) ? k | n.Requested : n.Requested;
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (RequirementNode n in nodes.Where(n => n.Key is not null))
            {
                DerivativeKinds needed = kinds[n.Key!].ForCallees();
                foreach (string callee in n.Callees)
                {
                    DerivativeKinds before = kinds.TryGetValue(callee, out var k) ? k : DerivativeKinds.None;
                    if ((before | needed) == before) continue;
                    kinds[callee] = before | needed;
                    changed = true;
                }
            }
        }
        return kinds.OrderBy(kv => kv.Key, System.StringComparer.Ordinal).Select(kv => new MethodKinds(kv.Key, kv.Value)).ToEquatableArray();
    }

    /// <summary>The kinds of one method (reverse mode for a method the table does not know).</summary>
    public static DerivativeKinds For(EquatableArray<MethodKinds> table, string? key)
    {
        if (key is null) return DerivativeKinds.Reverse;
        foreach (MethodKinds m in table)
        {
            if (m.Key == key) return m.Kinds == DerivativeKinds.None ? DerivativeKinds.Reverse : m.Kinds;
        }
        return DerivativeKinds.Reverse;
    }
}
