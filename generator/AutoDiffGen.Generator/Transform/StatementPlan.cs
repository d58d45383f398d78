using System.Collections.Generic;
using AutoDiffGen.Generator.Emit;

namespace AutoDiffGen.Generator.Transform;

/// <summary>What the reverse sweep does for one leaf statement, and what the forward sweep must record for it.</summary>
internal sealed class StatementPlan
{
    /// <summary>The adjoint statements (without restoring the overwritten value).</summary>
    public List<Code> Adjoint { get; } = new();

    /// <summary>Primal variables the adjoint statements read (they must hold their forward values then).</summary>
    public HashSet<int> Reads { get; } = new();

    /// <summary>The adjoint needs the value the statement overwrote, so it runs after the restore.</summary>
    public bool PreMode { get; set; }

    /// <summary>
    /// The adjoint multiplies the seed by a partial derivative somewhere (not just adds it), so a partial that is
    /// NaN or ∞ at this point (a value computed on a path that did not reach the output) could turn a zero seed into NaN.
    /// </summary>
    public bool HasPartials { get; set; }

    /// <summary>Set by the to-be-recorded analysis: the overwritten scalar or element must be recorded.</summary>
    public bool Record { get; set; }

    /// <summary>Set by the to-be-recorded analysis: the span outputs of a call, overwritten whole, must be recorded.</summary>
    public HashSet<int> RecordSpans { get; } = new();
}
