namespace AutoDiffGen.Generator.IR;

/// <summary>The value types the IR computes with. Only <see cref="Double"/> and <see cref="Single"/> carry derivatives.</summary>
internal enum ScalarKind
{
    Double,
    Single,
    Int32,
    Int64,
    Boolean,
    /// <summary>Any other type, passed through untouched (a configuration object, a <c>Random</c>).</summary>
    Opaque,
}

internal static class ScalarKindExtensions
{
    public static bool IsReal(this ScalarKind kind) => kind is ScalarKind.Double or ScalarKind.Single;

    public static string Keyword(this ScalarKind kind) => kind switch
    {
        ScalarKind.Double => "double",
        ScalarKind.Single => "float",
        ScalarKind.Int32 => "int",
        ScalarKind.Int64 => "long",
        ScalarKind.Boolean => "bool",
        _ => "object",
    };

    /// <summary>The class holding the elementary functions of this precision.</summary>
    public static string MathClass(this ScalarKind kind) => kind == ScalarKind.Single ? "global::System.MathF" : "global::System.Math";

    /// <summary>
    /// The type of a binary operation on two kinds (C#'s numeric promotion for the kinds the IR models):
    /// double over float over long over int.
    /// </summary>
    public static ScalarKind Wider(this ScalarKind a, ScalarKind b)
    {
        if (a == ScalarKind.Double || b == ScalarKind.Double) return ScalarKind.Double;
        if (a == ScalarKind.Single || b == ScalarKind.Single) return ScalarKind.Single;
        if (a == ScalarKind.Int64 || b == ScalarKind.Int64) return ScalarKind.Int64;
        return a;
    }
}
