using System.Collections.Generic;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Transform;

/// <summary>What the reverse sweep does for one leaf statement of the primal.</summary>
internal sealed class StatementAdjoint
{
    /// <summary>The adjoint statements (without restoring the overwritten value).</summary>
    public List<IrStmt> Statements { get; } = new();

    /// <summary>What those statements read of the primal, for the to-be-recorded analysis.</summary>
    public AdjointUse Use { get; } = new();

    /// <summary>
    /// The adjoint multiplies the seed by a partial derivative somewhere (not just adds it), so a partial that is
    /// NaN or ∞ at this point (a value computed on a path that did not reach the output) could turn a zero seed into NaN.
    /// </summary>
    public bool HasPartials { get; set; }
}
