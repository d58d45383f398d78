using System.Collections.Generic;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// What the reverse sweep's code for one statement reads of the primal: the variables it reads, and whether it runs
/// with the value the statement overwrote restored (pre-mode: <c>h = h * h</c> differentiates at the old h).
/// The reverse-mode transform describes each statement so; the to-be-recorded analysis decides from it what to record.
/// </summary>
internal sealed class AdjointUse
{
    public HashSet<int> Reads { get; } = new();

    public bool PreMode { get; set; }
}
