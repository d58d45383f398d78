namespace AutoDiffGen.Generator.Lowering;

/// <summary>Metadata names the generator recognizes.</summary>
internal static class KnownNames
{
    public const string DifferentiableAttribute = "AutoDiffGen.DifferentiableAttribute";
    public const string NoDerivativeAttribute = "AutoDiffGen.NoDerivativeAttribute";
    public const string DerivativeOfAttribute = "AutoDiffGen.DerivativeOfAttribute";
    public const string GradientSuffix = "Gradient";
    public const string BackwardSuffix = "Backward";
    public const string TangentSuffix = "Tangent";
    public const string BackwardTangentSuffix = "BackwardTangent";
    public const string HessianVectorProductSuffix = "HessianVectorProduct";
    public const string HessianSuffix = "Hessian";
    public const string JacobianSuffix = "Jacobian";
    /// <summary>The allocation-free copy of a method whose body allocates (Transform/PrimalMethod.cs).</summary>
    public const string PrimalSuffix = "Primal";

    /// <summary>What the names of a generic model's specializations insert after the method's name (<c>Loss_DoubleGradient</c>).</summary>
    public const string DoubleSpecialization = "_Double", SingleSpecialization = "_Single";

    /// <summary>The name of a callee's primal copy: <c>FPrimal</c>, before the type arguments of a generic one (<c>FPrimal&lt;double&gt;</c>).</summary>
    public static string PrimalText(string methodText)
    {
        // The method's own type arguments, not a generic containing type's (global::N.Mlp<T>.F).
        int name = methodText.LastIndexOf('.', methodText.EndsWith(">", System.StringComparison.Ordinal) ? methodText.LastIndexOf('<') : methodText.Length - 1);
        int typeArguments = methodText.IndexOf('<', name + 1);
        return typeArguments < 0 ? methodText + PrimalSuffix : methodText.Insert(typeArguments, PrimalSuffix);
    }
}
