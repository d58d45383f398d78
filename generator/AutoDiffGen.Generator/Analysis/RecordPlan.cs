using System.Collections.Generic;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>The outcome of the to-be-recorded analysis: which overwrites the forward sweep must record.</summary>
internal sealed class RecordPlan
{
    private readonly HashSet<IrStmt> _scalars = new(ReferenceComparer.Instance);
    private readonly Dictionary<IrStmt, HashSet<int>> _spans = new(ReferenceComparer.Instance);

    private readonly Dictionary<IrStmt, int> _copies = new(ReferenceComparer.Instance);

    /// <summary>Whether the scalar or element that <paramref name="s"/> overwrites must be recorded.</summary>
    public bool RecordsValue(IrStmt s) => _scalars.Contains(s);

    /// <summary>
    /// The variable whose value the reverse sweep copies back into the scalar <paramref name="s"/> overwrites, instead of
    /// a record (it held the same value there; <see cref="CopyFacts"/>); null when there is none.
    /// </summary>
    public int? CopySource(IrStmt s) => _copies.TryGetValue(s, out int source) ? source : null;

    /// <summary>Whether the reverse sweep puts back what <paramref name="s"/> overwrites, by a record or a copy.</summary>
    public bool RestoresValue(IrStmt s) => _scalars.Contains(s) || _copies.ContainsKey(s);

    /// <summary>Whether the whole span <paramref name="span"/>, overwritten by <paramref name="s"/>, must be recorded.</summary>
    public bool RecordsSpan(IrStmt s, int span) => _spans.TryGetValue(s, out HashSet<int>? spans) && spans.Contains(span);

    /// <summary>Whether <paramref name="s"/> records any span it overwrites.</summary>
    public bool RecordsAnySpan(IrStmt s) => _spans.ContainsKey(s);

    private readonly Dictionary<IrStmt, HashSet<int>> _neededAtEntry = new(ReferenceComparer.Instance);

    /// <summary>
    /// For a checkpointed loop: the variables whose values at the loop's start the reverse sweep of the statements
    /// before it reads (the loop's snapshots must bring them back).
    /// </summary>
    public HashSet<int> NeededAtEntry(IrStmt loop) => _neededAtEntry.TryGetValue(loop, out HashSet<int>? needed) ? needed : new HashSet<int>();

    public void SetNeededAtEntry(IrStmt loop, HashSet<int> needed) => _neededAtEntry[loop] = new HashSet<int>(needed);

    /// <summary>Every statement that records something, with what: used to restore outputs at the end.</summary>
    public IEnumerable<IrStmt> Recording => System.Linq.Enumerable.Concat(System.Linq.Enumerable.Concat(_scalars, _copies.Keys), _spans.Keys);

    public void RecordValue(IrStmt s) => _scalars.Add(s);

    /// <summary>
    /// Records what <paramref name="s"/> overwrites, or copies it back from <paramref name="source"/>. The analysis visits
    /// a loop's statements once per pass; the last pass, made with the loop's final facts, decides.
    /// </summary>
    public void RecordValue(IrStmt s, int? source)
    {
        if (source is int u)
        {
            _copies[s] = u;
            _scalars.Remove(s);
        }
        else
        {
            _copies.Remove(s);
            _scalars.Add(s);
        }
    }

    public void RecordSpan(IrStmt s, int span)
    {
        if (!_spans.TryGetValue(s, out HashSet<int>? spans)) _spans[s] = spans = new HashSet<int>();
        spans.Add(span);
    }
}
