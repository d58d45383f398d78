using AutoDiffGen.Generator.IR;

namespace AutoDiffGen.Generator.Rules;

/// <summary>
/// Sine and cosine are each other's derivative, and <c>Math.SinCos</c> computes both for about the price of one: a
/// sine or cosine the forward sweep computes once (at the method's top level, assigned once) is computed with SinCos,
/// and its derivative reads the companion instead of calling the other function again.
/// </summary>
internal static class SinCosPairing
{
    /// <summary>Whether <paramref name="call"/> is a sine or cosine that SinCos can compute with its companion.</summary>
    public static bool Applies(IntrinsicCallExpr call) => call.Function is "Sin" or "Cos" && call.Args.Count == 1 && call.Type.IsReal();

    /// <summary>The companion's suffix in its name (<c>sin1Cos</c>).</summary>
    public static string CompanionName(IntrinsicCallExpr call) => call.Function == "Sin" ? "Cos" : "Sin";

    /// <summary>The derivative from the companion: d sin = cos, d cos = −sin.</summary>
    public static IrExpr Derivative(IntrinsicCallExpr call, IrExpr companion) => call.Function == "Sin" ? companion : Ir.Neg(companion);
}
