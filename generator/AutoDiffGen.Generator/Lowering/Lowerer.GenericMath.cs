using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Generic math inside a specialization (Lowering/GenericMath.cs): operators and members that C# reaches through the type
/// parameter's static abstract interface members are, in the specialization, the kind's own.
/// </summary>
internal sealed partial class Lowerer
{
    /// <summary>A built-in operator: no user operator method, or a generic-math operator reached through the substituted <c>T</c>.</summary>
    private static bool IsBuiltInOperator(IMethodSymbol? operatorMethod, ITypeSymbol? constrainedTo) =>
        operatorMethod is null || GenericMath.ThroughParameter(constrainedTo) is not null;

    /// <summary><c>T.Zero</c>, <c>T.One</c>, <c>T.Pi</c> … of the substituted <c>T</c>: a constant, or the kind's own static property.</summary>
    private static IrExpr? GenericMathConstant(IOperation op)
    {
        if (op is not IPropertyReferenceOperation { Property.IsStatic: true } property || GenericMath.ThroughParameter(property.ConstrainedToType) is not ScalarKind kind)
        {
            return null;
        }
        return property.Property.Name switch
        {
            "Zero" => Ir.Const(0, kind),
            "One" => Ir.Const(1, kind),
            "NegativeOne" => Ir.Const(-1, kind),
            "Pi" => Ir.Const(System.Math.PI, kind),
            "E" => Ir.Const(System.Math.E, kind),
            "Tau" => Ir.Const(2 * System.Math.PI, kind),
            _ => new OpaqueExpr(kind, kind.Keyword() + "." + property.Property.Name),
        };
    }

    /// <summary>
    /// <c>T.CreateTruncating(v)</c>, <c>CreateChecked</c>, <c>CreateSaturating</c> (on <c>T</c>, <c>double</c> or <c>float</c>): a
    /// conversion of <c>v</c>, differentiable like a cast. False for any other call.
    /// </summary>
    private bool TryGenericMathConversion(IInvocationOperation invocation, ScalarKind kind, List<IrStmt> output, bool hoist, out IrExpr? converted)
    {
        converted = null;
        if (invocation.TargetMethod.Name is not ("CreateTruncating" or "CreateChecked" or "CreateSaturating") || invocation.Arguments.Length != 1 || !kind.IsReal())
        {
            return false;
        }
        IOperation value = invocation.Arguments[0].Value;
        ScalarKind from = value.Type is null ? ScalarKind.Opaque : ParameterClassifier.ScalarOf(value.Type);
        if (from == ScalarKind.Opaque) return false;
        IrExpr? lowered = from.IsReal() && hoist ? LowerValue(value, from, output) : LowerPlain(value, output);
        converted = lowered is null ? null : Ir.Convert(lowered, kind);
        return true;
    }
}
