using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers;

/// <summary>How an activation is written in source; the code fixes rewrite each form differently.</summary>
internal enum ActivationForm
{
    /// <summary><c>Activations.Sigmoid(...)</c> / <c>Activations.Tanh(...)</c> (scalar or span form).</summary>
    Runtime,

    /// <summary><c>Math.Tanh(x)</c>, <c>MathF.Tanh(x)</c>, <c>double.Tanh(x)</c>, <c>float.Tanh(x)</c>.</summary>
    MathTanh,

    /// <summary>Generic math <c>T.Tanh(x)</c> (no runtime overload to switch to; rewritten with <c>T.Max</c>).</summary>
    GenericTanh,

    /// <summary>The hand-written logistic <c>1 / (1 + Math.Exp(-z))</c> (any floating type, <c>T.One</c> included).</summary>
    Logistic,

    /// <summary>A call to a method of this compilation whose output has passed through saturating activations.</summary>
    Helper,

    /// <summary>A delegate invocation (or a call selected at run time) one of whose possible targets saturates.</summary>
    Selected,
}

/// <summary>The family an activation belongs to, for the initialization rule.</summary>
internal enum ActivationFamily
{
    None,

    /// <summary>Sigmoid and tanh: derivative below 1, saturates; Glorot/LeCun initialization.</summary>
    Saturating,

    /// <summary>ReLU and its smooth/leaky relatives: He initialization.</summary>
    ReluFamily,

    /// <summary>An activation with its own recommended initialization (SELU wants LeCun normal).</summary>
    Other,
}

/// <summary>A recognised application of a saturating activation (directly, or through a helper or a delegate).</summary>
internal sealed class SaturatingCall
{
    public SaturatingCall(IOperation node, string name, ActivationForm form, IOperation? input, IOperation? spanOutput, int depth = 1, ImmutableArray<Location> members = default)
    {
        Node = node;
        Name = name;
        Form = form;
        Input = input;
        SpanOutput = spanOutput;
        Depth = depth;
        Members = members.IsDefault ? ImmutableArray.Create(node.Syntax.GetLocation()) : members;
    }

    /// <summary>The invocation or division that applies the activation.</summary>
    public IOperation Node { get; }

    /// <summary>How the call reads in a message, e.g. <c>Activations.Tanh</c>.</summary>
    public string Name { get; }

    public ActivationForm Form { get; }

    /// <summary>The value fed into the activation (direct forms only).</summary>
    public IOperation? Input { get; }

    /// <summary>The destination span of the span form; null for scalar forms.</summary>
    public IOperation? SpanOutput { get; }

    /// <summary>How many saturating applications one evaluation adds (a helper may apply several).</summary>
    public int Depth { get; }

    /// <summary>The direct activation calls a fix rewrites: this call, or those inside the helper or the selectable targets.</summary>
    public ImmutableArray<Location> Members { get; }

    /// <summary>True for the forms a code fix can rewrite in place.</summary>
    public bool IsDirect => Form is ActivationForm.Runtime or ActivationForm.MathTanh or ActivationForm.GenericTanh or ActivationForm.Logistic;
}

/// <summary>Recognises activation calls by the metadata names of their containing types.</summary>
internal static class ActivationMatcher
{
    public static IOperation StripConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    public static IOperation? ArgumentFor(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>The name of a saturating function a method symbol denotes (for method groups given to delegates), or null.</summary>
    public static string? SaturatingMethodName(IMethodSymbol method, KnownSymbols symbols)
    {
        if (method.Name is "Sigmoid" or "Tanh" && symbols.IsActivations(method.ContainingType))
        {
            return "Activations." + method.Name;
        }

        if (method.Name == "Tanh" && method.Parameters.Length == 1 && IsNumericType(method.ContainingType))
        {
            return DisplayType(method.ContainingType) + ".Tanh";
        }

        return null;
    }

    public static bool TryMatchSaturating(IOperation operation, KnownSymbols symbols, out SaturatingCall call)
    {
        call = null!;
        if (operation is IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method.Name is not ("Sigmoid" or "Tanh"))
            {
                return false;
            }

            if (symbols.IsActivations(method.ContainingType))
            {
                var input = ArgumentFor(invocation, 0);
                if (input is null)
                {
                    return false;
                }

                IOperation? output = null;
                if (method.Parameters.Length >= 2 && symbols.IsWritableSpan(method.Parameters[1].Type))
                {
                    output = ArgumentFor(invocation, 1);
                }

                call = new SaturatingCall(invocation, "Activations." + method.Name, ActivationForm.Runtime, input, output);
                return true;
            }

            if (method.Name == "Tanh" && method.Parameters.Length == 1 && IsNumericType(method.ContainingType) && ArgumentFor(invocation, 0) is { } tanhInput)
            {
                var generic = method.ContainingType.TypeKind == TypeKind.Interface || invocation.Instance is null && method.ContainingType.IsGenericType;
                call = new SaturatingCall(
                    invocation,
                    generic ? "T.Tanh" : DisplayType(method.ContainingType) + ".Tanh",
                    generic ? ActivationForm.GenericTanh : ActivationForm.MathTanh,
                    tanhInput,
                    null);
                return true;
            }

            return false;
        }

        if (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } division
            && IsOne(division.LeftOperand)
            && StripConversions(division.RightOperand) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum)
        {
            var exp = IsOne(sum.LeftOperand) ? sum.RightOperand : IsOne(sum.RightOperand) ? sum.LeftOperand : null;
            if (exp is not null
                && StripConversions(exp) is IInvocationOperation { TargetMethod.Name: "Exp" } expCall
                && IsNumericType(expCall.TargetMethod.ContainingType)
                && ArgumentFor(expCall, 0) is { } expArgument
                && StripConversions(expArgument) is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } negation)
            {
                call = new SaturatingCall(division, "logistic 1 / (1 + exp(-z))", ActivationForm.Logistic, negation.Operand, null);
                return true;
            }
        }

        return false;
    }

    /// <summary>True for a call to <c>Normalization.LayerNorm</c>/<c>BatchNormTraining</c>/<c>BatchNormInference</c>.</summary>
    public static bool IsNormalization(IInvocationOperation invocation, KnownSymbols symbols) =>
        symbols.IsNormalization(invocation.TargetMethod.ContainingType)
        && invocation.TargetMethod.Name is "LayerNorm" or "BatchNormTraining" or "BatchNormInference";

    /// <summary>Classifies any activation call (runtime, Math.Tanh, hand-written logistic) for the initialization rule.</summary>
    public static ActivationFamily Classify(IOperation operation, KnownSymbols symbols, out string name)
    {
        if (TryMatchSaturating(operation, symbols, out var saturating))
        {
            name = saturating.Form == ActivationForm.Logistic ? "logistic" : saturating.Name.Substring(saturating.Name.IndexOf('.') + 1);
            return ActivationFamily.Saturating;
        }

        name = string.Empty;
        if (operation is IInvocationOperation invocation && symbols.IsActivations(invocation.TargetMethod.ContainingType))
        {
            name = invocation.TargetMethod.Name;
            return FamilyOf(name);
        }

        return ActivationFamily.None;
    }

    /// <summary>The family of a runtime activation by name.</summary>
    public static ActivationFamily FamilyOf(string activationName)
    {
        switch (activationName)
        {
            case "Sigmoid":
            case "Tanh":
                return ActivationFamily.Saturating;
            case "Relu":
            case "LeakyRelu":
            case "PRelu":
            case "Elu":
            case "Gelu":
            case "GeluTanh":
            case "Silu":
            case "Softplus":
                return ActivationFamily.ReluFamily;
            default:
                return ActivationFamily.Other;
        }
    }

    /// <summary>The family of an activation name as <see cref="Classify"/> reports it (Tanh, Sigmoid, logistic, Relu, ...).</summary>
    public static ActivationFamily FamilyOfConsumer(string name) => name == "logistic" ? ActivationFamily.Saturating : FamilyOf(name);

    /// <summary><c>System.Math</c>, <c>MathF</c>, <c>Double</c>, <c>Single</c>, <c>Half</c> and the generic-math interfaces (<c>T.Tanh</c>).</summary>
    private static bool IsNumericType(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        var ns = type.ContainingNamespace?.ToDisplayString();
        if (ns == "System")
        {
            return type.Name is "Math" or "MathF" or "Double" or "Single" or "Half";
        }

        return ns == "System.Numerics" && type.TypeKind == TypeKind.Interface;
    }

    private static string DisplayType(INamedTypeSymbol type) => type.Name switch
    {
        "Double" => "double",
        "Single" => "float",
        _ => type.Name,
    };

    private static bool IsOne(IOperation operation)
    {
        operation = StripConversions(operation);
        if (operation is IPropertyReferenceOperation { Property.Name: "One", Property.IsStatic: true })
        {
            return true;
        }

        var constant = operation.ConstantValue;
        return constant.HasValue && constant.Value switch
        {
            int i => i == 1,
            long l => l == 1,
            double d => d == 1.0,
            float f => f == 1.0f,
            decimal m => m == 1m,
            _ => false,
        };
    }
}
