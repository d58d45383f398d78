using System.Collections.Generic;
using System.Linq;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// Which scalar variables hold the same value as another at a point of the forward sweep, for the to-be-recorded
/// analysis: after <c>h = tanh1</c> the two hold one value, so an overwrite of <c>tanh1</c> can be undone in the reverse
/// sweep by <c>tanh1 = h</c> instead of a record, when the reverse sweep has <c>h</c> back at that point.
/// <para>
/// A pair (v, u) in <see cref="Relaxed"/> means: on every path here, v equals u, or no adjoint has read v's current
/// value yet (then whatever the reverse sweep puts back into v is never read). <see cref="Equal"/> holds the pairs that
/// are equal on every path (a subset). An adjoint's read of v keeps only v's equal pairs; a write of a variable drops
/// its pairs; a copy adds both directions. With the to-be-recorded set <c>needed</c> (the variables some adjoint has
/// read since their last write), (v, u) is usable where it is relaxed or v is not needed at all.
/// </para>
/// </summary>
internal sealed class CopyFacts
{
    private readonly HashSet<(int, int)> _relaxed;
    private readonly HashSet<(int, int)> _equal;

    private CopyFacts(HashSet<(int, int)> relaxed, HashSet<(int, int)> equal)
    {
        _relaxed = relaxed;
        _equal = equal;
    }

    public CopyFacts() : this(new HashSet<(int, int)>(), new HashSet<(int, int)>())
    {
    }

    public IReadOnlyCollection<(int, int)> Relaxed => _relaxed;

    public CopyFacts Clone() => new(new HashSet<(int, int)>(_relaxed), new HashSet<(int, int)>(_equal));

    /// <summary>Whether the reverse sweep may put u's value back into v here (see the class remarks).</summary>
    public bool Usable(int v, int u, HashSet<int> needed) => _relaxed.Contains((v, u)) || !needed.Contains(v);

    /// <summary>An adjoint reads the current values of <paramref name="reads"/>: only pairs equal on every path stay.</summary>
    public void Read(IEnumerable<int> reads)
    {
        foreach (int v in reads) _relaxed.RemoveWhere(p => p.Item1 == v && !_equal.Contains(p));
    }

    /// <summary><paramref name="target"/> receives a new value (a copy of <paramref name="source"/> when that is not null).</summary>
    public void Write(int target, int? source)
    {
        _relaxed.RemoveWhere(p => p.Item1 == target || p.Item2 == target);
        _equal.RemoveWhere(p => p.Item1 == target || p.Item2 == target);
        if (source is not int u || u == target) return;
        // The target now equals u and whatever equals u (next = tanh1; h = next: h holds tanh1's value too). A variable
        // that equals u or has not been read keeps that relation to the target.
        var equalToSource = _equal.Where(p => p.Item1 == u).Select(p => p.Item2).Append(u).ToList();
        var relaxedToSource = _relaxed.Where(p => p.Item2 == u).Select(p => p.Item1).ToList();
        foreach (int z in equalToSource)
        {
            _equal.Add((target, z));
            _equal.Add((z, target));
            _relaxed.Add((target, z));
            _relaxed.Add((z, target));
        }
        foreach (int z in relaxedToSource) _relaxed.Add((z, target));
    }

    /// <summary>The facts where control flow joins, each side with its own to-be-recorded set.</summary>
    public static CopyFacts Join(CopyFacts a, HashSet<int> neededA, CopyFacts b, HashSet<int> neededB) => new(
        new HashSet<(int, int)>(a._relaxed.Concat(b._relaxed).Where(p => a.Usable(p.Item1, p.Item2, neededA) && b.Usable(p.Item1, p.Item2, neededB))),
        new HashSet<(int, int)>(a._equal.Where(b._equal.Contains)));

    /// <summary>The optimistic start of a loop's head: the entry's pairs and every copy the loop makes, usable at the entry.</summary>
    public static CopyFacts LoopStart(CopyFacts entry, HashSet<int> neededAtEntry, IEnumerable<(int, int)> loopCopies)
    {
        var pairs = new HashSet<(int, int)>(entry._relaxed);
        pairs.UnionWith(loopCopies);
        pairs.RemoveWhere(p => !entry.Usable(p.Item1, p.Item2, neededAtEntry));
        var equal = new HashSet<(int, int)>(entry._equal);
        equal.UnionWith(loopCopies);
        return new CopyFacts(pairs, equal);
    }

    /// <summary>Keeps only the pairs <paramref name="other"/> has too (a loop head's facts only shrink).</summary>
    public void IntersectWith(CopyFacts other)
    {
        _relaxed.IntersectWith(other._relaxed);
        _equal.IntersectWith(other._equal);
    }

    /// <summary>Takes <paramref name="other"/>'s pairs (the state after a branch or a loop).</summary>
    public void ReplaceWith(CopyFacts other)
    {
        _relaxed.Clear();
        _relaxed.UnionWith(other._relaxed);
        _equal.Clear();
        _equal.UnionWith(other._equal);
    }

    public bool SameAs(CopyFacts other) => _relaxed.SetEquals(other._relaxed) && _equal.SetEquals(other._equal);
}
