using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Generator.IR;

/// <summary>Statements by identity: two equal statements in two places are two statements.</summary>
internal sealed class ReferenceComparer : IEqualityComparer<IrStmt>
{
    public static readonly ReferenceComparer Instance = new();

    public bool Equals(IrStmt? x, IrStmt? y) => ReferenceEquals(x, y);

    public int GetHashCode(IrStmt obj) => RuntimeHelpers.GetHashCode(obj);
}
